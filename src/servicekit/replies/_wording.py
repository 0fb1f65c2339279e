"""The wording model: how likely an incoming message needs a cool-down, from its letters.

A logistic regression over the message's character n-grams (2 to 5 letters, taken
inside each word padded with a space at both ends, as scikit-learn's ``char_wb``
analyzer takes them), weighted by tf-idf (sublinear term frequency, smoothed inverse
document frequency) and normalised to unit length. One model per language (en, de,
it, ru), trained offline by ``tools/train_wording.py`` with scikit-learn on the
labelled training sets under ``tests/data/replies`` (never on the held-out round)
and kept here as plain data (``_wording_<lang>.py``: each n-gram's idf and weight, the
intercept): nothing beyond the standard library runs at inference, and a language's
table is imported on first use.

Why a model beside the word lists: on sets written by other people the lists found
a sign of frustration or anger but weighed it wrongly, both ways. So the lists find
the signs and the model weighs them: it decides between a cool-down and a normal
reply only where the lists found something. On its own the model flags polite short
messages ("You are right, thank you so much.") whose letters resemble angry ones
("you are useless"): the labelled sets hold few of them. On validation sets left
out of training this raised cool-down F1 from 0.73 (the lists alone) to 0.81 on
average. See docs/explanation/reply-checks-accuracy.md.
"""

from __future__ import annotations

import functools
import importlib
import math
from collections import Counter
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "MODEL_LANGUAGES",
    "THRESHOLD",
    "char_ngrams",
    "contributions",
    "probability",
]

#: The languages with a wording model.
MODEL_LANGUAGES: Final = ("en", "de", "it", "ru")
#: From this probability on a message in which the word lists found a sign of
#: frustration or anger needs a cool-down. Chosen on validation sets the model was
#: not trained on (0.35 to 0.45 gave the same cool-down F1 there, 0.5 less);
#: assumption: servicekit's.
THRESHOLD: Final = 0.45
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


@functools.cache
def _model(language: str) -> tuple[float, Mapping[str, tuple[float, float]]]:
    """The intercept and the table (n-gram: idf, weight) of a language's model."""
    module = importlib.import_module(f"servicekit.replies._wording_{language}")
    return module.INTERCEPT, module.FEATURES


def _weighted(text: str, language: str) -> tuple[float, dict[str, tuple[float, float]]]:
    """The intercept and each known n-gram's (tf-idf before normalising, weight)."""
    intercept, table = _model(language)
    found: dict[str, tuple[float, float]] = {}
    for gram, count in char_ngrams(text[:READ_CHARS]).items():
        entry = table.get(gram)
        if entry is not None:
            idf, weight = entry
            found[gram] = ((1.0 + math.log(count)) * idf, weight)
    return intercept, found


def probability(text: str, language: str) -> float | None:
    """The model's probability that ``text`` needs a cool-down (``None``: no model).

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
    intercept, found = _weighted(text, language)
    norm = math.sqrt(math.fsum(value * value for value, _ in found.values()))
    logit = intercept
    if norm > 0.0:
        logit += math.fsum(value * weight for value, weight in found.values()) / norm
    # The logistic function, without overflow on either side.
    if logit >= 0.0:
        return 1.0 / (1.0 + math.exp(-logit))
    odds = math.exp(logit)
    return odds / (1.0 + odds)


def contributions(text: str, language: str) -> dict[str, float]:
    """What each known n-gram adds to the logit (before normalising; any sign).

    Used to point at the words that weigh most towards a cool-down.
    """
    if language not in MODEL_LANGUAGES:
        return {}
    _, found = _weighted(text, language)
    return {gram: value * weight for gram, (value, weight) in found.items()}
