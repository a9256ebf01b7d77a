"""Errors that carry a message fit to show a user (CLI line or GUI dialog)."""

from __future__ import annotations


class VFeedbackError(Exception):
    """Base for every error the user should see as one clear sentence, never a traceback."""


class MediaError(VFeedbackError):
    """A media file could not be read, probed, decoded or written."""


class StoreError(VFeedbackError):
    """The media store refused or failed an operation (checksum, missing object, disk)."""


class DatabaseError(VFeedbackError):
    """The database is locked, newer than this program, or otherwise unusable."""


class InputError(VFeedbackError):
    """Something the user gave us (a path, a time range, a name) is not acceptable."""


class Cancelled(VFeedbackError):
    """Long work was cancelled by the user; nothing half-written was left behind."""
