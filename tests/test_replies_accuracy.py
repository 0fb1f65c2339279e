"""Accuracy of the reply checks (issue 16), split by domain, round by round.

See docs/explanation/reply-checks-accuracy.md. Each round's domains were written and
committed first and checked once before that round's tuning. Round 3 (health,
education) was held out before round 3's tuning (cool-down F1 then en 0.82, de 0.75,
it 0.83, ru 0.89; review micro-F1 0.78), round 4 (public transport) after it
(cool-down F1 en 0.75, de 0.57, it 0.57, ru 0.57; blame 0.67), round 5 (delivery,
housing, fitness, another writer, blind) after round 5's tuning (cool-down F1 en
0.77, de 0.74, it 0.71, ru 0.73; review micro-F1 0.83). Round 6's wording model was
trained on every labelled round but round 6 (rounds 1 to 5 and a set of two more
writers, ``train6``), so none of the figures below but round 6's is held out: the
floors hold them so that a change that lowers them fails. The held-out check is
round 6 (car rental, event tickets, furniture; four other writers, blind).

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
#: Every training round together, with the wording model (trained on them): cool-down
#: F1 en 0.96, de 0.98, it 0.96, ru 0.94, precision 0.98 to 1.00 (it 0.977: 3 false
#: alarms in 162 calm or frustrated messages); blame 0.92.
ALL_COOLDOWN_FLOOR = 0.94
ALL_COOLDOWN_PRECISION = 0.97
ALL_BLAME_FLOOR = 0.92
#: Round 5 (delivery, housing, fitness), held out once (above), training for the
#: wording model since: cool-down F1 en 0.94, de 0.91, it 0.84, ru 0.83 (recall is
#: what is short: the word lists find no sign in some angry messages, and the model
#: only weighs messages where they find one); review micro-F1 0.83, blame 0.58,
#: unanswered 0.61 (review has no model).
ROUND5_COOLDOWN_FLOOR = {"en": 0.94, "de": 0.91, "it": 0.84, "ru": 0.83}
ROUND5_REVIEW_FLOOR = 0.83
ROUND5_KIND_FLOOR = {"blame": 0.58, "unanswered": 0.61}
#: The training set of two more writers (pharmacy, streaming, marketplace), written
#: blind: cool-down F1 en 0.84, de 0.96, it 0.89, ru 0.82 with the wording model
#: (0.65, 0.86, 0.76, 0.64 with the word lists alone); review micro-F1 0.84, blame
#: 0.60.
TRAIN6_COOLDOWN_FLOOR = {"en": 0.84, "de": 0.96, "it": 0.89, "ru": 0.82}
TRAIN6_REVIEW_FLOOR = 0.84
TRAIN6_KIND_FLOOR = {"blame": 0.60}
#: Round 6 (car rental, event tickets, furniture), written blind by four other writers,
#: committed before any check and checked once, with the wording model: the held-out
#: figures. Cool-down F1 en 0.89, de 0.84, it 0.86, ru 0.84 (P 0.95/0.90/0.95/0.90;
#: the word lists alone: 0.73, 0.78, 0.70, 0.71): en and it reach the target, de and
#: ru fall 0.01 short. Review micro-F1 0.81 (P 0.79, R 0.83; no model), below target;
#: blame 0.50 (recall 0.34), unanswered 0.74, jargon 0.76; German review 0.70.
ROUND6_COOLDOWN_FLOOR = {"en": 0.89, "de": 0.84, "it": 0.86, "ru": 0.84}
ROUND6_REVIEW_FLOOR = 0.81
ROUND6_KIND_FLOOR = {"blame": 0.50}


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
        ("train6", 48, 10),
    ):
        held_messages, held_replies = items(language, split)
        assert len(held_messages) >= size
        assert len(held_replies) >= size
        assert all(n >= per_tone for n in Counter(m["tone"] for m in held_messages).values())


def test_splits():
    """Rounds 1 to 5 and the second training set are training; round 6 is held out."""
    rounds = (ROUND1, ROUND2, ROUND3, ROUND4, ROUND5, TRAIN6)
    assert set().union(*rounds) <= set(TRAIN)
    assert HELDOUT == ROUND6
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
