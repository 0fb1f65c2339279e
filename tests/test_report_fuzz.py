"""Fuzz: a scenario with any one value replaced gives a report or a clean error."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servicekit
from servicekit import cli

BUNDLED = json.loads(
    (Path(servicekit.__file__).parent / "scenarios" / "desk.json").read_text(encoding="utf-8")
)


def _paths(value, prefix=()):
    """Every path to a value in the document (objects and lists included)."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


# Left out: the channels part (slow; its models are checked in test_report.py).
PATHS = [p for p in _paths(BUNDLED) if p and p[0] != "channels"]
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(["2026-11-23T10:30:00+01:00", "PT1H", "Europe/Berlin", "09:00-17:00", "mon"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.sampled_from(PATHS), value=JSON_VALUES)
def test_one_bad_value(tmp_path_factory, path, value):
    """Only documented errors escape: the command prints a report (0) or one error line (2)."""
    data = copy.deepcopy(BUNDLED)
    del data["channels"]  # the slowest part; its models are fuzzed in test_report.py
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    scenario = tmp_path_factory.mktemp("fuzz") / "desk.json"
    scenario.write_text(json.dumps(data), encoding="utf-8")
    status = cli.main(["report", "--scenario", str(scenario)], out=io.StringIO())
    assert status in (0, 2)
