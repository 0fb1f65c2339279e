"""The wording models: how likely a message needs a cool-down, or a reply blames, from its letters.

A logistic regression over the message's character n-grams (2 to 5 letters, taken
inside each word padded with a space at both ends, as scikit-learn's ``char_wb``
analyzer takes them), weighted by tf-idf (sublinear term frequency, smoothed inverse
document frequency) and normalised to unit length. Four models per language (en,
de, it, ru): ``cooldown`` (an incoming message is angry or abusive), ``blame`` (a
reply draft blames or talks down to the customer), ``jargon`` and ``next-step`` (a
draft holds jargon, lacks a next step), trained offline by ``tools/train_wording.py``
with scikit-learn on the labelled training sets under ``tests/data/replies`` (never
on the held-out round) and kept here as plain data (``_wording_<lang>.py``,
``_wording_blame_<lang>.py``, ``_wording_jargon_<lang>.py``,
``_wording_next_step_<lang>.py``: each n-gram's idf and weight, the intercept):
nothing beyond the standard library runs at inference, and a table is imported on
first use.

Why a model beside the word lists: on sets written by other people the lists found
a sign of frustration or anger but weighed it wrongly, both ways. So the lists find
the signs and the model weighs them: it decides between a cool-down and a normal
reply only where the lists found something. On its own the model flags polite short
messages ("You are right, thank you so much.") whose letters resemble angry ones
("you are useless"): the labelled sets hold few of them; only where it is confident
(``CONFIDENT``) about a message of ``CONFIDENT_WORDS`` words or more does it ask
for a cool-down on its own. Blame is the other way round: the phrase lists of
``review`` find it where they know the words, and the blame model adds the reply it
finds likely to blame (``BLAME_THRESHOLD``) when the lists found nothing. The
jargon and next-step models only take away: the built-in rules' findings of a draft
the model finds unlikely to hold jargon or to lack a next step are dropped
(``VETO``). See
docs/explanation/reply-checks-accuracy.md for the figures.
"""

from __future__ import annotations

import functools
import importlib
import math
from collections import Counter
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Literal

from servicekit.replies._text import WORD

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "BLAME_SENTENCE_WORDS",
    "BLAME_THRESHOLD",
    "CONFIDENT",
    "CONFIDENT_WORDS",
    "MODEL_LANGUAGES",
    "MODEL_WORDS",
    "THRESHOLD",
    "VETO",
    "VETO_MODELS",
    "Model",
    "char_ngrams",
    "contributions",
    "probability",
    "words",
]

#: The languages with wording models.
MODEL_LANGUAGES: Final = ("en", "de", "it", "ru")
#: The models: an incoming message needs a cool-down; a reply draft blames, holds
#: jargon, lacks a next step.
Model = Literal["cooldown", "blame", "jargon", "next-step"]
_MODULES: Final = MappingProxyType(
    {
        "cooldown": "_wording",
        "blame": "_wording_blame",
        "jargon": "_wording_jargon",
        "next-step": "_wording_next_step",
    }
)
#: From this probability on a message in which the word lists found a sign of
#: frustration or anger needs a cool-down. Chosen on validation sets the model was
#: not trained on (0.35 to 0.45 gave the same cool-down F1 there, 0.5 less);
#: assumption: servicekit's.
THRESHOLD: Final = 0.45
#: From this probability on a message of at least ``CONFIDENT_WORDS`` words needs a
#: cool-down even where the word lists found no sign. Chosen by leaving out one
#: labelled round at a time (0.6 to 0.8 all raised cool-down F1 on the rounds left
#: out; 0.7 is the middle); short polite messages can look angry to the model
#: ("You are right, thank you so much." scores 0.8) and so can a short calm
#: question about fraud, hence the length (15 words cost less than 0.01 of F1
#: against 10 on the rounds left out). Assumption:
#: servicekit's.
CONFIDENT: Final = 0.7
CONFIDENT_WORDS: Final = 15
#: From this probability on the blame model finds that a reply draft blames or talks
#: down. Chosen by leaving out one labelled round at a time (0.4 found more and
#: was wrong more often, 0.6 missed more). Assumption: servicekit's.
BLAME_THRESHOLD: Final = 0.5
#: The blame, jargon and next-step models judge replies of at least this many words
#: (the labelled blaming drafts have 30 on average; on a short reply a few letters
#: decide, and the rounds left out lost nothing by the limit). Assumption:
#: servicekit's.
MODEL_WORDS: Final = 20
#: The sentence the blame model points at has at least this many words (not a
#: greeting or a name).
BLAME_SENTENCE_WORDS: Final = 3
#: Below these probabilities the jargon and no-next-step findings of the built-in
#: rules are dropped, on a reply of at least ``MODEL_WORDS`` words (shorter ones are
#: left to the rules). Chosen by leaving one labelled round out at a time (rounds 5
#: to 8): no-next-step F1 rose on every one (0.63 to 0.78 on round 8, 0.75 to 0.86
#: on train6), jargon on every one (0.76 to 0.81, 0.81 to 0.92). Assumption:
#: servicekit's.
VETO: Final = MappingProxyType({"jargon": 0.2, "no-next-step": 0.3})
#: The model that judges each vetoed rule.
VETO_MODELS: Final[Mapping[str, Model]] = MappingProxyType(
    {"jargon": "jargon", "no-next-step": "next-step"}
)
#: Only the first characters are read: a long message's first part is its own
#: writing (quoted history and signatures come later), and the time stays bounded.
READ_CHARS: Final = 5000
#: The n-gram lengths (scikit-learn's ``ngram_range``).
SHORTEST: Final = 2
LONGEST: Final = 5


def char_ngrams(text: str) -> Counter[str]:
    """The character n-grams of ``text`` and their counts, as ``char_wb`` takes them.

    The text is lower-cased and split at white space; each word, padded with one
    space at both ends, gives its n-grams of 2 to 5 characters; a padded word shorter
    than ``n`` gives itself once and no longer n-grams.

    Example:
        >>> sorted(char_ngrams("No!").items())  # doctest: +NORMALIZE_WHITESPACE
        [(' n', 1), (' no', 1), (' no!', 1), (' no! ', 1), ('! ', 1), ('no', 1),
         ('no!', 1), ('no! ', 1), ('o!', 1), ('o! ', 1)]
    """
    counts: Counter[str] = Counter()
    for word in text.lower().split():
        padded = f" {word} "
        size = len(padded)
        for n in range(SHORTEST, LONGEST + 1):
            if size <= n:
                counts[padded] += 1
                break
            for start in range(size - n + 1):
                counts[padded[start : start + n]] += 1
    return counts


def words(text: str, enough: int) -> int:
    """How many words ``text`` has, counted up to ``enough`` (the time stays bounded).

    Example:
        >>> words("One, two and three.", 10), words("One, two and three.", 2)
        (4, 2)
    """
    count = 0
    for _ in WORD.finditer(text):
        count += 1
        if count == enough:
            break
    return count


@functools.cache
def _model(language: str, model: Model) -> tuple[float, Mapping[str, tuple[float, float]]]:
    """The intercept and the table (n-gram: idf, weight) of a language's model."""
    module = importlib.import_module(f"servicekit.replies.{_MODULES[model]}_{language}")
    return module.INTERCEPT, module.FEATURES


def _weighted(
    text: str, language: str, model: Model
) -> tuple[float, dict[str, tuple[float, float]]]:
    """The intercept and each known n-gram's (tf-idf before normalising, weight)."""
    intercept, table = _model(language, model)
    found: dict[str, tuple[float, float]] = {}
    for gram, count in char_ngrams(text[:READ_CHARS]).items():
        entry = table.get(gram)
        if entry is not None:
            idf, weight = entry
            found[gram] = ((1.0 + math.log(count)) * idf, weight)
    return intercept, found


def probability(text: str, language: str, model: Model = "cooldown") -> float | None:
    """The probability of ``model`` for ``text`` (``None``: no model for the language).

    ``cooldown``: the message needs a cool-down; ``blame``, ``jargon``,
    ``next-step``: the reply blames, holds jargon, lacks a next step.

    Example:
        >>> probability("You are thieves and liars, I'm done with you!", "en") > THRESHOLD
        True
        >>> probability("Could you tell me when my parcel will arrive? Thanks.", "en") < THRESHOLD
        True
        >>> probability("Bonjour", "fr") is None
        True
    """
    if language not in MODEL_LANGUAGES:
        return None
    intercept, found = _weighted(text, language, model)
    norm = math.sqrt(math.fsum(value * value for value, _ in found.values()))
    logit = intercept
    if norm > 0.0:
        logit += math.fsum(value * weight for value, weight in found.values()) / norm
    # The logistic function, without overflow on either side.
    if logit >= 0.0:
        return 1.0 / (1.0 + math.exp(-logit))
    odds = math.exp(logit)
    return odds / (1.0 + odds)


def contributions(text: str, language: str, model: Model = "cooldown") -> dict[str, float]:
    """What each known n-gram adds to the logit (before normalising; any sign).

    Used to point at the words that weigh most towards a cool-down.
    """
    if language not in MODEL_LANGUAGES:
        return {}
    _, found = _weighted(text, language, model)
    return {gram: value * weight for gram, (value, weight) in found.items()}
