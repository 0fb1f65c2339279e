"""Accuracy of the reply checks (issue 16), split by domain, round by round.

See docs/explanation/reply-checks-accuracy.md. Each round's domains were written and
committed first and checked once before that round's tuning. Round 3 (health,
education) was held out before round 3's tuning (cool-down F1 then en 0.82, de 0.75,
it 0.83, ru 0.89; review micro-F1 0.78), round 4 (public transport) after it
(cool-down F1 en 0.75, de 0.57, it 0.57, ru 0.57; blame 0.67), round 5 (delivery,
housing, fitness, another writer, blind) after round 5's tuning (cool-down F1 en
0.77, de 0.74, it 0.71, ru 0.73; review micro-F1 0.83), round 6 with the first
wording model (cool-down F1 en 0.89, de 0.84, it 0.86, ru 0.84; review micro-F1
0.81), round 7 with the blame model (cool-down F1 en 0.88, de 0.91, it 0.90, ru
0.91; review 0.84), round 8 with the rules tuned on round 7 (cool-down F1 en 0.83,
de 0.94, it 0.98, ru 0.96; review 0.84). The held-out check is round 9 (fashion,
groceries, coworking; four more writers, blind), read once with the jargon and
next-step models: cool-down F1 en 0.87, de 0.89, it 0.96, ru 0.92, review micro-F1
0.89, no kind below 0.70. Every other round has been used for tuning or training
since it was read: the floors hold its figures so that a change that lowers them
fails.

The issue's targets: cool-down F1 at least 0.85 in every language, review micro-F1
at least 0.85, no kind below 0.70. Where a figure falls short the floor is the
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
    ROUND5,
    ROUND6,
    ROUND7,
    ROUND8,
    ROUND9,
    SPLITS,
    TRAIN,
    TRAIN6,
    combined_review,
    items,
    triage_figures,
)

COOLDOWN_TARGET = 0.85
REVIEW_TARGET = 0.85
KIND_TARGET = 0.70
#: The floors below the targets, by round, after round 5's tuning (measured with
#: ``python tests/replies_eval.py roundN``). Rounds 2 and 4 were below the cool-down
#: target when held out (round 2: it 0.84, ru 0.82; round 4: 0.57 to 0.75, blame
#: 0.67); after round 5's tuning every cool-down F1 of rounds 2 to 4 is 0.98 or more
#: and blame 1.00, so the targets apply. Only no-next-step on round 3 (0.68) stays
#: below its target.
ROUND2_COOLDOWN_FLOOR: dict[str, float] = {}
ROUND2_REVIEW_FLOOR = REVIEW_TARGET
ROUND3_COOLDOWN_FLOOR: dict[str, float] = {}
ROUND3_KIND_FLOOR = {"no-next-step": 0.68}
ROUND4_COOLDOWN_FLOOR: dict[str, float] = {}
ROUND4_KIND_FLOOR: dict[str, float] = {}
#: Every training round together (rounds 1 to 8 and train6; the cool-down and blame
#: models were trained on rounds 1 to 6): cool-down F1 en 0.96, de 0.98, it 0.97, ru
#: 0.97, precision 0.96 or more; blame 0.95.
ALL_COOLDOWN_FLOOR = 0.955
ALL_COOLDOWN_PRECISION = 0.95
ALL_BLAME_FLOOR = 0.95
#: Round 5 (delivery, housing, fitness), held out once (docs), training since: with
#: the models trained on it, cool-down F1 0.95 or more; review micro-F1 0.91,
#: unanswered 0.67.
ROUND5_COOLDOWN_FLOOR = {"en": 0.97, "de": 0.99, "it": 0.95, "ru": 0.95}
ROUND5_REVIEW_FLOOR = 0.91
ROUND5_KIND_FLOOR = {"unanswered": 0.66}
#: The training set of two more writers (pharmacy, streaming, marketplace), written
#: blind; trained on since: cool-down F1 0.91 or more; review micro-F1 0.91.
TRAIN6_COOLDOWN_FLOOR = {"en": 0.95, "de": 0.99, "it": 0.95, "ru": 0.91}
TRAIN6_REVIEW_FLOOR = 0.91
TRAIN6_KIND_FLOOR: dict[str, float] = {}
#: Round 6 (car rental, event tickets, furniture), held out and read once (cool-down
#: F1 en 0.89, de 0.84, it 0.86, ru 0.84; review micro-F1 0.81, blame 0.50; see the
#: docs), training since: cool-down F1 0.95 or more, review micro-F1 0.89.
ROUND6_COOLDOWN_FLOOR = {"en": 0.95, "de": 0.97, "it": 0.97, "ru": 0.99}
ROUND6_REVIEW_FLOOR = 0.89
ROUND6_KIND_FLOOR: dict[str, float] = {}
#: Round 7 (gaming, pets, repairs), held out and read once with the models of
#: ef1f1b2 (cool-down F1 en 0.88, de 0.91, it 0.90, ru 0.91; review micro-F1 0.84,
#: blame 0.78, unanswered 0.65, no-next-step 0.68; see the docs). The models are
#: unchanged since, so its cool-down and blame figures stay those; the review rules
#: of round 8 were tuned on it: micro-F1 0.89.
ROUND7_COOLDOWN_FLOOR = {"en": 0.88, "de": 0.91, "it": 0.90, "ru": 0.91}
ROUND7_REVIEW_FLOOR = 0.90
ROUND7_KIND_FLOOR = {"blame": 0.77}
#: Round 8 (hotels, electronics, parking), held out and read once with the rules of
#: 3f6fa51 (cool-down F1 en 0.83, de 0.94, it 0.98, ru 0.96; review micro-F1 0.84,
#: no-next-step 0.63, unanswered 0.71, jargon 0.76, blame 0.78; see the docs). The
#: cool-down and blame models are unchanged since, so those figures stay; the jargon
#: and next-step models of round 9 were trained on it: micro-F1 0.88.
ROUND8_COOLDOWN_FLOOR = {"en": 0.82, "de": 0.93, "it": 0.97, "ru": 0.95}
ROUND8_REVIEW_FLOOR = 0.88
ROUND8_KIND_FLOOR = {"blame": 0.78}
#: Round 9 (fashion, groceries, coworking), written blind by four more writers,
#: committed before any check (c0f8e4a) and read once with everything of 74b6702
#: final and committed: the held-out figures. Cool-down F1 en 0.87, de 0.89, it 0.96,
#: ru 0.92; review micro-F1 0.89 (P 0.89, R 0.88); per kind: blame 0.79, jargon
#: 0.93, no-next-step 0.86, short-answer 0.94, shouting 0.90, unanswered 0.70 (P
#: 0.61), the rest 1.00. Every target of issue 16 is met on it, unanswered by a
#: hair.
ROUND9_COOLDOWN_FLOOR = {"en": 0.86, "de": 0.88, "it": 0.95, "ru": 0.91}
ROUND9_REVIEW_FLOOR = 0.88
ROUND9_KIND_FLOOR = {"unanswered": 0.70, "blame": 0.78}


@pytest.mark.parametrize("language", LANGUAGES)
def test_sets_are_large_and_split_by_domain(language):
    """At least 120 messages and 120 replies per language, from the training domains."""
    messages, replies = items(language, "all")
    assert len(messages) >= 120
    assert len(replies) >= 120
    assert {m["domain"] for m in messages} == set(SPLITS["all"])
    assert {r["domain"] for r in replies} == set(SPLITS["all"])
    for split, size, per_tone in (
        ("round2", 24, 4),
        ("round3", 24, 4),
        ("round4", 12, 2),
        ("round5", 48, 10),
        ("round6", 48, 10),
        ("round7", 48, 10),
        ("round8", 48, 10),
        ("round9", 48, 10),
        ("train6", 48, 10),
    ):
        held_messages, held_replies = items(language, split)
        assert len(held_messages) >= size
        assert len(held_replies) >= size
        assert all(n >= per_tone for n in Counter(m["tone"] for m in held_messages).values())


def test_splits():
    """Rounds 1 to 8 and the second training set are training; round 9 is held out."""
    rounds = (ROUND1, ROUND2, ROUND3, ROUND4, ROUND5, TRAIN6, ROUND6, ROUND7, ROUND8)
    assert set().union(*rounds) <= set(TRAIN)
    assert HELDOUT == ROUND9
    assert not set(HELDOUT) & set(TRAIN)
    assert SPLITS["all"] == TRAIN


@pytest.mark.parametrize("language", LANGUAGES)
def test_cooldown_all_rounds(language):
    """Every training round together: few false alarms, and most cool-downs found."""
    p, _, f = triage_figures(language, "all")["cooldown"]
    assert p >= ALL_COOLDOWN_PRECISION
    assert f >= ALL_COOLDOWN_FLOOR - 0.005


def test_blame_all_rounds():
    """The blame rule on every labelled round (the subject decides, not the verb)."""
    assert combined_review("all")["kinds"]["blame"][2] >= ALL_BLAME_FLOOR - 0.005


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("split", "floors"),
    [
        ("round2", ROUND2_COOLDOWN_FLOOR),
        ("round3", ROUND3_COOLDOWN_FLOOR),
        ("round4", ROUND4_COOLDOWN_FLOOR),
        ("round5", ROUND5_COOLDOWN_FLOOR),
        ("train6", TRAIN6_COOLDOWN_FLOOR),
        ("round6", ROUND6_COOLDOWN_FLOOR),
        ("round7", ROUND7_COOLDOWN_FLOOR),
        ("round8", ROUND8_COOLDOWN_FLOOR),
        ("round9", ROUND9_COOLDOWN_FLOOR),
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


def test_round4_review():
    """Review micro-F1 and F1 per kind on round 4 (held out once, training now)."""
    figures = combined_review("round4")
    assert figures["micro"][2] >= REVIEW_TARGET - 0.005
    for kind in KINDS:
        assert figures["kinds"][kind][2] >= ROUND4_KIND_FLOOR.get(kind, KIND_TARGET) - 0.005, kind


@pytest.mark.parametrize(
    ("split", "floor", "kind_floors"),
    [
        ("round5", ROUND5_REVIEW_FLOOR, ROUND5_KIND_FLOOR),
        ("train6", TRAIN6_REVIEW_FLOOR, TRAIN6_KIND_FLOOR),
        ("round6", ROUND6_REVIEW_FLOOR, ROUND6_KIND_FLOOR),
        ("round7", ROUND7_REVIEW_FLOOR, ROUND7_KIND_FLOOR),
        ("round8", ROUND8_REVIEW_FLOOR, ROUND8_KIND_FLOOR),
        ("round9", ROUND9_REVIEW_FLOOR, ROUND9_KIND_FLOOR),
    ],
)
def test_blind_sets_review(split, floor, kind_floors):
    """Review micro-F1 and F1 per kind on the blind sets of other writers (below target)."""
    figures = combined_review(split)
    assert figures["micro"][2] >= floor - 0.005
    for kind in KINDS:
        assert figures["kinds"][kind][2] >= kind_floors.get(kind, KIND_TARGET) - 0.005, kind


def test_cooldown_with_another_reader_locale():
    """The German round-3 messages triaged for an Italian desk keep their figures."""
    assert (
        triage_figures("de", "round3", locale="it")["cooldown"]
        == triage_figures("de", "round3")["cooldown"]
    )
