"""Who is asking, and may they: the one place that decides who sees and does what.

Every service function takes ``actor`` and calls :func:`check` before it reads or writes:

- ``None`` or ``"local"``: the person at an unprotected, single-user home. Everything is
  allowed, with no database look-up (every home before the privacy work works as before).
- A user name: their role (``user.role``) and the case assignments decide.

  ============  ========================================================================
  trainee       sees and works only on the cases assigned to them
  clinician     the same
  supervisor    the cases assigned to them and every case of a trainee they supervise
  admin         manages accounts, assignments and supervision links and lists cases by
                code; never opens footage, annotations or plans
  ============  ========================================================================

A refusal is an :class:`AccessDenied` (an ``InputError``: one ``Error:`` line in the CLI, a
dialog in the GUI). It names nothing secret: a case one may not see and a case that does not
exist get the same words, so an id never confirms that a family is there.

Actions are strings such as ``"annotations.edit"``. Those in :data:`GLOBAL_ACTIONS` concern no
one case (listing, schemes, managing accounts); every other action is about a case and needs
a target (``case``, ``visit``, ``recording``, ``clip``, ``suggestion``, ``annotation`` or
``store_key``): without one a named actor is refused (fail closed).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.models import (
    Annotation,
    Case,
    CaseAssignment,
    Clip,
    Derivative,
    FeedbackPlan,
    Recording,
    Suggestion,
    Supervision,
    User,
    Visit,
)
from vfeedback.security import ROLES, has_accounts  # the one list of roles; accounts or none

Actor = str | None
LOCAL = "local"

# Actions that concern no one case; the role alone decides them.
ADMIN_ONLY = frozenset({
    "users.manage",  # add accounts, change roles
    "supervision.manage",  # link a trainee to a supervisor
    "audit.read",
    "audit.export",
    "cases.delete",  # a family's request or the retention run: all its data goes
    "retention.read",
    "retention.run",
    "server.manage",  # clinic server set-up, import of a home, backup and restore
    "store.verify",  # re-check every recording of the home
})
GLOBAL_ACTIONS = ADMIN_ONLY | frozenset({
    "cases.list",  # filtered by visible_case_ids; an admin sees codes only
    "cases.create",  # the creator (unless an admin) is assigned the new case
    "assignments.manage",  # admin; a supervisor for cases they see (services.assignments)
    "schemes.read",
    "schemes.edit",
    "recordings.recover",  # store what a crash cut off (nothing is shown)
})

# Global actions that change what everyone works with: not a trainee's to change.
NOT_FOR_TRAINEES = frozenset({"schemes.edit"})


class AccessDenied(InputError):
    """The acting user may not do this (to this case)."""


def no_access() -> AccessDenied:
    return AccessDenied(_("You have no access to this case"))


def is_local(actor: Actor) -> bool:
    return actor in (None, "", LOCAL)


def actor_name(actor: Actor) -> str:
    """The name written into audit rows."""
    if is_local(actor):
        return os.environ.get("USER", "") or LOCAL
    return str(actor)


@contextmanager
def _session(within: Any) -> Iterator[Session]:
    """``within`` is an open Session, or an app (or anything with ``.db``) to open one."""
    if isinstance(within, Session):
        yield within
        return
    with within.db.session() as session:
        yield session


def role_of(session: Session, actor: str) -> str:
    """The actor's role; a name with no account here is refused."""
    user = session.scalar(select(User).where(User.name == actor))
    if user is None or user.role not in ROLES:
        raise AccessDenied(_("{name} has no account in this home").format(name=actor))
    return user.role


def user_named(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise InputError(_("There is no user {name}").format(name=name))
    return user


def visible_case_ids(within: Any, actor: Actor) -> set[int] | None:
    """The ids of the cases whose footage, annotations and plans ``actor`` may open (None:
    every case). An admin's set is empty: they list cases by code but open none."""
    if is_local(actor):
        return None
    with _session(within) as session:
        if not has_accounts(session):
            return None
        return _visible(session, actor, role_of(session, actor))


def _visible(session: Session, actor: str, role: str) -> set[int]:
    if role == "admin":
        return set()
    me = session.scalar(select(User.id).where(User.name == actor))
    people = {me}
    if role == "supervisor":
        people |= set(session.scalars(select(Supervision.trainee_id)
                                      .where(Supervision.supervisor_id == me)))
    return set(session.scalars(select(CaseAssignment.case_id)
                               .where(CaseAssignment.user_id.in_(people))))


def may_list_codes(within: Any, actor: Actor) -> bool:
    """Whether ``actor`` may list every case by code (to assign them): local and admins."""
    if is_local(actor):
        return True
    with _session(within) as session:
        return role_of(session, actor) == "admin"


def check(actor: Actor, action: str, within: Any = None, *, case_id: int | None = None,
          case: int | str | None = None, visit: int | None = None,
          recording: int | None = None, clip: int | None = None,
          suggestion: int | None = None, annotation: int | None = None,
          store_key: str | None = None) -> None:
    """Allow ``action`` for ``actor`` on the targets given, or raise :class:`AccessDenied`.

    ``within`` is the app or an open Session (needed for a named actor: the role and the
    assignments are read from the database). ``case`` is an id or a code.
    """
    if is_local(actor):
        return
    if within is None:  # a service that forgot its target: refuse rather than guess
        raise AccessDenied(_("You may not do this"))
    assert actor is not None
    with _session(within) as session:
        if not has_accounts(session):  # names are labels only: the single person's home
            return
        role = role_of(session, actor)
        if action in GLOBAL_ACTIONS:
            if action in ADMIN_ONLY and role != "admin":
                raise AccessDenied(_("Only an administrator may do this"))
            if action in NOT_FOR_TRAINEES and role == "trainee":
                raise AccessDenied(_("A trainee may not do this; ask your supervisor"))
            return
        if role == "admin":
            raise AccessDenied(_("An administrator manages accounts and assignments but does "
                                 "not open families' footage, annotations or plans"))
        targets = _case_ids(session, case_id=case_id, case=case, visit=visit,
                            recording=recording, clip=clip, suggestion=suggestion,
                            annotation=annotation, store_key=store_key)
        if not targets:
            raise no_access()
        visible = _visible(session, actor, role)
        if any(cid not in visible for cid in targets):
            raise no_access()


def _case_ids(session: Session, *, case_id: int | None, case: int | str | None,
              visit: int | None, recording: int | None, clip: int | None,
              suggestion: int | None, annotation: int | None,
              store_key: str | None) -> list[int]:
    """The case of every target; a target that is missing (or belongs to no case) is
    refused like one the actor may not see."""
    found: list[int | None] = []
    if case_id is not None:
        found.append(session.scalar(select(Case.id).where(Case.id == case_id)))
    if case is not None:
        column = Case.code if isinstance(case, str) else Case.id
        found.append(session.scalar(select(Case.id).where(column == case)))
    if visit is not None:
        found.append(session.scalar(select(Visit.case_id).where(Visit.id == visit)))
    if recording is not None:
        found.append(_recording_case(session, Recording.id == recording))
    if clip is not None:
        found.append(session.scalar(select(Visit.case_id).join(FeedbackPlan)
                                    .join(Clip).where(Clip.id == clip)))
    if suggestion is not None:
        found.append(_recording_case(session, Recording.id.in_(
            select(Suggestion.recording_id).where(Suggestion.id == suggestion))))
    if annotation is not None:
        found.append(_recording_case(session, Recording.id.in_(
            select(Annotation.recording_id).where(Annotation.id == annotation))))
    if store_key is not None:
        found.append(_recording_case(session, or_(
            Recording.store_key == store_key,
            Recording.id.in_(select(Derivative.recording_id)
                             .where(Derivative.store_key == store_key)))))
    if any(cid is None for cid in found):
        raise no_access()
    return [cid for cid in found if cid is not None]


def _recording_case(session: Session, where: Any) -> int | None:
    return session.scalar(select(Visit.case_id).join(Recording, Recording.visit_id == Visit.id)
                          .where(where).limit(1))
