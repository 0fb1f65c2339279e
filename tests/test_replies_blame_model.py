"""The blame model in review(): blame the phrase lists do not know.

The lists decide first; where they found no blame, a reply of MODEL_WORDS words or
more that the blame model gives BLAME_THRESHOLD or more is flagged at the sentence
the model finds most likely to blame. See docs/explanation/reply-checks-accuracy.md
for the figures on held-out sets.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.replies import Rule, RuleSet, review
from servicekit.replies import _review as review_module
from servicekit.replies._text import segments
from servicekit.replies._wording import (
    BLAME_SENTENCE_WORDS,
    BLAME_THRESHOLD,
    MODEL_WORDS,
    READ_CHARS,
    probability,
    words,
)

#: Blame that no phrase of the lists names: condescension, a lesson for next time.
UNLISTED = {
    "en": (
        "Hi,\n\n'Room of choice' delivery is only possible when the access route is "
        "clear. Our drivers noted that the stairwell was too narrow, so perhaps next "
        "time you could measure the stairs before choosing this option. I have refunded "
        "the £35 as a gesture of goodwill.\n\nKind regards,\nGavin"
    ),
    "de": (
        "Hallo Herr Kraus,\n\ndanke für Ihre Nachricht. Generell gilt: Wer seine "
        "E-Mail-Adresse bei der Bestellung nicht sorgfältig eintippt, braucht sich nicht "
        "zu wundern, wenn keine Post ankommt. Prüfen Sie Ihre Daten deshalb künftig bitte "
        "genauer, bevor Sie eine Bestellung abschicken.\n\nViele Grüße\nAnna"
    ),
    "it": (
        "Ciao Stefano,\n\nho controllato la corsa di ieri. Capisco che all'inizio possa "
        "sembrare complicato, ma la mappa nell'app mostra in verde le zone in cui si può "
        "chiudere il noleggio: basta guardarla con un minimo di attenzione. Per questa "
        "volta riduciamo la penale a 15 euro.\n\nUn saluto,\nMarco"
    ),
    "ru": (
        "Здравствуйте, Маргарита.\n\nДвойное списание бывает, когда покупатель нажимает "
        "«Оплатить» несколько раз, не дождавшись загрузки страницы, так что в следующий "
        "раз будьте, пожалуйста, внимательнее. Второй платёж вернётся на карту в течение "
        "трёх дней.\n\nС уважением,\nОльга"
    ),
}
#: A long, kind reply: no blame.
KIND = (
    "Hi Sam,\n\nThanks for your message. I've checked your order and the replacement "
    "part left our warehouse this morning; it should reach you on Thursday. I've also "
    "added a free return label in case the old part needs to come back.\n\n"
    "Kind regards,\nGavin"
)


def blame(text: str, language: str, **kwargs: object) -> list[str]:
    """The texts of the blame findings of a review."""
    return [f.matched for f in review(text, locale=language, **kwargs) if f.rule == "blame"]


def forced(monkeypatch: pytest.MonkeyPatch, chance: float) -> None:
    """Make the blame model give ``chance`` to every text."""
    monkeypatch.setattr(review_module, "probability", lambda *_: chance)


@pytest.mark.parametrize("language", sorted(UNLISTED))
def test_the_model_finds_blame_the_lists_miss(language, monkeypatch):
    """A sentence of the reply is flagged; without the model nothing is."""
    text = UNLISTED[language]
    (found,) = blame(text, language)
    sentences = [text[start:end] for start, end in segments(text)]
    assert found in sentences
    assert words(found, BLAME_SENTENCE_WORDS) == BLAME_SENTENCE_WORDS
    monkeypatch.setattr(review_module, "probability", lambda *_: None)
    assert blame(text, language) == []


def test_a_kind_reply_is_not_flagged():
    """A long reply with no blame stays clean."""
    assert (probability(KIND, "en", "blame") or 1.0) < BLAME_THRESHOLD
    assert blame(KIND, "en") == []


def test_the_lists_decide_first(monkeypatch):
    """Where the lists found blame, the model is not asked and adds nothing."""

    def fail(*_: object) -> float:
        raise AssertionError("the model was asked")

    monkeypatch.setattr(review_module, "probability", fail)
    text = KIND.replace("Thanks for your message.", "As I already said, it is sent.")
    assert blame(text, "en") == ["As I already said"]


@pytest.mark.parametrize(
    ("chance", "flagged"),
    [(BLAME_THRESHOLD, True), (BLAME_THRESHOLD - 1e-9, False), (1.0, True), (0.0, False)],
)
def test_the_threshold(chance, flagged, monkeypatch):
    """From BLAME_THRESHOLD on the reply blames."""
    forced(monkeypatch, chance)
    assert bool(blame(KIND, "en")) is flagged


def test_short_replies_are_not_judged(monkeypatch):
    """Below MODEL_WORDS words a few letters would decide: the model stays out."""
    forced(monkeypatch, 1.0)
    enough = "Hi,\n\n" + " ".join(["parcel"] * (MODEL_WORDS - 2)) + "\n\nBest"
    assert words(enough, MODEL_WORDS + 5) == MODEL_WORDS
    assert blame(enough, "en") != []
    shorter = "Hi,\n\n" + " ".join(["parcel"] * (MODEL_WORDS - 3)) + "\n\nBest"
    assert blame(shorter, "en") == []


def test_the_flagged_sentence_is_no_greeting_or_name(monkeypatch):
    """Pieces of fewer than BLAME_SENTENCE_WORDS words are never the finding."""
    forced(monkeypatch, 1.0)
    (found,) = blame(KIND, "en")
    assert words(found, BLAME_SENTENCE_WORDS) == BLAME_SENTENCE_WORDS
    assert found not in {"Hi Sam,", "Kind regards,", "Gavin"}


def test_a_teams_own_blame_rule_replaces_the_model(monkeypatch):
    """A team rule with the id ``blame`` is not built in: its patterns alone decide."""
    forced(monkeypatch, 1.0)
    team = RuleSet((Rule("blame", ("frankly",), "Blunt.", "Soften it."),))
    assert blame(KIND, "en", rules=team) == []
    assert blame(KIND.replace("Thanks", "Frankly, thanks"), "en", rules=team) == ["Frankly"]


def test_switched_off_blame_is_off(monkeypatch):
    """Disabling the blame rule disables the model too."""
    forced(monkeypatch, 1.0)
    assert blame(KIND, "en", rules=RuleSet.from_dict({"disabled": ["blame"]})) == []


@pytest.mark.timeout(120)
def test_only_the_first_characters_are_read():
    """On a megabyte the model reads READ_CHARS characters; its finding lies inside them."""
    text = UNLISTED["en"].replace("\n\nKind regards,\nGavin", " ") + "All fine here. " * 70_000
    assert len(text) > 1_000_000
    found = [f for f in review(text, locale="en") if f.rule == "blame"]
    assert found
    assert all(f.span[1] <= READ_CHARS for f in found)


@settings(max_examples=80, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from("abc xyz ABC .,!?\n\tÄßЖж'"),
        min_size=1,
        max_size=400,
    ).filter(str.strip),
    chance=st.floats(0.0, 1.0),
)
def test_any_text_any_probability(text, chance):
    """Whatever the model says, findings point at text of the reply."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(review_module, "probability", lambda *_: chance)
        found = review(text, locale="en", language="en")
    for finding in found:
        start, end = finding.span
        assert 0 <= start <= end <= len(text)
        assert finding.matched == text[start:end]


def test_no_sentence_long_enough_no_finding(monkeypatch):
    """A long reply of one-word sentences has no sentence to point at: no finding."""
    forced(monkeypatch, 1.0)
    text = "Hi.\n" + "Sure. " * (MODEL_WORDS + 5) + "\nBest"
    assert blame(text, "en") == []
