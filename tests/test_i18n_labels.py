"""Display names of identifiers: the lookup order, team names, and the labels catalog."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import servicekit
from servicekit import cli, i18n
from servicekit.channels._models import _KINDS as CHANNEL_KINDS
from servicekit.exceptions import ConfigError
from servicekit.i18n import DisplayNames, DisplayNamesFor, display_name, names_from_dict
from servicekit.onboarding import Flow, flows
from servicekit.replies._lexicon import _DETECTOR_SEVERITY, _PATTERN_RULES
from servicekit.replies._model import HANDLINGS, SEVERITIES, TONES
from servicekit.replies._triage import WEIGHTS
from servicekit.sla._events import STATUSES
from servicekit.sla._statuses import STATUS_METRICS

LOCALES = Path(servicekit.__file__).parent / "i18n" / "locales"


def _catalog(language: str) -> dict[tuple[str, str], str]:
    with (LOCALES / language / "LC_MESSAGES" / "labels.po").open("rb") as fp:
        return {(str(m.context), str(m.id)): str(m.string) for m in read_po(fp) if m.id}


def _builtin() -> set[tuple[str, str]]:
    """Every identifier servicekit itself defines, by kind (read from the code)."""
    found = {("channel", kind) for kind in CHANNEL_KINDS} | {("channel", "self-help")}
    found |= {("ticket_status", status) for status in STATUSES}
    found |= {("metric", metric) for metric in (*STATUS_METRICS, "first_reply", "next_reply")}
    found |= {("rule", rule[0]) for rule in _PATTERN_RULES} | {
        ("rule", rule) for rule in _DETECTOR_SEVERITY
    }
    found |= {("severity", s) for s in SEVERITIES} | {("tone", t) for t in TONES}
    found |= {("handling", h) for h in HANDLINGS} | {("evidence", e) for e in (*WEIGHTS, "wording")}
    for name in ("investment", "complaint", "downline_member"):
        flow = getattr(flows, name)()
        found.add(("flow", flow.name))
        found |= {("state", s.name) for s in flow.states}
        found |= {("event", t.event) for t in flow.transitions}
        found |= {("claim", c.name) for c in flow.claims}
    return found


class TestCatalog:
    """The labels catalog names every built-in identifier in every language."""

    @pytest.mark.parametrize("language", i18n.SUPPORTED_LANGUAGES)
    def test_complete(self, language):
        """Each built-in identifier has a non-empty display name."""
        names = _catalog(language)
        missing = sorted(key for key in _builtin() if not names.get(key))
        assert [] == missing

    @pytest.mark.parametrize("language", i18n.SUPPORTED_LANGUAGES)
    def test_same_entries_in_every_language(self, language):
        """No language has an entry the English catalog lacks, or the other way round."""
        assert set(_catalog("en")) == set(_catalog(language))

    def test_kinds_are_known(self):
        """Every msgctxt is one of LABEL_KINDS."""
        assert {kind for kind, _ in _catalog("en")} <= set(i18n.LABEL_KINDS)

    @pytest.mark.parametrize("language", ["de", "it", "ru"])
    def test_no_snake_case_shown(self, language):
        """No display name is itself an identifier with an underscore."""
        assert [] == [name for name in _catalog(language).values() if "_" in name]

    @pytest.mark.parametrize("language", i18n.SUPPORTED_LANGUAGES)
    def test_typography(self, language):
        """Quotes, dashes and apostrophes are the language's own, as in the other catalogs."""
        from test_catalogs import TYPOGRAPHY  # noqa: PLC0415 - the one list of the rules

        wrong = TYPOGRAPHY[language]
        found = [name for name in _catalog(language).values() if any(g in name for g in wrong)]
        assert [] == found

    def test_russian_plural_header(self):
        """The Russian labels catalog declares Russian's three plural forms."""
        text = (LOCALES / "ru" / "LC_MESSAGES" / "labels.po").read_text(encoding="utf-8")
        assert "nplurals=3;" in text


class TestDisplayName:
    """display_name's lookup order."""

    def test_catalog(self):
        """Built-in identifiers read as their catalog names."""
        assert "Self-Service" == display_name("channel", "self_help", "de")
        assert "срочный" == display_name("priority", "urgent", "ru")
        assert "pacchetto scelto" == display_name("state", "package_chosen", "it")
        assert "package chosen" == display_name("state", "package_chosen", "en")

    def test_regional_locale_reads_the_language(self):
        """de_AT reads the German names; de_CH writes ss for ß."""
        assert "begrüßt" == display_name("state", "welcomed", "de-AT")
        assert "begrüsst" == display_name("state", "welcomed", "de_CH")

    def test_unknown_identifier_is_humanised(self):
        """An identifier without a name reads with spaces for underscores."""
        assert "awaiting vendor" == display_name("ticket_status", "awaiting__vendor", "ru")
        assert "no-slang" == display_name("rule", "no-slang", "de")
        assert "___" == display_name("state", "___", "de")

    def test_kind_selects_the_name(self):
        """The same identifier reads per kind: 'closed' ticket vs 'closed' step."""
        assert "geschlossen" == display_name("ticket_status", "closed", "de")
        assert "abgeschlossen" == display_name("state", "closed", "de")

    def test_team_names_first(self):
        """The team's name for the locale, then its language, beats the catalog."""
        names = {"de-AT": "Ausweis geprüft", "de": "Verifiziert", "en": "Checked"}
        assert "Ausweis geprüft" == display_name("state", "verified", "de_AT", names)
        assert "Verifiziert" == display_name("state", "verified", "de-CH", names)

    def test_catalog_before_team_english(self):
        """Without a team name in the language, the catalog's name comes first..."""
        names = {"en": "Checked"}
        assert "identità verificata" == display_name("state", "verified", "it", names)

    def test_team_english_before_identifier(self):
        """...and the team's English name before the humanised identifier."""
        names = {"en": "Documents checked"}
        assert "Documents checked" == display_name("state", "docs_ok", "ru", names)

    def test_overrides_from_display_names(self):
        """What DisplayNames.get returns works as overrides."""
        got = DisplayNamesFor((("it", "verificato"),))
        assert "verificato" == display_name("state", "verified", "it", got)

    def test_bad_kind(self):
        """An unknown kind is a ValueError naming the kinds."""
        with pytest.raises(ValueError, match="unknown label kind 'step'"):
            display_name("step", "verified", "de")

    def test_bad_types(self):
        """Wrong types are TypeErrors."""
        with pytest.raises(TypeError, match="identifier must be a string"):
            display_name("state", 3, "de")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="overrides must be a mapping"):
            display_name("state", "x", "de", ["de"])  # type: ignore[arg-type]


class TestNamesFromDict:
    """One identifier's names per language."""

    def test_negotiated_and_sorted(self):
        """Tags are negotiated; pairs come sorted."""
        assert (("de_AT", "B"), ("ru", "A")) == names_from_dict({"ru": "A", "DE-at": "B"}, "x")

    @pytest.mark.parametrize(
        ("data", "path", "message"),
        [
            ({"fr": "Vérifié"}, "label.fr", "unsupported language 'fr'"),
            ({"de": ""}, "label.de", "1 to 200 printable characters"),
            ({"de": "a\nb"}, "label.de", "remove line breaks"),
            ({"de": "x" * 201}, "label.de", "got 201 characters"),
            ({"de": 3}, "label.de", "got int"),
            ({"de-AT": "A", "de_AT": "B"}, "label.de_AT", "given twice"),
        ],
    )
    def test_problems(self, data, path, message):
        """Each bad entry is a ConfigError at its tag."""
        with pytest.raises(ConfigError, match=message) as caught:
            names_from_dict(data, "label")
        assert path == caught.value.path

    def test_not_a_mapping(self):
        """A value that is not a mapping is a TypeError."""
        with pytest.raises(TypeError, match="label must be a mapping"):
            names_from_dict(["de"], "label")


DOC = {
    "states": {"verified": {"de": "Verifiziert", "it": "Verificato"}},
    "events": {"top_up": {"ru": "пополнение"}},
    "flows": {"investment": {"en": "Savings plan"}},
}


class TestDisplayNames:
    """A team's names for many identifiers."""

    def test_round_trip(self):
        """to_dict gives back the document; equal documents give equal values."""
        names = DisplayNames.from_dict(DOC)
        assert DOC == names.to_dict()
        assert names == DisplayNames.from_dict(json.loads(json.dumps(DOC)))
        assert names

    def test_lookup(self):
        """name() uses the team's names, then the catalog."""
        names = DisplayNames.from_dict(DOC)
        assert "Verifiziert" == names.name("state", "verified", "de")
        assert "личность подтверждена" == names.name("state", "verified", "ru")
        assert "Savings plan" == names.name("flow", "investment", "en")
        assert "Geldanlage" == names.name("flow", "investment", "de")
        assert names.get("event", "top_up") == DisplayNamesFor((("ru", "пополнение"),))
        assert names.get("state", "funded") is None

    def test_empty(self):
        """No names: falsy, an empty document."""
        assert not DisplayNames()
        assert {} == DisplayNames().to_dict()

    def test_every_problem_at_once(self):
        """Problems are collected, each with its path."""
        doc = {
            "steps": {},
            "states": {"verified": {"fr": "x"}, "funded": "Aufgeladen", "ok": {"de": "ok"}},
            "events": [],
            3: {},
        }
        with pytest.raises(ConfigError, match="5 problems") as caught:
            DisplayNames.from_dict(doc)
        assert [
            "labels.steps",
            "labels.states.verified.fr",
            "labels.states.funded",
            "labels.events",
            "labels.3",
        ] == [p.path for p in caught.value.problems]

    def test_one_problem(self):
        """A single problem is raised as itself, with .problems too."""
        with pytest.raises(ConfigError) as caught:
            DisplayNames.from_dict({"states": {"a": {"xx": "y"}}})
        assert "labels.states.a.xx" == caught.value.path
        assert (caught.value.path,) == tuple(p.path for p in caught.value.problems)

    def test_not_a_mapping(self):
        """The document itself must be a mapping."""
        with pytest.raises(TypeError, match="labels must be a mapping"):
            DisplayNames.from_dict([])

    def test_entries_checked(self):
        """Built directly, entries must have the right shape."""
        with pytest.raises(TypeError, match="entries must be a tuple"):
            DisplayNames([])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="each entry must be"):
            DisplayNames((("step", "a", ()),))


class TestFlowLabels:
    """A flow carries its own display names, as an optional 'labels' key."""

    def _document(self) -> dict:
        data = flows.investment().to_dict()
        data["labels"] = {
            "states": {"verified": {"de": "Ausweis geprüft"}},
            "claims": {"owns_shares": {"it": "ha le quote"}},
            "flows": {"investment": {"de": "Sparplan"}},
        }
        return data

    def test_round_trip(self):
        """from_dict keeps the labels; to_dict writes them back."""
        data = self._document()
        base = flows.investment()
        flow = Flow.from_dict(data, guards=base.guards, effects=base.effects)
        assert data["labels"] == flow.to_dict()["labels"]
        assert "Ausweis geprüft" == flow.labels.name("state", "verified", "de")

    def test_without_labels(self):
        """A flow without labels writes no 'labels' key."""
        assert "labels" not in flows.complaint().to_dict()
        assert not flows.complaint().labels

    def test_problems_are_the_flows(self):
        """Bad labels are problems of the flow, with the rest of them."""
        data = self._document()
        data["labels"] = {"states": {"verified": {"fr": "vérifié"}}}
        data["version"] = "one"
        with pytest.raises(ConfigError) as caught:
            Flow.from_dict(data, guards=flows.investment().guards)
        paths = {p.path for p in caught.value.problems}
        assert {"labels.states.verified.fr", "version"} <= paths

    def test_labels_name_what_the_flow_has(self):
        """A label for a state, event, claim or flow the flow lacks is a problem, each one."""
        data = self._document()
        data["labels"] = {
            "flows": {"investmnt": {"de": "Sparplan"}},
            "states": {"verified": {"de": "ok"}, "verifed": {"de": "x"}, "gone": {"it": "y"}},
            "events": {"top_up": {"de": "Aufladen"}, "topup": {"de": "z"}},
            "claims": {"owns_share": {"ru": "w"}},
            "channels": {"phone": {"de": "Telefon"}, "chat": {"de": "Chat"}},
        }
        base = flows.investment()
        with pytest.raises(ConfigError) as caught:
            Flow.from_dict(data, guards=base.guards, effects=base.effects)
        problems = {p.path: p.msg for p in caught.value.problems}
        assert {
            "labels.flows.investmnt",
            "labels.states.verifed",
            "labels.states.gone",
            "labels.events.topup",
            "labels.claims.owns_share",
            "labels.channels",
        } == set(problems)
        assert problems["labels.states.verifed"].startswith(
            "unknown state 'verifed'; expected one of 'registered', "
        )
        assert problems["labels.states.verifed"].endswith("'withdrawn', or remove the label")
        assert problems["labels.events.topup"].endswith(" and 1 more, or remove the label")
        assert "expected one of 'investment', or remove" in problems["labels.flows.investmnt"]
        assert "expected one of flows, states, events, claims" in problems["labels.channels"]

    def test_nested_states_and_timer_events(self):
        """Nested states and the events timers fire may be named; a flow without claims says so."""
        data = {
            "name": "kyc",
            "version": 1,
            "states": [
                {
                    "name": "checking",
                    "initial": "docs",
                    "states": [{"name": "docs", "timers": [{"name": "t", "after": "P1D",
                                                             "event": "remind"}]}],
                },
                {"name": "done", "final": True},
            ],
            "transitions": [
                {"source": "docs", "event": "remind", "target": "docs"},
                {"source": "checking", "event": "ok", "target": "done"},
            ],
            "labels": {"states": {"docs": {"de": "Unterlagen"}}, "events": {"remind": {"de": "E"}}},
        }  # fmt: skip
        assert "Unterlagen" == Flow.from_dict(data).labels.name("state", "docs", "de")
        data["labels"] = {"claims": {"verified": {"de": "x"}}}
        with pytest.raises(ConfigError, match="the flow has no claims; remove the label") as caught:
            Flow.from_dict(data)
        assert ["labels.claims.verified"] == [p.path for p in caught.value.problems]

    def test_broken_part_is_not_checked_again(self):
        """When the states have problems of their own, state labels add none."""
        data = self._document()
        data["states"][1] = {"final": True}  # a state without a name
        with pytest.raises(ConfigError) as caught:
            Flow.from_dict(data, guards=flows.investment().guards)
        paths = {p.path for p in caught.value.problems}
        assert "states[1].name" in paths
        assert not any(path.startswith("labels.") for path in paths)

    def test_labels_not_a_mapping(self):
        """'labels' must be a mapping."""
        data = self._document()
        data["labels"] = ["x"]
        with pytest.raises(ConfigError) as caught:
            Flow.from_dict(data, guards=flows.investment().guards)
        assert "labels" in {p.path for p in caught.value.problems}

    def test_constructor_takes_the_document(self):
        """Flow(..., labels=<document>) reads the document."""
        base = flows.downline_member()
        flow = Flow(
            base.name,
            base.version,
            states=base.states,
            transitions=base.transitions,
            guards=base.guards,
            labels={"states": {"active": {"ru": "в команде"}}},
        )
        assert "в команде" == flow.labels.name("state", "active", "ru")

    def test_funnel_shows_the_flows_labels(self, tmp_path):
        """The CLI funnel of a flow file shows its own names."""
        flow_file = tmp_path / "flow.json"
        data = flows.downline_member().to_dict()
        data["labels"] = {
            "states": {"invited": {"de": "Einladung raus"}},
            "flows": {"downline_member": {"de": "Neue Partner"}},
        }
        flow_file.write_text(json.dumps(data), encoding="utf-8")
        journeys = tmp_path / "journeys.json"
        journeys.write_text(
            json.dumps({"journeys": [{"id": "P-1", "started_at": "2026-11-02T10:00:00+01:00"}]}),
            encoding="utf-8",
        )
        out = io.StringIO()
        argv = ["onboarding", "funnel", str(flow_file), str(journeys), "--now"]
        assert 0 == cli.main([*argv, "2026-11-23T10:30:00+01:00", "--locale", "de"], out=out)
        text = out.getvalue()
        assert "Ablauf „Neue Partner“" in text
        assert "Einladung raus" in text
        assert "begrüßt" in text  # a state without a team name: the catalog's


class TestCommandLine:
    """Dates and words of the commands in the reader's language and the desk's zone."""

    def run(self, *argv: str) -> str:
        """Run the command in-process."""
        out = io.StringIO()
        assert 0 == cli.main(list(argv), out=out)
        return out.getvalue()

    def test_funnel_since_in_the_desks_zone(self):
        """A scenario's owner zone is the desk's zone for 'Since'."""
        desk = str(Path(servicekit.__file__).parent / "scenarios" / "desk.json")
        text = self.run(
            "onboarding",
            "funnel",
            "complaint",
            desk,
            "--now",
            "2026-11-23T09:30:00Z",
            "--locale",
            "ru",
            "--stuck-after",
            "P7D",
        )
        assert "вт 10.11.2026, 09:00" in text  # 08:00 UTC, in Berlin

    def test_funnel_zone_flag(self):
        """--zone chooses the zone."""
        desk = str(Path(servicekit.__file__).parent / "scenarios" / "desk.json")
        text = self.run(
            "onboarding",
            "funnel",
            "complaint",
            desk,
            "--now",
            "2026-11-23T09:30:00Z",
            "--locale",
            "en-GB",
            "--stuck-after",
            "P7D",
            "--zone",
            "Europe/Moscow",
        )
        assert "Tue 10/11/2026, 11:00" in text

    def test_hours_open_localised(self):
        """Hours: open --locale says it in words of the locale, in the calendar's zone."""
        office = '{"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}'
        argv = ("hours", "open", "--calendar-json", office)
        assert "geschlossen bis Mo 09.03.26, 09:00\n" == self.run(
            *argv, "2026-03-07T10:00:00Z", "--locale", "de"
        )
        assert "aperto fino a ven 06/03/26, 17:00\n" == self.run(
            *argv, "2026-03-06T10:00:00Z", "--locale", "it"
        )
        always = '{"timezone": "UTC", "hours": {"mon-sun": ["00:00-24:00"]}}'
        assert "открыто круглосуточно\n" == self.run(
            "hours", "open", "--calendar-json", always, "2026-03-06T10:00:00Z", "--locale", "ru"
        )

    def test_bundled_in_the_reports_language(self):
        """'(bundled)' is said in the report's language; the file's name stays."""
        assert "Szenario: desk.json (mitgeliefert)" in self.run("report", "--locale", "de")

    def test_triage_escalation_in_russian(self, tmp_path):
        """The escalation and the cool-down read in the output language."""
        path = tmp_path / "abuse.txt"
        path.write_text("Вы идиоты и бездельники, я подам на вас в суд!!!\n", encoding="utf-8")
        text = self.run("replies", "triage", str(path), "--locale", "ru")
        assert "что делать: пауза перед ответом (1 час)" in text
        assert ", передайте руководителю\n" in text


class TestRuleLabel:
    """A team's review rule may carry its display name per language."""

    RULE = {  # noqa: RUF012 - read only
        "id": "no-slang",
        "patterns": ["gonna"],
        "why": "Careless.",
        "suggestion": "Write it out.",
        "label": {"de": "Umgangssprache", "ru-RU": "разговорная речь"},
    }

    def test_round_trip(self):
        """from_dict negotiates the tags; to_dict writes them back."""
        from servicekit.replies import Rule  # noqa: PLC0415

        rule = Rule.from_dict(self.RULE)
        assert (("de", "Umgangssprache"), ("ru_RU", "разговорная речь")) == rule.label
        assert {"de": "Umgangssprache", "ru_RU": "разговорная речь"} == rule.to_dict()["label"]
        assert rule == Rule.from_dict(rule.to_dict())
        assert "label" not in Rule.from_dict({**self.RULE, "label": {}}).to_dict()

    def test_display_name(self):
        """The label for the language, else the catalog, else the id."""
        from servicekit.replies import Rule  # noqa: PLC0415

        rule = Rule.from_dict(self.RULE)
        assert "разговорная речь" == rule.display_name("ru")
        assert "no-slang" == rule.display_name("it")
        builtin = Rule.from_dict({**self.RULE, "id": "jargon", "label": {"en": "tech talk"}})
        assert "Fachjargon" == builtin.display_name("de")
        assert "tech talk" == builtin.display_name("en")

    @pytest.mark.parametrize(
        ("label", "path"),
        [
            (["de"], "rules[0].label"),
            ({"xx": "a"}, "rules[0].label.xx"),
            ({"de": 1}, "rules[0].label.de"),
        ],
    )
    def test_bad_label(self, label, path):
        """A bad label is a ConfigError at its path."""
        from servicekit.replies import Rule  # noqa: PLC0415

        with pytest.raises(ConfigError) as caught:
            Rule.from_dict({**self.RULE, "label": label}, path="rules[0]")
        assert path == caught.value.path

    def test_constructor(self):
        """Built directly, the label is pairs or a mapping of strings."""
        from servicekit.replies import Rule  # noqa: PLC0415

        rule = Rule("a", ("b",), "c", "d", label={"it": "gergo"})
        assert (("it", "gergo"),) == rule.label
        with pytest.raises(TypeError, match="label must be a mapping"):
            Rule("a", ("b",), "c", "d", label=[("it",)])  # type: ignore[arg-type]


def test_team_name_for_another_region():
    """A name given for de_CH only is used for a de or de_AT reader too."""
    names = {"de-CH": "Velo", "it": "bici"}
    assert "Velo" == display_name("channel", "bike", "de_AT", names)
    assert "Velo" == display_name("channel", "bike", "de", names)
    assert "bike" == display_name("channel", "bike", "ru", names)
