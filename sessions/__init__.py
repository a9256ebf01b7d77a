"""The home-visit cycle: capture, the visit's protocol themes, the feedback plan, reel and script.

- :mod:`.themes`  VIPP-SD visit themes (title cards, grouping)
- :mod:`.plan`    a visit's feedback plan: propose from coded moments, edit, validate
- :mod:`.reel`    the plan (or any clip list) as one captioned MP4 with title cards and chapters
- :mod:`.script`  the printable feedback script (PDF and HTML)
- :mod:`.cli`     ``vfeedback reel plan|build``; :mod:`.demo` the reel part of ``vfeedback demo``
- :mod:`.capture` recording a visit (its own package)

No Qt here: the GUI calls these functions from its workers.
"""
