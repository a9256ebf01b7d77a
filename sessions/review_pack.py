"""Offline supervision between two laptops: one encrypted package per recording under review.

``pack`` writes the recording's coding sets, comments, review states and the visit's feedback
plan, plus only the video the review needs (each coded moment with a margin, cut by ffmpeg
through :mod:`vfeedback.media.compose`; the whole recording with ``whole=True``), into ONE
file. ``unpack`` on the other laptop merges it: annotations, comments and plan clips by their
uids, review states forward only (draft < submitted < reviewed < approved), so the supervisor's
comments and approval travel back the same way and nothing is ever merged twice.

Package layout: ``MAGIC (8) | salt (16) | Argon2id time, memory KiB, parallelism (3 x 4) |
verifier nonce (12) | verifier (AES-GCM of a constant, 30)`` then one chunked AES-256-GCM object
(:func:`vfeedback.crypto.encrypt_stream`, object id ``review-pack``) holding a ZIP (stored, not
compressed) of ``manifest.json`` and the clips. The key is Argon2id of the passphrase; the
header is the associated data of the verifier, so a changed header or a wrong passphrase is
told apart from a damaged or cut-off body. Nothing of the package is readable without the
passphrase: no ``ftyp``, no caption, no case code.
"""

from __future__ import annotations

import json
import os
import secrets
import struct
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.orm import Session

from vfeedback import library
from vfeedback.crypto import CryptoError, KdfParams, decrypt_to, encrypt_stream
from vfeedback.derivatives import put_derivative
from vfeedback.errors import InputError
from vfeedback.fileio import atomic_output
from vfeedback.i18n import _
from vfeedback.models import (
    REVIEW_STATES,
    Annotation,
    AuditEvent,
    Case,
    Clip,
    Code,
    CodingScheme,
    Derivative,
    FeedbackPlan,
    Recording,
    Review,
    ReviewComment,
    User,
    utcnow,
)
from vfeedback.progress import CancelToken, ProgressFn
from vfeedback.scratch import temporary_directory
from vfeedback.security import has_accounts
from vfeedback.store import sha256_of

App = Any  # vfeedback.app.App
MAGIC = b"VFPACK1\x00"
_KDF = struct.Struct(">III")
_HEAD = len(MAGIC) + 16 + _KDF.size + 12
VERIFIER = b"vfeedback review package"
OBJECT_ID = "review-pack"
MARGIN_MS = 2000  # video kept before and after each coded moment
CLIP_KIND = "review-clip"
ANN_FIELDS = ("uid", "coder", "start_ms", "end_ms", "subject", "valence", "modifiers",
              "value", "comment", "caption", "source")
CLIP_FIELDS = ("position", "start_ms", "end_ms", "lead_in_ms", "lead_out_ms", "theme",
               "caption", "caption_second", "note", "speed", "freeze_at_ms", "freeze_ms")


@dataclass(frozen=True)
class UnpackResult:
    recording_id: int
    annotations: int
    comments: int
    clips: int
    reviews: int
    already_there: int
    refused_decisions: int = 0  # "reviewed"/"approved" not taken: no supervisor of this home
    updated: int = 0  # moments of the package's author changed since an earlier package
    author: str = ""  # who made the package
    removed: int = 0  # moments the author deleted since an earlier package


# -- the envelope ---------------------------------------------------------------------------
def _key(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    if not passphrase:
        raise InputError(_("The package needs a passphrase"))
    return kdf.derive(passphrase.encode("utf-8"), salt)


def seal(payload: Path, target: Path, passphrase: str, kdf: KdfParams | None = None) -> None:
    """Encrypt the file ``payload`` into the package ``target`` (written atomically)."""
    kdf = kdf or KdfParams()
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    key = _key(passphrase, salt, kdf)
    head = MAGIC + salt + _KDF.pack(kdf.time_cost, kdf.memory_kib, kdf.parallelism) + nonce
    size = payload.stat().st_size
    with open(payload, "rb") as src, atomic_output(target) as tmp, open(tmp, "wb") as out:
        out.write(head + AESGCM(key).encrypt(nonce, VERIFIER, head))
        encrypt_stream(src, out, key, OBJECT_ID, size)


def open_sealed(package: Path, passphrase: str, target: Path) -> None:
    """Decrypt a package into the file ``target``; every failure is one clear message."""
    try:
        data = package.open("rb")
    except OSError as exc:
        raise InputError(_("Cannot read the package {path}: {why}").format(
            path=package, why=exc.strerror or exc)) from exc
    with data:
        head = data.read(_HEAD)
        if len(head) < len(MAGIC) or head[:len(MAGIC)] != MAGIC:
            raise InputError(_("{path} is not a vfeedback review package").format(path=package))
        if len(head) < _HEAD:
            raise InputError(_("The package is cut off (incomplete)"))
        salt = head[8:24]
        time_cost, memory, lanes = _KDF.unpack(head[24:24 + _KDF.size])
        if not (1 <= time_cost <= 10 and 8 * lanes <= memory <= 1 << 21 and 1 <= lanes <= 8):
            raise InputError(_("The package is damaged (its header was changed)"))
        nonce = head[24 + _KDF.size:]
        sealed = data.read(len(VERIFIER) + 16)
        key = _key(passphrase, salt, KdfParams(time_cost, memory, lanes))
        try:
            AESGCM(key).decrypt(nonce, sealed, head)
        except InvalidTag as exc:
            raise InputError(_("Wrong passphrase for this package (or its header was "
                               "changed)")) from exc
        with temporary_directory("pack-") as work:
            body = Path(work) / "body"
            with open(body, "wb") as out:
                while block := data.read(1 << 20):
                    out.write(block)
            try:
                with open(target, "wb") as out:
                    for _written in decrypt_to(body, key, OBJECT_ID, out):
                        pass
            except CryptoError as exc:
                raise InputError(_("The package is damaged, cut off or was tampered with; "
                                   "nothing was merged ({why})").format(why=exc)) from exc


# -- packing ---------------------------------------------------------------------------------
def _spans(moments: list[tuple[int, int]], duration_ms: int, margin: int) -> list[tuple[int, int]]:
    """The coded moments with a margin, overlapping ones joined, inside the recording."""
    spans: list[list[int]] = []
    for start, end in sorted(moments):
        a, b = max(0, start - margin), min(duration_ms or end + margin, end + margin)
        if b <= a:
            continue
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return [(a, b) for a, b in spans]


def _cut(source: Path, info: Any, start_ms: int, end_ms: int, out: Path,
         cancel: CancelToken | None) -> None:
    """One moment as its own MP4 at the source's size and rate (the reel's exact cut)."""
    from vfeedback.media.compose import OutputFormat, Piece, reel_command, render
    from vfeedback.media.cut import frame_range

    first, last = frame_range(start_ms / 1000, end_ms / 1000, info.fps)
    w, h = info.display_size
    fmt = OutputFormat(w - w % 2, h - h % 2, info.fps, crf=18)
    piece = Piece(source=source, info=info, first_frame=first, frames=max(1, last - first))
    render([reel_command([piece], out, fmt)], piece.output_s(), cancel=cancel)


def _manifest(session: Session, recording: Recording, made_by: str) -> dict[str, Any]:
    anns = session.execute(select(Annotation, Code, CodingScheme)
                           .join(Code, Annotation.code_id == Code.id)
                           .join(CodingScheme, Code.scheme_id == CodingScheme.id)
                           .where(Annotation.recording_id == recording.id)
                           .order_by(Annotation.start_ms, Annotation.id)).all()
    uid_of = {a.id: a.uid for a, _c, _s in anns}
    comments = list(session.scalars(select(ReviewComment).where(
        ReviewComment.recording_id == recording.id).order_by(ReviewComment.id)))
    comment_uid = {c.id: c.uid for c in comments}
    visit = recording.visit
    plan = visit.plan if visit is not None else None
    clips = [c for c in plan.clips if c.recording_id == recording.id] if plan else []
    reviews = list(session.scalars(select(Review).where(Review.recording_id == recording.id)))
    if plan is not None:
        reviews += list(session.scalars(select(Review).where(Review.plan_id == plan.id)))
    return {
        "format": "vfeedback-review-pack", "version": 1, "pack": uuid.uuid4().hex,
        "made_by": made_by, "made_at": utcnow().isoformat(),
        "recording": {k: getattr(recording, k) for k in (
            "store_key", "size_bytes", "container", "duration_ms", "fps", "width", "height",
            "rotation", "video_codec", "audio_codec")},
        "case": visit.case.code if visit is not None else None,
        "visit": visit.number if visit is not None else None,
        "annotations": [{**{f: getattr(a, f) for f in ANN_FIELDS}, "scheme": s.name,
                         "scheme_version": s.version, "code": c.key}
                        for a, c, s in anns],
        "comments": [{"uid": c.uid, "parent": comment_uid.get(c.parent_id or 0),
                      "annotation": c.annotation_uid, "at_ms": c.at_ms, "author": c.author,
                      "text": c.text, "resolved": c.resolved,
                      "created_at": c.created_at.isoformat()} for c in comments],
        "plan": None if plan is None else {
            "title": plan.title,
            "clips": [{**{f: getattr(c, f) for f in CLIP_FIELDS},
                       "annotation": uid_of.get(c.annotation_id or 0)} for c in clips]},
        "reviews": [{"uid": r.uid, "kind": "plan" if r.plan_id else "recording",
                     "coder": r.coder, "state": r.state, "submitted_by": r.submitted_by,
                     "decided_by": r.decided_by, "approved_print": r.approved_print}
                    for r in reviews],
    }


def pack(app: App, recording_id: int, target: Path, passphrase: str, *, whole: bool = False,
         made_by: str = "", margin_ms: int = MARGIN_MS, progress: ProgressFn | None = None,
         cancel: CancelToken | None = None, kdf: KdfParams | None = None) -> dict[str, Any]:
    """Write the package; returns its manifest (what went in)."""
    with app.db.session() as session:
        recording = session.get(Recording, recording_id)
        if recording is None:
            raise InputError(_("There is no recording {id}").format(id=recording_id))
        manifest = _manifest(session, recording, made_by)
        has_media = app.store.contains(recording.store_key)
        review_clips = list(session.scalars(select(Derivative).where(
            Derivative.recording_id == recording_id, Derivative.kind == CLIP_KIND)))
        clip_rows = [(d.store_key, d.params.get("start_ms", 0), d.params.get("end_ms", 0))
                     for d in review_clips]
    moments = [(a["start_ms"], a["end_ms"] or a["start_ms"]) for a in manifest["annotations"]]
    if manifest["plan"]:
        moments += [(c["start_ms"], c["end_ms"]) for c in manifest["plan"]["clips"]]
    with temporary_directory("pack-") as work:
        payload = Path(work) / "payload.zip"
        media: list[dict[str, Any]] = []
        with zipfile.ZipFile(payload, "w", zipfile.ZIP_STORED) as zf:
            if not has_media:
                # A review copy (unpacked from a package): what it holds travels back.
                for k, (key, start, end) in enumerate(clip_rows):
                    with app.store.media_path(key) as path:
                        zf.write(path, f"clips/{k}.mp4")
                    media.append({"name": f"clips/{k}.mp4", "start_ms": start, "end_ms": end,
                                  "sha256": key})
            elif whole:
                with app.store.media_path(manifest["recording"]["store_key"]) as path:
                    zf.write(path, "recording")
                manifest["whole"] = True
            else:
                spans = _spans(moments, manifest["recording"]["duration_ms"], margin_ms)
                from vfeedback.media.probe import probe

                with app.store.media_path(manifest["recording"]["store_key"]) as source:
                    info = probe(source)  # once: every cut shares it
                    for k, (start, end) in enumerate(spans):
                        if cancel is not None:
                            cancel.check()
                        out = Path(work) / f"clip{k}.mp4"
                        _cut(source, info, start, end, out, cancel)
                        zf.write(out, f"clips/{k}.mp4")
                        media.append({"name": f"clips/{k}.mp4", "start_ms": start,
                                      "end_ms": end, "sha256": sha256_of(out)})
                        out.unlink()
                        if progress is not None:
                            progress((k + 1) / max(1, len(spans)), _("Cutting the moments"))
            manifest["media"] = media
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        seal(payload, target, passphrase, kdf)
    with app.db.session() as session:  # footage and codings left the home: ids and counts
        library.audit(session, "review.pack", session.get(Recording, recording_id),
                      actor=made_by, pack=manifest["pack"],
                      annotations=len(manifest["annotations"]), clips=len(media),
                      whole=bool(manifest.get("whole")))
    return manifest


# -- unpacking -------------------------------------------------------------------------------
def _pack_seen(session: Session, pack_id: str) -> bool:
    for detail in session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "review.unpack")):
        if isinstance(detail, dict) and detail.get("pack") == pack_id:
            return True
    return False


def _recording_for(session: Session, app: App, manifest: dict[str, Any], work: Path,
                   zf: zipfile.ZipFile, expected_id: int | None) -> Recording:
    info = manifest["recording"]
    found = session.scalars(select(Recording).where(
        Recording.store_key == info["store_key"])).first()
    if expected_id is not None and (found is None or found.id != expected_id):
        raise InputError(_("This package was made for another recording, not recording "
                           "{id}; nothing was merged").format(id=expected_id))
    if found is not None:
        return found
    case = session.scalars(select(Case).where(
        Case.code == manifest["case"])).first() if manifest.get("case") else None
    if case is None:
        case = library.create_case(session, manifest.get("case") or
                                   f"review-{info['store_key'][:8]}")
    visit = library.get_or_create_visit(session, case, manifest.get("visit") or 1)
    if manifest.get("whole"):
        zf.extract("recording", work)
        recording = library.import_recording(session, app.store, work / "recording", visit)
        if recording.store_key != info["store_key"]:
            raise InputError(_("The package's recording does not match its description"))
        return recording
    # Only the coded moments travel: the recording is known by its checksum and its clips.
    recording = Recording(visit_id=visit.id, source="review", **info)
    session.add(recording)
    session.flush()
    return recording


def _codes(session: Session, manifest: dict[str, Any]) -> dict[tuple[str, int, str], int]:
    from annotation.schemes import ensure_builtin_schemes

    ensure_builtin_schemes(session)
    rows = session.execute(select(CodingScheme.name, CodingScheme.version, Code.key, Code.id)
                           .join(Code, Code.scheme_id == CodingScheme.id)).all()
    known = {(n, v, k): i for n, v, k, i in rows}
    for a in manifest["annotations"]:
        if (a["scheme"], a["scheme_version"], a["code"]) not in known:
            raise InputError(_("This home does not know the code {code} of scheme {scheme} "
                               "v{v}; import the scheme first. Nothing was merged").format(
                code=a["code"], scheme=a["scheme"], v=a["scheme_version"]))
    return known


def _later(ours: str, theirs: str) -> str:
    order = {s: i for i, s in enumerate(REVIEW_STATES)}
    return theirs if order.get(theirs, 0) > order.get(ours, 0) else ours


def unpack(app: App, package: Path, passphrase: str, *, recording_id: int | None = None,
           actor: str | None = None,
           authorise: Callable[[Session, Recording | None], None] | None = None) -> UnpackResult:
    """Merge a package into this home; all of it or nothing. ``authorise`` (the caller's
    access check) is called with the recording the package is for, or None when it would
    make a new one, before anything is merged; it raises to refuse."""
    with temporary_directory("unpack-") as work_name:
        work = Path(work_name)
        payload = work / "payload.zip"
        open_sealed(package, passphrase, payload)
        try:
            zf = zipfile.ZipFile(payload)
            manifest = json.loads(zf.read("manifest.json"))
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise InputError(_("The package's contents cannot be read")) from exc
        if manifest.get("format") != "vfeedback-review-pack":
            raise InputError(_("This is not a review package"))
        with zf, app.db.session(actor) as session:
            if _pack_seen(session, manifest["pack"]):
                raise InputError(_("This package was already unpacked here; nothing was "
                                   "merged again"))
            if authorise is not None:
                authorise(session, session.scalars(select(Recording).where(
                    Recording.store_key == manifest["recording"]["store_key"])).first())
            recording = _recording_for(session, app, manifest, work, zf, recording_id)
            result = _merge(session, app, recording, manifest, zf, work)
            library.audit(session, "review.unpack", recording, actor=actor or "",
                          pack=manifest["pack"], annotations=result.annotations,
                          comments=result.comments, refused=result.refused_decisions)
    return result


def _merge(session: Session, app: App, recording: Recording, manifest: dict[str, Any],
           zf: zipfile.ZipFile, work: Path) -> UnpackResult:
    codes = _codes(session, manifest)
    local = {a.uid: a for a in session.scalars(select(Annotation).where(
        Annotation.recording_id == recording.id))}
    all_uids = set(session.scalars(select(Annotation.uid).where(
        Annotation.uid.in_([a["uid"] for a in manifest["annotations"]])))) \
        if manifest["annotations"] else set()
    # The package's author's own set is theirs to change: a second package from them brings
    # their edits and deletions, not only new moments. Everyone else's moments here stay.
    author = manifest.get("made_by") or ""
    added = skipped = updated = 0
    for a in manifest["annotations"]:
        code_id = codes[(a["scheme"], a["scheme_version"], a["code"])]
        row = local.get(a["uid"])
        if row is not None and author and a["coder"] == author == row.coder:
            fields = {f: a[f] for f in ANN_FIELDS if f != "uid"}
            if row.code_id != code_id or any(getattr(row, f) != v for f, v in fields.items()):
                row.code_id = code_id
                for f, v in fields.items():
                    setattr(row, f, v)
                updated += 1
                continue
        if a["uid"] in local or a["uid"] in all_uids:
            skipped += 1
            continue
        fields = {f: a[f] for f in ANN_FIELDS}
        session.add(Annotation(recording_id=recording.id, code_id=code_id, **fields))
        added += 1
    in_package = {a["uid"] for a in manifest["annotations"]}
    gone = [row for uid, row in local.items()
            if author and row.coder == author and uid not in in_package]
    for row in gone:
        session.delete(row)
    session.flush()
    ann_ids = dict(session.execute(select(Annotation.uid, Annotation.id).where(
        Annotation.recording_id == recording.id)).all())
    if added or updated or gone:
        recording.annotations_rev = (recording.annotations_rev or 0) + 1  # live refresh
    n_comments = 0
    by_uid = {c.uid: c for c in session.scalars(select(ReviewComment).where(
        ReviewComment.recording_id == recording.id))}
    for c in manifest["comments"]:
        existing = by_uid.get(c["uid"])
        if existing is not None:
            existing.resolved = existing.resolved or c["resolved"]
            skipped += 1
            continue
        parent = by_uid.get(c["parent"]) if c["parent"] else None
        row = ReviewComment(uid=c["uid"], recording_id=recording.id,
                            parent_id=parent.id if parent is not None else None,
                            annotation_uid=c["annotation"] or "",
                            annotation_id=ann_ids.get(c["annotation"]) if c["annotation"]
                            else None, at_ms=c["at_ms"], author=c["author"], text=c["text"],
                            resolved=c["resolved"],
                            created_at=_time(c["created_at"]))
        session.add(row)
        session.flush()
        by_uid[row.uid] = row
        n_comments += 1
    n_clips = _merge_plan(session, recording, manifest, ann_ids)
    n_reviews, refused = _merge_reviews(session, recording, manifest)
    for m in manifest.get("media", []) if not app.store.contains(recording.store_key) else []:
        zf.extract(m["name"], work)
        stored = app.store.add_file(work / m["name"])
        if stored.key != m["sha256"]:
            raise InputError(_("A clip in the package does not match its checksum"))
        put_derivative(session, app.store, recording.id, CLIP_KIND,
                       f"{m['start_ms']}-{m['end_ms']}", stored.key,
                       {"start_ms": m["start_ms"], "end_ms": m["end_ms"]})
    return UnpackResult(recording.id, added, n_comments, n_clips, n_reviews, skipped, refused,
                        updated, author, len(gone))


def _time(text: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(text)


def _merge_plan(session: Session, recording: Recording, manifest: dict[str, Any],
                ann_ids: dict[str, int]) -> int:
    """The trainee's plan for the visit: made here when the visit has none (the supervisor's
    laptop); an existing plan is the trainee's own and stays as it is."""
    plan_data = manifest.get("plan")
    if not plan_data or recording.visit is None:
        return 0
    visit = recording.visit
    if visit.plan is not None and visit.plan.clips:
        return 0
    if visit.plan is None:
        visit.plan = FeedbackPlan(title=plan_data["title"])
    plan = visit.plan
    session.flush()
    for c in plan_data["clips"]:
        session.add(Clip(plan_id=plan.id, recording_id=recording.id,
                         annotation_id=ann_ids.get(c["annotation"] or ""),
                         **{f: c[f] for f in CLIP_FIELDS}))
    session.flush()
    session.refresh(plan)
    return len(plan_data["clips"])


def _may_decide(session: Session, decided_by: str, coder: str) -> bool:
    """Whether a "reviewed"/"approved" that arrives in a package counts here: in a home with
    accounts only when it names an active supervisor of this home, never the coder. (Anyone
    with the passphrase can write a package; the names are what this home can check.)"""
    if not has_accounts(session):
        return True  # a home without accounts: names are labels, as everywhere else
    user = session.scalar(select(User).where(User.name == decided_by))
    return (user is not None and user.role == "supervisor" and not user.disabled
            and decided_by != coder)


def _merge_reviews(session: Session, recording: Recording,
                   manifest: dict[str, Any]) -> tuple[int, int]:
    """The package's review states, where later than ours; (changed, refused)."""
    plan = recording.visit.plan if recording.visit is not None else None
    changed = refused = 0
    for r in manifest["reviews"]:
        if r["state"] in ("reviewed", "approved") and not _may_decide(
                session, r.get("decided_by") or "", r.get("coder") or ""):
            refused += 1
            continue
        if r["kind"] == "plan":
            if plan is None:
                continue
            row = session.scalars(select(Review).where(Review.plan_id == plan.id)).first()
            if row is None:
                row = Review(plan_id=plan.id, coder=r["coder"], state="draft")
                session.add(row)
        else:
            row = session.scalars(select(Review).where(
                Review.recording_id == recording.id, Review.coder == r["coder"])).first()
            if row is None:
                row = Review(recording_id=recording.id, coder=r["coder"], state="draft")
                session.add(row)
        later = _later(row.state, r["state"])
        if later != row.state or (r["approved_print"] and not row.approved_print):
            row.state = later
            row.submitted_by = row.submitted_by or r["submitted_by"]
            row.decided_by = r["decided_by"] or row.decided_by
            if r["approved_print"]:
                row.approved_print = r["approved_print"]
            changed += 1
    session.flush()
    return changed, refused


def passphrase_from_env() -> str | None:
    return os.environ.get("VFEEDBACK_PACK_PASSPHRASE") or None
