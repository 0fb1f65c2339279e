"""Tests for the command's input and output helpers (servicekit._cli_io)."""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime, timedelta, timezone

import attrs
import pytest

from servicekit import _cli_io
from servicekit.exceptions import ConfigError, UnknownTimeZoneError

NEEDS_TOMLLIB = pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is Python 3.11+")


class TestReadText:
    """Files are read as UTF-8; problems name the file."""

    def test_reads_file(self, tmp_path):
        """A file's text comes back as it is."""
        path = tmp_path / "a.json"
        path.write_text("{}\n", encoding="utf-8")
        assert "{}\n" == _cli_io.read_text(str(path))

    def test_stdin(self):
        """'-' reads the given standard input."""
        assert "x" == _cli_io.read_text("-", io.StringIO("x"))

    def test_stdin_default(self, monkeypatch):
        """'-' reads sys.stdin when no stream is given."""
        monkeypatch.setattr(sys, "stdin", io.StringIO("from stdin"))
        assert "from stdin" == _cli_io.read_text("-")

    def test_missing(self, tmp_path):
        """A missing file is a ConfigError naming it."""
        path = str(tmp_path / "nope.json")
        with pytest.raises(ConfigError) as caught:
            _cli_io.read_text(path)
        assert f"{path}: no such file" == str(caught.value)

    def test_directory(self, tmp_path):
        """A directory cannot be read."""
        with pytest.raises(ConfigError, match="cannot read the file"):
            _cli_io.read_text(str(tmp_path))

    def test_not_utf8(self, tmp_path):
        """Bytes that are not UTF-8 are reported with their position."""
        path = tmp_path / "latin.json"
        path.write_bytes(b'{"a": "\xe9"}')
        with pytest.raises(ConfigError, match=r"not UTF-8 text \(invalid continuation byte at"):
            _cli_io.read_text(str(path))


class TestDocuments:
    """JSON and TOML syntax errors are reported as file:line."""

    def test_json_line(self):
        """The decoder's line and column are reported."""
        with pytest.raises(ConfigError) as caught:
            _cli_io.parse_json('{\n  "a": 1,\n  "b" 2\n}', "desk.json")
        assert "desk.json:3" == caught.value.path
        assert "Expecting ':' delimiter (column 7)" == caught.value.msg

    @NEEDS_TOMLLIB
    def test_toml_line(self):
        """The line in tomllib's message is moved into the path, its message kept."""
        with pytest.raises(ConfigError) as caught:
            _cli_io.parse_toml('a = 1\nb = "x\n', "desk.toml")
        assert "desk.toml:2" == caught.value.path
        assert "line 2" in caught.value.msg

    def test_toml_without_line(self, monkeypatch):
        """A TOML error whose message names no line is reported at the file."""

        class FakeError(ValueError):
            pass

        class FakeToml:
            TOMLDecodeError = FakeError

            @staticmethod
            def loads(text):
                raise FakeError("something odd")

        monkeypatch.setattr(_cli_io, "_tomllib", lambda: FakeToml)
        with pytest.raises(ConfigError) as caught:
            _cli_io.parse_toml("", "x.toml")
        assert "x.toml: something odd" == str(caught.value)

    def test_toml_needs_python_311(self, monkeypatch):
        """Without tomllib (Python 3.10) the error says to use JSON or Python 3.11+."""
        monkeypatch.setitem(sys.modules, "tomllib", None)
        with pytest.raises(ConfigError) as caught:
            _cli_io.parse_toml("a = 1", "desk.toml")
        assert caught.value.path == "desk.toml"
        assert "Python 3.11 or newer" in caught.value.msg
        assert "JSON" in caught.value.msg

    @NEEDS_TOMLLIB
    def test_load_by_suffix(self, tmp_path):
        """.toml is read as TOML, anything else as JSON."""
        toml = tmp_path / "c.TOML"
        toml.write_text('timezone = "UTC"\n', encoding="utf-8")
        js = tmp_path / "c.json"
        js.write_text('{"timezone": "UTC"}', encoding="utf-8")
        assert {"timezone": "UTC"} == _cli_io.load_document(str(toml))
        assert {"timezone": "UTC"} == _cli_io.load_document(str(js))

    def test_load_stdin(self):
        """JSON from standard input is reported as <stdin>."""
        with pytest.raises(ConfigError, match=r"^<stdin>:1: "):
            _cli_io.load_document("-", io.StringIO("{"))


class TestInSource:
    """Errors raised while building values from a file name the file."""

    def test_config_error_keeps_path(self):
        """A field path stays behind the file name."""
        with pytest.raises(ConfigError) as caught, _cli_io.in_source("a.json"):
            raise ConfigError("bad", "x.y")
        assert "a.json: x.y" == caught.value.path

    def test_config_error_without_path(self):
        """An error without a path is reported at the file."""
        with pytest.raises(ConfigError) as caught, _cli_io.in_source("a.json"):
            raise ConfigError("bad", "")
        assert "a.json: bad" == str(caught.value)

    def test_other_error(self):
        """Other servicekit errors keep their message behind the file name."""
        with pytest.raises(ConfigError) as caught, _cli_io.in_source("a.json"):
            raise UnknownTimeZoneError("Mars/Base", "team[0].timezone")
        assert str(caught.value).startswith("a.json: team[0].timezone: unknown time zone")

    def test_type_error(self):
        """A wrong type in the file's data is reported like a bad value."""
        with pytest.raises(ConfigError) as caught, _cli_io.in_source("a.json", "team[0]"):
            raise TypeError("preferred must be weekly hours, got list")
        assert "a.json: team[0]: preferred must be weekly hours, got list" == str(caught.value)

    def test_no_error(self):
        """Nothing happens when the block succeeds."""
        with _cli_io.in_source("a.json"):
            value = 1
        assert 1 == value


class TestRequire:
    """Shape checks name the path of the bad value."""

    def test_mapping(self):
        """A list is not an object."""
        assert {"a": 1} == _cli_io.require_mapping({"a": 1}, "x")
        with pytest.raises(ConfigError, match=r"^x: expected an object"):
            _cli_io.require_mapping([], "x")

    def test_list(self):
        """An object is not a list."""
        assert [1] == _cli_io.require_list([1], "x")
        with pytest.raises(ConfigError, match=r"^x: expected a list, got dict"):
            _cli_io.require_list({}, "x")

    def test_str(self):
        """A number is not a string."""
        assert "a" == _cli_io.require_str("a", "x")
        with pytest.raises(ConfigError, match=r"^x: expected a string, got 1"):
            _cli_io.require_str(1, "x")

    def test_number(self):
        """Booleans and strings are not numbers; a minimum is enforced."""
        assert 2.0 == _cli_io.require_number(2, "x", minimum=0)
        with pytest.raises(ConfigError, match="expected a number, got True"):
            _cli_io.require_number(True, "x")
        with pytest.raises(ConfigError, match="expected a number, got '2'"):
            _cli_io.require_number("2", "x")
        with pytest.raises(ConfigError, match="must be at least 0, got -1"):
            _cli_io.require_number(-1, "x", minimum=0)

    def test_instant_and_duration(self):
        """ISO-8601 values are parsed with the path in errors."""
        assert datetime(2026, 1, 1, tzinfo=timezone.utc) == _cli_io.instant(
            "2026-01-01T00:00Z", "t"
        )
        assert timedelta(hours=4) == _cli_io.duration("PT4H", "d")
        with pytest.raises(ConfigError, match=r"^t: "):
            _cli_io.instant("2026-01-01T00:00", "t")


class TestRecords:
    """JSON lines and CSV records carry their line numbers."""

    def test_json_lines(self):
        """Blank lines are skipped; numbers count every line."""
        text = '{"a": 1}\n\n{"a": 2}\n'
        assert [(1, {"a": 1}), (3, {"a": 2})] == list(_cli_io.iter_json_lines(text, "e.jsonl"))

    def test_json_lines_error(self):
        """A bad line is reported at its number."""
        with pytest.raises(ConfigError) as caught:
            list(_cli_io.iter_json_lines('{"a": 1}\n{"a": }\n', "e.jsonl"))
        assert "e.jsonl:2" == caught.value.path

    def test_csv(self):
        """Empty cells are dropped; blank records skipped; quoted newlines counted."""
        text = 'ticket,at,note\nT1,2026-01-01T00:00Z,\n,,\nT2,2026-01-02T00:00Z,"a\nb"\nT3,x,\n'
        rows = list(_cli_io.iter_csv(text, "e.csv"))
        assert [2, 5, 6] == [number for number, _ in rows]
        assert {"ticket": "T1", "at": "2026-01-01T00:00Z"} == rows[0][1]
        assert "a\nb" == rows[1][1]["note"]

    def test_csv_empty(self):
        """A file without a header is an error at line 1."""
        with pytest.raises(ConfigError, match=r"^e.csv:1: empty file"):
            list(_cli_io.iter_csv("", "e.csv"))

    def test_csv_too_many_cells(self):
        """A record longer than the header is reported at its line."""
        with pytest.raises(ConfigError, match=r"^e.csv:3: 3 cells but the header names 2"):
            list(_cli_io.iter_csv("a,b\n1,2\n1,2,3\n", "e.csv"))


@attrs.frozen
class _Stored:
    at: datetime

    def to_dict(self):
        return {"at": self.at}


class _Opaque:
    def __str__(self):
        return "opaque"


class TestOutput:
    """Results are written as plain JSON values and CSV cells."""

    def test_jsonable(self):
        """Datetimes, durations, dates, sets, values with to_dict and others become JSON."""
        at = datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)
        value = {
            "at": at,
            "day": at.date(),
            "clock": at.timetz().replace(tzinfo=None),
            "d": timedelta(minutes=90),
            "set": {"b", "a"},
            "tuple": (1, 2.5, None, True),
            "stored": _Stored(at),
            "other": _Opaque(),
        }
        assert {
            "at": "2026-01-02T03:04:00+00:00",
            "day": "2026-01-02",
            "clock": "03:04:00",
            "d": "PT1H30M",
            "set": ["a", "b"],
            "tuple": [1, 2.5, None, True],
            "stored": {"at": "2026-01-02T03:04:00+00:00"},
            "other": "opaque",
        } == _cli_io.jsonable(value)

    def test_write_json(self):
        """JSON output is indented UTF-8 with a final newline."""
        buf = io.StringIO()
        _cli_io.write_json({"name": "Müller"}, buf)
        assert '{\n  "name": "Müller"\n}\n' == buf.getvalue()

    def test_rows_json(self):
        """Rows as JSON are a list of objects."""
        buf = io.StringIO()
        _cli_io.write_rows([{"a": timedelta(hours=1)}], "json", buf)
        assert [{"a": "PT1H"}] == json.loads(buf.getvalue())

    def test_rows_csv_nested(self):
        """Nested values in a CSV cell are written as JSON."""
        buf = io.StringIO()
        _cli_io.write_rows([{"a": [1, 2], "b": {"c": 1}}], "csv", buf)
        assert 'a,b\r\n"[1, 2]","{""c"": 1}"\r\n' == buf.getvalue()


class TestFieldPrefix:
    """A value's place in its document is put in front of the field path."""

    def test_prefix(self):
        """The field of the value inside the document prefixes the error's path."""
        with pytest.raises(ConfigError) as caught, _cli_io.in_source("d.json", "calendar"):
            raise ConfigError("bad", "hours.mon[0]")
        assert "d.json: calendar.hours.mon[0]" == caught.value.path

    def test_prefix_other_error(self):
        """Other errors name the field too."""
        with pytest.raises(ConfigError) as caught, _cli_io.in_source("d.json", "team[1]"):
            raise UnknownTimeZoneError("Mars/Base", "timezone")
        assert "d.json: team[1]" == caught.value.path

    def test_rows_csv_instants_and_durations(self):
        """Instants and durations are written as ISO-8601 cells."""
        buf = io.StringIO()
        at = datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)
        _cli_io.write_rows([{"at": at, "d": timedelta(minutes=5), "n": 1.5}], "csv", buf)
        assert "at,d,n\r\n2026-01-02T03:04:00+00:00,PT5M,1.5\r\n" == buf.getvalue()
