"""Offline supervision between two laptops: one encrypted package per recording under review.

``pack`` writes the recording's coding sets, comments, review states and the visit's feedback
plan, plus only the video the review needs (each coded moment with a margin, cut by ffmpeg
through :mod:`vfeedback.media.compose`; the whole recording with ``whole=True``), into ONE
file. A plan with clips of the visit's other recordings travels whole: those recordings go
along as descriptions with the video of their clips (review copies on the other side), so
the plan, and its approval's fingerprint, are the same on both laptops. ``unpack`` on the other laptop merges it: annotations, comments and plan clips by their
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
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.orm import Session

from vfeedback import library
from vfeedback.crypto import CryptoError, KdfParams, decrypt_to, encrypt_stream
from vfeedback.errors import InputError
from vfeedback.fileio import atomic_output
from vfeedback.i18n import _
from vfeedback.models import (
    Annotation,
    Code,
    CodingScheme,
    Derivative,
    Recording,
    Review,
    ReviewComment,
    utcnow,
)
from vfeedback.progress import CancelToken, ProgressFn
from vfeedback.scratch import temporary_directory
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
RECORDING_FIELDS = ("store_key", "size_bytes", "container", "duration_ms", "fps", "width",
                    "height", "rotation", "video_codec", "audio_codec")
CLIP_FIELDS = ("position", "start_ms", "end_ms", "lead_in_ms", "lead_out_ms", "theme",
               "caption", "caption_second", "note", "speed", "freeze_at_ms", "freeze_ms")


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
    # The whole plan travels, also clips of the visit's other recordings (a camera stopped
    # and started): those recordings go along as descriptions plus the video of their clips.
    clips = sorted(plan.clips, key=lambda c: c.position) if plan else []
    others = {c.recording.store_key: c.recording for c in clips
              if c.recording_id != recording.id}
    reviews = list(session.scalars(select(Review).where(Review.recording_id == recording.id)))
    if plan is not None:
        reviews += list(session.scalars(select(Review).where(Review.plan_id == plan.id)))
    return {
        "format": "vfeedback-review-pack", "version": 1, "pack": uuid.uuid4().hex,
        "made_by": made_by, "made_at": utcnow().isoformat(),
        "recording": {k: getattr(recording, k) for k in RECORDING_FIELDS},
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
                       "annotation": uid_of.get(c.annotation_id or 0),
                       "recording": c.recording.store_key} for c in clips]},
        "other_recordings": [{k: getattr(other, k) for k in RECORDING_FIELDS}
                             for other in others.values()],
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
        keys = [manifest["recording"]["store_key"],
                *(o["store_key"] for o in manifest["other_recordings"])]
        # A review copy (unpacked from a package) has no footage: its clips travel back.
        held = {key: list(session.execute(
            select(Derivative.store_key, Derivative.params).join(
                Recording, Derivative.recording_id == Recording.id).where(
                Recording.store_key == key, Derivative.kind == CLIP_KIND)).all())
            for key in keys if not app.store.contains(key)}
    main = manifest["recording"]["store_key"]
    clips = manifest["plan"]["clips"] if manifest["plan"] else []
    wanted = {key: [(c["start_ms"], c["end_ms"]) for c in clips if c["recording"] == key]
              for key in keys}
    wanted[main] += [(a["start_ms"], a["end_ms"] or a["start_ms"])
                     for a in manifest["annotations"]]
    durations = {o["store_key"]: o["duration_ms"]
                 for o in [manifest["recording"], *manifest["other_recordings"]]}
    with temporary_directory("pack-") as work:
        payload = Path(work) / "payload.zip"
        media: list[dict[str, Any]] = []
        with zipfile.ZipFile(payload, "w", zipfile.ZIP_STORED) as zf:
            for key in keys:
                if key in held:
                    for stored_key, params in held[key]:
                        name = f"clips/{len(media)}.mp4"
                        with app.store.media_path(stored_key) as path:
                            zf.write(path, name)
                        media.append({"name": name, "start_ms": params.get("start_ms", 0),
                                      "end_ms": params.get("end_ms", 0), "sha256": stored_key,
                                      "recording": key})
                elif whole and key == main:
                    with app.store.media_path(key) as path:
                        zf.write(path, "recording")
                    manifest["whole"] = True
                else:
                    _cut_moments(app, key, _spans(wanted[key], durations[key], margin_ms),
                                 zf, Path(work), media, progress, cancel)
            manifest["media"] = media
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        seal(payload, target, passphrase, kdf)
    with app.db.session() as session:  # footage and codings left the home: ids and counts
        library.audit(session, "review.pack", session.get(Recording, recording_id),
                      actor=made_by, pack=manifest["pack"],
                      annotations=len(manifest["annotations"]), clips=len(media),
                      whole=bool(manifest.get("whole")),
                      other_recordings=len(manifest["other_recordings"]))
    return manifest


def _cut_moments(app: App, key: str, spans: list[tuple[int, int]], zf: zipfile.ZipFile,
                 work: Path, media: list[dict[str, Any]], progress: ProgressFn | None,
                 cancel: CancelToken | None) -> None:
    """The spans of one recording, each cut to its own MP4, into the package."""
    from vfeedback.media.probe import probe

    with app.store.media_path(key) as source:
        info = probe(source)  # once: every cut shares it
        for k, (start, end) in enumerate(spans):
            if cancel is not None:
                cancel.check()
            name = f"clips/{len(media)}.mp4"
            out = work / f"clip{len(media)}.mp4"
            _cut(source, info, start, end, out, cancel)
            zf.write(out, name)
            media.append({"name": name, "start_ms": start, "end_ms": end,
                          "sha256": sha256_of(out), "recording": key})
            out.unlink()
            if progress is not None:
                progress((k + 1) / max(1, len(spans)), _("Cutting the moments"))


def passphrase_from_env() -> str | None:
    return os.environ.get("VFEEDBACK_PACK_PASSPHRASE") or None
