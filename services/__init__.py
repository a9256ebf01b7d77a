"""The one door to the data: every read and write of the shell (``gui/``) and the CLI.

Small modules by subject (Anki's ``operations/``): :mod:`services.catalogue` (cases, visits,
recordings, derivatives), :mod:`services.plan` (the feedback plan and what it becomes),
:mod:`services.annotations` (one edit queue, one editor per recording),
:mod:`services.suggestions`, :mod:`services.capture` and :mod:`services.assignments` (who
works on which case, who supervises whom). Each function takes the acting user
(``actor``, checked in :mod:`services.access`), does its work in one transaction and returns
plain rows, or an :class:`services.changes.Outcome` with the :class:`~services.changes.Changes`
it made. No Qt here; only services open database transactions for the shell.

No ``from __future__ import annotations`` here: it would bind the name ``annotations`` on this
package and shadow the :mod:`services.annotations` module in ``from services import ...``.
"""
