"""Encrypted media read by ffmpeg, OpenCV and Qt without a plaintext copy on disk.

ffmpeg, OpenCV's FFmpeg backend and QtMultimedia all read ``http://`` URLs and seek in them
with HTTP range requests. :class:`PlainServer` serves decrypted byte ranges of encrypted store
objects on the loopback interface, each under an unguessable one-off path that exists only
while the caller holds it. The plaintext lives only in memory (one 64 KiB chunk per request
being answered), so the same code works on Linux, macOS and Windows; a Linux ``memfd`` would
hold the whole file in memory instead.

Only 127.0.0.1 is bound, and each path is a 128-bit random token that is gone when the
``with`` block ends. The token is not secret from other local accounts, though: it is in the
command line of the ffmpeg that reads it, and ``/proc/PID/cmdline`` is world-readable. So on
Linux a connection is served only when its other end belongs to this user (the socket's owner
in ``/proc/net/tcp``); another account's connection is closed unanswered. macOS and Windows
have no such table: there the token alone protects (use one account per computer there).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..crypto import CryptoError, EncryptedReader
from ..i18n import _

_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class _Entry:
    path: Path
    key: bytes
    object_id: str


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass  # no access log: paths and timings are nobody's business

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        entry = self.server.entries.get(self.path.lstrip("/"))
        if entry is None:
            self.send_error(404)
            return
        try:
            reader = EncryptedReader(entry.path, entry.key, entry.object_id)
        except (OSError, CryptoError):
            self.send_error(500)
            return
        with reader:
            size = reader.size
            start, end = 0, size - 1
            partial = False
            match = _RANGE.match(self.headers.get("Range", "").strip())
            if match and (match.group(1) or match.group(2)):
                partial = True
                if match.group(1):
                    start = int(match.group(1))
                    if match.group(2):
                        end = min(int(match.group(2)), size - 1)
                else:  # suffix range: the last N bytes
                    start = max(0, size - int(match.group(2)))
                if start >= size:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            self.send_response(206 if partial else 200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(max(0, end - start + 1)))
            if partial:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.end_headers()
            if not body:
                return
            reader.seek(start)
            left = end - start + 1
            with contextlib.suppress(ConnectionError, CryptoError):
                while left > 0:
                    data = reader.read(min(left, 256 * 1024))
                    if not data:
                        break
                    self.wfile.write(data)
                    left -= len(data)


def peer_uid(peer: tuple[str, int], server_port: int) -> int | None:
    """Linux: the uid owning the client end of a loopback TCP connection to ``server_port``,
    from the kernel's socket tables; None where there is no such table or no such socket."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as fh:
                rows = fh.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) < 8:
                continue
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if local_port == peer[1] and remote_port == server_port:
                return int(fields[7])
    return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    entries: dict[str, _Entry]

    def verify_request(self, request, client_address) -> bool:  # noqa: ANN001 - stdlib
        if not sys.platform.startswith("linux"):
            return True
        return peer_uid(client_address, self.server_address[1]) == os.getuid()


class PlainServer:
    """One loopback server per process, started on first use."""

    _lock = threading.Lock()
    _instance: PlainServer | None = None

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.entries = {}
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="vfeedback-plainserve")
        self._thread.start()

    @classmethod
    def shared(cls) -> PlainServer:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @contextlib.contextmanager
    def url(self, path: str | Path, key: bytes, object_id: str,
            suffix: str = "") -> Iterator[str]:
        """A URL that reads the decrypted object while the block runs.

        The file is checked first, so a wrong key or a damaged header fails here with a
        :class:`CryptoError`, not later inside ffmpeg as an unreadable stream.
        """
        with EncryptedReader(path, key, object_id) as probe:
            probe.read(1)  # authenticates the first chunk: the key is right
        token = secrets.token_urlsafe(16) + suffix
        self._server.entries[token] = _Entry(Path(path), key, object_id)
        try:
            yield MediaUrl(f"http://127.0.0.1:{self.port}/{token}")
        finally:
            self._server.entries.pop(token, None)

    def register(self, path: str | Path, key: bytes, object_id: str, suffix: str = "") -> str:
        """Like :meth:`url`, for a reader that outlives its caller (the player): the URL
        lasts as long as the process (or until :meth:`forget`)."""
        with EncryptedReader(path, key, object_id) as probe:
            probe.read(1)
        token = secrets.token_urlsafe(16) + suffix
        self._server.entries[token] = _Entry(Path(path), key, object_id)
        return MediaUrl(f"http://127.0.0.1:{self.port}/{token}")

    def forget(self, url: str) -> None:
        self._server.entries.pop(url.rsplit("/", 1)[-1], None)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class MediaUrl(str):
    """A served object's URL where code expects a path-like name (``.name`` in messages)."""

    @property
    def name(self) -> str:
        return _("stored media")


def is_url(source: object) -> bool:
    """Whether a media source is a URL (served plaintext of an encrypted object), not a path:
    such a source must not go through ``Path()`` (it would fold ``//``) nor be ``stat``-ed."""
    return isinstance(source, str) and source.startswith(("http://", "https://"))


def copy_plain(path: str | Path, key: bytes, object_id: str, target: str | Path) -> None:
    """Write the decrypted object to ``target`` (for an export the user asked for)."""
    with EncryptedReader(path, key, object_id) as reader, open(target, "wb") as out:
        shutil.copyfileobj(reader, out, 1024 * 1024)
