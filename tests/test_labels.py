"""Every label a person reads is in the reader's language (issue 16, "Prove it").

The report (text, Markdown, HTML) and every subcommand with human-readable output are
run through ``servicekit.cli.main`` in German, Italian and Russian, on the bundled
scenario and the inputs the CLI tests use. The output fails the check when it holds

* an English word: a word of the English catalogs' messages (every domain, and the
  display names of ``labels``) that no message of the output language uses, so
  "Personal für chat" fails on "chat" only if German never says "chat" — it says
  "Chat", which the German catalogs use too;
* an identifier: a snake_case word, or an identifier of the ``labels`` catalog written
  with a hyphen (``self-help``, ``no-greeting``).

Nothing here lists the words that happen to appear today: both sets come from the
catalogs. What the user wrote (the scenario's name, the texts under review, zone ids,
file names) and the lines the report writes in each member's own language are taken
out of the output first.
"""

from __future__ import annotations

import html.parser
import io
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import servicekit
from servicekit import cli
from test_cli_office_hours import AVAILABILITY
from test_cli_onboarding import JOURNEYS
from test_cli_plan import EVERYONE, TEMPLATES
from test_cli_replies import ANGRY, CALM, OFFICE, REPLY

PACKAGE = Path(servicekit.__file__).parent
LOCALES = PACKAGE / "i18n" / "locales"
DESK = PACKAGE / "scenarios" / "desk.json"
LANGUAGES = ("de", "it", "ru")
NOW = "2026-11-23T10:30:00+01:00"
# Eight half hours of calls for `channels plan` (the shape tests/test_cli_plan.py uses).
PROFILE = "start,arrivals,handle_time\n" + "".join(
    f"2026-03-02T{8 + k // 2:02d}:{30 * (k % 2):02d}:00+00:00,{n},PT3M\n"
    for k, n in enumerate([0, 20, 40, 40, 20, 20, 0, 0])
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_SNAKE = re.compile(r"(?<![\w/])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/])")
_ZONE_ID = re.compile(r"\b[A-Z][A-Za-z]+(?:/[A-Za-z_\-+0-9]+)+")


def _messages(language: str) -> list[str]:
    """Every translation in the language's catalogs (all domains and the labels)."""
    found = []
    for path in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as fp:
            catalog = read_po(fp, locale=language)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            found += [s for s in strings if s]
    return found


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(_PLACEHOLDER.sub(" ", text)) if len(w) >= 3}


def _labels(language: str) -> dict[tuple[str, str], str]:
    """The ``labels`` catalog: (kind, identifier) -> display name."""
    with (LOCALES / language / "LC_MESSAGES" / "labels.po").open("rb") as fp:
        return {(str(m.context), str(m.id)): str(m.string) for m in read_po(fp) if m.id}


def _renamed(language: str) -> set[str]:
    """Identifiers the language shows by another name: they must not appear as they are."""
    names = _labels(language)
    shown = set(names.values())
    return {ident for (_, ident), name in names.items() if name != ident and ident not in shown}


ENGLISH = set().union(*map(_words, _messages("en")))
FOREIGN = {
    language: ENGLISH - set().union(*map(_words, _messages(language))) for language in LANGUAGES
}
HYPHENATED = {ident for _, ident in _labels("en") if "-" in ident}
RENAMED = {language: _renamed(language) for language in LANGUAGES}


def leftovers(text: str, language: str) -> list[str]:
    """The English words and identifiers in ``text``, an output in ``language``."""
    text = _ZONE_ID.sub(" ", text)
    found = sorted(w for w in _words(text) if w.lower() in FOREIGN[language])
    found += _SNAKE.findall(text)
    found += [
        ident
        for ident in sorted(HYPHENATED | RENAMED[language])
        if ident not in found and re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", text)
    ]
    return found


class _Text(html.parser.HTMLParser):
    """The text a reader sees on a page: text nodes and alt/title/aria-label, not CSS."""

    SKIP = frozenset({"style", "script", "metadata"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        self.parts += [v for k, v in attrs if k in {"alt", "title", "aria-label"} and v]

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def page_text(page: str) -> str:
    """The readable text of an HTML page, one text node per line."""
    parser = _Text()
    parser.feed(page)
    return "\n".join(parser.parts)


def run(*argv: str) -> str:
    """Run the command in-process; return its output."""
    out = io.StringIO()
    assert 0 == cli.main(list(argv), out=out), argv
    return out.getvalue()


def _desk() -> dict:
    return json.loads(DESK.read_text(encoding="utf-8"))


def _without_input(text: str, language: str) -> str:
    """Take out what the user wrote and what the report says in members' own languages."""
    desk = _desk()
    text = text.replace(desk["name"], " ").replace("desk.json", " ")
    for member in desk["team"]:
        if member.get("locale", "en") != language:
            text = re.sub(rf"(?m)^\W*{re.escape(member['name'])}:.*$", " ", text)
    return text


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The inputs of the CLI tests, as files."""
    root = tmp_path_factory.mktemp("labels")
    paths = {}
    for name, content in (
        ("reply.txt", REPLY),
        ("angry.txt", ANGRY),
        ("calm.txt", CALM),
        ("office.json", OFFICE),
        ("availability.json", json.dumps(AVAILABILITY)),
        ("journeys.json", json.dumps(JOURNEYS)),
        ("profile.csv", PROFILE),
        ("shifts.json", json.dumps({"templates": TEMPLATES})),
        ("capped.json", json.dumps({"templates": TEMPLATES, "max_heads": 1})),
        ("people.json", json.dumps({"people": EVERYONE})),
    ):
        (root / name).write_text(content, encoding="utf-8")
        paths[name] = str(root / name)
    return paths


TEMPLATE_NAMES = " ".join(template["name"] for template in TEMPLATES)  # the user's words


def _commands(files: dict[str, str]) -> dict[str, tuple[tuple[str, ...], str]]:
    """Each human-readable command, and the text of its input the user wrote."""
    desk = str(DESK)
    received = ("--received-at", "2026-11-20T09:00:00+01:00", "--calendar", files["office.json"])
    return {
        "report text": (("report",), ""),
        "report markdown": (("report", "--format", "markdown"), ""),
        "channels staff": (
            (
                "channels",
                "staff",
                "--arrivals",
                "100",
                "--handle-time",
                "PT3M",
                "--patience",
                "PT1M",
            ),
            "",
        ),
        "channels compare": (("channels", "compare", desk), ""),
        "channels mix": (("channels", "mix", desk), ""),
        "channels mix over budget": (("channels", "mix", desk, "--budget", "100"), ""),
        "office-hours plan": (("office-hours", "plan", desk), ""),
        "office-hours render": (
            ("office-hours", "render", files["availability.json"], "--at", "2026-01-15T12:00:00Z"),
            "",
        ),
        "onboarding funnel": (
            ("onboarding", "funnel", "investment", files["journeys.json"], "--now", NOW),
            "",
        ),
        "onboarding funnel complaint": (
            ("onboarding", "funnel", "complaint", desk, "--now", NOW, "--stuck-after", "PT1H"),
            "",
        ),
        "onboarding check-claim": (
            ("onboarding", "check-claim", "investment", files["journeys.json"], "owns_shares"),
            "",
        ),
        "replies review": (
            ("replies", "review", files["reply.txt"], "--jargon", "API endpoint"),
            REPLY,
        ),
        "replies triage angry": (("replies", "triage", files["angry.txt"], *received), ANGRY),
        "replies triage calm": (("replies", "triage", files["calm.txt"]), CALM),
        "channels plan": (
            (
                "channels",
                "plan",
                files["profile.csv"],
                "--shifts",
                files["shifts.json"],
                "--people",
                files["people.json"],
            ),
            TEMPLATE_NAMES,
        ),
        "channels plan uncovered": (
            (
                "channels",
                "plan",
                files["profile.csv"],
                "--shifts",
                files["capped.json"],
                "--format",
                "markdown",
            ),
            TEMPLATE_NAMES,
        ),
        "info": (("info",), ""),
        "hours open": (
            ("hours", "open", "--calendar", files["office.json"], "2026-03-07T10:00:00Z"),
            "",
        ),
    }


_FILES = (
    "office.json",
    "availability.json",
    "journeys.json",
    "reply.txt",
    "angry.txt",
    "calm.txt",
    "profile.csv",
    "shifts.json",
    "capped.json",
    "people.json",
)
COMMANDS = tuple(_commands(dict.fromkeys(_FILES, "")))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", COMMANDS)
def test_command_speaks_the_language(files, name, language):
    """The command's text output has no English label and no identifier left."""
    argv, given = _commands(files)[name]
    text = _without_input(run(*argv, "--locale", language), language)
    text = text.replace(files["reply.txt"], " ")
    forbidden_here = _words(given)
    found = [w for w in leftovers(text, language) if w.lower() not in forbidden_here]
    assert [] == found, f"{name} in {language}:\n{text}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_report_speaks_the_language(language):
    """The HTML page's readable text (tables, captions, figure labels) too."""
    page = run("report", "--format", "html", "--locale", language)
    text = _without_input(page_text(page), language)
    assert [] == leftovers(text, language), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_machine_formats_keep_identifiers(language):
    """JSON keeps the identifiers, whatever the language."""
    data = json.loads(run("report", "--format", "json", "--locale", language))
    onboarding = data["sections"]["onboarding"]["flows"]
    assert "investment" == onboarding[0]["flow"]
    assert "package_chosen" in {row["state"] for row in onboarding[0]["rows"]}
    assert {"phone", "chat", "email", "self-help"} <= {
        row["channel"] for row in data["sections"]["channels"]["compare"]
    }


class TestTheCheckCanFail:
    """The check finds what the issue found on main, and passes what it should."""

    @pytest.mark.parametrize(
        ("text", "language", "expected"),
        [
            ("Personal für Chat: 3", "de", []),
            ("Personal für chat: 3", "de", ["chat"]),  # the identifier, not the German word
            ("Personale per la chat", "it", []),
            ("Empfohlener Mix: self-help, chat.", "de", ["help", "chat", "self-help"]),
            ("T-1042  urgent  erste Antwort", "de", ["urgent"]),
            ("C-201  package_chosen", "it", ["chosen", "package", "package_chosen"]),
            ("C-201  owns_shares", "ru", ["owns", "shares", "owns_shares"]),
            ("Szenario: desk (bundled)", "de", ["bundled", "desk"]),
            ("tone: angry (score 5.5)", "ru", ["angry", "score", "tone"]),
            ("handling: reply", "it", ["handling", "reply"]),
            ("evidence: capitals", "de", ["capitals", "evidence"]),
            ("reply between 09:00 and 10:00", "ru", ["and", "between", "reply"]),
            ("no-greeting (low)", "it", ["greeting", "low", "no-greeting"]),
            ("Europe/Berlin America/New_York", "ru", []),
        ],
    )
    def test_leftovers(self, text, language, expected):
        """English words and identifiers are found; zone ids are not identifiers."""
        assert expected == leftovers(text, language)

    def test_english_output_fails(self):
        """The English report fails the German check: the check can fail."""
        found = leftovers(_without_input(run("report", "--locale", "en"), "de"), "de")
        assert {"contacts", "cost", "deadline", "package", "chosen"} <= set(found)
