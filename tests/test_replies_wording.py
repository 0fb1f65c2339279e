"""The wording model of triage: its features, its arithmetic and how triage uses it.

The n-grams are compared with scikit-learn's ``char_wb`` analyzer (the model was
trained with it) and with a slow reference written from its description; the
probability with a dense tf-idf computed from the definitions.
"""

from __future__ import annotations

import importlib
import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.replies import triage
from servicekit.replies._triage import WORDING_EVIDENCE, WORDING_LETTERS, _with_wording
from servicekit.replies._wording import (
    CONFIDENT,
    CONFIDENT_WORDS,
    LONGEST,
    MODEL_LANGUAGES,
    READ_CHARS,
    SHORTEST,
    THRESHOLD,
    char_ngrams,
    contributions,
    probability,
)

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200
) | st.sampled_from(["", " ", "a", "ab", "Wo ist mein Paket?!", "ВЫ ЖУЛИКИ!!!", "İstanbul ß"])


def reference_ngrams(text: str) -> Counter[str]:
    """char_wb n-grams, slowly: every window of every padded word, short words once."""
    counts: Counter[str] = Counter()
    for word in text.lower().split():
        padded = " " + word + " "
        for n in range(SHORTEST, LONGEST + 1):
            windows = [padded[i : i + n] for i in range(len(padded)) if i + n <= len(padded)]
            if not windows:  # the padded word is shorter than n: itself, once, and stop
                counts[padded] += 1
                break
            counts.update(windows)
            if len(windows) == 1:  # as long as n: no longer n-gram
                break
    return counts


MODULES = {
    "cooldown": "_wording",
    "blame": "_wording_blame",
    "jargon": "_wording_jargon",
    "next-step": "_wording_next_step",
}


def reference_probability(text: str, language: str, model: str = "cooldown") -> float:
    """Dense tf-idf over the whole table, l2-normalised, then the logistic function."""
    module = importlib.import_module(f"servicekit.replies.{MODULES[model]}_{language}")
    counts = char_ngrams(text[:READ_CHARS])
    names = sorted(module.FEATURES)
    vector = [
        (1 + math.log(counts[name])) * module.FEATURES[name][0] if counts[name] else 0.0
        for name in names
    ]
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    logit = module.INTERCEPT + sum(
        v / norm * module.FEATURES[name][1] for v, name in zip(vector, names, strict=True)
    )
    return 1 / (1 + math.exp(-logit))


@settings(max_examples=300)
@given(text=TEXT)
def test_ngrams_match_the_reference(text):
    """The n-grams equal the slow reference's on any text."""
    assert reference_ngrams(text) == char_ngrams(text)


@settings(max_examples=200, deadline=None)
@given(text=TEXT)
def test_ngrams_match_scikit_learn(text):
    """The n-grams equal those of scikit-learn's char_wb analyzer, which trained the model."""
    feature_extraction = pytest.importorskip("sklearn.feature_extraction.text")
    analyzer = feature_extraction.TfidfVectorizer(
        analyzer="char_wb", ngram_range=(SHORTEST, LONGEST)
    ).build_analyzer()
    assert Counter(analyzer(text)) == char_ngrams(text)


@settings(max_examples=60, deadline=None)
@given(
    text=TEXT,
    language=st.sampled_from(MODEL_LANGUAGES),
    model=st.sampled_from(sorted(MODULES)),
)
def test_probability_matches_the_dense_reference(text, language, model):
    """The sparse probability equals a dense tf-idf computed from the definitions."""
    got = probability(text, language, model)
    assert got is not None
    assert 0.0 <= got <= 1.0
    assert got == pytest.approx(reference_probability(text, language, model), abs=1e-9)


@pytest.mark.parametrize("model", sorted(MODULES))
@pytest.mark.parametrize("language", MODEL_LANGUAGES)
def test_tables_are_finite_and_of_the_declared_lengths(language, model):
    """Every table holds finite weights of n-grams of the declared lengths."""
    module = importlib.import_module(f"servicekit.replies.{MODULES[model]}_{language}")
    assert math.isfinite(module.INTERCEPT)
    assert 1000 <= len(module.FEATURES) <= 4000
    for gram, (idf, weight) in module.FEATURES.items():
        assert 1 <= len(gram) <= LONGEST
        assert gram == gram.lower()
        assert idf >= 1.0
        assert math.isfinite(weight)


def test_no_model_no_probability():
    """A language without a model has no probability and no contributions."""
    assert probability("Bonjour, où est mon colis ?", "fr") is None
    assert contributions("Bonjour", "fr") == {}


def test_empty_text_gives_the_intercept_alone():
    """A text without known n-grams has the intercept's probability."""
    module = importlib.import_module("servicekit.replies._wording_en")
    assert probability("", "en") == pytest.approx(1 / (1 + math.exp(-module.INTERCEPT)))


def test_only_the_first_characters_are_read():
    """What comes after READ_CHARS changes neither the probability nor the evidence."""
    head = "Thank you for the quick help. " * 200
    assert len(head) > READ_CHARS
    assert probability(head + "You thieves!!!", "en") == probability(head, "en")
    angry = "Third email this week and still no refund. Unbelievable. "
    text = angry + " " * READ_CHARS + "Unbelievable disgrace, refund thieves!"
    words = [e for e in triage(text, locale="en", language="en").evidence if e.kind == "wording"]
    assert words
    assert all(e.span[1] <= READ_CHARS for e in words)


def test_the_logistic_function_does_not_overflow(monkeypatch):
    """A huge logit of either sign gives 0 or 1, not an OverflowError."""
    module = importlib.import_module("servicekit.replies._wording_en")
    monkeypatch.setattr(module, "INTERCEPT", -1e6)
    from servicekit.replies import _wording  # noqa: PLC0415

    _wording._model.cache_clear()
    try:
        assert probability("hello", "en") == 0.0
        monkeypatch.setattr(module, "INTERCEPT", 1e6)
        _wording._model.cache_clear()
        assert probability("hello", "en") == 1.0
    finally:
        monkeypatch.undo()
        _wording._model.cache_clear()


LONG = " ".join(["word"] * CONFIDENT_WORDS)
SHORT = " ".join(["word"] * (CONFIDENT_WORDS - 1))


@pytest.mark.parametrize(
    ("tone", "chance", "text", "expected"),
    [
        ("calm", 0.99, SHORT, "calm"),
        ("calm", CONFIDENT - 1e-9, LONG, "calm"),
        ("calm", CONFIDENT, LONG, "angry"),
        ("calm", THRESHOLD, LONG, "calm"),
        ("abusive", 0.01, LONG, "abusive"),
        ("frustrated", THRESHOLD, SHORT, "angry"),
        ("frustrated", THRESHOLD - 1e-9, LONG, "frustrated"),
        ("angry", THRESHOLD - 1e-9, LONG, "frustrated"),
        ("angry", 0.9, SHORT, "angry"),
    ],
)
def test_the_model_weighs_what_the_lists_found(tone, chance, text, expected):
    """Abusive stays; frustrated or angry: the model decides; calm: only a sure one.

    A calm message becomes angry with a confident model and CONFIDENT_WORDS words.
    """
    assert _with_wording(tone, chance, text) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Third email this week and still no refund. Unbelievable.", "en"),
        ("Dritte Mail diese Woche und immer noch kein Geld. Unglaublich, echt jetzt?!", "de"),
        ("Terza mail questa settimana e ancora nessun rimborso. Incredibile!!", "it"),
        ("Вы издеваетесь? Третью неделю жду возврат!!", "ru"),
    ],
)
def test_wording_evidence_points_at_words_of_the_message(text, language):
    """Wording evidence: at most three whole words of the text, no points."""
    result = triage(text, locale=language, language=language)
    words = [e for e in result.evidence if e.kind == "wording"]
    assert result.tone == "angry"
    assert 1 <= len(words) <= WORDING_EVIDENCE
    for item in words:
        assert item.points == 0.0
        assert text[item.span[0] : item.span[1]] == item.matched
        assert len(item.matched) >= WORDING_LETTERS
        assert item.matched[0].isalnum()
        assert item.matched[-1].isalnum()
    assert result.score == sum(e.points for e in result.evidence if e.kind != "wording")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Still no refund?? I asked twice.", "en"),
        ("Could you tell me when my parcel will arrive? Thanks.", "en"),
        ("Danke für die schnelle Hilfe!", "de"),
    ],
)
def test_no_wording_evidence_without_a_cooldown(text, language):
    """A message that gets a normal reply shows no wording evidence."""
    result = triage(text, locale=language, language=language)
    assert result.handling == "reply"
    assert all(e.kind != "wording" for e in result.evidence)


def test_without_a_model_the_lists_decide_alone(monkeypatch):
    """Where the model gives no probability, the tone is the word lists' own."""
    from servicekit.replies import _triage  # noqa: PLC0415

    text = "Still no refund?? This is a disgrace, I am furious."
    with_model = _triage.score(text, locale="en")
    monkeypatch.setattr(_triage, "probability", lambda text, language: None)
    tone, evidence = _triage.score(text, locale="en")
    assert tone == _triage._tone(evidence)
    assert all(e.kind != "wording" for e in evidence)
    assert [e for e in with_model[1] if e.kind != "wording"] == list(evidence)
