"""A text is judged in its own language; words are matched by lemma (issue 16).

With the ``language`` extra (py3langid, simplemma) the language of a message or a
reply is detected, and the findings and advice are written in the reader's locale.
Without it, the text is read in the locale's language, as before.
"""

from __future__ import annotations

import sys

import pytest

from servicekit.exceptions import ConfigError
from servicekit.replies import Rule, RuleSet, detect_language, review, triage
from servicekit.replies._language import (
    LemmaView,
    dictionary,
    lemma_view,
    merge_spans,
    text_language,
)

LAWYER = (
    "Sehr geehrte Damen und Herren, Sie haben meine Einlage ohne Rückfrage gekündigt. "
    "Ich habe meinen Anwalt beauftragt und erwarte binnen sieben Tagen eine Stellungnahme."
)


@pytest.fixture
def without_extra(monkeypatch):
    """As if the ``language`` extra were not installed."""
    monkeypatch.setitem(sys.modules, "py3langid", None)
    monkeypatch.setitem(sys.modules, "simplemma", None)


class TestDetect:
    """detect_language() names the language, or None when it cannot tell."""

    @pytest.mark.parametrize(
        ("text", "language"),
        [
            ("Where is my order? I have been waiting for two weeks.", "en"),
            ("Wo bleibt meine Bestellung? Ich warte seit zwei Wochen.", "de"),
            ("Dov'è finito il mio ordine? Aspetto da due settimane.", "it"),
            ("Где мой заказ? Я жду уже две недели.", "ru"),
        ],
    )
    def test_the_four_languages(self, text, language):
        """Each supported language is recognised in one or two sentences."""
        assert detect_language(text) == language

    @pytest.mark.parametrize(
        "text",
        ["Bonjour, je voudrais annuler ma commande, s'il vous plaît.", "OK", "Hallo"],
    )
    def test_unsure_or_other_language(self, text):
        """Another language, or too little text to tell: None."""
        assert detect_language(text) is None

    def test_errors(self):
        """A non-string is a TypeError, blank text a ConfigError."""
        with pytest.raises(TypeError):
            detect_language(42)  # type: ignore[arg-type]
        with pytest.raises(ConfigError):
            detect_language("  ")

    def test_without_the_extra(self, without_extra):
        """The ImportError names the extra to install."""
        with pytest.raises(ImportError, match=r"servicekit\[language\]"):
            detect_language("Wo bleibt meine Bestellung?")


class TestTriageLanguage:
    """The message's language picks the word lists, the locale the advice's language."""

    def test_german_lawyer_threat_for_an_italian_desk(self):
        """Issue 16: with locale it, a German legal threat is still angry and escalated."""
        result = triage(LAWYER, locale="it")
        assert (result.language, result.tone, result.escalate) == ("de", "angry", True)
        assert result.advice.startswith("Aspetta")  # the advice is Italian
        assert triage(LAWYER, locale="de").tone == "angry"

    def test_explicit_language_wins(self):
        """language= overrides detection (here: the wrong word lists find nothing)."""
        assert triage(LAWYER, locale="it", language="it").tone == "calm"
        assert triage(LAWYER, locale="it", language="de-AT").language == "de"

    def test_unsure_detection_falls_back_to_the_locale(self):
        """A text too short to tell is read in the locale's language."""
        assert triage("Idioti!", locale="it").language == "it"

    def test_without_the_extra_the_locale_decides(self, without_extra):
        """The old behaviour: the locale's language."""
        assert triage(LAWYER, locale="it").language == "it"
        assert review("Come già detto, no.", locale="de")[0].language == "de"

    def test_no_dictionary_without_the_extra(self, without_extra):
        """Capitals are judged by length alone, as before (no dictionary, no lemma view)."""
        assert dictionary.__wrapped__("de") is None
        assert lemma_view("Hallo", "de") is None

    def test_wrong_type(self):
        """A language that is not a string is a TypeError."""
        with pytest.raises(TypeError):
            triage(LAWYER, locale="de", language=3)  # type: ignore[arg-type]


class TestReviewLanguage:
    """Findings name the reply's language and speak the reader's."""

    def test_german_reply_read_by_an_italian_lead(self):
        """The German rules find the blame; the text of the finding is Italian."""
        (blame,) = [
            f
            for f in review("Hallo Frau Roth,\nwie gesagt: das geht nicht.\nMfG", locale="it")
            if f.rule == "blame"
        ]
        assert blame.language == "de"
        assert "colpevolizzare" in blame.why or "cliente" in blame.why

    def test_team_rules_follow_the_text_language(self):
        """A team's German rule set applies to a German reply under any locale."""
        team = RuleSet((Rule("no-moin", ("moin",), "why", "fix"),), language="de")
        found = review("Moin Herr Lenz, das Paket kommt am Montag.", locale="en", rules=team)
        assert "no-moin" in {f.rule for f in found}


GERMAN = [
    (
        "Hallo Herr Winter,\n\ndas ist halt Ihr Problem, wenn Sie zu spät sind.\n\nGrüße\nTom",
        "blame",
    ),
    (
        "Hallo Frau Franke,\n\nda steht alles drin. Ich schicke Ihnen den Link.\n\nGrüße\nBen",
        "blame",
    ),
    (
        "Hallo Herr Kraus,\n\nhätten Sie die AGB lesen müssen, wüssten Sie das.\n\nGrüße\nEva",
        "blame",
    ),
    ("Hallo Herr Kraus,\n\nSie hätten die Bedingungen eben lesen müssen.\n\nGrüße\nEva", "blame"),
    ("Hallo Herr Lang,\n\nwie gesagt: Die Karte ist gesperrt.\n\nGrüße\nKim", "blame"),
]


class TestLemmas:
    """Inflections and word orders of a rule are caught through lemmas."""

    @pytest.mark.parametrize(("text", "rule"), GERMAN)
    def test_issue_phrases(self, text, rule):
        """The German phrases the issue lists are found."""
        assert rule in {f.rule for f in review(text, locale="de")}

    def test_mfg_is_a_closing(self):
        """MfG closes a reply."""
        text = "Hallo Herr Pohl,\n\nIhre Karte kommt am Montag.\n\nMfG\nIhr Filialteam"
        assert "no-closing" not in {f.rule for f in review(text, locale="de")}

    def test_exchange_and_get_back_is_a_next_step(self):
        """Issue 16's false positive: exchanging the part and getting back is a next step."""
        text = (
            "Hallo Herr Pohl,\n\nwir tauschen das Teil heute noch aus und melden uns.\n\n"
            "MfG\nIhr Filialteam"
        )
        assert () == review(text, locale="de")

    @pytest.mark.parametrize(
        "text",
        [
            "Ich werde meinen Anwalt einschalten.",
            "Meine Anwältin ist informiert.",
            "Das klären dann die Anwälte.",
        ],
    )
    def test_inflected_threat(self, text):
        """A legal threat in any inflection escalates."""
        assert triage(text, locale="de", language="de").escalate

    def test_lemma_view_maps_back(self):
        """Every lemma token maps back to the words it came from."""
        view = lemma_view("Wir tauschen das Teil aus!\nDanke", "de")
        assert view is not None
        assert view.text.startswith("wir tauschen der teil aus !\n")
        start = view.text.index("teil")
        assert view.original(start, start + 4) == (17, 21)
        assert view.region(0, 3) == (0, 3)
        assert view.region(27, 27) == (len(view.text), len(view.text))

    def test_long_token_is_kept(self):
        """A token longer than any word is not lemmatised (bounded cost)."""
        view = lemma_view("x" * 100, "de")
        assert view == LemmaView("x" * 100, (0,), (100,), ((0, 100),))

    def test_merge_spans(self):
        """Spans of the second list that overlap the first are dropped."""
        assert merge_spans([(0, 5), (10, 12)], [(3, 4), (6, 8), (11, 20), (30, 31)]) == [
            (0, 5),
            (6, 8),
            (10, 12),
            (30, 31),
        ]

    def test_text_language(self):
        """Explicit language, detection, locale fallback."""
        assert text_language("Hallo", "it", "ru-RU") == "ru"
        assert text_language("Wo bleibt meine Bestellung? Ich warte.", "it", None) == "de"
        assert text_language("Hallo", "it", None) == "it"


class TestCapitals:
    """With a dictionary, capitals are loud when they are a word; short negations too."""

    def test_word_or_acronym(self):
        """DANGEROUS is shouting; DSLAM (no English word) is an acronym."""
        text = "Hi Sam,\nthe DSLAM is DANGEROUS to touch. We will call you today.\nBest,\nKim"
        assert [f.matched for f in review(text, locale="en") if f.rule == "shouting"] == [
            "DANGEROUS"
        ]

    @pytest.mark.parametrize(
        ("text", "language"),
        [
            ("Hi Sam,\nplease do NOT reset the router. I will call you today.\nBest,\nKim", "en"),
            ("Ciao Sam,\nNON resetti il modem. La chiamo oggi.\nCordiali saluti,\nKim", "it"),
            (
                "Здравствуйте, Сэм!\nНЕ сбрасывайте роутер. Я позвоню сегодня.\nС уважением,\nКим",
                "ru",
            ),
        ],
    )
    def test_short_negation(self, text, language):
        """A listed short word in capitals is shouting."""
        assert "shouting" in {f.rule for f in review(text, locale=language)}

    def test_fury_alone_means_a_cool_down(self):
        """Declared fury is enough for a cool-down."""
        result = triage("I am furious about this.", locale="en")
        assert (result.tone, result.handling) == ("angry", "cool-down")
        assert ("fury", 4.0) in result.breakdown

    def test_shouted_sentence_counts_twice(self):
        """A run of four words or more in capitals adds twice the points."""
        result = triage("WHERE IS MY PARCEL NOW", locale="en", language="en")
        assert dict(result.breakdown)["capitals"] == 3.0
