"""The domain model: cases, visits, recordings, coding schemes, annotations, feedback plans.

SQLAlchemy 2.0 typed mappings, portable SQL only (SQLite now, PostgreSQL for a clinic server).
Times inside a recording are integer milliseconds. Media bytes never live here: a recording
points into the media store by its SHA-256 (``store_key``).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

# Stable constraint names so that migrations work the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_uid() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """Optimistic locking for rows several people edit at once (annotations, plans, clips, cases).

    SQLAlchemy adds ``AND version = <the version read>`` to every UPDATE and DELETE of such a
    row and bumps ``version``; when another session changed the row first, no row matches and
    :class:`vfeedback.db.Database` turns that into a :class:`vfeedback.db.ConflictError` that
    names ``changed_by`` and ``changed_at`` (stamped on every write by the session's actor).
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    changed_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    changed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.version}


# Roles a user can have; full accounts and permissions come with the privacy work.
ROLES = ("clinician", "trainee", "supervisor", "admin")
SUBJECTS = ("parent", "child", "both")
VALENCES = ("strength", "work_on")
CODE_KINDS = ("point", "interval", "rating")


class User(Base):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="clinician")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Accounts (vfeedback.security): an Argon2id hash so a server can check a password too.
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Case(Versioned, Base):
    """A family, known only by a pseudonymous code; no real names are needed."""

    __tablename__ = "case"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The family's language(s) ("sv", "nb", "en"; None: the app's): the reel's cards, the
    # presentation and the script use it; captions carry a second language for bilingual homes.
    family_language: Mapped[str | None] = mapped_column(String(16), nullable=True)
    second_language: Mapped[str | None] = mapped_column(String(16), nullable=True)

    visits: Mapped[list[Visit]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Visit.number"
    )


class Visit(Base):
    """One home visit of a case, with its protocol theme (e.g. a VIPP-SD visit theme)."""

    __tablename__ = "visit"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    date: Mapped[date | None] = mapped_column(Date, nullable=True)
    theme: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="visits")
    recordings: Mapped[list[Recording]] = relationship(
        back_populates="visit", order_by="Recording.id"
    )
    plan: Mapped[FeedbackPlan | None] = relationship(
        back_populates="visit", cascade="all, delete-orphan", uselist=False
    )


class Recording(Base):
    """A video (with sound) in the media store, attached to a visit."""

    __tablename__ = "recording"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("visit.id", ondelete="SET NULL"), nullable=True, index=True
    )
    store_key: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 hex
    size_bytes: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    container: Mapped[str] = mapped_column(String(40), default="")
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    fps: Mapped[float] = mapped_column(Float, default=0.0)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    video_codec: Mapped[str] = mapped_column(String(40), default="")
    audio_codec: Mapped[str] = mapped_column(String(40), default="")
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(40), default="import")  # import|capture|demo
    # Bumped by every annotation edit of this recording (annotation/editing.py), in the edit's
    # own transaction: a cheap "has anything changed?" for live refresh, and the row whose
    # lock serialises the edits of one recording on PostgreSQL.
    annotations_rev: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    visit: Mapped[Visit | None] = relationship(back_populates="recordings")
    annotations: Mapped[list[Annotation]] = relationship(
        back_populates="recording", cascade="all, delete-orphan"
    )
    derivatives: Mapped[list[Derivative]] = relationship(
        back_populates="recording", cascade="all, delete-orphan"
    )

    @property
    def duration_s(self) -> float:
        return self.duration_ms / 1000.0


class Derivative(Base):
    """Media or data made from a recording and kept in the store: a seek proxy, analysis results.

    ``kind`` says what it is (``proxy``, ``analysis``, ``thumbnail``…); ``params`` how it was made,
    so that a change of parameters makes a new one instead of reusing a stale one.
    """

    __tablename__ = "derivative"
    __table_args__ = (UniqueConstraint("recording_id", "kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recording.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120), default="")
    store_key: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    recording: Mapped[Recording] = relationship(back_populates="derivatives")


class CodingScheme(Base):
    """A named, versioned set of codes (VIPP-SD, BHV, sensitivity rating, or the user's own)."""

    __tablename__ = "coding_scheme"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    codes: Mapped[list[Code]] = relationship(
        back_populates="scheme", cascade="all, delete-orphan", order_by="Code.position"
    )


class Code(Base):
    """One code of a scheme. ``kind`` is point, interval or rating (a scale from min to max)."""

    __tablename__ = "code"
    __table_args__ = (
        UniqueConstraint("scheme_id", "key"),
        CheckConstraint("kind IN ('point', 'interval', 'rating')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(
        ForeignKey("coding_scheme.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))  # stable identifier within the scheme
    name: Mapped[str] = mapped_column(String(200))  # what the clinician reads
    group: Mapped[str] = mapped_column(String(120), default="")  # theme / category
    shortcut: Mapped[str] = mapped_column(String(20), default="")
    colour: Mapped[str] = mapped_column(String(9), default="#4c72b0")
    kind: Mapped[str] = mapped_column(String(10), default="interval")
    subject: Mapped[str | None] = mapped_column(String(20), nullable=True)
    modifiers: Mapped[list[str]] = mapped_column(JSON, default=list)
    scale_min: Mapped[int | None] = mapped_column(Integer, nullable=True)
    scale_max: Mapped[int | None] = mapped_column(Integer, nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    scheme: Mapped[CodingScheme] = relationship(back_populates="codes")


class Annotation(Versioned, Base):
    """A coded moment: a point (``end_ms`` is None) or an interval of one recording."""

    __tablename__ = "annotation"
    __table_args__ = (
        CheckConstraint("start_ms >= 0", name="start_nonnegative"),
        CheckConstraint("end_ms IS NULL OR end_ms >= start_ms", name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recording.id", ondelete="CASCADE"), index=True
    )
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="RESTRICT"), index=True)
    start_ms: Mapped[int] = mapped_column(Integer)
    end_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    subject: Mapped[str | None] = mapped_column(String(40), nullable=True)
    valence: Mapped[str | None] = mapped_column(String(20), nullable=True)
    modifiers: Mapped[list[str]] = mapped_column(JSON, default=list)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)  # rating scales
    comment: Mapped[str] = mapped_column(Text, default="")
    caption: Mapped[str] = mapped_column(Text, default="")  # "what the child would say"
    annotator_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    source: Mapped[str] = mapped_column(String(20), default="manual")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # Whose coding set this belongs to (a user name; "local" in a single-user home): 0009.
    # Left empty, it is the writing session's actor (see _stamp_coder at the end).
    coder: Mapped[str] = mapped_column(String(120), server_default="local", index=True)

    recording: Mapped[Recording] = relationship(back_populates="annotations")
    code: Mapped[Code] = relationship()
    annotator: Mapped[User | None] = relationship()

    @property
    def is_point(self) -> bool:
        return self.end_ms is None


class FeedbackPlan(Versioned, Base):
    """The ordered clips to show the parent at the next visit."""

    __tablename__ = "feedback_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(
        ForeignKey("visit.id", ondelete="CASCADE"), unique=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    visit: Mapped[Visit] = relationship(back_populates="plan")
    clips: Mapped[list[Clip]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Clip.position"
    )


class Clip(Versioned, Base):
    """A moment in a feedback plan: a time range of a recording, padded, captioned."""

    __tablename__ = "clip"
    __table_args__ = (CheckConstraint("end_ms > start_ms", name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_plan.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    recording_id: Mapped[int] = mapped_column(ForeignKey("recording.id", ondelete="CASCADE"))
    annotation_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotation.id", ondelete="SET NULL"), nullable=True
    )
    start_ms: Mapped[int] = mapped_column(Integer)
    end_ms: Mapped[int] = mapped_column(Integer)
    lead_in_ms: Mapped[int] = mapped_column(Integer, default=0)
    lead_out_ms: Mapped[int] = mapped_column(Integer, default=0)
    theme: Mapped[str] = mapped_column(String(200), default="")
    caption: Mapped[str] = mapped_column(Text, default="")
    caption_second: Mapped[str] = mapped_column(Text, default="")  # in Case.second_language
    note: Mapped[str] = mapped_column(Text, default="")  # for the clinician only
    speed: Mapped[float] = mapped_column(Float, default=1.0)  # < 1 is slow motion
    freeze_at_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    freeze_ms: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[FeedbackPlan] = relationship(back_populates="clips")
    recording: Mapped[Recording] = relationship()
    annotation: Mapped[Annotation | None] = relationship()


class Suggestion(Base):
    """A moment the analysis thinks worth a look; the clinician accepts or dismisses it."""

    __tablename__ = "suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recording.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    start_ms: Mapped[int] = mapped_column(Integer)
    end_ms: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open")  # open|accepted|dismissed
    annotation_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotation.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEvent(Base):
    """Who did what to which object, for the privacy work; written by core services."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The hash chain (vfeedback.audit, 0008): place in the chain, the previous row's hash, this
    # row's hash and its HMAC (empty in an unprotected home). Unique seq: a fork cannot be stored.
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    mac: Mapped[str] = mapped_column(String(64), default="", server_default="")


# The annotation layer's undo/redo journal (annotation/journal.py): one row per edit with the
# rows it changed (before -> after). Plain Core table: nothing navigates it as an object, but
# the schema lives here with the rest so that the migrations build exactly this metadata.
annotation_journal = Table(
    "annotation_journal",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("recording_id", Integer, ForeignKey("recording.id", ondelete="CASCADE"),
           nullable=False),
    Column("seq", Integer, nullable=False),
    Column("label", String(200), nullable=False),
    Column("changes", JSON, nullable=False),
    Column("undone", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False, default=utcnow),
    # Whose edit this is: each person undoes their own edits of a shared recording (0004).
    Column("actor", String(120), nullable=False, default="", server_default=""),
    UniqueConstraint("recording_id", "seq"),
)


# -- who may see which case (services/access.py decides; migration 0007) -----------------------
class CaseAssignment(Base):
    """A case given to a clinician, trainee or supervisor to work on: they see and work on it."""

    __tablename__ = "case_assignment"
    __table_args__ = (UniqueConstraint("case_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    assigned_by: Mapped[str] = mapped_column(String(120), default="")
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Supervision(Base):
    """A trainee and one of their supervisors: the supervisor sees the trainee's cases."""

    __tablename__ = "supervision"
    __table_args__ = (UniqueConstraint("trainee_id", "supervisor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                            index=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                               index=True)
    linked_by: Mapped[str] = mapped_column(String(120), default="")
    linked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditHead(Base):
    """The newest row of the audit chain (one row, id 1): its seq and hash, and their HMAC.
    Appending locks it (vfeedback.audit); verifying compares the chain's end with it."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default="")
    mac: Mapped[str] = mapped_column(String(64), default="")


CONSENT_FIELDS = ("filming", "feedback", "supervision", "research", "keep_until")


class Consent(Base):
    """One consent decision for a case: ``field`` (filming, feedback, supervision, research,
    keep_until) set to ``value`` ("yes"/"no", or an ISO date for keep_until), by whom and when.
    Rows are only added: the newest row per field is the consent now, older ones its history."""

    __tablename__ = "consent"
    __table_args__ = (CheckConstraint(
        "field IN ('filming', 'feedback', 'supervision', 'research', 'keep_until')",
        name="field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(20))
    recorded_by: Mapped[str] = mapped_column(String(120), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# -- supervision (annotation/review.py, services/review.py; migration 0009) -------------------
REVIEW_STATES = ("draft", "submitted", "reviewed", "approved")


class Review(Base):
    """The review state of one coder's set of a recording, or of a visit's feedback plan.

    Exactly one of ``recording_id`` / ``plan_id`` is set. ``approved_print`` fingerprints
    what was handed in (``services.review.set_print`` / ``plan_print``, by content), and from
    the approval on what was approved: a set or plan changed after submission is approved only
    once submitted again, and one changed after approval needs approving again.
    """

    __tablename__ = "review"
    __table_args__ = (
        CheckConstraint("state IN ('draft', 'submitted', 'reviewed', 'approved')",
                        name="state"),
        CheckConstraint("(recording_id IS NULL) <> (plan_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recording.id", ondelete="CASCADE"), nullable=True, index=True)
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_plan.id", ondelete="CASCADE"), nullable=True, index=True)
    coder: Mapped[str] = mapped_column(String(120), default="")
    state: Mapped[str] = mapped_column(String(20), default="draft")
    submitted_by: Mapped[str] = mapped_column(String(120), default="")
    decided_by: Mapped[str] = mapped_column(String(120), default="")
    approved_print: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ReviewComment(Base):
    """A comment on a recording: at a time, on an annotation or on a plan clip; threaded.

    ``at_ms`` is always kept (the annotation's or clip's start when the comment was made), so
    a comment on an annotation deleted since still says where it was; ``annotation_uid`` tells
    that it was about an annotation.
    """

    __tablename__ = "review_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uid)
    recording_id: Mapped[int] = mapped_column(
        ForeignKey("recording.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_comment.id", ondelete="CASCADE"), nullable=True, index=True)
    annotation_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotation.id", ondelete="SET NULL"), nullable=True)
    annotation_uid: Mapped[str] = mapped_column(String(32), default="")
    clip_id: Mapped[int | None] = mapped_column(
        ForeignKey("clip.id", ondelete="SET NULL"), nullable=True)
    at_ms: Mapped[int] = mapped_column(Integer, default=0)
    author: Mapped[str] = mapped_column(String(120), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def _stamp_coder(session: Any, _context: Any, _instances: Any) -> None:
    """New annotations without a coder belong to the writing session's actor."""
    actor = str(session.info.get("actor") or "")[:120] or "local"
    for obj in session.new:
        if isinstance(obj, Annotation) and not obj.coder:
            obj.coder = actor


def _install_coder_stamp() -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "before_flush", _stamp_coder):
        event.listen(Session, "before_flush", _stamp_coder)


_install_coder_stamp()
