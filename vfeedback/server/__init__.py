"""The clinic server's administration: set-up, checks, backup and restore, importing homes.

A clinic server is PostgreSQL (shared by every clinician's app through
``VFEEDBACK_DATABASE_URL`` or the ``database_url`` setting) plus a media store on a network
folder (the ``store_dir`` setting). The same code serves a laptop's SQLite home: a backup of a
home can be restored onto a server and the other way round.

- :mod:`.transfer`: rows from one database to another, table by table through SQLAlchemy,
  either exactly (ids kept: restore) or merged (ids renumbered: importing a home).
- :mod:`.backup`: ``backup``/``restore`` of database plus store objects, consistent.
- :mod:`.admin`: ``init_server``, ``check``, ``import_home``.
"""
