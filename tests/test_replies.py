"""servicekit.replies: values, inputs, team rules, triage handling and fuzzing."""

from __future__ import annotations

import copy
import pickle
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import servicekit.replies
from servicekit.exceptions import ConfigError, InfeasibleError, NaiveDatetimeError
from servicekit.hours import BusinessCalendar
from servicekit.replies import (
    COOLDOWNS,
    TONES,
    WEIGHTS,
    Evidence,
    Finding,
    Rule,
    RuleSet,
    Triage,
    _lexicon,
    _text,
    builtin_rules,
    review,
    score,
    triage,
)
from strategies_replies import evidences, findings, locales, replies, rule_sets, rules

GOOD = "Hi Anna,\n\nyour refund was sent today; you will see it in 3 days.\n\nKind regards,\nTom"
UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = BusinessCalendar.from_dict(
    {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
)
SLANG = {
    "id": "no-slang",
    "patterns": ["gonna", "wanna"],
    "why": "“{matched}” reads as careless.",
    "suggestion": "Write it out.",
}


def rules_of(text, **kwargs):
    """The rule ids review() reports, in order."""
    return [f.rule for f in review(text, **kwargs)]


class TestPackage:
    """The subpackage's public surface."""

    def test_all_is_sorted_and_complete(self):
        """__all__ is sorted (constants, classes, functions: ruff's RUF022) and complete."""
        names = servicekit.replies.__all__
        kind = lambda n: 0 if n.isupper() else 1 if n[0].isupper() else 2  # noqa: E731
        assert sorted(names, key=lambda n: (kind(n), n)) == names
        assert all(hasattr(servicekit.replies, n) for n in names)

    def test_builtin_rules_per_language(self):
        """Every language has the same built-in rule ids; unsupported locales get English."""
        ids = {r.id for r in builtin_rules("en").rules}
        expected = {"shouting", "exclamations", "blame", "no-greeting", "no-closing",
                    "short-answer", "unanswered", "jargon", "promise", "no-next-step"}  # fmt: skip
        assert expected == ids
        for language in ("de", "it", "ru"):
            assert ids == {r.id for r in builtin_rules(language).rules}
            assert language == builtin_rules(language).language
        assert builtin_rules("pt-BR") is builtin_rules("en")


class TestReviewInput:
    """Bad input gives clear errors naming the field."""

    @pytest.mark.parametrize("text", ["", "   ", "\n\t"])
    def test_blank_text(self, text):
        """Blank text is a ConfigError with path 'text'."""
        with pytest.raises(ConfigError) as info:
            review(text, locale="en")
        assert "text" == info.value.path

    @pytest.mark.parametrize("text", [None, 42, b"bytes", ["Hi"]])
    def test_non_string_text(self, text):
        """Anything but a string is a TypeError."""
        with pytest.raises(TypeError, match="text must be a string"):
            review(text, locale="en")

    def test_blank_question(self):
        """A blank question is a ConfigError with path 'question'."""
        with pytest.raises(ConfigError) as info:
            review(GOOD, locale="en", question=" ")
        assert "question" == info.value.path

    def test_question_type(self):
        """A question that is not a string is a TypeError."""
        with pytest.raises(TypeError, match="question"):
            review(GOOD, locale="en", question=3)

    def test_jargon_errors(self):
        """Jargon must be a collection of non-blank strings."""
        with pytest.raises(TypeError, match="single string"):
            review(GOOD, locale="en", jargon="SLA")
        with pytest.raises(TypeError, match=r"jargon\[1\]"):
            review(GOOD, locale="en", jargon=["SLA", 3])
        with pytest.raises(ConfigError) as info:
            review(GOOD, locale="en", jargon=["SLA", " "])
        assert "jargon[1]" == info.value.path

    def test_calendar_needs_now(self):
        """A calendar without 'now' cannot judge promises: ConfigError on 'now'."""
        with pytest.raises(ConfigError) as info:
            review(GOOD, locale="en", calendar=BusinessCalendar.always())
        assert "now" == info.value.path

    def test_now_must_be_aware(self):
        """A naive 'now' is refused; a non-datetime is a TypeError."""
        with pytest.raises(NaiveDatetimeError):
            review(GOOD, locale="en", now=datetime(2026, 1, 1, 9))  # noqa: DTZ001
        with pytest.raises(TypeError):
            review(GOOD, locale="en", now="2026-01-01T09:00Z")

    def test_rules_type(self):
        """Rules must be RuleSet values."""
        with pytest.raises(TypeError, match=r"rules\[0\]"):
            review(GOOD, locale="en", rules=[{"id": "x"}])

    def test_locale_type(self):
        """A locale that is not a string is a TypeError (from negotiation)."""
        with pytest.raises(TypeError):
            review(GOOD, locale=42)


class TestLocale:
    """Locale negotiation and the English fallback."""

    def test_clean_reply(self):
        """A good reply has no findings."""
        assert () == review(GOOD, locale="en")

    @pytest.mark.parametrize(
        ("locale", "language"),
        [("fr", "en"), (None, "en"), ("de-AT", "de"), ("ru_RU", "ru"), ("it-CH", "it")],
    )
    def test_language_used(self, locale, language):
        """Each finding says which language's rules found it (the text's language)."""
        found = review("OBVIOUSLY!!", locale=locale, language=locale)
        assert found
        assert {language} == {f.language for f in found}

    def test_findings_are_localized(self):
        """Why and suggestion come in the reply's language."""
        (blame,) = [
            f
            for f in review("Hallo,\nwie bereits gesagt, ja.\nGrüße", locale="de")
            if f.rule == "blame"
        ]
        assert "„wie bereits gesagt“" in blame.why
        (ru,) = [
            f
            for f in review("Здравствуйте!\nКак я уже говорил, да.\nС уважением", locale="ru")
            if f.rule == "blame"
        ]
        assert ru.why.startswith("«Как я уже говорил»")


class TestFindings:
    """What findings hold."""

    def test_spans_and_order(self):
        """Spans point into the text and findings are ordered by position."""
        text = "Obviously it is sent!!! PLEASE WAIT."
        found = review(text, locale="en")
        assert all(text[f.start : f.end] == f.matched for f in found)
        assert [f.span for f in found] == sorted(f.span for f in found)
        assert {"blame", "exclamations", "shouting"} <= {f.rule for f in found}

    def test_severity(self):
        """Built-in severities: blame high, jargon low."""
        found = {
            f.rule: f
            for f in review("Hi,\nobviously the backend is slow. I will check.\nBest", locale="en")
        }
        assert "high" == found["blame"].severity
        assert "low" == found["jargon"].severity

    def test_missing_parts_span_where_they_are_missing(self):
        """No greeting spans the first sentence, no closing the last one."""
        text = "Your refund was sent. We will write again."
        found = {f.rule: f for f in review(text, locale="en")}
        assert "Your refund was sent." == found["no-greeting"].matched
        assert "We will write again." == found["no-closing"].matched

    def test_unanswered_names_the_question_and_words(self):
        """The unanswered finding quotes the question and the missing words."""
        (f,) = [
            f
            for f in review(
                "Hi,\nyou can pay by card.\nBest",
                locale="en",
                question="Can I pay by card? Do you offer gift wrapping?",
            )
            if f.rule == "unanswered"
        ]
        assert "Do you offer gift wrapping?" in f.why
        assert "“offer”" in f.why
        assert "“wrapping”" in f.why

    def test_question_without_keywords_is_ignored(self):
        """A question made of stop words only ("Why?") cannot be checked and is skipped."""
        assert "unanswered" not in rules_of(GOOD, locale="en", question="Why? How?")

    def test_short_answer_without_body(self):
        """A reply that is only a greeting and a closing answers nothing."""
        q = "One. Two. Three? Four."
        found = {f.rule: f for f in review("Hi Anna,\nBest regards,\nTom", locale="en", question=q)}
        assert "short-answer" in found

    def test_short_answer_with_greeting_and_closing_rules_off(self):
        """With the greeting and closing rules off, every sentence counts as body."""
        off = RuleSet(disabled={"no-greeting", "no-closing"})
        q = "One. Two. Three? Four."
        assert "short-answer" not in rules_of(
            "Hi Anna,\nit is sent.\nBest regards,\nTom", locale="en", question=q, rules=off
        )
        assert "short-answer" in rules_of(
            "Hi Anna,\nit is sent.\nBest regards,\nTom", locale="en", question=q
        )
        assert "short-answer" in rules_of(
            "Hi Anna,\nit is sent and will arrive soon.", locale="en", question=q
        )

    def test_long_question_by_words(self):
        """A question of 50 words or more counts as long even in one sentence."""
        q = " ".join(["word"] * 50)
        assert "short-answer" in rules_of("Hi,\nno.\nBest", locale="en", question=q)


class TestJargon:
    """A team's jargon list."""

    def test_whole_words_and_endings(self):
        """Terms match as whole words, with a short inflected ending."""
        text = "Hi,\nour SLAs and the Ticket  Queue changed; see psla. I will write.\nBest"
        found = [
            f.matched
            for f in review(text, locale="en", jargon=["SLA", "ticket queue"])
            if f.rule == "jargon"
        ]
        assert ["SLAs", "Ticket  Queue"] == found

    def test_cyrillic_inflection(self):
        """Cyrillic terms match their inflected forms."""
        text = "Здравствуйте!\nВ тикетнице и в очереди2 пусто. Я напишу.\nС уважением"
        found = [
            f.matched
            for f in review(text, locale="ru", jargon=["очереди2", "тикетни"])
            if f.rule == "jargon"
        ]
        assert ["тикетнице", "очереди2"] == found

    def test_digit_terms_exact(self):
        """A term ending in a digit gets no ending."""
        found = [
            f.matched
            for f in review("Hi,\nL2s and L2 help. I will write.\nBest", locale="en", jargon=["L2"])
            if f.rule == "jargon"
        ]
        assert ["L2"] == found

    def test_team_jargon_even_with_builtin_list_disabled(self):
        """Disabling the built-in list keeps a team's explicit terms."""
        off = RuleSet(disabled={"jargon"})
        text = "Hi,\nthe backend and the SLA. I will write.\nBest"
        found = [
            f.matched
            for f in review(text, locale="en", jargon=["SLA"], rules=off)
            if f.rule == "jargon"
        ]
        assert ["SLA"] == found


class TestTeamRules:
    """A team's own rules, merged over the built-ins."""

    def test_team_rule_fires(self):
        """A team rule fires with its own message, {matched} filled in."""
        team = RuleSet.from_dict({"rules": [SLANG]})
        (f,) = [
            f
            for f in review("Hi,\nwe're gonna fix it. I will write.\nBest", locale="en", rules=team)
            if f.rule == "no-slang"
        ]
        assert "“gonna” reads as careless." == f.why
        assert "medium" == f.severity

    def test_disable_builtin(self):
        """Disabled ids do not fire."""
        team = RuleSet.from_dict({"disabled": ["no-greeting", "no-closing", "no-next-step"]})
        assert [] == rules_of("Sent.", locale="en", rules=team)

    def test_override_builtin_by_id(self):
        """A team rule with a built-in id replaces it, detectors included."""
        team = RuleSet(
            (
                Rule("blame", ("frankly",), "Blunt.", "Soften it."),
                Rule("shouting", ("LOUD",), "x", "y"),
            )
        )
        found = review(
            "Hi,\nobviously, frankly, it's LOUD and VERY LOUD. I will call.\nBest",
            locale="en",
            rules=team,
        )
        assert [("blame", "frankly"), ("shouting", "LOUD"), ("shouting", "LOUD")] == [
            (f.rule, f.matched) for f in found
        ]

    def test_language_specific_sets(self):
        """A set for another language is skipped; several sets merge in order."""
        german = RuleSet.from_dict({"language": "de", "rules": [SLANG]})
        assert "no-slang" not in rules_of("Hi,\ngonna. I will.\nBest", locale="en", rules=german)
        later = RuleSet((Rule("no-slang", ("wanna",), "W.", "W."),))
        found = review(
            "Hi,\ngonna wanna. I will.\nBest",
            locale="en",
            rules=[RuleSet.from_dict({"rules": [SLANG]}), later],
        )
        assert ["wanna"] == [f.matched for f in found if f.rule == "no-slang"]

    @pytest.mark.parametrize(
        ("region", "text", "fires"),
        [
            ("start", "Ref 12: hello.\nBest", False),
            ("start", "Hello.\nRef 12.", True),
            ("end", "Hi.\nRef 12", False),
            ("end", "Ref 12.\nThe rest is done here.", True),
            ("anywhere", "Hi.\nthe ref 12 is here.\nBest", False),
            ("anywhere", "Hi.\nnothing.\nBest", True),
        ],
    )
    def test_require_regions(self, region, text, fires):
        """A 'require' rule looks for its pattern in its region only."""
        rule = Rule(
            "needs-ref",
            (r"ref \d+",),
            "No reference.",
            "Add the reference.",
            kind="require",
            region=region,
        )
        assert fires == ("needs-ref" in rules_of(text, locale="en", rules=RuleSet((rule,))))

    def test_merge_and_active(self):
        """merge() lets the later set win by id and unites disabled ids."""
        a = RuleSet((Rule("x", ("a",), "A", "A"), Rule("y", ("b",), "B", "B")), disabled={"z"})
        b = RuleSet((Rule("x", ("c",), "C", "C"),), disabled={"y"})
        merged = a.merge(b)
        assert ["y", "x"] == [r.id for r in merged.rules]
        assert ["x"] == [r.id for r in merged.active()]
        assert {"y", "z"} == merged.disabled
        assert merged.applies_to("it")

    @pytest.mark.parametrize(
        ("data", "path", "message"),
        [
            ([], "", "expected a mapping"),
            ({"rules": {}}, "rules", "list of rules"),
            ({"disabled": "blame"}, "disabled", "list of rule ids"),
            ({"language": 3}, "language", "language code"),
            ({"language": "fr"}, "language", "not a supported language"),
            ({"colour": 1}, "colour", "unknown key"),
            ({"rules": [{**SLANG, "id": "No Slang"}]}, "rules[0].id", "not a rule id"),
            (
                {"rules": [{**SLANG, "patterns": ["ok", "(unclosed"]}]},
                "rules[0].patterns[1]",
                "not a regular",
            ),
            ({"rules": [{**SLANG, "patterns": "gonna"}]}, "rules[0].patterns", "list of regular"),
            ({"rules": [{**SLANG, "patterns": []}]}, "rules[0].patterns", "at least one pattern"),
            ({"rules": [{**SLANG, "severity": "urgent"}]}, "rules[0].severity", "not one of"),
            ({"rules": [{**SLANG, "kind": "forbid"}]}, "rules[0].kind", "not one of"),
            ({"rules": [{**SLANG, "region": "middle"}]}, "rules[0].region", "not one of"),
            ({"rules": [{**SLANG, "why": "{name} said"}]}, "rules[0].why", "unknown placeholder"),
            ({"rules": [{**SLANG, "why": "{"}]}, "rules[0].why", "not a valid template"),
            (
                {"rules": [{**SLANG, "suggestion": "  "}]},
                "rules[0].suggestion",
                "must not be empty",
            ),
            ({"rules": [{**SLANG, "why": 3}]}, "rules[0].why", "expected a string"),
            ({"rules": [{**SLANG, "tone": "x"}]}, "rules[0].tone", "unknown key"),
            ({"rules": [SLANG, SLANG]}, "rules[1].id", "appears twice"),
            ({"rules": ["gonna"]}, "rules[0]", "expected a mapping"),
        ],
    )
    def test_from_dict_errors(self, data, path, message):
        """Every problem is a ConfigError naming its path."""
        with pytest.raises(ConfigError, match=message) as info:
            RuleSet.from_dict(data)
        assert path == info.value.path

    def test_rule_from_dict_path_prefix(self):
        """Rule.from_dict prefixes its own path."""
        with pytest.raises(ConfigError) as info:
            Rule.from_dict({**SLANG, "severity": "x"}, path="team.rules[4]")
        assert "team.rules[4].severity" == info.value.path

    def test_type_errors(self):
        """Wrong types in the constructors are TypeErrors."""
        with pytest.raises(TypeError):
            Rule(3, ("a",), "A", "A")
        with pytest.raises(TypeError):
            Rule("x", (3,), "A", "A")
        with pytest.raises(TypeError):
            Rule("x", ("a",), None, "A")
        with pytest.raises(TypeError):
            RuleSet(("x",))
        with pytest.raises(TypeError):
            RuleSet(disabled="blame")
        with pytest.raises(TypeError):
            RuleSet(disabled=[1])
        with pytest.raises(TypeError):
            RuleSet(disabled=3)

    def test_round_trips(self):
        """to_dict/from_dict round-trip rules and rule sets."""
        team = RuleSet.from_dict({"language": "it", "disabled": ["blame"], "rules": [SLANG]})
        assert team == RuleSet.from_dict(team.to_dict())
        assert team.rules[0] == Rule.from_dict(team.rules[0].to_dict())


class TestPromises:
    """Promise checks that need the calendar's zone."""

    def test_zone_falls_back_to_utc(self):
        """A calendar without a zone and a fixed-offset 'now' read days in UTC."""

        class Plain:
            def add(self, start, duration):
                return start + duration + timedelta(days=2)

            def elapsed(self, start, end):
                return timedelta(0)

            def next_open(self, at):
                return at + timedelta(days=2)

        now = datetime(2026, 11, 20, 23, 30, tzinfo=timezone(timedelta(hours=5)))
        found = [
            f
            for f in review(
                "Hi,\nwe will send it today.\nBest", locale="en", calendar=Plain(), now=now
            )
            if f.rule == "promise"
        ]
        assert "Friday, November 20, 2026" in found[0].why

    def test_absurd_spans_are_not_judged(self):
        """A span over a year is not a promise (and cannot overflow)."""
        now = datetime(2026, 11, 20, 16, tzinfo=BERLIN)
        text = "Hi,\nwe reply in 99999999999 hours or in 9000 hours.\nBest"
        found = review(text, locale="en", calendar=WEEKDAYS, now=now)
        assert [] == [f for f in found if f.rule == "promise"]
        found = review(
            "Hi,\nwe reply in 8000 hours.\nBest", locale="en", calendar=WEEKDAYS, now=now
        )
        assert ["promise"] == [f.rule for f in found if f.rule == "promise"]

    @pytest.mark.parametrize(
        ("text", "promised"),
        [
            ("in a few minutes", "5 minutes"),
            ("within two hours", "2 hours"),
            ("in a  couple of hours", "2 hours"),
        ],
    )
    def test_number_words(self, text, promised):
        """Number words count ("a few" minutes is taken as five: an assumption)."""
        cal = BusinessCalendar.from_dict({"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}})
        now = datetime(2026, 11, 20, 16, 59, tzinfo=UTC)
        found = [
            f
            for f in review(f"Hi,\nwe reply {text}.\nBest", locale="en", calendar=cal, now=now)
            if f.rule == "promise"
        ]
        assert promised in found[0].why


class TestValues:
    """The value contract: repr, eq/hash, frozen, pickle, copy, dict round trips."""

    @given(findings)
    def test_finding_round_trip(self, finding):
        """A finding survives to_dict/from_dict and pickling."""
        assert finding == Finding.from_dict(finding.to_dict())
        assert finding == pickle.loads(pickle.dumps(finding))  # noqa: S301 - our own bytes
        assert hash(finding) == hash(copy.deepcopy(finding))

    @given(evidences)
    def test_evidence_round_trip(self, evidence):
        """Evidence survives to_dict/from_dict and pickling."""
        assert evidence == Evidence.from_dict(evidence.to_dict())
        assert evidence == pickle.loads(pickle.dumps(evidence))  # noqa: S301 - our own bytes

    @given(rule_sets)
    def test_rule_set_round_trip(self, rule_set):
        """A rule set survives to_dict/from_dict and pickling."""
        assert rule_set == RuleSet.from_dict(rule_set.to_dict())
        assert rule_set == pickle.loads(pickle.dumps(rule_set))  # noqa: S301 - our own bytes

    @given(rules)
    def test_rule_hash(self, rule):
        """Rules hash by value."""
        assert hash(rule) == hash(copy.copy(rule))

    def test_repr_hides_text(self):
        """Customer and reply text stays out of repr."""
        finding = Finding("blame", (0, 6), "secret", "w", "s", "high", "en")
        evidence = Evidence("insult", (0, 6), "secret", 4.0)
        assert "secret" not in repr(finding)
        assert "secret" not in repr(evidence)
        assert "secret" not in repr(triage("secret idiot", locale="en"))

    def test_frozen(self):
        """Values cannot be changed in place."""
        finding = Finding("blame", (0, 1), "x", "w", "s", "high", "en")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            finding.rule = "other"
        assert (0, 1) == (finding.start, finding.end)

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ("x", ""),
            (
                {
                    "rule": "b",
                    "span": [2, 1],
                    "matched": "",
                    "why": "",
                    "suggestion": "",
                    "severity": "low",
                    "language": "en",
                },
                "span",
            ),
            (
                {
                    "rule": "b",
                    "span": [0, 2],
                    "matched": "x",
                    "why": "",
                    "suggestion": "",
                    "severity": "low",
                    "language": "en",
                },
                "matched",
            ),
            (
                {
                    "rule": "b",
                    "span": [0, 1],
                    "matched": "x",
                    "why": "",
                    "suggestion": "",
                    "severity": "top",
                    "language": "en",
                },
                "severity",
            ),
            (
                {
                    "rule": "b",
                    "span": [0, 1],
                    "matched": "x",
                    "why": "",
                    "suggestion": "",
                    "severity": "low",
                    "language": "en",
                    "z": 1,
                },
                "z",
            ),
        ],
    )
    def test_finding_from_dict_errors(self, data, path):
        """Malformed findings are ConfigErrors naming the field."""
        with pytest.raises(ConfigError) as info:
            Finding.from_dict(data)
        assert path == info.value.path

    @pytest.mark.parametrize(
        ("data", "path"),
        [
            ({"kind": "x", "span": [0], "matched": "", "points": 1}, "e.span"),
            ({"kind": "x", "span": [0, 0], "matched": "", "points": True}, "e.points"),
        ],
    )
    def test_evidence_from_dict_errors(self, data, path):
        """Malformed evidence is a ConfigError naming the field."""
        with pytest.raises(ConfigError) as info:
            Evidence.from_dict(data, path="e")
        assert path == info.value.path


class TestTriage:
    """Tone, evidence, handling and the reply window."""

    @pytest.mark.parametrize(
        ("text", "tone", "handling", "escalate"),
        [
            ("Could you send me the invoice again, please?", "calm", "reply", False),
            ("Still no answer to my email. This is frustrating.", "frustrated", "reply", False),
            (
                "This is UNACCEPTABLE!!! I will leave a one-star review.",
                "angry",
                "cool-down",
                False,
            ),
            ("I'll see you in court.", "angry", "cool-down", True),
            ("You incompetent idiots.", "abusive", "cool-down", True),
            (
                "Shit. Fucking shit. This is unacceptable!!! I am furious, WORST SERVICE EVER.",
                "abusive",
                "cool-down",
                True,
            ),
        ],
    )
    def test_tone_and_handling(self, text, tone, handling, escalate):
        """Each tone gets its handling; abuse and legal threats are escalated."""
        result = triage(text, locale="en")
        assert (tone, handling, escalate) == (result.tone, result.handling, result.escalate)
        assert COOLDOWNS[tone] == result.cooldown

    def test_evidence_and_breakdown(self):
        """Evidence spans hold their text and the breakdown adds up to the score."""
        text = "WHERE IS MY REFUND??? Still nothing. I will file a chargeback, you clowns!!"
        result = triage(text, locale="en")
        assert all(text[e.span[0] : e.span[1]] == e.matched for e in result.evidence)
        assert result.score == pytest.approx(sum(p for _, p in result.breakdown))
        assert {"capitals", "exclamations", "frustration", "threat-legal", "insult"} <= dict(
            result.breakdown
        ).keys()
        assert [p for _, p in result.breakdown] == sorted(
            (p for _, p in result.breakdown), reverse=True
        )

    def test_caps_limit_points(self):
        """Exclamation runs add at most their cap, however many there are."""
        result = triage("No!! No!! No!! No!! No!!", locale="en")
        assert WEIGHTS["exclamations"][1] == dict(result.breakdown)["exclamations"]
        assert 5 == sum(e.kind == "exclamations" for e in result.evidence)

    def test_advice_in_language(self):
        """The advice is written in the message's language, with the cool-down in words."""
        result = triage("Ihr seid Betrüger!", locale="de")
        assert result.advice.startswith("Warten Sie 1 Stunde")
        assert "Reply normally." == triage("Hello there.", locale="fr").advice
        assert "en" == triage("Hello there.", locale="fr").language

    def test_reply_window_real_time(self):
        """With received_at, the window opens after the cool-down and closes after 24 h."""
        at = datetime(2026, 11, 20, 9, tzinfo=UTC)
        result = triage("You are idiots.", locale="en", received_at=at)
        assert at + timedelta(hours=1) == result.earliest
        assert at + timedelta(hours=24) == result.latest

    def test_reply_window_business_time(self):
        """With a calendar, cool-down and promise are business time."""
        cal = BusinessCalendar.from_dict(
            {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        )
        at = datetime(2026, 11, 20, 16, 45, tzinfo=BERLIN)
        result = triage(
            "This is unacceptable, I am furious!!",
            locale="en",
            received_at=at,
            within=timedelta(hours=8),
            calendar=cal,
        )
        assert datetime(2026, 11, 23, 9, 15, tzinfo=BERLIN) == result.earliest
        assert datetime(2026, 11, 23, 16, 45, tzinfo=BERLIN) == result.latest

    def test_infeasible_cooldown(self):
        """A cool-down as long as the promise leaves no window."""
        with pytest.raises(InfeasibleError):
            triage(
                "You idiots.",
                locale="en",
                received_at=datetime(2026, 1, 1, tzinfo=UTC),
                within=timedelta(hours=1),
            )

    def test_bad_input(self):
        """Blank, non-string, naive and mistyped inputs raise clear errors."""
        with pytest.raises(ConfigError) as info:
            triage(" ", locale="en")
        assert "text" == info.value.path
        with pytest.raises(TypeError):
            triage(None, locale="en")
        with pytest.raises(NaiveDatetimeError):
            triage("Hi", locale="en", received_at=datetime(2026, 1, 1))  # noqa: DTZ001
        with pytest.raises(TypeError, match="within"):
            triage("Hi", locale="en", within=24)

    def test_round_trip(self):
        """A triage survives to_dict/from_dict and pickling."""
        result = triage("Idiots!!!", locale="it", received_at=datetime(2026, 1, 1, tzinfo=UTC))
        assert result == Triage.from_dict(result.to_dict())
        assert result == pickle.loads(pickle.dumps(result))  # noqa: S301 - our own bytes
        calm = triage("Grazie.", locale="it")
        assert calm == Triage.from_dict(calm.to_dict())

    @pytest.mark.parametrize(
        ("change", "path"),
        [
            ({"evidence": {}}, "evidence"),
            ({"breakdown": [["x"]]}, "breakdown"),
            ({"score": "1"}, "score"),
            ({"escalate": "yes"}, "escalate"),
            ({"tone": "sad"}, "tone"),
            ({"handling": "ignore"}, "handling"),
            ({"cooldown": "1h"}, "cooldown"),
            ({"earliest": "monday"}, "earliest"),
            ({"evidence": [{"kind": "x"}]}, "evidence[0].span"),
        ],
    )
    def test_from_dict_errors(self, change, path):
        """Malformed triage dicts are ConfigErrors naming the field."""
        data = {**triage("Idiots!!!", locale="en").to_dict(), **change}
        with pytest.raises(ConfigError) as info:
            Triage.from_dict(data)
        assert path == info.value.path

    def test_custom_scorer(self):
        """A team's scorer decides the tone; the handling follows from it."""

        def model(text, *, language):
            return "angry", [Evidence("model", (0, 4), text[:4], 0.9)]

        result = triage("Fine, whatever.", locale="de", scorer=model)
        assert ("angry", "cool-down", False) == (result.tone, result.handling, result.escalate)
        assert (("model", 0.9),) == result.breakdown

    @pytest.mark.parametrize(
        ("returned", "error"),
        [
            ("angry", TypeError),
            (("grumpy", []), ValueError),
            (("calm", ["x"]), TypeError),
            (("calm", [Evidence("m", (0, 3), "abc", 1.0)]), ValueError),
            (("calm", [Evidence("m", (0, 99), "Fine", 1.0)]), ValueError),
        ],
    )
    def test_custom_scorer_checked(self, returned, error):
        """What a scorer returns is checked before it is trusted."""
        with pytest.raises(error):
            triage("Fine.", locale="en", scorer=lambda text, *, language: returned)

    def test_score_function(self):
        """score() is the default scorer, usable on its own."""
        tone, evidence = score("Mi avete truffato, ladri!", locale="it")
        assert "abusive" == tone
        assert "insult" in {e.kind for e in evidence}

    @pytest.mark.parametrize("tone", TONES)
    def test_every_tone_has_a_cooldown(self, tone):
        """Every tone has a cool-down, zero for the ones answered normally."""
        assert (COOLDOWNS[tone] > timedelta(0)) == (tone in {"angry", "abusive"})


class TestFuzz:
    """Arbitrary text never breaks review or triage."""

    @settings(max_examples=150)
    @given(replies, locales, st.one_of(st.none(), replies))
    def test_review_never_raises_and_spans_fit(self, text, locale, question):
        """review() raises only for blank input, and every span holds its text."""
        if not text.strip() or (question is not None and not question.strip()):
            with pytest.raises(ConfigError):
                review(text, locale=locale, question=question)
            return
        for finding in review(text, locale=locale, question=question):
            assert 0 <= finding.start <= finding.end <= len(text)
            assert text[finding.start : finding.end] == finding.matched

    @settings(max_examples=100)
    @given(replies, locales, st.integers(0, 7 * 24 * 60))
    def test_review_with_calendar_never_raises(self, text, locale, minutes):
        """Promise checks against a calendar keep the invariants for any text and time."""
        now = datetime(2026, 11, 16, tzinfo=BERLIN) + timedelta(minutes=minutes)
        if text.strip():
            for finding in review(text, locale=locale, calendar=WEEKDAYS, now=now):
                assert text[finding.start : finding.end] == finding.matched

    @settings(max_examples=50)
    @given(replies, rule_sets)
    def test_review_with_team_rules(self, text, team):
        """Team rules keep the span invariant too."""
        if text.strip():
            for finding in review(text, locale=team.language or "en", rules=team):
                assert text[finding.start : finding.end] == finding.matched

    @settings(max_examples=100)
    @given(replies, locales)
    def test_triage_never_raises(self, text, locale):
        """triage() classifies any non-blank text, with evidence inside it."""
        if not text.strip():
            return
        result = triage(text, locale=locale)
        assert result.tone in TONES
        assert all(text[e.span[0] : e.span[1]] == e.matched for e in result.evidence)


class TestPrefilter:
    """The first-character lookahead never changes what a pattern finds."""

    @pytest.mark.parametrize(
        ("patterns", "expected"),
        [
            (["obviously", "as i said"], "(?=[ao])"),
            (["(?:please )?read"], "(?=[pr])"),
            (["a{2,}b", "[xy]z"], "(?=[axy])"),
            (["(?:a|b)c", "d+?"], "(?=[abd])"),
            ([r"\w+ed"], ""),
            (["a?"], ""),
            ([r"(?:\w)?x"], ""),
            ([r"(?:a|\d)"], ""),
            ([r"(?:ab|\dc)"], ""),
            (["(ab)c"], "(?=[a])"),
            (["[^a]b"], ""),
            ([], ""),
            (["(unclosed"], ""),
        ],
    )
    def test_first_characters(self, patterns, expected):
        """Simple starts give a class; anything else gives no prefilter."""
        assert expected == _lexicon._prefilter(patterns)

    @settings(max_examples=100)
    @given(
        st.lists(
            st.sampled_from(
                ["obviously", "(?:please )?read", "as (?:i|we) said", "a{2,}b", "[xy]z", "ob"]
            ),
            min_size=1,
            max_size=4,
        ),
        st.text(alphabet="aobsxyzredplI ,.\nOBVIOUSLY", max_size=60),
    )
    def test_same_matches_as_without(self, patterns, text):
        """Oracle: the same spans as the plain whole-word pattern."""
        plain = re.compile(
            rf"(?<!\w)(?:{_lexicon._alternation(patterns)})(?!\w)", re.IGNORECASE | re.MULTILINE
        )
        assert [m.span() for m in plain.finditer(text)] == [
            m.span() for m in _lexicon._words(patterns).finditer(text)
        ]


class TestTextOracles:
    """The fast text helpers agree with slow, obviously-right versions."""

    @staticmethod
    def slow_segments(text):
        """Lines, then sentences at a terminal mark and a space; trimmed; with alnum."""
        found = []
        for line in re.finditer(r"[^\n\r\u2028\u2029]+", text):
            start = line.start()
            pieces = list(re.finditer(r"(?<=[.!?…。！？])\s+", line.group()))
            for gap in [*pieces, None]:
                end = line.end() if gap is None else line.start() + gap.start()
                s, e = start, end
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if any(ch.isalnum() for ch in text[s:e]):
                    found.append((s, e))
                if gap is not None:
                    start = line.start() + gap.end()
        return found

    @settings(max_examples=200)
    @given(st.text(alphabet="ab Я1.!?…\n\r\t -", max_size=40))
    def test_segments(self, text):
        """segments() splits like the line-by-line reference."""
        assert self.slow_segments(text) == _text.segments(text)

    @settings(max_examples=200)
    @given(st.text(alphabet="ABCDÖÜЯЖabcяж1 \t-.!EUR", max_size=40))
    @example(text="AAAA.11")
    def test_caps_runs(self, text):
        """caps_runs() agrees with a token-by-token reference using str.isupper."""
        codes = frozenset({"EUR", "AB"})
        tokens = [m for m in re.finditer(r"[^\W\d_]+", text) if len(m.group()) >= 2]

        def tied(i, step):
            # "_" or a digit next to the word, or "-" then a digit (or a letter, digit)
            ahead = (
                text[i + step : i + 3 * step : step] if step > 0 else text[max(i - 2, 0) : i][::-1]
            )
            char = text[i] if 0 <= i < len(text) else ""
            return (
                char == "_"
                or char.isdigit()
                or (
                    char in ("-", "/")  # not `in "-/"`: "" (before the text) is in any str
                    and bool(ahead)
                    and (
                        ahead[0].isdigit()
                        or ahead[0] == "_"
                        or (ahead[0].isalnum() and ahead[1:2].isdigit())
                    )
                )
            )

        runs, run = [], []
        for m in tokens:
            if not m.group().isupper() or tied(m.start() - 1, -1) or tied(m.end(), 1):
                runs.append(run)
                run = []
                continue
            if run and not re.fullmatch(r"[ \t\u00a0]+", text[run[-1].end() : m.start()]):
                runs.append(run)
                run = []
            run.append(m)
        runs.append(run)
        expected = []
        for run in runs:
            words = [m.group() for m in run]
            loud = any(len(w) >= 4 and w not in codes for w in words)
            if run and (loud or (len(words) >= 2 and any(w not in codes for w in words))):
                expected.append((run[0].start(), run[-1].end()))
        assert expected == list(_text.caps_runs(text, codes))
