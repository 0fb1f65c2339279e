"""The HTML report in a real browser: headless Chromium renders it without errors.

Chromium (Debian's ``chromium`` package) is found on ``PATH``. Without it the test is
skipped with a loud reason, unless ``SERVICEKIT_REQUIRE_BROWSER=1`` (set by ``.ci/run``),
in which case a missing browser fails the run.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import zlib
from typing import TYPE_CHECKING

import pytest

from servicekit import cli

if TYPE_CHECKING:
    from pathlib import Path

#: Chromium's flags for a quiet, offline, reproducible run in a container.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


@pytest.fixture(scope="module")
def chromium() -> str:
    """The path of Chromium; skip (or fail under SERVICEKIT_REQUIRE_BROWSER=1) without it."""
    path = shutil.which("chromium")
    if path is None:
        reason = (
            "CHROMIUM NOT FOUND: the HTML report was NOT tested in a browser; "
            "install it with `apt-get install chromium`"
        )
        if os.environ.get("SERVICEKIT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} (SERVICEKIT_REQUIRE_BROWSER=1)")
        pytest.skip(reason)
    return path


def _page(tmp_path: Path, *argv: str) -> Path:
    out = io.StringIO()
    assert cli.main(["report", "--format", "html", *argv], out=out) == 0
    path = tmp_path / "report.html"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _run(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - a fixed program and arguments
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        timeout=180,
        cwd=tmp_path,
    )


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB or RGBA PNG (what Chromium writes) into rows of pixel bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8, depth
    channels = {2: 3, 6: 4}[colour]
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + best) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, channels, rows


def test_decode_png():
    """The tiny decoder undoes every PNG filter type (0 to 4) on a hand-made image."""

    def png(width: int, rows: list[bytes]) -> bytes:
        def chunk(kind: bytes, body: bytes) -> bytes:
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", 0)

        header = struct.pack(">IIBBBBB", width, len(rows), 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b"")
        )

    # One row per filter type 0..4 over a 2-pixel image; values chosen by hand.
    rows = [b"\x00" + bytes([10, 20, 30, 40, 50, 60])]
    rows.append(b"\x01" + bytes([1, 2, 3, 1, 1, 1]))  # sub: 1,2,3, 2,3,4
    rows.append(b"\x02" + bytes([1, 1, 1, 1, 1, 1]))  # up: 2,3,4, 3,4,5
    rows.append(b"\x03" + bytes([0, 0, 0, 0, 0, 0]))  # average: 1,1,2, 2,2,3
    rows.append(b"\x04" + bytes([0, 0, 0, 0, 0, 0]))  # paeth: 1,1,2, 2,2,3
    width, channels, decoded = decode_png(png(2, rows))
    assert (width, channels) == (2, 3)
    assert decoded == [
        bytes([10, 20, 30, 40, 50, 60]),
        bytes([1, 2, 3, 2, 3, 4]),
        bytes([2, 3, 4, 3, 4, 5]),
        bytes([1, 1, 2, 2, 2, 3]),
        bytes([1, 1, 2, 2, 2, 3]),
    ]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_renders_without_console_errors(chromium, tmp_path, language):
    """Chromium loads the page with no console message (errors, blocked loads) at all."""
    page = _page(tmp_path, "--locale", language)
    result = _run(
        chromium, tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()
    )
    assert result.returncode == 0, result.stderr[-2000:]
    console = [
        line for line in result.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line
    ]
    assert not console, console
    # The DOM Chromium built has every section, table and figure of the file.
    dom = result.stdout
    assert f'<html lang="{language}">' in dom
    source = page.read_text(encoding="utf-8")
    for tag in ("<section ", "<table>", "<figure>", "<svg "):
        assert dom.count(tag) == source.count(tag) > 0, tag


@pytest.mark.timeout(300)
def test_screenshot_not_blank(chromium, tmp_path):
    """A screenshot of the page shows more than one colour, and plenty of them."""
    page = _page(tmp_path, "--locale", "de")
    shot = tmp_path / "page.png"
    result = _run(
        chromium, tmp_path, f"--screenshot={shot}", "--window-size=1000,1400", page.as_uri()
    )
    assert result.returncode == 0, result.stderr[-2000:]
    _width, channels, rows = decode_png(shot.read_bytes())
    colours = {row[x : x + 3] for row in rows[::7] for x in range(0, len(row), channels * 5)}
    assert len(colours) > 20, len(colours)
    # Not only white: the heading rule, the text and the figures' bars are drawn.
    dark = sum(1 for colour in colours if max(colour) < 100)
    assert dark > 0
