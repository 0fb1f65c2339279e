"""Accuracy of the reply checks (issue 16), split by domain, round by round.

See docs/explanation/reply-checks-accuracy.md. Each round's domains were written and
committed first and checked once before that round's tuning; the tuning then used
the training domains only. Round 1 (travel, telecoms) and round 2 (energy,
insurance) are training domains now. Round 3 (health, education) was checked once
before round 3's tuning (the honest held-out figures are in the docs: cool-down F1
en 0.82, de 0.75, it 0.83, ru 0.89; review micro-F1 0.78; no-next-step 0.59, jargon
0.12), then re-run after it: those later figures are no longer held out, and the
floors below hold them so that a change that lowers them fails. Round 4 (public
transport) was written after round 3's tuning and checked once: the held-out figure.

The issue's targets: cool-down F1 at least 0.85 in every language, review micro-F1
at least 0.85, no kind below 0.70. Where a figure fell short the floor is the
measured figure, and the shortfall is stated here and in the docs.
"""

from __future__ import annotations

from collections import Counter

import pytest

from replies_eval import (
    HELDOUT,
    KINDS,
    LANGUAGES,
    ROUND1,
    ROUND2,
    ROUND3,
    ROUND4,
    SPLITS,
    TRAIN,
    combined_review,
    items,
    triage_figures,
)

COOLDOWN_TARGET = 0.85
REVIEW_TARGET = 0.85
KIND_TARGET = 0.70
#: Round 2's floors, set when round 2 was held out (it and ru cool-down, review
#: micro-F1 below the target then); kept, not lowered, now that round 2 is training.
ROUND2_COOLDOWN_FLOOR = {"it": 0.84, "ru": 0.82}
ROUND2_REVIEW_FLOOR = 0.84
#: Round 3 after its tuning (not held out): German cool-down and the no-next-step
#: kind stay below the target (see the docs).
ROUND3_COOLDOWN_FLOOR = {"de": 0.82}
ROUND3_KIND_FLOOR = {"no-next-step": 0.68}
#: Round 4 (public transport), the held-out check after round 3's tuning, measured
#: once: cool-down recall is low (two or three of five angry or abusive messages per
#: language are missed: an insult, a sarcastic complaint, a named authority no list
#: knows), and so is blame (the "you should have" and "as we told you" forms in a
#: word order the patterns miss). Floors at the measured figures.
ROUND4_COOLDOWN_FLOOR = {"en": 0.75, "de": 0.57, "it": 0.57, "ru": 0.57}
ROUND4_KIND_FLOOR = {"blame": 0.67}


@pytest.mark.parametrize("language", LANGUAGES)
def test_sets_are_large_and_split_by_domain(language):
    """At least 120 messages and 120 replies per language, from nine domains."""
    messages, replies = items(language, "all")
    assert len(messages) >= 120
    assert len(replies) >= 120
    assert {m["domain"] for m in messages} == set(SPLITS["all"])
    assert {r["domain"] for r in replies} == set(SPLITS["all"])
    for split, size, per_tone in (("round2", 24, 4), ("round3", 24, 4), ("round4", 12, 2)):
        held_messages, held_replies = items(language, split)
        assert len(held_messages) >= size
        assert len(held_replies) >= size
        assert all(n >= per_tone for n in Counter(m["tone"] for m in held_messages).values())


def test_splits():
    """Rounds 1 and 2 are training now; round 3 is not; round 4 is the held-out split."""
    assert set(ROUND1) | set(ROUND2) <= set(TRAIN)
    assert not set(ROUND3) & set(TRAIN)
    assert HELDOUT == ROUND4
    assert not set(HELDOUT) & set(TRAIN + ROUND3)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("split", "floors"),
    [
        ("round2", ROUND2_COOLDOWN_FLOOR),
        ("round3", ROUND3_COOLDOWN_FLOOR),
        ("round4", ROUND4_COOLDOWN_FLOOR),
    ],
)
def test_cooldown_f1(language, split, floors):
    """Cool-down (angry or abusive) F1 per round, read in the message's language."""
    figures = triage_figures(language, split)
    assert figures["detected"] == 1.0  # every message is read in its language
    assert figures["cooldown"][2] >= floors.get(language, COOLDOWN_TARGET) - 0.005


def test_round2_review():
    """Review micro-F1 and every kind (jargon included now) on round 2's domains."""
    figures = combined_review("round2")
    assert figures["micro"][2] >= min(REVIEW_TARGET, ROUND2_REVIEW_FLOOR) - 0.005
    for kind in KINDS:
        assert figures["kinds"][kind][2] >= KIND_TARGET, kind


def test_round3_review():
    """Review micro-F1 and F1 per kind on round 3's domains (after round 3's tuning)."""
    figures = combined_review("round3")
    assert figures["micro"][2] >= REVIEW_TARGET - 0.005
    for kind in KINDS:
        assert figures["kinds"][kind][2] >= ROUND3_KIND_FLOOR.get(kind, KIND_TARGET) - 0.005, kind


def test_round4_heldout_review():
    """Review micro-F1 and F1 per kind on the held-out round 4."""
    figures = combined_review("round4")
    assert figures["micro"][2] >= REVIEW_TARGET - 0.005
    for kind in KINDS:
        assert figures["kinds"][kind][2] >= ROUND4_KIND_FLOOR.get(kind, KIND_TARGET) - 0.005, kind


def test_cooldown_with_another_reader_locale():
    """The German round-3 messages triaged for an Italian desk keep their figures."""
    assert (
        triage_figures("de", "round3", locale="it")["cooldown"]
        == triage_figures("de", "round3")["cooldown"]
    )
