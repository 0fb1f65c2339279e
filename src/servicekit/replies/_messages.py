"""The texts of the built-in rules and of the handling advice (English message ids).

Each is marked with :func:`~servicekit.i18n.N_` so that the catalog test checks that
the ``replies`` catalog translates it into every shipped language.
"""

from __future__ import annotations

from servicekit.i18n import N_

__all__ = ["ADVICE", "MESSAGES", "PROMISE_DAY", "PROMISE_SPAN", "QUOTE"]

#: How a quoted word is written in the language (typographic quotes differ).
QUOTE = N_("“{matched}”")

#: rule id -> (why, suggestion). ``{matched}`` is the flagged text.
MESSAGES: dict[str, tuple[str, str]] = {
    "shouting": (
        N_("“{matched}” is written in capitals, which reads as shouting."),
        N_("Write it in normal case; if a word needs weight, give it its own short sentence."),
    ),
    "exclamations": (
        N_("A run of exclamation marks (“{matched}”) reads as agitated or sarcastic."),
        N_("Use one full stop or at most one exclamation mark."),
    ),
    "blame": (
        N_("“{matched}” can be read as blaming the customer or talking down to them."),
        N_("Give the answer again plainly, without pointing at what the customer missed."),
    ),
    "no-greeting": (
        N_("The reply starts without a greeting, which can read as curt."),
        N_("Open with a short greeting and the customer's name."),
    ),
    "no-closing": (
        N_("The reply ends without a closing, which can read as abrupt."),
        N_("End with a short closing, such as “Kind regards”, and your name."),
    ),
    "short-answer": (
        N_("A one-line answer to a long message can read as dismissive."),
        N_("Acknowledge what the customer wrote and answer each of their points."),
    ),
    "unanswered": (
        N_("The customer asked “{question}”, and the reply does not mention {keywords}."),
        N_("Answer this question too, or say when you will be able to."),
    ),
    "jargon": (
        N_("“{matched}” is internal jargon that the customer may not know."),
        N_("Say what it means in everyday words."),
    ),
    "no-next-step": (
        N_("The reply does not say what happens next or what the customer should do."),
        N_("Add the next step: what you will do and by when, or what the customer can do now."),
    ),
}

#: A relative promise ("within the hour") that staffed time cannot cover.
PROMISE_SPAN = (
    N_(
        "“{matched}” promises {promised} (until {deadline}), "
        "but only {available} of that is staffed time."
    ),
    N_("Promise a time the team can keep: the earliest is {realistic}."),
)
#: A promise for a day ("today", "tomorrow") with no staffed time left on it.
PROMISE_DAY = (
    N_("“{matched}” promises something by the end of {day}, but nobody is on duty before then."),
    N_("Promise a time the team can keep: the team is next on duty at {realistic}."),
)

#: tone -> the recommended handling, in words. ``{cooldown}`` is a duration in words.
ADVICE: dict[str, str] = {
    "calm": N_("Reply normally."),
    "frustrated": N_(
        "Reply normally, and acknowledge the customer's frustration before you answer."
    ),
    "angry": N_("Wait {cooldown} before you reply, then reply kindly and answer the point."),
    "abusive": N_(
        "Wait {cooldown} before you reply and show the message to a team lead; "
        "then reply kindly, answer the point and do not repeat the insults."
    ),
}
