"""Everything vfeedback writes for others, checked for hidden identifiers.

A phone-like file (GPS position, make, model, title, handler names) named ``IMG_2034.MOV`` is
imported into a home under a case code; then every export path runs through the CLI: reels
(encoded, stream-copied, faces blurred, pseudonymised), recording exports (MP4, MOV, MKV, faces
blurred, sound only), annotation exports (ELAN, BORIS, CSV, SRT, WebVTT) and the printable
script (PDF and HTML). ``sessions.export_hygiene.check_file`` must find none of the original
file name, the GPS position, the device, the home's path or the user's name in any of them; and
the checker itself must find each of those where they are.
"""

from __future__ import annotations

import getpass
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from sessions.export_hygiene import check_file, check_files, pseudonymise
from vfeedback.cli import cli

BABY = "6c6MZQ.joke4.rep2.take1.ThatsNotACat.mp4"
CASE = "SVENSSON-7"
PHONE_TAGS = {"location": "+59.3293+018.0686/",
              "com.apple.quicktime.location.ISO6709": "+59.3293+018.0686+012.000/",
              "com.apple.quicktime.make": "Apple", "com.apple.quicktime.model": "iPhone 13",
              "title": "Familjen Svensson", "comment": "hemma hos", "encoder": "Lavf58.76.100"}


def _needles(home: Path) -> list[str]:
    return ["IMG_2034", "iPhone", "Core Media", "Svensson hemma", "hemma hos",
            "Familjen Svensson", str(home), str(home.parent), getpass.getuser()]


def _phone_file(shared_media: Path, folder: Path) -> Path:
    """Four seconds of a real dyad clip, re-muxed as a phone would write it."""
    out = folder / "IMG_2034.MOV"
    meta = [a for k, v in PHONE_TAGS.items() for a in ("-metadata", f"{k}={v}")]
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(shared_media / "dyads" / BABY),
                    "-t", "4", "-c", "copy", *meta,
                    "-metadata:s:v", "handler_name=Core Media Video",
                    "-metadata:s:a", "handler_name=Core Media Audio",
                    "-movflags", "use_metadata_tags", str(out)], check=True)
    return out


@pytest.fixture
def phone_home(tmp_path, shared_media):  # noqa: ANN201
    """A home with the phone file imported as recording 1 of case SVENSSON-7, two captioned
    moments and a plan; yields (home, vf) where vf runs the CLI and returns its output."""
    home = tmp_path / "home"
    phone = _phone_file(shared_media, tmp_path)

    def vf(*args: str) -> str:
        result = CliRunner().invoke(cli, ["--home", str(home), *args])
        assert result.exit_code == 0, result.output
        return result.output

    vf("import", str(phone), "--case", CASE, "--visit", "1", "--create-case")
    vf("annotations", "add", "--recording", "1", "--code", "empathy", "--start", "0.5",
       "--end", "1.8", "--caption", "Titta mamma!", "--valence", "strength")
    vf("annotations", "add", "--recording", "1", "--code", "attachment", "--start", "2.2",
       "--end", "3.5", "--caption", "Hos SVENSSON-7 hemma", "--valence", "work_on")
    vf("reel", "plan", "--visit", "1", "--auto")
    return home, vf


def test_the_checker_finds_every_kind_of_identifier(tmp_path, shared_media) -> None:
    """The checker can fail: on the phone's own file and on files that hold a name."""
    phone = _phone_file(shared_media, tmp_path)
    found = {f.where.split()[0] + ":" + f.what for f in check_file(phone, ["IMG_2034",
                                                                           "iPhone"])}
    joined = " ".join(found)
    for expected in ("59.3293", "iPhone", "Core Media Video", "Familjen Svensson",
                     "Lavf", "a GPS position"):
        assert expected in joined, (expected, found)
    eaf = tmp_path / "with-media.eaf"
    from annotation.interchange.document import AnnotationDocument
    from annotation.interchange.eaf import write_eaf

    write_eaf(AnnotationDocument(), eaf, media_url=f"file://{tmp_path}/IMG_2034.MOV")
    assert {f.what for f in check_file(eaf, ["IMG_2034", str(tmp_path)])} == \
        {"IMG_2034", str(tmp_path)}
    utf16 = tmp_path / "utf16.bin"
    utf16.write_bytes(b"\x00\x01" + "IMG_2034".encode("utf-16-le") + b"\x00")
    assert check_file(utf16, ["IMG_2034"])
    x264 = tmp_path / "x264.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=64x64:d=0.2",
                    "-c:v", "libx264", str(x264)], check=True)
    assert any("x264" in f.what or "encoder" in f.where for f in check_file(x264))


def test_every_export_for_others_is_clean(phone_home, tmp_path) -> None:
    home, vf = phone_home
    out = tmp_path / "out"
    out.mkdir()
    from vfeedback.media.cut import keyframe_times

    phone = tmp_path / "IMG_2034.MOV"
    # From the first keyframe to the next (or the end): a span the reel stream-copies.
    keys = [*keyframe_times(phone), 4.0]
    clips = tmp_path / "clips.csv"
    clips.write_text(f"start,end,caption\n0,{keys[1]:.5f},Bra\n", encoding="utf-8")
    written = []
    said = vf("reel", "build", "--visit", "1", "--out", str(out / "reel.mp4"), "--script",
              str(out / "script.pdf"))
    written += [out / "reel.mp4", out / "script.pdf", out / "script.html"]
    assert "encoded" in said
    said = vf("reel", "build", "--video", str(phone), "--clips", str(clips), "--out",
              str(out / "copy.mp4"), "--no-titles", "--no-burn", "--height", "0")
    assert "stream copy" in said  # the path that copies the phone's streams as they are
    written.append(out / "copy.mp4")
    vf("reel", "build", "--visit", "1", "--out", str(out / "blurred.mp4"), "--blur-faces",
       "all", "--height", "360")
    written.append(out / "blurred.mp4")
    for suffix in ("mp4", "mov", "mkv"):
        vf("recording", "export", "1", str(out / f"export.{suffix}"))
        written.append(out / f"export.{suffix}")
    vf("recording", "export", "1", str(out / "export-blurred.mp4"), "--blur-faces", "all")
    written.append(out / "export-blurred.mp4")
    for fmt in ("eaf", "boris", "csv", "srt", "vtt"):
        vf("annotations", "export", "--recording", "1", "--format", fmt, "--out",
           str(out / f"moments.{fmt}"))
        written.append(out / f"moments.{fmt}")
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)
    findings = check_files(written, _needles(home),
                           allowed_titles=["Visit 1: Our moments"])
    assert findings == [], "\n".join(map(str, findings))
    # The case code shows only where the clinician put it (the script's heading, a caption).
    assert CASE in (out / "script.html").read_text(encoding="utf-8")


def test_a_sound_only_file_loses_its_tags(tmp_path) -> None:
    from vfeedback.media.compose import export_command
    from vfeedback.media.tools import run_ffmpeg

    sound = tmp_path / "IMG_2035.m4a"
    meta = [a for k, v in PHONE_TAGS.items() for a in ("-metadata", f"{k}={v}")]
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=d=1", "-c:a", "aac",
                    *meta, "-metadata:s:a", "handler_name=Core Media Audio", "-movflags",
                    "use_metadata_tags", str(sound)], check=True)
    assert check_file(sound, ["iPhone"])
    out = tmp_path / "shared.m4a"
    run_ffmpeg(export_command(sound, out, target_suffix=".m4a", container="mov,mp4,m4a"))
    assert check_file(out, _needles(tmp_path)) == []


def test_pseudonym_replaces_the_case_code_in_files_and_titles(phone_home, tmp_path) -> None:
    from services import plan as plan_service
    from vfeedback.app import open_app

    home, vf = phone_home
    out = tmp_path / "pseudo"
    out.mkdir()
    vf("reel", "build", "--visit", "1", "--out", str(out / "reel.mp4"), "--script",
       str(out / "script.pdf"), "--pseudonym", "Familj A", "--height", "360")
    app = open_app(home)
    try:
        paths = plan_service.export(app, None, 1, out / "visit", pseudonym="family").value
    finally:
        app.close()
    assert [p.name for p in paths] == ["family-visit1-reel.mp4", "family-visit1-script.pdf",
                                       "family-visit1-script.html"]
    files = [out / "reel.mp4", out / "script.pdf", out / "script.html", *paths]
    findings = check_files(files, [*_needles(home), CASE, "SVENSSON"],
                           allowed_titles=["Visit 1: Our moments"])
    assert findings == [], "\n".join(map(str, findings))
    html = (out / "script.html").read_text(encoding="utf-8")
    assert "case Familj A" in html and "Hos Familj A hemma" in html


def test_pseudonymise_is_exact_and_optional() -> None:
    assert pseudonymise("Case AB-12, visit 2", "AB-12", None) == "Case AB-12, visit 2"
    assert pseudonymise("Case ab-12: AB-12", "AB-12", "A") == "Case A: A"
    assert pseudonymise("A.B", ".", "x") == "AxB"  # the code is text, not a pattern
