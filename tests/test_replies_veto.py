"""The jargon and next-step models in review(): they only take findings away.

On a reply of MODEL_WORDS words or more, the built-in jargon and no-next-step
findings are dropped when the model of the rule gives the reply less than VETO[rule].
A team's own jargon terms and a team's rule of the same id are never dropped.
"""

from __future__ import annotations

import pytest

from servicekit.replies import Rule, RuleSet, review
from servicekit.replies import _review as review_module
from servicekit.replies._wording import MODEL_WORDS, VETO, VETO_MODELS, probability

#: A long reply with an internal status code and no next step.
LONG = (
    "Hi Sam,\n\nThanks for your message about the order of the blue sofa from last "
    "month. The ticket is in status CLOSED_PENDING in the WMS and the backend shows the "
    "parcel as delivered to the depot in Leeds on Monday morning.\n\nKind regards,\nKim"
)
SHORT = "Hi,\nthe ticket is CLOSED_PENDING in the WMS.\nBest"


def found(text: str, **kwargs: object) -> set[str]:
    """The rule ids of a review of ``text``."""
    return {f.rule for f in review(text, locale="en", **kwargs)}


def forced(monkeypatch: pytest.MonkeyPatch, chances: dict[str, float]) -> None:
    """Make each model give a fixed probability."""

    def fake(text: str, language: str, model: str = "cooldown") -> float | None:
        return chances.get(model, probability(text, language, model))  # type: ignore[arg-type]

    monkeypatch.setattr(review_module, "probability", fake)


def test_the_findings_are_there_without_the_veto(monkeypatch):
    """With the models sure, the rules' findings stay."""
    forced(monkeypatch, {"jargon": 1.0, "next-step": 1.0, "blame": 0.0})
    assert {"jargon", "no-next-step"} <= found(LONG)


@pytest.mark.parametrize("rule_id", sorted(VETO))
def test_below_the_threshold_the_finding_goes(rule_id, monkeypatch):
    """Just below VETO the rule's findings go; at VETO they stay."""
    model = VETO_MODELS[rule_id]
    forced(monkeypatch, {model: VETO[rule_id] - 1e-9, "blame": 0.0})
    assert rule_id not in found(LONG)
    forced(monkeypatch, {model: VETO[rule_id], "blame": 0.0})
    assert rule_id in found(LONG)


def test_short_replies_are_left_to_the_rules(monkeypatch):
    """Below MODEL_WORDS words the models do not judge."""
    forced(monkeypatch, {"jargon": 0.0, "next-step": 0.0})
    assert len(SHORT.split()) < MODEL_WORDS
    assert {"jargon", "no-next-step"} <= found(SHORT)


def test_a_teams_jargon_terms_are_never_dropped(monkeypatch):
    """The team named the term: the model does not overrule it."""
    forced(monkeypatch, {"jargon": 0.0, "next-step": 1.0, "blame": 0.0})
    assert [
        f.matched for f in review(LONG, locale="en", jargon=["depot"]) if f.rule == "jargon"
    ] == ["depot"]


def test_a_teams_own_rule_is_never_dropped(monkeypatch):
    """A team rule with the id ``jargon`` is not built in: no model judges it."""
    forced(monkeypatch, {"jargon": 0.0, "next-step": 1.0, "blame": 0.0})
    team = RuleSet((Rule("jargon", ("sofa",), "Ours.", "Say it plainly."),))
    assert "jargon" in found(LONG, rules=team)


def test_a_language_without_models_keeps_its_findings(monkeypatch):
    """No model (None): nothing is dropped."""
    monkeypatch.setattr(review_module, "probability", lambda *_args, **_kw: None)
    assert {"jargon", "no-next-step"} <= found(LONG)


def test_the_shipped_models_drop_a_false_alarm(monkeypatch):
    """A reply whose step is done and implied loses the rule's no-next-step finding."""
    text = (
        "Hi Dan,\n\nYour phone was repaired this morning by our technician and is waiting "
        "for you at the Manchester store, where the team has also cleaned the screen and "
        "replaced the case.\n\nKind regards,\nPriti"
    )
    chance = probability(text, "en", "next-step")
    assert chance is not None
    assert chance < VETO["no-next-step"]
    assert "no-next-step" not in found(text)
    monkeypatch.setattr(review_module, "probability", lambda *_args, **_kw: None)
    assert "no-next-step" in found(text)
