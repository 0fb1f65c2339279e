"""Tests for the command's input and output helpers (servicekit.cli._io)."""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime, time, timedelta, timezone

import attrs
import pytest

from servicekit.cli import _io
from servicekit.exceptions import ConfigError, UnknownTimeZoneError

NEEDS_TOMLLIB = pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is Python 3.11+")


class TestReadText:
    """Files are read as UTF-8; problems name the file."""

    def test_reads_file(self, tmp_path):
        """A file's text comes back as it is."""
        path = tmp_path / "a.json"
        path.write_text("{}\n", encoding="utf-8")
        assert "{}\n" == _io.read_text(str(path))

    def test_stdin(self):
        """'-' reads the given standard input."""
        assert "x" == _io.read_text("-", io.StringIO("x"))

    def test_stdin_default(self, monkeypatch):
        """'-' reads sys.stdin when no stream is given."""
        monkeypatch.setattr(sys, "stdin", io.StringIO("from stdin"))
        assert "from stdin" == _io.read_text("-")

    def test_missing(self, tmp_path):
        """A missing file is a ConfigError naming it."""
        path = str(tmp_path / "nope.json")
        with pytest.raises(ConfigError) as caught:
            _io.read_text(path)
        assert f"{path}: no such file" == str(caught.value)

    def test_directory(self, tmp_path):
        """A directory cannot be read."""
        with pytest.raises(ConfigError, match="cannot read the file"):
            _io.read_text(str(tmp_path))

    def test_not_utf8(self, tmp_path):
        """Bytes that are not UTF-8 are reported with their position."""
        path = tmp_path / "latin.json"
        path.write_bytes(b'{"a": "\xe9"}')
        with pytest.raises(ConfigError, match=r"not UTF-8 text \(invalid continuation byte at"):
            _io.read_text(str(path))


class TestDocuments:
    """JSON and TOML syntax errors are reported as file:line."""

    def test_json_line(self):
        """The decoder's line and column are reported."""
        with pytest.raises(ConfigError) as caught:
            _io.parse_json('{\n  "a": 1,\n  "b" 2\n}', "desk.json")
        assert "desk.json:3" == caught.value.path
        assert "Expecting ':' delimiter (column 7)" == caught.value.msg

    @NEEDS_TOMLLIB
    def test_toml_line(self):
        """The line in tomllib's message is moved into the path, its message kept."""
        with pytest.raises(ConfigError) as caught:
            _io.parse_toml('a = 1\nb = "x\n', "desk.toml")
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

        monkeypatch.setattr(_io, "_tomllib", lambda: FakeToml)
        with pytest.raises(ConfigError) as caught:
            _io.parse_toml("", "x.toml")
        assert "x.toml: something odd" == str(caught.value)

    def test_toml_needs_python_311(self, monkeypatch):
        """Without tomllib (Python 3.10) the error says to use JSON or Python 3.11+."""
        monkeypatch.setitem(sys.modules, "tomllib", None)
        with pytest.raises(ConfigError) as caught:
            _io.parse_toml("a = 1", "desk.toml")
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
        assert {"timezone": "UTC"} == _io.load_document(str(toml))
        assert {"timezone": "UTC"} == _io.load_document(str(js))

    def test_load_stdin(self):
        """JSON from standard input is reported as <stdin>."""
        with pytest.raises(ConfigError, match=r"^<stdin>:1: "):
            _io.load_document("-", io.StringIO("{"))


class TestInSource:
    """Errors raised while building values from a file name the file."""

    def test_config_error_keeps_path(self):
        """A field path stays behind the file name."""
        with pytest.raises(ConfigError) as caught, _io.in_source("a.json"):
            raise ConfigError("bad", "x.y")
        assert "a.json: x.y" == caught.value.path

    def test_config_error_without_path(self):
        """An error without a path is reported at the file."""
        with pytest.raises(ConfigError) as caught, _io.in_source("a.json"):
            raise ConfigError("bad", "")
        assert "a.json: bad" == str(caught.value)

    def test_other_error(self):
        """Other servicekit errors keep their message behind the file name."""
        with pytest.raises(ConfigError) as caught, _io.in_source("a.json"):
            raise UnknownTimeZoneError("Mars/Base", "team[0].timezone")
        assert str(caught.value).startswith("a.json: team[0].timezone: unknown time zone")

    def test_type_error(self):
        """A wrong type in the file's data is reported like a bad value."""
        with pytest.raises(ConfigError) as caught, _io.in_source("a.json", "team[0]"):
            raise TypeError("preferred must be weekly hours, got list")
        assert "a.json: team[0]: preferred must be weekly hours, got list" == str(caught.value)

    def test_no_error(self):
        """Nothing happens when the block succeeds."""
        with _io.in_source("a.json"):
            value = 1
        assert 1 == value


class TestRequire:
    """Shape checks name the path of the bad value."""

    def test_mapping(self):
        """A list is not an object."""
        assert {"a": 1} == _io.require_mapping({"a": 1}, "x")
        with pytest.raises(ConfigError, match=r"^x: expected an object"):
            _io.require_mapping([], "x")

    def test_list(self):
        """An object is not a list."""
        assert [1] == _io.require_list([1], "x")
        with pytest.raises(ConfigError, match=r"^x: expected a list, got dict"):
            _io.require_list({}, "x")

    def test_str(self):
        """A number is not a string."""
        assert "a" == _io.require_str("a", "x")
        with pytest.raises(ConfigError, match=r"^x: expected a string, got 1"):
            _io.require_str(1, "x")

    def test_number(self):
        """Booleans and strings are not numbers; a minimum is enforced."""
        assert 2.0 == _io.require_number(2, "x", minimum=0)
        with pytest.raises(ConfigError, match="expected a number, got True"):
            _io.require_number(True, "x")
        with pytest.raises(ConfigError, match="expected a number, got '2'"):
            _io.require_number("2", "x")
        with pytest.raises(ConfigError, match="must be at least 0, got -1"):
            _io.require_number(-1, "x", minimum=0)

    def test_instant_and_duration(self):
        """ISO-8601 values are parsed with the path in errors."""
        assert datetime(2026, 1, 1, tzinfo=timezone.utc) == _io.instant("2026-01-01T00:00Z", "t")
        assert timedelta(hours=4) == _io.duration("PT4H", "d")
        with pytest.raises(ConfigError, match=r"^t: "):
            _io.instant("2026-01-01T00:00", "t")


class TestRecords:
    """JSON lines and CSV records carry their line numbers."""

    def test_json_lines(self):
        """Blank lines are skipped; numbers count every line."""
        text = '{"a": 1}\n\n{"a": 2}\n'
        assert [(1, {"a": 1}), (3, {"a": 2})] == list(_io.iter_json_lines(text, "e.jsonl"))

    def test_json_lines_error(self):
        """A bad line is reported at its number."""
        with pytest.raises(ConfigError) as caught:
            list(_io.iter_json_lines('{"a": 1}\n{"a": }\n', "e.jsonl"))
        assert "e.jsonl:2" == caught.value.path

    def test_csv(self):
        """Empty cells are dropped; blank records skipped; quoted newlines counted."""
        text = 'ticket,at,note\nT1,2026-01-01T00:00Z,\n,,\nT2,2026-01-02T00:00Z,"a\nb"\nT3,x,\n'
        rows = list(_io.iter_csv(text, "e.csv"))
        assert [2, 5, 6] == [number for number, _ in rows]
        assert {"ticket": "T1", "at": "2026-01-01T00:00Z"} == rows[0][1]
        assert "a\nb" == rows[1][1]["note"]

    def test_csv_empty(self):
        """A file without a header is an error at line 1."""
        with pytest.raises(ConfigError, match=r"^e.csv:1: empty file"):
            list(_io.iter_csv("", "e.csv"))

    def test_csv_too_many_cells(self):
        """A record longer than the header is reported at its line."""
        with pytest.raises(ConfigError, match=r"^e.csv:3: 3 cells but the header names 2"):
            list(_io.iter_csv("a,b\n1,2\n1,2,3\n", "e.csv"))


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
        } == _io.jsonable(value)

    def test_write_json(self):
        """JSON output is indented UTF-8 with a final newline."""
        buf = io.StringIO()
        _io.write_json({"name": "Müller"}, buf)
        assert '{\n  "name": "Müller"\n}\n' == buf.getvalue()

    def test_rows_json(self):
        """Rows as JSON are a list of objects."""
        buf = io.StringIO()
        _io.write_rows([{"a": timedelta(hours=1)}], "json", buf)
        assert [{"a": "PT1H"}] == json.loads(buf.getvalue())

    def test_rows_csv_nested(self):
        """Nested values in a CSV cell are written as JSON."""
        buf = io.StringIO()
        _io.write_rows([{"a": [1, 2], "b": {"c": 1}}], "csv", buf)
        assert 'a,b\r\n"[1, 2]","{""c"": 1}"\r\n' == buf.getvalue()


class TestFieldPrefix:
    """A value's place in its document is put in front of the field path."""

    def test_prefix(self):
        """The field of the value inside the document prefixes the error's path."""
        with pytest.raises(ConfigError) as caught, _io.in_source("d.json", "calendar"):
            raise ConfigError("bad", "hours.mon[0]")
        assert "d.json: calendar.hours.mon[0]" == caught.value.path

    def test_prefix_other_error(self):
        """Other errors name the field too."""
        with pytest.raises(ConfigError) as caught, _io.in_source("d.json", "team[1]"):
            raise UnknownTimeZoneError("Mars/Base", "timezone")
        assert "d.json: team[1]" == caught.value.path

    def test_rows_csv_instants_and_durations(self):
        """Instants and durations are written as ISO-8601 cells."""
        buf = io.StringIO()
        at = datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)
        _io.write_rows([{"at": at, "d": timedelta(minutes=5), "n": 1.5}], "csv", buf)
        assert "at,d,n\r\n2026-01-02T03:04:00+00:00,PT5M,1.5\r\n" == buf.getvalue()


LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /dev and /proc")


class TestInputLimit:
    """Inputs are read up to a documented size limit, then refused cleanly."""

    def test_default(self, monkeypatch):
        """Without SERVICEKIT_MAX_INPUT the limit is 256 MiB."""
        monkeypatch.delenv(_io.MAX_INPUT_ENV, raising=False)
        assert 256 * 1024**2 == _io.max_input_bytes()

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [("1000", 1000), ("2k", 2048), ("512M", 512 * 1024**2), (" 1G", 1024**3)],
    )
    def test_variable(self, monkeypatch, raw, expected):
        """The variable takes bytes or a number with K, M or G."""
        monkeypatch.setenv(_io.MAX_INPUT_ENV, raw)
        assert expected == _io.max_input_bytes()

    @pytest.mark.parametrize("raw", ["lots", "0", "1T", "-5"])
    def test_bad_variable(self, monkeypatch, raw):
        """A value that is no size is a ConfigError naming the variable."""
        monkeypatch.setenv(_io.MAX_INPUT_ENV, raw)
        with pytest.raises(ConfigError) as caught:
            _io.max_input_bytes()
        assert "SERVICEKIT_MAX_INPUT" == caught.value.path

    @LINUX
    @pytest.mark.timeout(60)
    def test_dev_zero_whole(self, monkeypatch):
        """/dev/zero (endless) stops at the limit instead of exhausting memory."""
        monkeypatch.setenv(_io.MAX_INPUT_ENV, "1K")
        with pytest.raises(ConfigError, match=r"^/dev/zero: larger than the input limit of 1,024"):
            _io.read_text("/dev/zero")

    @LINUX
    @pytest.mark.timeout(60)
    def test_dev_zero_lines(self, monkeypatch):
        """Read line by line, an endless line stops at the limit too."""
        monkeypatch.setenv(_io.MAX_INPUT_ENV, "1K")
        with pytest.raises(ConfigError, match="larger than the input limit"):
            list(_io.iter_lines("/dev/zero"))

    def test_lines_total(self, tmp_path, monkeypatch):
        """Many short lines count against the limit together."""
        path = tmp_path / "e.jsonl"
        path.write_text("{}\n" * 100, encoding="utf-8")
        monkeypatch.setenv(_io.MAX_INPUT_ENV, "30")
        lines = _io.iter_lines(str(path))
        assert "{}\n" == next(lines)
        with pytest.raises(ConfigError, match="larger than the input limit of 30 bytes"):
            list(lines)

    def test_exactly_the_limit(self, tmp_path, monkeypatch):
        """A file of exactly the limit is read."""
        path = tmp_path / "a.txt"
        path.write_bytes(b"x" * 10)
        monkeypatch.setenv(_io.MAX_INPUT_ENV, "10")
        assert "x" * 10 == _io.read_text(str(path))
        assert ["x" * 10] == list(_io.iter_lines(str(path)))

    @LINUX
    def test_read_error(self):
        """A failing read (an I/O error) is a ConfigError naming the file."""
        with pytest.raises(ConfigError, match=r"^/proc/self/mem: cannot read the file"):
            _io.read_text("/proc/self/mem")

    def test_missing_lines(self, tmp_path):
        """A missing file read line by line is reported when reading starts."""
        with pytest.raises(ConfigError, match="no such file"):
            list(_io.iter_lines(str(tmp_path / "nope.jsonl")))

    def test_stdin_bytes(self):
        """Standard input is read as bytes when it has a buffer."""
        stream = io.TextIOWrapper(io.BytesIO("\ufeffa\nb\n".encode()), encoding="utf-8")
        assert ["a\n", "b\n"] == list(_io.iter_lines("-", stream))

    def test_bad_utf8_line(self, tmp_path):
        """A line that is not UTF-8 is reported at its number."""
        path = tmp_path / "e.csv"
        path.write_bytes(b"a,b\n1,2\n\xff,3\n")
        with pytest.raises(ConfigError) as caught:
            list(_io.iter_lines(str(path)))
        assert str(path) + ":3" == caught.value.path

    def test_bad_utf8_whole(self, tmp_path):
        """A whole document that is not UTF-8 names the line of the bad byte."""
        path = tmp_path / "a.json"
        path.write_bytes(b'{\n"a":\n"\xe9"}')
        with pytest.raises(ConfigError) as caught:
            _io.read_text(str(path))
        assert str(path) + ":3" == caught.value.path


class TestByteOrderMark:
    """Excel's "CSV UTF-8" starts with a byte-order mark; it is dropped."""

    def test_whole(self, tmp_path):
        """read_text drops the mark."""
        path = tmp_path / "a.json"
        path.write_bytes(b'\xef\xbb\xbf{"a": 1}')
        assert {"a": 1} == _io.load_document(str(path))

    def test_csv(self, tmp_path):
        """The first header cell is 'ticket', without the mark in front."""
        path = tmp_path / "e.csv"
        path.write_text("ticket,at\nT-1,x\n", encoding="utf-8-sig")
        rows = list(_io.iter_csv(_io.iter_lines(str(path)), "e.csv"))
        assert [(2, {"ticket": "T-1", "at": "x"})] == rows

    def test_only_the_first(self, tmp_path):
        """A mark later in the file is text and is kept."""
        path = tmp_path / "a.txt"
        path.write_bytes(b"\xef\xbb\xbfa\n\xef\xbb\xbfb\n")
        assert ["a\n", "\ufeffb\n"] == list(_io.iter_lines(str(path)))


class TestJsonChecks:
    """Duplicate keys, deep nesting and out-of-range numbers are clean errors."""

    def test_duplicate_key(self):
        """A key given twice in one object names the key and its second line."""
        with pytest.raises(ConfigError) as caught:
            _io.parse_json('{\n"a": 1,\n"b": {"a": 2},\n"a": 3\n}', "d.json")
        assert "d.json:4" == caught.value.path
        assert "duplicate key 'a'; give each key once" == caught.value.msg

    def test_duplicate_escaped(self):
        """Keys are compared after decoding escapes."""
        with pytest.raises(ConfigError, match=r"^d.json:1: duplicate key 'a'"):
            _io.parse_json('{"a": 1, "\\u0061": 2}', "d.json")

    def test_duplicate_long_key_shortened(self):
        """A long key is shortened in the message."""
        key = "k" * 100
        with pytest.raises(ConfigError) as caught:
            _io.parse_json(json.dumps({key: 1})[:-1] + f', "{key}": 2}}', "d.json")
        assert "k" * 39 + "…" in caught.value.msg
        assert key not in caught.value.msg

    def test_duplicate_json_lines(self):
        """In JSON lines the record's line is reported."""
        with pytest.raises(ConfigError) as caught:
            list(_io.iter_json_lines('{}\n{"a": 1, "a": 2}\n', "e.jsonl"))
        assert "e.jsonl:2" == caught.value.path

    def test_same_key_in_other_objects(self):
        """The same key in sibling and nested objects is fine."""
        value = _io.parse_json('[{"a": 1}, {"a": {"a": 2}}]', "d.json")
        assert [{"a": 1}, {"a": {"a": 2}}] == value

    @pytest.mark.timeout(60)
    def test_recursion(self):
        """Nesting the decoder cannot follow is reported at its line, not a traceback."""
        text = '{"a": 1,\n"b":\n' + "[" * 100_000 + "]" * 100_000 + "}"
        with pytest.raises(ConfigError) as caught:
            _io.parse_json(text, "d.json")
        assert "d.json:3" == caught.value.path
        assert "nested deeper than 100 levels of arrays and objects" == caught.value.msg

    def test_depth_limit(self):
        """101 levels are refused at their line, 100 are read."""
        assert _io.parse_json("[" * 100 + "]" * 100, "d.json") is not None
        with pytest.raises(ConfigError, match=r"^d.json:2: nested deeper than 100"):
            _io.parse_json('{"a":\n' + "[" * 100 + "]" * 100 + "}", "d.json")

    def test_depth_json_lines(self):
        """In JSON lines the record's line is reported."""
        with pytest.raises(ConfigError) as caught:
            list(_io.iter_json_lines("{}\n" + "[" * 101 + "]" * 101, "e.jsonl"))
        assert "e.jsonl:2" == caught.value.path

    def test_line_of_without_finding(self):
        """The locator falls back to line 1."""
        assert 1 == _io._line_of("[]", duplicate=False)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ('{"a": [1, %s]}' % ("9" * 5000), "a number with 5,000 digits is out of range"),
            ('{"a": [1, %s]}' % (10**400), "a number with 401 digits is out of range"),
            ('{"a": [1, -%s]}' % ("2" * 309), "a number with 309 digits is out of range"),
            ('{"a": [1, 1e400]}', "inf is not a finite number"),
            ('{"a": [1, NaN]}', "nan is not a finite number"),
            ('{"a": [1, -Infinity]}', "-inf is not a finite number"),
        ],
    )
    def test_numbers(self, text, message):
        """Numbers beyond a double's range are refused with their field path."""
        with pytest.raises(ConfigError) as caught:
            _io.parse_json(text, "d.json")
        assert "d.json: a[1]" == caught.value.path
        assert caught.value.msg.startswith(message)

    def test_number_at_the_root(self):
        """A document that is one bad number is reported at the file."""
        with pytest.raises(ConfigError, match=r"^d.json: inf is not"):
            _io.parse_json("1e999", "d.json")

    def test_largest_numbers_are_read(self):
        """Numbers up to the largest double are kept."""
        big = int(sys.float_info.max)
        assert [big, 1.7e308, -big] == _io.parse_json(f"[{big}, 1.7e308, -{big}]", "d.json")

    def test_number_json_lines(self):
        """A JSON-lines record names its line and field."""
        with pytest.raises(ConfigError) as caught:
            list(_io.iter_json_lines('{"ticket": %s}' % ("1" * 5000), "e.jsonl"))
        assert "e.jsonl:1: ticket" == caught.value.path

    def test_check_values_tuple_and_mapping(self):
        """check_values walks lists, tuples and mappings; scalars pass."""
        _io.check_values({"a": (1, [2.5, {"b": None}])}, "x")
        _io.check_values("text", "x")
        with pytest.raises(ConfigError, match=r"^x: a\[0\]\.b: a number with 400 digits"):
            _io.check_values({"a": ({"b": 10**399},)}, "x")
        with pytest.raises(ConfigError, match=r"^x: nested deeper than 100"):
            _io.check_values(json.loads("[" * 101 + "]" * 101), "x")


@NEEDS_TOMLLIB
class TestTomlChecks:
    """TOML documents are checked like JSON ones."""

    def test_deep(self):
        """Nesting tomllib cannot follow is a ConfigError."""
        with pytest.raises(ConfigError, match=r"^d.toml: nested deeper"):
            _io.parse_toml("a = " + "[" * 5000 + "]" * 5000, "d.toml")

    def test_long_integer(self):
        """An integer past Python's conversion limit is a ConfigError."""
        with pytest.raises(ConfigError, match=r"^d.toml: a number is out of range"):
            _io.parse_toml("a = " + "1" * 5000, "d.toml")

    def test_dates_and_instants(self):
        """TOML's unquoted dates and date-times are bounded like quoted ones."""
        with pytest.raises(ConfigError, match=r"^d.toml: a: '0001-01-01' is out of range"):
            _io.parse_toml("a = 0001-01-01\n", "d.toml")
        with pytest.raises(ConfigError, match=r"^d.toml: b: '9999-12-31T23:59:59\+00:00' is out"):
            _io.parse_toml("b = 9999-12-31T23:59:59Z\n", "d.toml")
        assert {"c": time(9)} == _io.parse_toml("c = 09:00:00\n", "d.toml")

    def test_out_of_range_values(self):
        """inf, nan and integers beyond a double are refused with their path."""
        with pytest.raises(ConfigError, match=r"^d.toml: b.c: inf is not a finite"):
            _io.parse_toml("[b]\nc = inf\n", "d.toml")
        with pytest.raises(ConfigError, match=r"^d.toml: a: a number with 400 digits"):
            _io.parse_toml("a = " + "1" * 400, "d.toml")


class TestCsvErrors:
    """What the CSV reader refuses is reported at its line."""

    def test_field_limit(self):
        """A cell over the csv module's field limit is a ConfigError, not csv.Error."""
        text = 'a,b\n1,"' + "x" * 200_000 + '"\n'
        with pytest.raises(ConfigError, match=r"^e.csv:2: field larger than field limit"):
            list(_io.iter_csv(text, "e.csv"))

    def test_field_limit_in_header(self):
        """The same in the header line."""
        with pytest.raises(ConfigError, match=r"^e.csv:1: field larger"):
            list(_io.iter_csv('"' + "x" * 200_000 + '"\n', "e.csv"))

    def test_lines(self):
        """Lines from a file give the same records as its text."""
        text = 'a,b\n1,"x\ny"\n2,3\n'
        assert list(_io.iter_csv(text, "e.csv")) == list(
            _io.iter_csv(text.splitlines(keepends=True), "e.csv")
        )


class TestBounds:
    """Durations and instants the command reads have documented bounds."""

    @pytest.mark.parametrize(
        "text", ["PT99999999999999999999H", "P99999999999999999999D", "P36526D", "P5218W"]
    )
    def test_duration_too_long(self, text):
        """Longer than 100 years is a ConfigError, never an OverflowError."""
        with pytest.raises(ConfigError, match=r"^--within: .* is too long; durations may be"):
            _io.duration(text, "--within")

    def test_duration_not_text(self):
        """A value that is no string is refused by the parser."""
        with pytest.raises(ConfigError, match="expected an ISO-8601 duration string"):
            _io.duration(5, "stuck_after")

    def test_duration_limit_kept(self):
        """100 years are accepted."""
        assert timedelta(days=36_525) == _io.duration("P36525D", "x")

    def test_duration_at_least(self):
        """at_least refuses shorter durations (by absolute value)."""
        assert timedelta(minutes=1) == _io.duration("PT1M", "x", at_least=timedelta(minutes=1))
        with pytest.raises(ConfigError, match="too short; give at least PT1M"):
            _io.duration("-PT30S", "x", at_least=timedelta(minutes=1))

    @pytest.mark.parametrize(
        "text",
        [
            "0001-01-01T00:00:00+00:00",
            "9999-12-31T23:59:59+00:00",
            "0001-01-01T00:00:00+05:00",
            "9999-12-31T23:59:59-05:00",
        ],
    )
    def test_instant_out_of_range(self, text):
        """Instants near datetime's limits are refused."""
        with pytest.raises(ConfigError, match="instants must lie in the years 1000 to 8999"):
            _io.instant(text, "--now")

    def test_instant_edges(self):
        """The first and last instants of the range are accepted."""
        assert _io.EARLIEST == _io.instant("1000-01-01T00:00:00Z", "x")
        assert _io.LATEST == _io.instant("8999-12-31T23:59:59Z", "x")


def test_write_rows_columns_without_rows():
    """Given columns, an empty table still has its header."""
    buf = io.StringIO()
    _io.write_rows([], "csv", buf, columns=("a", "b"))
    assert "a,b\r\n" == buf.getvalue()
    buf = io.StringIO()
    _io.write_rows([{"c": 1, "a": 2}], "csv", buf, columns=("a", "b"))
    assert "a,b,c\r\n2,,1\r\n" == buf.getvalue()


class TestValueBounds:
    """Durations, dates and instants written in a document are bounded where they are."""

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("PT99999999999999999999H", "is too long; durations may be at most 100 years"),
            ("-P36526D", "is too long; durations may be at most 100 years"),
            ("0001-01-01", "dates must lie in the years 1000 to 8999"),
            ("9999-12-31", "dates must lie in the years 1000 to 8999"),
            ("0001-01-01T00:00:00+00:00", "instants must lie in the years 1000 to 8999"),
            ("9999-12-31T23:59:59Z", "instants must lie in the years 1000 to 8999"),
        ],
    )
    def test_refused(self, value, message):
        """Values that would make date arithmetic leave the calendar name their field."""
        with pytest.raises(ConfigError) as caught:
            _io.parse_json(json.dumps({"a": {"b": [value]}}), "d.json")
        assert "d.json: a.b[0]" == caught.value.path
        assert message in caught.value.msg

    @pytest.mark.parametrize(
        "value",
        [
            "P36525D",
            "PT4H",
            "P",
            "Pizza",
            "1000-01-01",
            "8999-12-31",
            "2026-11-23T10:30:00+01:00",
            "2026-11-23T10:30:00",  # naive: the field's reader refuses it
            "2026-13-40T10:30:00Z",  # not a date: the field's reader refuses it
            "Dear Ana",
        ],
    )
    def test_kept(self, value):
        """Everything else is left to the field's own reader."""
        assert {"a": value} == _io.parse_json(json.dumps({"a": value}), "d.json")
