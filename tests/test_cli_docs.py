"""The command-line examples in the docs run as tests.

Each ```console block holds ``$ servicekit ...`` commands followed by their output.
Files the commands read are ```{code-block} blocks with a ``:caption:`` naming the
file; they are written to a temporary directory in which the commands run. The output
is compared like a doctest (``...`` matches anything). Output starting with
``servicekit: error:`` is expected on standard error with exit status 2.
"""

from __future__ import annotations

import doctest
import io
import re
import shlex
from pathlib import Path

import pytest

from servicekit import cli

DOCS = Path(__file__).parent.parent / "docs"
PAGES = [
    "reference/cli.md",
    "reference/scenario-format.md",
    "howto/using-servicekit-from-pandas.md",
    "getting-started.md",
]
FENCE = re.compile(r"^(`{3,})(\S*)[^\n]*\n(.*?)^\1\s*$", re.MULTILINE | re.DOTALL)
CAPTION = re.compile(r"^:caption:\s*(\S+)\s*$", re.MULTILINE)
CHECKER = doctest.OutputChecker()
FLAGS = doctest.ELLIPSIS


def _blocks(text: str):
    for match in FENCE.finditer(text):
        kind, body = match.group(2), match.group(3)
        line = text.count("\n", 0, match.start()) + 1
        if kind == "console":
            yield "console", line, body
        elif kind == "{code-block}":
            caption = CAPTION.search(body)
            if caption:
                content = CAPTION.sub("", body, count=1)
                content = re.sub(r"^(:\w+:.*\n)+", "", content.lstrip("\n"))
                yield "file", caption.group(1), content.lstrip("\n")


def _commands(body: str):
    """Split a console block into (command, expected output) pairs."""
    pairs: list[tuple[str, list[str]]] = []
    lines = iter(body.splitlines())
    for raw in lines:
        if raw.startswith("$ "):
            command = raw[2:]
            while command.endswith("\\"):
                command = command[:-1] + next(lines).strip()
            pairs.append((command, []))
        elif pairs:
            pairs[-1][1].append(raw)
    return [(command, "\n".join(out).strip("\n") + "\n" if out else "") for command, out in pairs]


def _examples():
    for page in PAGES:
        path = DOCS / page
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        files: dict[str, str] = {}
        for kind, where, body in _blocks(text):
            if kind == "file":
                files[where] = body
                continue
            for command, expected in _commands(body):
                if command.startswith("servicekit "):
                    yield pytest.param(
                        dict(files), command, expected, id=f"{page}:{where}:{command[:50]}"
                    )


EXAMPLES = list(_examples())


def test_docs_have_examples():
    """The harness finds the tutorial's commands (guards against a silent no-op)."""
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize(("files", "command", "expected"), EXAMPLES)
def test_console_example(files, command, expected, tmp_path, monkeypatch, capsys):  # noqa: PLR0917
    """The command prints what the docs show."""
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "88")
    argv = shlex.split(command)[1:]
    out = io.StringIO()
    try:
        status = cli.main(argv, out=out)
    except SystemExit as stop:  # --help and argparse errors
        status = stop.code
    captured = capsys.readouterr()
    got = out.getvalue() + captured.out
    if expected.startswith("servicekit: error:"):
        assert 2 == status
        got = captured.err
    else:
        assert status in (0, 1), captured.err
    got = "\n".join(line.rstrip() for line in got.splitlines()) + "\n" if got else ""
    assert CHECKER.check_output(expected, got, FLAGS), f"expected:\n{expected}\ngot:\n{got}"
