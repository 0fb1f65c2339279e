"""Review: questions answered in other words, next steps and closings of more forms.

The unanswered rule counts a question as addressed when a third of its key words
come back, or when the reply holds an answer of the question's kind (a time, an
amount, yes or no); see docs/explanation/tone-rules.md.
"""

from __future__ import annotations

import pytest

from servicekit.replies import review


def rules(text: str, language: str, question: str | None = None) -> set[str]:
    """The rule ids a review of ``text`` finds."""
    return {f.rule for f in review(text, locale=language, question=question)}


#: (language, question, a reply that answers it in other words, one that does not).
KINDS = [
    (
        "en",
        "How long does a refund usually take?",
        "Hi Sam,\nit normally reaches your card within 3 working days.\nBest, Kim",
        "Hi Sam,\nwe are sorry about the trouble with the jacket.\nBest, Kim",
    ),
    (
        "en",
        "How much is the express option?",
        "Hi Sam,\nexpress costs £4.99.\nBest, Kim",
        "Hi Sam,\nwe are sorry about the trouble with the jacket.\nBest, Kim",
    ),
    (
        "de",
        "Wie lange dauert so etwas normalerweise?",
        "Hallo Herr Brandt,\nKäufe erscheinen meist innerhalb weniger Minuten.\nViele Grüße",
        "Hallo Herr Brandt,\nwir entschuldigen uns für die Unannehmlichkeiten.\nViele Grüße",
    ),
    (
        "de",
        "Was kostet die Anfahrt?",
        "Hallo Herr Neumann,\nwir berechnen pauschal 39 €.\nViele Grüße",
        "Hallo Herr Neumann,\nwir entschuldigen uns für die Unannehmlichkeiten.\nViele Grüße",
    ),
    (
        "it",
        "Quando torna l'evento di Halloween?",
        "Ciao!\nRiapre il 24 ottobre per due settimane.\nUn saluto",
        "Ciao!\nGrazie per averci scritto e per la pazienza.\nUn saluto",
    ),
    (
        "ru",
        "Что делать и сколько ждать?",
        "Здравствуйте!\nПропуск появится в игре через 10 минут.\nС уважением, Алина",
        "Здравствуйте!\nСпасибо за терпение и понимание.\nС уважением, Алина",
    ),
]


@pytest.mark.parametrize(("language", "question", "answered", "silent"), KINDS)
def test_a_question_answered_by_its_kind(language, question, answered, silent):
    """A time answers "when/how long", a number "how much", in any words."""
    assert "unanswered" not in rules(answered, language, question)
    assert "unanswered" in rules(silent, language, question)


@pytest.mark.parametrize(
    ("language", "question", "reply"),
    [
        (
            "en",
            "Can I still change the delivery address for my order of the blue sofa?",
            "Hi Sam,\nyes, the address of the order can be changed until Friday.\nBest, Kim",
        ),
        (
            "de",
            "Kann ich den Termin für die Impfung meiner Hündin Luna noch verschieben?",
            "Hallo Frau Krüger,\nja, den Termin können Sie bis Donnerstag ändern.\nViele Grüße",
        ),
    ],
)
def test_a_yes_no_question_answered_by_yes(language, question, reply):
    """A yes or a no answers a yes-no question that shares a key word with the reply."""
    assert "unanswered" not in rules(reply, language, question)


def test_a_yes_answers_one_question_not_every_one():
    """A "you can" for paying by card does not answer a question on gift wrapping."""
    found = rules(
        "Hi,\nyou can pay by card.\nBest",
        "en",
        "Can I pay by card? Do you offer gift wrapping?",
    )
    assert "unanswered" in found


@pytest.mark.timeout(120)
def test_answers_are_searched_once():
    """Thousands of "when" questions against a long reply stay linear."""
    question = "When will it arrive? " * 5000
    reply = "Hi,\n" + "We are looking into it. " * 20_000 + "It arrives tomorrow.\nBest"
    assert "unanswered" not in rules(reply, "en", question)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            (
                "Hello Marcus,\n\nI've found your payment on our side and added the 1,200 "
                "gems to your account.\n\nKind regards,\nElena"
            ),
        ),
        ("en", "Hi Dan,\n\nYour phone is ready to collect from 2pm today.\n\nKind regards,\nPriti"),
        (
            "de",
            (
                "Hallo Frau Kaya,\n\nder Fehler ist behoben. Bitte aktualisieren Sie das "
                "Spiel über den Store.\n\nViele Grüße\nJonas"
            ),
        ),
        (
            "de",
            (
                "Hallo Herr Sommer,\n\nder Fahrer holt den Laptop am Mittwoch bei Ihnen "
                "ab.\n\nViele Grüße\nKundenservice"
            ),
        ),
        (
            "ru",
            (
                "Здравствуйте, Глеб!\nМы заблокировали подозрительный вход, вам осталось "
                "только сменить пароль.\nС уважением,\nСлужба безопасности"
            ),
        ),
    ],
)
def test_steps_of_more_forms(language, text):
    """What the team did in a longer sentence, what someone else will do, what is left."""
    assert "no-next-step" not in rules(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "Dear Mr Hughes,\n\nwe refunded the fee today.\n\nYours faithfully,\nRelations",
        ),
        ("de", "Hallo,\n\nwir schicken die Paste heute.\n\nViele Grüße\nDr. Ina Roth\nBeratung"),
        ("it", "Ciao Matteo,\n\nti abbiamo accreditato le gemme oggi.\n\nBuon gioco,\nFederica"),
        ("it", "Gentile cliente,\n\nabbiamo chiuso la polizza.\n\nCon i più cari saluti,\nCarla"),
        ("ru", "Здравствуйте!\n\nВаш аккаунт восстановлен сегодня.\n\nХорошей игры,\nТимур"),
        ("ru", "Здравствуйте!\n\nМы вернули деньги сегодня.\n\nС тёплыми пожеланиями,\nОльга"),
    ],
)
def test_closings_of_more_forms(language, text):
    """Formal letters, wishes, a title cut off from the name."""
    assert "no-closing" not in rules(text, language)


def test_two_questions_of_one_kind_share_the_search():
    """Two time questions and no time in the reply: both unanswered."""
    question = "When will the parcel come? How long does the refund take?"
    found = review("Hi,\nwe are sorry about it.\nBest, Kim", locale="en", question=question)
    assert len([f for f in found if f.rule == "unanswered"]) == 2


@pytest.mark.parametrize(
    ("language", "question", "reply"),
    [
        (
            "en",
            "When will my parcel arrive?",
            "Hello Tom,\nwe are looking into it.\nHave a nice day, Kim",
        ),
        (
            "de",
            "Wann kommt mein Paket?",
            "Guten Tag Herr Roth,\nwir prüfen das.\nGuten Morgen noch",
        ),
        (
            "it",
            "Quando arriva il mio pacco?",
            "Buongiorno,\nstiamo verificando.\nBuona giornata, Kim",
        ),
        (
            "ru",
            "Когда придёт посылка?",
            "Добрый день!\nМы проверяем. Средства на месте.\nС уважением",
        ),
        (
            "en",
            "When will my parcel arrive?",
            "Hello Tom,\nyour order 48213 is being checked.\nBest, Kim",
        ),
    ],
)
def test_greetings_and_order_numbers_answer_no_when(language, question, reply):
    """A greeting ("Guten Tag", "Добрый день") or an order number is no time."""
    assert "unanswered" in rules(reply, language, question)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Hi Sam,\n\nI can understand how annoying this is.\n\nBest, Kim"),
        (
            "de",
            "Hallo Herr Roth,\n\nbitte haben Sie Verständnis für die Verzögerung.\n\nViele Grüße",
        ),
    ],
)
def test_sympathy_is_no_step(language, text):
    """Sympathy ("I can understand", "bitte haben Sie Verständnis") is no next step."""
    assert "no-next-step" in rules(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Здравствуйте!\n\nМы проверили заказ.\nНикакой компенсации не будет."),
        ("it", "Buongiorno,\n\nabbiamo controllato.\nBuona parte del rimborso arriverà domani."),
        (
            "en",
            "Hi Sam,\n\nI have refunded the order and thanks to our new system it arrives Monday",
        ),
    ],
)
def test_ordinary_last_sentences_are_no_closing(language, text):
    """A sentence that only starts like a wish, or has "and thanks" inside, is no closing."""
    assert "no-closing" in rules(text, language)
