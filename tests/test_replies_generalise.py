"""Cool-down and blame by forms that carry across domains (issue 16, round 5).

Insults said *of* someone (an address and a pejorative, HurtLex included), signs of
indignation, orders to cancel with the customer's next move, and blame decided by the
subject with an open verb slot; each with the calm counterparts that must stay calm.
The sentences here were written for these tests, not taken from the labelled sets.
"""

from __future__ import annotations

import sys

import pytest

from servicekit.replies import review, triage
from servicekit.replies._hurtlex import DROPPED, WORDS
from servicekit.replies._language import installed, lemma_function
from servicekit.replies._lexicon import lexicon
from servicekit.replies._model import Evidence
from servicekit.replies._triage import _called, _insults, _tone

#: Plural and inflected forms are found through their lemma: with the extra only.
needs_lemmas = pytest.mark.skipif(
    not installed("simplemma"), reason="lemmas need the language extra (simplemma)"
)


def tone(text: str, language: str) -> str:
    """The tone of ``text`` read in ``language``."""
    return triage(text, locale=language, language=language).tone


def blames(text: str, language: str) -> bool:
    """Whether review flags blame in a reply."""
    return any(f.rule == "blame" for f in review(text, locale=language))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("You lot are nothing but crooks.", "en"),
        ("Your so-called engineers are clowns.", "en"),
        ("What a bunch of cowboys.", "en"),
        ("Ihr seid Halsabschneider, allesamt.", "de"),
        ("Ihre Mitarbeiter sind ahnungslose Pfuscher.", "de"),
        ("Siete dei ciarlatani.", "it"),
        ("I vostri tecnici sono degli sciacalli.", "it"),
        ("Вы жулики и кидалы!", "ru"),
        ("Ваши менеджеры — бездельники.", "ru"),
        ("Thieves!", "en"),
    ],
)
def test_insult_said_of_someone_is_abusive(text, language):
    """An address and a pejorative within the clause: abusive."""
    assert tone(text, language) == "abusive"


@needs_lemmas
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("You lot are nothing but swindlers.", "en"),
        ("Your so-called engineers are charlatans.", "en"),
        ("Swindlers!", "en"),
        ("Ihr seid Ganoven.", "de"),
        ("Siete dei lestofanti.", "it"),
    ],
)
def test_insult_found_through_its_lemma(text, language):
    """A HurtLex noun or a listed word in an inflected form, by its lemma."""
    assert tone(text, language) == "abusive"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("You are right, thank you so much.", "en"),
        ("Your team was very kind and the engineer is great.", "en"),
        ("I'd like to report a fraud on my card, the fraud department told me to write.", "en"),
        ("Sie sind sehr freundlich, vielen Dank!", "de"),
        ("Siete stati gentilissimi, grazie!", "it"),
        ("Вы не могли бы проверить мой заказ? Спасибо, Анна", "ru"),
        ("Вы заблокировали карту из-за мошенников, что мне теперь делать?", "ru"),
        ("I got a call from scammers pretending to be you, is my account safe?", "en"),
        ("Ich habe eine Warnung vor Betrügern bekommen. Ist die echt?", "de"),
    ],
)
def test_kind_words_and_pejoratives_not_said_of_anyone_stay_calm(text, language):
    """No address, or no pejorative ending the clause: no insult."""
    assert tone(text, language) in {"calm", "frustrated"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("How dare you charge me twice? I demand to speak to your manager.", "en"),
        ("Was fällt Ihnen ein? Ich will seinen Namen.", "de"),
        ("Ma vi rendete conto? Pretendo un rimborso.", "it"),
        ("Вы издеваетесь? Требую вернуть деньги.", "ru"),
        ("Close my account, I'm moving to another bank.", "en"),
        ("Stornieren Sie meinen Vertrag, ich wechsle zur Konkurrenz.", "de"),
        ("Chiudete il mio conto, passo a un'altra banca.", "it"),
        ("Закройте мой счёт, я ухожу в другой банк.", "ru"),
    ],
)
def test_indignation_and_orders_to_cancel_get_a_cooldown(text, language):
    """Two medium cues, or an order to cancel with the next move: a cool-down."""
    assert triage(text, locale=language, language=language).handling == "cool-down"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Please cancel my order, I'm moving abroad next month.", "en"),
        ("I have been a customer for twelve years and would like to upgrade.", "en"),
        ("Oh great, thanks for the quick help!", "en"),
        ("Bitte kündigen Sie meinen Vertrag zum Monatsende, ich ziehe um.", "de"),
        ("Complimenti, servizio ottimo!", "it"),
        ("Avevo disdetto per telefono, potete controllare?", "it"),
        ("Спасибо, всё работает.", "ru"),
    ],
)
def test_requests_and_thanks_get_no_cooldown(text, language):
    """A polite request, loyalty alone, genuine thanks: a normal reply."""
    assert triage(text, locale=language, language=language).handling == "reply"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hi,\n\nyou should have unplugged the router first.\n\nBest,\nTom", "en"),
        ("Hi,\n\nif you had kept the receipt, we would have refunded it.\n\nBest,\nTom", "en"),
        ("Hallo,\n\nSie hätten den Zähler vorher ablesen müssen.\n\nGrüße\nTom", "de"),
        ("Salve,\n\navrebbe dovuto staccare la spina prima.\n\nSaluti,\nTom", "it"),
        ("Здравствуйте!\n\nВам следовало отключить роутер.\n\nС уважением,\nТом", "ru"),
    ],
)
def test_blame_with_any_verb(text, language):
    """The subject decides: "you should have <any verb>" is blame."""
    assert blames(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Hi,\n\nthe parcel should have arrived yesterday; I've asked the courier.\n\nTom",
            "en",
        ),
        ("Hi,\n\nyou should have received an e-mail with the code.\n\nBest,\nTom", "en"),
        ("Hallo,\n\ndas Paket hätte gestern ankommen sollen.\n\nGrüße\nTom", "de"),
        ("Hallo,\n\nSie hätten nicht so lange warten müssen, Entschuldigung.\n\nGrüße\nTom", "de"),
        ("Salve,\n\nil pacco avrebbe dovuto arrivare ieri.\n\nSaluti,\nTom", "it"),
        ("Здравствуйте!\n\nПосылка должна была прийти вчера.\n\nС уважением,\nТом", "ru"),
    ],
)
def test_no_blame_on_things_or_apologies(text, language):
    """A thing as the subject, a receipt, an apology: no blame."""
    assert not blames(text, language)


def test_a_long_clause_or_a_trailing_word_is_not_called_anything():
    """Only the end of a short clause counts: more words, or none near, do not."""
    lex = lexicon("en")
    lemma = lemma_function("en")
    assert _called("you are clearly " + "very " * 60, 8, lex, lemma, 5, last=False) is None
    assert _called("you are the best team ever here.", 8, lex, lemma, 5, last=False) is None
    assert _called("Honestly, thieves.", 0, lex, lemma, 2, last=True) is None  # "honestly" last
    assert _called("Thieves, honestly.", 0, lex, lemma, 2, last=True) == len("Thieves")
    assert _called("you are safe from crooks.", 7, lex, lemma, 5, last=False) is None
    assert _called("", 0, lex, lemma, 2, last=True) is None


def test_overlapping_findings_are_reported_once():
    """An address and a sentence of its own on the same words: one span."""
    assert _insults("Bunch of crooks.", lexicon("en")) == [(0, 15)]


@needs_lemmas
def test_lemmas():
    """A word's lemma in lower case; an overlong word as it is."""
    assert lemma_function("de")("Diebe") == "dieb"
    assert lemma_function("de")("X" * 41) == "x" * 41


def test_lemmas_without_the_extra(monkeypatch):
    """Without simplemma a word is compared as written (lower case)."""
    monkeypatch.setitem(sys.modules, "simplemma", None)
    assert lemma_function("de")("Diebe") == "diebe"


def test_vendored_lexicon_is_filtered():
    """HurtLex's nouns per language, without the dropped ordinary words."""
    for language, dropped in (("en", "problem"), ("de", "hund"), ("it", "cane"), ("ru", "собака")):
        words = set(WORDS[language].split())
        assert len(words) > 500
        assert dropped not in words
        assert dropped in DROPPED[language].split()
        assert not words & set(DROPPED[language].split())
        assert all(w.isalpha() and w == w.lower() and len(w) >= 4 for w in words)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Congratulations, you've lost my parcel for the third time.", "en"),
        ("Herzlichen Glückwunsch, Sie haben mein Paket zum dritten Mal verloren.", "de"),
        ("Complimenti, avete perso il mio pacco per la terza volta.", "it"),
        ("Поздравляю, вы потеряли мою посылку в третий раз.", "ru"),
    ],
)
def test_a_sign_of_anger_and_other_evidence_make_it_angry(text, language):
    """Sarcasm (2 points) and a repeated failure (1) elsewhere: angry from 3."""
    assert tone(text, language) == "angry"


def test_one_phrase_is_one_cue():
    """Anger and frustration on the same words, or a capped sign, do not combine."""
    same = [
        Evidence("anger", (0, 7), "надоело", 2.0),
        Evidence("frustration", (0, 7), "надоело", 1.0),
    ]
    assert _tone(same) == "frustrated"
    capped = [
        Evidence("anger", (0, 3), "abc", 0.0),
        Evidence("frustration", (4, 7), "def", 1.0),
        Evidence("frustration", (8, 11), "ghi", 1.0),
        Evidence("exclamations", (12, 14), "!!", 1.0),
    ]
    assert _tone(capped) == "frustrated"
    zero = [Evidence("anger", (0, 3), "abc", 2.0), Evidence("capitals", (4, 7), "DEF", 0.0)]
    assert _tone([*zero, Evidence("frustration", (0, 3), "abc", 1.0)]) == "frustrated"
    assert _tone([*zero, Evidence("frustration", (4, 7), "DEF", 1.0)]) == "angry"
