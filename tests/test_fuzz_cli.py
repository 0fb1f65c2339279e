"""Fuzz: every subcommand, fed arbitrary JSON-ish files and hostile flags, exits 0 or 2.

Each example takes a valid input of one subcommand, replaces one value anywhere in it
(or the whole document) with an arbitrary JSON-like value, and runs the command
in-process with one flag replaced by a hostile value. The command must print a result
(status 0) or one error line (status 2): no traceback, no other status.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servicekit
from servicekit import cli

BUNDLED = json.loads(
    (Path(servicekit.__file__).parent / "scenarios" / "desk.json").read_text(encoding="utf-8")
)
NOW = "2026-11-23T10:30:00+01:00"
CALENDAR = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
POLICY = BUNDLED["sla"]["policy"]
EVENTS = [
    {"ticket": "T-1", "at": "2026-11-20T16:30:00+01:00", "kind": "created", "priority": "normal"},
    {"ticket": "T-1", "at": "2026-11-23T09:40:00+01:00", "kind": "agent_reply"},
    {"ticket": 2, "at": "2026-11-23T08:15:00+01:00", "kind": "created", "priority": "urgent"},
]
TEAM = {"team": BUNDLED["team"][:3], "office_hours": BUNDLED["office_hours"]}
AVAILABILITY = BUNDLED["availability"]
CHANNELS = {
    "demand": {"contacts": 900, "period": "P7D", "staffed_hours": 40},
    "models": [
        {"kind": "email", "handle_time": "PT8M", "reply_within": "PT8H"},
        {"kind": "self_help", "setup_cost": 4000},
    ],
    "budget": 9000,
}
JOURNEYS = {"journeys": [dict(j, flow="investment") for j in BUNDLED["onboarding"]["journeys"][:2]]}

HOSTILE_TEXT = [
    "P99999999999999999999D",
    "PT99999999999999999999H",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01",
    "9999-12-31",
    "../../etc/passwd",
    "PT0.000001S",
    "-PT1H",
    "P36525D",
    "1e400",
    "nan",
    "",
    "\ufeff",
    "{state:>300000000}",
]
NUMBERS = st.sampled_from([10**400, -(10**400), 10**20, 0, -1, 2**63]) | st.integers(-10, 10)
FLOATS = st.sampled_from([math.nan, math.inf, -math.inf, 5e-324, 1e308, -0.0]) | st.floats()
TEXT = st.sampled_from(HOSTILE_TEXT) | st.text(max_size=12)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | NUMBERS | FLOATS | TEXT,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
FLAG_VALUES = st.sampled_from(HOSTILE_TEXT) | st.text(max_size=12)


def _paths(value, prefix=()):
    """Every path to a value in a document (containers included, the root too)."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _replace(document, path, value):
    if not path:
        return value
    data = json.loads(json.dumps(document))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def _json(value):
    """JSON text; the non-standard NaN and Infinity stay, as careless writers emit them."""
    return json.dumps(value)


# Each case: a name, the document it mutates, the file name, and the argv with
# "{file}" for the file and "{flag}" for the hostile flag value.
CASES = [
    ("hours add", CALENDAR, "cal.json", ["hours", "add", "--calendar", "{file}", NOW, "{flag}"]),
    (
        "hours add start",
        CALENDAR,
        "cal.json",
        ["hours", "add", "--calendar", "{file}", "--", "{flag}", "PT4H"],
    ),
    (
        "hours elapsed",
        CALENDAR,
        "cal.json",
        ["hours", "elapsed", "--calendar", "{file}", NOW, "{flag}"],
    ),
    ("hours open", CALENDAR, "cal.json", ["hours", "open", "--calendar", "{file}", "{flag}"]),
    (
        "sla policy",
        POLICY,
        "policy.json",
        ["sla", "evaluate", "--policy", "{file}", "events.jsonl", "--now", "{flag}"],
    ),
    (
        "sla events",
        EVENTS,
        "events.jsonl",
        ["sla", "evaluate", "--policy", "policy.json", "{file}", "--now", NOW],
    ),
    (
        "sla summary",
        EVENTS,
        "events.jsonl",
        [
            "sla",
            "evaluate",
            "--policy",
            "policy.json",
            "{file}",
            "--now",
            NOW,
            "--summary",
            "--format",
            "json",
        ],
    ),
    ("channels compare", CHANNELS, "channels.json", ["channels", "compare", "{file}"]),
    ("channels mix", CHANNELS, "channels.json", ["channels", "mix", "{file}", "--format", "json"]),
    (
        "office-hours plan",
        TEAM,
        "team.json",
        ["office-hours", "plan", "{file}", "--duration", "{flag}", "--week-of", "2026-11-30"],
    ),
    (
        "office-hours week",
        TEAM,
        "team.json",
        ["office-hours", "plan", "{file}", "--week-of", "{flag}"],
    ),
    (
        "office-hours render",
        AVAILABILITY,
        "availability.json",
        ["office-hours", "render", "{file}", "--at", NOW, "--viewer", "{flag}"],
    ),
    (
        "office-hours ical",
        {},
        "unused.json",
        [
            "office-hours",
            "ical",
            "--host",
            "Europe/Berlin",
            "--weekday",
            "mon",
            "--start",
            "10:00",
            "--first",
            "2026-11-30",
            "--stamp",
            NOW,
            "--duration",
            "{flag}",
        ],
    ),
    (
        "onboarding funnel",
        JOURNEYS,
        "journeys.json",
        ["onboarding", "funnel", "investment", "{file}", "--now", NOW, "--stuck-after", "{flag}"],
    ),
    (
        "onboarding claim",
        JOURNEYS,
        "journeys.json",
        ["onboarding", "check-claim", "investment", "{file}", "owns_shares"],
    ),
    (
        "onboarding diagram",
        JOURNEYS,
        "journeys.json",
        ["onboarding", "diagram", "investment", "--journeys", "{file}", "--now", "{flag}"],
    ),
    (
        "replies triage",
        {},
        "unused.json",
        [
            "replies",
            "triage",
            "message.txt",
            "--received-at",
            NOW,
            "--within",
            "{flag}",
            "--calendar",
            "cal.json",
        ],
    ),
    (
        "channels staff",
        {},
        "unused.json",
        ["channels", "staff", "--arrivals", "100", "--handle-time", "PT3M", "--patience", "{flag}"],
    ),
    (
        "replies review",
        {"text": "Dear ANA ROSSI, as I already said, we will reply today!!!"},
        "reply.txt",
        ["replies", "review", "{file}", "--calendar", "cal.json", "--now", "{flag}"],
    ),
    (
        "report",
        {k: v for k, v in BUNDLED.items() if k != "channels"},
        "desk.json",
        ["report", "--scenario", "{file}", "--now", "{flag}"],
    ),
]


# A valid value for each case's flag: half the examples use it, so that a mutated file
# is also run with good flags.
VALID_FLAG = {
    "hours add": "PT4H",
    "hours add start": NOW,
    "hours elapsed": "2026-11-27T10:30:00+01:00",
    "hours open": NOW,
    "sla policy": NOW,
    "office-hours plan": "PT1H",
    "office-hours week": "2026-11-30",
    "office-hours render": "America/New_York",
    "office-hours ical": "PT1H",
    "onboarding funnel": "P7D",
    "onboarding diagram": NOW,
    "replies triage": "PT24H",
    "replies review": NOW,
    "channels staff": "PT2M",
    "report": NOW,
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A directory with the unchanging inputs the cases name."""
    root = tmp_path_factory.mktemp("fuzz_cli")
    (root / "policy.json").write_text(_json(POLICY), encoding="utf-8")
    (root / "events.jsonl").write_text("\n".join(map(_json, EVENTS)), encoding="utf-8")
    (root / "cal.json").write_text(_json(CALENDAR), encoding="utf-8")
    (root / "message.txt").write_text("WHY IS NOTHING HAPPENING?!", encoding="utf-8")
    return root


@st.composite
def invocations(draw):
    """A case, its mutated document, and a hostile flag value."""
    name, document, file_name, argv = draw(st.sampled_from(CASES))
    path = draw(st.sampled_from(list(_paths(document))))
    value = draw(JSON_VALUES)
    mutated = _replace(document, path, value) if draw(st.booleans()) else document
    valid = VALID_FLAG.get(name, NOW)
    return name, mutated, file_name, argv, draw(st.just(valid) | FLAG_VALUES)


def _write(root, file_name, document):
    path = root / f"m_{file_name}"
    if file_name.endswith(".jsonl") and isinstance(document, list):
        text = "\n".join(_json(record) for record in document)
    else:
        text = _json(document)
    path.write_text(text, encoding="utf-8")
    return path


FIXED = {"policy.json", "events.jsonl", "cal.json", "message.txt"}


def _run(root, argv):
    argv = [str(root / a) if a in FIXED else a for a in argv]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            status = cli.main(argv, out=out)
        except SystemExit as stop:  # argparse refuses the arguments
            status = stop.code
    return status, err.getvalue()


@pytest.mark.timeout(600)
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(invocation=invocations())
def test_every_subcommand(workdir, invocation):
    """Only documented errors escape: status 0 with a result, or 2 with one error line."""
    _, document, file_name, template, flag = invocation
    path = _write(workdir, file_name, document)
    argv = [str(path) if a == "{file}" else flag if a == "{flag}" else a for a in template]
    status, err = _run(workdir, argv)
    assert status in (0, 2), err
    assert "Traceback" not in err


@pytest.mark.timeout(600)
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    case=st.sampled_from([c for c in CASES if c[2] != "unused.json"]),
    data=st.binary(max_size=64) | st.sampled_from([b"\xef\xbb\xbf", b"[" * 5000, b"1" * 5000]),
)
def test_any_bytes(workdir, case, data):
    """Any bytes as the input file give a result or one error line."""
    _, _, file_name, template = case
    path = workdir / f"b_{file_name}"
    path.write_bytes(data)
    argv = [str(path) if a == "{file}" else NOW if a == "{flag}" else a for a in template]
    status, err = _run(workdir, argv)
    assert status in (0, 2), err
