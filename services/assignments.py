"""Case assignment and supervision links: who works on which case, who supervises whom.

The rules of who may see what are in :mod:`services.access`; this module only changes the
rows they read, and writes each change to the audit (ids, never a family's case code).

- An admin (or the person at an unprotected home) assigns any case to any clinician, trainee
  or supervisor, and links trainees to supervisors.
- A supervisor may assign a case they see to themselves or to a trainee they supervise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfeedback import library
from vfeedback.errors import InputError
from vfeedback.i18n import _
from vfeedback.models import Case, CaseAssignment, Supervision, User
from vfeedback.security import check_new_name

from .access import ROLES, AccessDenied, Actor, actor_name, check, is_local, role_of, user_named
from .changes import Changes, Outcome, Subject

App = Any  # vfeedback.app.App
WORKING_ROLES = ("trainee", "clinician", "supervisor")  # an admin opens no case


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    role: str


def add_user_row(app: App, actor: Actor, name: str, role: str) -> Outcome[int]:
    """A user with a role and no password, for an unprotected home (where ``VFEEDBACK_USER``
    names who acts) and tests; a protected home's accounts come from ``vfeedback user add``
    (:mod:`vfeedback.accounts`, with a password and a wrapped key)."""
    check(actor, "users.manage", app)
    name = check_new_name(name)
    _check_role(role)
    with app.db.session() as session:
        if session.scalar(select(User).where(User.name == name)) is not None:
            raise InputError(_("There is already a user {name}").format(name=name))
        user = User(name=name, role=role)
        session.add(user)
        session.flush()
        library.audit(session, "user.add", user, actor=actor_name(actor), role=role)
        return Outcome(user.id, Changes())


def set_role(app: App, actor: Actor, name: str, role: str) -> Outcome[None]:
    """Give a user another role (written to the audit with the old and new role; in a
    protected home it applies from their next login). The last administrator stays one."""
    check(actor, "users.manage", app)
    _check_role(role)
    with app.db.session() as session:
        user = user_named(session, name)
        if user.role == "admin" and role != "admin" and not session.scalar(
                select(User.id).where(User.role == "admin", User.name != name,
                                      User.disabled.is_not(True)).limit(1)):
            raise InputError(_("{name} is the last administrator; make another one first")
                             .format(name=name))
        if user.role != role:
            library.audit(session, "user.role", user, actor=actor_name(actor), old=user.role,
                          new=role)
            user.role = role
    return Outcome(None, Changes({Subject.CASES}))


def users(app: App, actor: Actor) -> list[UserRow]:
    check(actor, "users.manage", app)
    with app.db.session() as session:
        return [UserRow(u.id, u.name, u.role)
                for u in session.scalars(select(User).order_by(User.name))]


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise InputError(_("A role is one of {roles}, not {role}").format(
            roles=", ".join(ROLES), role=role))


# -- cases ---------------------------------------------------------------------------------------
def assign(app: App, actor: Actor, case: int | str, user_name: str, *,
           remove: bool = False) -> Outcome[bool]:
    """Assign case ``case`` (id or code) to ``user_name`` (``remove``: take it away);
    whether anything changed."""
    check(actor, "assignments.manage", app)
    with app.db.session() as session:
        found = _visible_case(session, actor, case)
        user = user_named(session, user_name)
        if not remove and user.role not in WORKING_ROLES:
            raise InputError(_("{name} is an administrator: an administrator opens no case")
                             .format(name=user.name))
        _may_assign(session, actor, user)
        row = session.scalar(select(CaseAssignment).where(
            CaseAssignment.case_id == found.id, CaseAssignment.user_id == user.id))
        if remove:
            if row is None:
                return Outcome(False, Changes())
            session.delete(row)
            library.audit(session, "case.unassign", found, actor=actor_name(actor),
                          user=user.id)
        else:
            if row is not None:
                return Outcome(False, Changes())
            grant(session, found.id, user.id, actor)
    return Outcome(True, Changes({Subject.CASES}))


def grant(session: Session, case_id: int, user_id: int, actor: Actor) -> None:
    """Add one assignment row and its audit row (no checks: the caller made them)."""
    session.add(CaseAssignment(case_id=case_id, user_id=user_id,
                               assigned_by=actor_name(actor)))
    session.flush()
    library.audit(session, "case.assign", session.get(Case, case_id), actor=actor_name(actor),
                  user=user_id)


def assign_creator(session: Session, actor: Actor, case: Case) -> None:
    """A case made by a named clinician, trainee or supervisor is theirs to work on."""
    if is_local(actor):
        return
    assert actor is not None
    if role_of(session, actor) in WORKING_ROLES:
        grant(session, case.id, user_named(session, actor).id, actor)


def assignees(app: App, actor: Actor, case: int | str) -> list[UserRow]:
    """Who works on a case (for the admin and the people who see it)."""
    check(actor, "assignments.manage", app)
    with app.db.session() as session:
        found = _visible_case(session, actor, case)
        rows = session.scalars(select(User).join(CaseAssignment,
                                                 CaseAssignment.user_id == User.id)
                               .where(CaseAssignment.case_id == found.id).order_by(User.name))
        return [UserRow(u.id, u.name, u.role) for u in rows]


def _visible_case(session: Session, actor: Actor, case: int | str) -> Case:
    """The case; an admin finds any (by code), a supervisor only one they see."""
    if not is_local(actor) and role_of(session, actor) != "admin":
        check(actor, "cases.read", session, case=case)
    found = session.scalar(select(Case).where(
        Case.code == case if isinstance(case, str) else Case.id == case))
    if found is None:
        raise InputError(_("There is no case {code}").format(code=case))
    return found


def _may_assign(session: Session, actor: Actor, user: User) -> None:
    """Admins and local assign anyone; a supervisor themselves or a trainee of theirs."""
    if is_local(actor):
        return
    assert actor is not None
    role = role_of(session, actor)
    if role == "admin":
        return
    me = user_named(session, actor)
    if role == "supervisor" and (user.id == me.id or session.scalar(
            select(Supervision.id).where(Supervision.supervisor_id == me.id,
                                         Supervision.trainee_id == user.id)) is not None):
        return
    raise AccessDenied(_("Only an administrator, or a supervisor for their own trainees, "
                         "assigns cases"))


# -- supervision ---------------------------------------------------------------------------------
def supervise(app: App, actor: Actor, trainee: str, supervisor: str, *,
              remove: bool = False) -> Outcome[bool]:
    """Link a trainee to a supervisor (``remove``: unlink); whether anything changed."""
    check(actor, "supervision.manage", app)
    with app.db.session() as session:
        student, teacher = user_named(session, trainee), user_named(session, supervisor)
        if not remove and student.role != "trainee":
            raise InputError(_("{name} is a {role}, not a trainee").format(
                name=student.name, role=student.role))
        if not remove and teacher.role != "supervisor":
            raise InputError(_("{name} is a {role}, not a supervisor").format(
                name=teacher.name, role=teacher.role))
        row = session.scalar(select(Supervision).where(
            Supervision.trainee_id == student.id, Supervision.supervisor_id == teacher.id))
        if remove:
            if row is None:
                return Outcome(False, Changes())
            session.delete(row)
            library.audit(session, "user.unsupervise", student, actor=actor_name(actor),
                          supervisor=teacher.id)
        else:
            if row is not None:
                return Outcome(False, Changes())
            session.add(Supervision(trainee_id=student.id, supervisor_id=teacher.id,
                                    linked_by=actor_name(actor)))
            library.audit(session, "user.supervise", student, actor=actor_name(actor),
                          supervisor=teacher.id)
    return Outcome(True, Changes({Subject.CASES}))


def supervisors_of(app: App, actor: Actor, trainee: str) -> list[str]:
    check(actor, "supervision.manage", app)
    with app.db.session() as session:
        student = user_named(session, trainee)
        return list(session.scalars(select(User.name).join(
            Supervision, Supervision.supervisor_id == User.id)
            .where(Supervision.trainee_id == student.id).order_by(User.name)))
