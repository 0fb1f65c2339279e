# ruff: noqa: E501 - example tables read better one example per line
"""Every built-in review rule, in every language: examples that must and must not trigger."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from servicekit.hours import BusinessCalendar
from servicekit.replies import review

# Each case is a whole reply (greeting and closing included, unless the rule is about
# them) so that only the rule under test decides. "q" gives the customer's message.
CASES: dict[str, dict[str, dict[str, list]]] = {
    "en": {
        "shouting": {
            "hit": [
                "Hi Ann,\nPLEASE read this.\nBest, Tom",
                "Hi,\nDO NOT open it.\nBest, Tom",
                "Hi,\nthis is IMPORTANT.\nBest, Tom",
            ],
            "miss": [
                "Hi,\nthe PDF and the FAQ are attached. OK?\nBest, Tom",
                "Hi,\nthe price is 20 EUR or 22 USD.\nBest, Tom",
                "Hi,\nyour GDPR request is done.\nBest, Tom",
                "Hi,\nI checked it.\nBest, Tom",
            ],
        },
        "exclamations": {
            "hit": [
                "Hi,\nit's done!!\nBest, Tom",
                "Hi,\nwhat?!!\nBest, Tom",
                "Hi,\ngreat news!!!\nBest",
            ],
            "miss": ["Hi,\nit's done!\nBest, Tom", "Hi,\nis it done?\nBest, Tom"],
        },
        "blame": {
            "hit": [
                "Hi,\nas I already said, it's sent.\nBest",
                "Hi,\nyou should have read the manual.\nBest",
                "Hi,\nobviously it's sent.\nBest",
                "Hi,\nper my last email, it's sent.\nBest",
                "Hi,\nthat's not our problem.\nBest",
                "Hi,\nplease calm down.\nBest",
            ],
            "miss": [
                "Hi,\nas you asked, it's sent.\nBest",
                "Hi,\nthe manual is attached.\nBest",
                "Hi,\nclearly written instructions help.\nBest",
                "Hi,\nI said I'd call.\nBest",
            ],
        },
        "no-greeting": {
            "hit": ["Your refund is sent.\nBest, Tom", "The refund. Hi there.\nBest"],
            "miss": [
                "Hi Tom, your refund is sent.\nBest",
                "Dear Ms Lee,\nyour refund is sent.\nBest",
                "Good morning!\nSent.\nBest",
                "Thanks for reaching out. It is sent.\nBest",
            ],
        },
        "no-closing": {
            "hit": ["Hi,\nyour refund is sent.", "Hi,\nthanks for writing. Your refund is sent."],
            "miss": [
                "Hi,\nyour refund is sent.\nKind regards,\nTom",
                "Hi, it's sent. Best, Tom",
                "Hi,\nsent.\nHave a nice day!",
                "Hi,\nsent.\nThanks,\nTom",
            ],
        },
        "no-next-step": {
            "hit": ["Hi,\nthe coupon expired.\nBest, Tom", "Hi,\nwe will not refund it.\nBest"],
            "miss": [
                "Hi,\nI will send it tomorrow.\nBest",
                "Hi,\nplease reply with the number.\nBest",
                "Hi,\nlet me know if it helps.\nBest",
                "Hi,\nyou'll receive a link.\nBest",
            ],
        },
        "jargon": {
            "hit": [
                "Hi,\nthe backend is slow.\nBest",
                "Hi,\nI escalated it to L2 support.\nBest",
                "Hi,\na hotfix is coming; I'll write.\nBest",
            ],
            "miss": [
                "Hi,\nthe back of the box has a label.\nBest",
                "Hi,\nour team is on it.\nBest",
            ],
        },
        "short-answer": {
            "hit": [
                {
                    "text": "Hi,\nit's in the warehouse.\nBest",
                    "q": "My coat is late. I paid for express. I need it Monday. Where is it?",
                }
            ],
            "miss": [
                {
                    "text": "Hi,\nit's in the warehouse. It ships today. I refunded the express fee.\nBest",
                    "q": "My coat is late. I paid for express. I need it Monday. Where is it?",
                },
                {"text": "Hi,\nit's in the warehouse.\nBest", "q": "Where is my coat?"},
            ],
        },
        "unanswered": {
            "hit": [
                {
                    "text": "Hi,\nyou can pay by card.\nBest",
                    "q": "Can I pay by card? Do you offer gift wrapping?",
                }
            ],
            "miss": [
                {
                    "text": "Hi,\nyou can pay by card, and gift wrapping costs 2 EUR.\nBest",
                    "q": "Can I pay by card? Do you offer gift wrapping?",
                },
                {"text": "Hi,\nthanks.\nBest", "q": "Thanks for the help."},
            ],
        },
    },
    "de": {
        "shouting": {
            "hit": [
                "Hallo,\nBITTE lesen.\nGrüße",
                "Hallo,\nNICHT ÖFFNEN.\nGrüße",
                "Hallo,\ndas ist WICHTIG.\nGrüße",
            ],
            "miss": [
                "Hallo,\ndas PDF und die FAQ hängen an. OK?\nGrüße",
                "Hallo,\nIhre DSGVO-Anfrage ist erledigt.\nGrüße",
                "Hallo,\nerledigt, 20 EUR.\nGrüße",
            ],
        },
        "exclamations": {
            "hit": ["Hallo,\nerledigt!!\nGrüße", "Hallo,\nwas?!!\nGrüße"],
            "miss": ["Hallo,\nerledigt!\nGrüße", "Hallo,\nerledigt?\nGrüße"],
        },
        "blame": {
            "hit": [
                "Hallo,\nwie bereits gesagt, ist es unterwegs.\nGrüße",
                "Hallo,\nwie ich Ihnen schon geschrieben habe, ist es unterwegs.\nGrüße",
                "Hallo,\nSie hätten die Anleitung lesen sollen.\nGrüße",
                "Hallo,\noffensichtlich ist es unterwegs.\nGrüße",
                "Hallo,\nberuhigen Sie sich.\nGrüße",
                "Hallo,\ndas ist nicht unser Problem.\nGrüße",
            ],
            "miss": [
                "Hallo,\nwie gewünscht ist es unterwegs.\nGrüße",
                "Hallo,\ndie Anleitung hängt an.\nGrüße",
                "Hallo,\nselbstverständlich helfen wir.\nGrüße",
            ],
        },
        "no-greeting": {
            "hit": ["Ihre Erstattung ist raus.\nGrüße, Tom"],
            "miss": [
                "Hallo Tom, Ihre Erstattung ist raus.\nGrüße",
                "Sehr geehrte Frau Lee,\nerledigt.\nGrüße",
                "Guten Morgen!\nErledigt.\nGrüße",
                "Liebe Frau Kern,\nerledigt.\nGrüße",
            ],
        },
        "no-closing": {
            "hit": [
                "Hallo,\nIhre Erstattung ist raus.",
                "Hallo,\ndanke für die Nachricht. Es ist raus.",
            ],
            "miss": [
                "Hallo,\nes ist raus.\nMit freundlichen Grüßen\nTom",
                "Hallo,\nes ist raus.\nFreundliche Grüße",
                "Hallo,\nes ist raus.\nViele Grüße\nTom",
                "Hallo,\nes ist raus.\nEinen schönen Tag!",
            ],
        },
        "no-next-step": {
            "hit": [
                "Hallo,\nder Gutschein ist abgelaufen.\nGrüße",
                "Hallo,\nwir werden nicht erstatten.\nGrüße",
            ],
            "miss": [
                "Hallo,\nich werde es morgen schicken.\nGrüße",
                "Hallo,\nbitte senden Sie die Nummer.\nGrüße",
                "Hallo,\nSie erhalten einen Link.\nGrüße",
                "Hallo,\nStarten Sie das Gerät neu.\nGrüße",
            ],
        },
        "jargon": {
            "hit": [
                "Hallo,\ndas Backend ist langsam.\nGrüße",
                "Hallo,\nder 2nd-Level-Support prüft.\nGrüße",
            ],
            "miss": ["Hallo,\nunser Team prüft es.\nGrüße", "Hallo,\ndas Backen klappt.\nGrüße"],
        },
        "short-answer": {
            "hit": [
                {
                    "text": "Hallo,\nes liegt im Lager.\nGrüße",
                    "q": "Mein Mantel ist spät. Ich habe Express bezahlt. Ich brauche ihn Montag. Wo ist er?",
                }
            ],
            "miss": [{"text": "Hallo,\nes liegt im Lager.\nGrüße", "q": "Wo ist mein Mantel?"}],
        },
        "unanswered": {
            "hit": [
                {
                    "text": "Hallo,\nSie können mit Karte zahlen.\nGrüße",
                    "q": "Kann ich mit Karte zahlen? Gibt es Geschenkverpackung?",
                }
            ],
            "miss": [
                {
                    "text": "Hallo,\nSie können mit Karte zahlen; Geschenkverpackung kostet 2 EUR.\nGrüße",
                    "q": "Kann ich mit Karte zahlen? Gibt es Geschenkverpackung?",
                }
            ],
        },
    },
    "it": {
        "shouting": {
            "hit": ["Ciao,\nLEGGA bene.\nSaluti", "Ciao,\nNON APRIRE.\nSaluti"],
            "miss": [
                "Ciao,\nin allegato il PDF e le FAQ. OK?\nSaluti",
                "Ciao,\nsono 20 EUR più IVA.\nSaluti",
            ],
        },
        "exclamations": {
            "hit": ["Ciao,\nfatto!!\nSaluti", "Ciao,\ncosa?!!\nSaluti"],
            "miss": ["Ciao,\nfatto!\nSaluti", "Ciao,\nfatto?\nSaluti"],
        },
        "blame": {
            "hit": [
                "Ciao,\ncome già detto, è partito.\nSaluti",
                "Ciao,\ncome le ho già scritto, è partito.\nSaluti",
                "Ciao,\navrebbe dovuto leggere il manuale.\nSaluti",
                "Ciao,\novviamente è partito.\nSaluti",
                "Ciao,\nsi calmi.\nSaluti",
                "Ciao,\nnon è un nostro problema.\nSaluti",
            ],
            "miss": [
                "Ciao,\ncome richiesto, è partito.\nSaluti",
                "Ciao,\nil manuale è in allegato.\nSaluti",
            ],
        },
        "no-greeting": {
            "hit": ["Il rimborso è partito.\nSaluti"],
            "miss": [
                "Buongiorno, il rimborso è partito.\nSaluti",
                "Gentile signora Lee,\nfatto.\nSaluti",
                "Gentilissima Anna,\nfatto.\nSaluti",
                "Cara Anna,\nfatto.\nSaluti",
            ],
        },
        "no-closing": {
            "hit": [
                "Ciao,\nil rimborso è partito.",
                "Ciao,\ngrazie del messaggio. Il rimborso è partito.",
            ],
            "miss": [
                "Ciao,\nfatto.\nCordiali saluti,\nTom",
                "Ciao,\nfatto.\nBuona giornata!",
                "Ciao,\nfatto.\nUn saluto",
            ],
        },
        "no-next-step": {
            "hit": ["Ciao,\nil buono è scaduto.\nSaluti"],
            "miss": [
                "Ciao,\nle scriverò domani.\nSaluti",
                "Ciao,\nci mandi il numero d'ordine.\nSaluti",
                "Ciao,\nriceverà un link.\nSaluti",
                "Ciao,\nmi faccia sapere.\nSaluti",
            ],
        },
        "jargon": {
            "hit": [
                "Ciao,\nil backend è lento.\nSaluti",
                "Ciao,\nil secondo livello controlla.\nSaluti",
            ],
            "miss": ["Ciao,\nil nostro team controlla.\nSaluti"],
        },
        "short-answer": {
            "hit": [
                {
                    "text": "Ciao,\nè in magazzino.\nSaluti",
                    "q": "Il cappotto è in ritardo. Ho pagato l'espresso. Mi serve lunedì. Dov'è?",
                }
            ],
            "miss": [{"text": "Ciao,\nè in magazzino.\nSaluti", "q": "Dov'è il mio cappotto?"}],
        },
        "unanswered": {
            "hit": [
                {
                    "text": "Ciao,\npuò pagare con la carta.\nSaluti",
                    "q": "Posso pagare con la carta? Fate la confezione regalo?",
                }
            ],
            "miss": [
                {
                    "text": "Ciao,\npuò pagare con la carta e la confezione regalo costa 2 EUR.\nSaluti",
                    "q": "Posso pagare con la carta? Fate la confezione regalo?",
                }
            ],
        },
    },
    "ru": {
        "shouting": {
            "hit": [
                "Здравствуйте!\nПРОЧИТАЙТЕ внимательно.\nС уважением",
                "Здравствуйте!\nНЕ ОТКРЫВАЙТЕ.\nС уважением",
            ],
            "miss": [
                "Здравствуйте!\nСчёт в PDF и ссылка на FAQ. ОК?\nС уважением",
                "Здравствуйте!\nЦена с НДС, ООО «Ромашка».\nС уважением",
            ],
        },
        "exclamations": {
            "hit": ["Здравствуйте!\nГотово!!\nС уважением", "Здравствуйте!\nЧто?!!\nС уважением"],
            "miss": ["Здравствуйте!\nГотово!\nС уважением", "Здравствуйте!\nГотово?\nС уважением"],
        },
        "blame": {
            "hit": [
                "Здравствуйте!\nКак я уже говорил, посылка в пути.\nС уважением",
                "Здравствуйте!\nКак уже было сказано, посылка в пути.\nС уважением",
                "Здравствуйте!\nВам следовало прочитать инструкцию.\nС уважением",
                "Здравствуйте!\nОчевидно, посылка в пути.\nС уважением",
                "Здравствуйте!\nУспокойтесь.\nС уважением",
                "Здравствуйте!\nЭто не наша проблема.\nС уважением",
            ],
            "miss": [
                "Здравствуйте!\nКак вы просили, посылка в пути.\nС уважением",
                "Здравствуйте!\nИнструкция во вложении.\nС уважением",
            ],
        },
        "no-greeting": {
            "hit": ["Возврат оформлен.\nС уважением"],
            "miss": [
                "Здравствуйте, возврат оформлен.\nС уважением",
                "Добрый день!\nГотово.\nС уважением",
                "Уважаемая Анна!\nГотово.\nС уважением",
                "Доброе утро!\nГотово.\nС уважением",
            ],
        },
        "no-closing": {
            "hit": [
                "Здравствуйте!\nВозврат оформлен.",
                "Здравствуйте!\nСпасибо за письмо. Возврат оформлен.",
            ],
            "miss": [
                "Здравствуйте!\nГотово.\nС уважением,\nАнна",
                "Здравствуйте!\nГотово.\nВсего доброго!",
                "Здравствуйте!\nГотово.\nХорошего дня!",
            ],
        },
        "no-next-step": {
            "hit": ["Здравствуйте!\nКупон истёк.\nС уважением"],
            "miss": [
                "Здравствуйте!\nЯ пришлю счёт завтра.\nС уважением",
                "Здравствуйте!\nПришлите, пожалуйста, номер заказа.\nС уважением",
                "Здравствуйте!\nВы получите ссылку.\nС уважением",
                "Здравствуйте!\nДайте мне знать, если не поможет.\nС уважением",
            ],
        },
        "jargon": {
            "hit": [
                "Здравствуйте!\nВ бэкенде ошибка.\nС уважением",
                "Здравствуйте!\nТикет передан.\nС уважением",
            ],
            "miss": [
                "Здравствуйте!\nНаша команда проверяет.\nС уважением",
                "Здравствуйте!\nБагаж доставят завтра.\nС уважением",
            ],
        },
        "short-answer": {
            "hit": [
                {
                    "text": "Здравствуйте!\nПальто на складе.\nС уважением",
                    "q": "Пальто опаздывает. Я оплатил экспресс. Оно нужно мне в понедельник. Где оно?",
                }
            ],
            "miss": [
                {"text": "Здравствуйте!\nПальто на складе.\nС уважением", "q": "Где моё пальто?"}
            ],
        },
        "unanswered": {
            "hit": [
                {
                    "text": "Здравствуйте!\nОплатить картой можно.\nС уважением",
                    "q": "Можно оплатить картой? Есть ли подарочная упаковка?",
                }
            ],
            "miss": [
                {
                    "text": "Здравствуйте!\nОплатить картой можно, подарочная упаковка стоит 100 рублей.\nС уважением",
                    "q": "Можно оплатить картой? Есть ли подарочная упаковка?",
                }
            ],
        },
    },
}


def _params():
    for language, rules in CASES.items():
        for rule, groups in rules.items():
            for expect, examples in groups.items():
                for i, example in enumerate(examples):
                    case = example if isinstance(example, dict) else {"text": example}
                    yield pytest.param(
                        language, rule, expect == "hit", case, id=f"{language}-{rule}-{expect}{i}"
                    )


@pytest.mark.parametrize(("language", "rule", "fires", "case"), list(_params()))
def test_rule_examples(language, rule, fires, case):
    """The rule fires on its 'hit' examples and stays silent on its 'miss' examples."""
    found = review(case["text"], locale=language, question=case.get("q"))
    assert fires == (rule in {f.rule for f in found}), [(f.rule, f.matched) for f in found]


def test_every_rule_has_examples_in_every_language():
    """The table covers every pattern and detector rule, both ways, in all four languages."""
    rules = {"shouting", "exclamations", "blame", "no-greeting", "no-closing", "no-next-step",
             "jargon", "short-answer", "unanswered"}  # fmt: skip
    for language in ("en", "de", "it", "ru"):
        assert rules == set(CASES[language])
        assert all(g["hit"] and g["miss"] for g in CASES[language].values())


BERLIN = ZoneInfo("Europe/Berlin")
CALENDAR = BusinessCalendar.from_dict(
    {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
)
FRIDAY_1630 = datetime(2026, 11, 20, 16, 30, tzinfo=BERLIN)
FRIDAY_1730 = datetime(2026, 11, 20, 17, 30, tzinfo=BERLIN)
MONDAY_1000 = datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)

# Each promise case: language, reply, the time it is sent, and whether the rule fires.
PROMISES = [
    ("en", "Hi,\nwe'll fix it within the hour.\nBest", FRIDAY_1630, True),
    ("en", "Hi,\nwe'll fix it within the hour.\nBest", MONDAY_1000, False),
    ("en", "Hi,\nyou'll get it in 10 minutes.\nBest", FRIDAY_1630, False),
    ("en", "Hi,\nyou'll get it in 2 hours.\nBest", FRIDAY_1630, True),
    ("en", "Hi,\nI will send it today.\nBest", FRIDAY_1630, False),
    ("en", "Hi,\nI will send it today.\nBest", FRIDAY_1730, True),
    ("en", "Hi,\nI will call you tomorrow.\nBest", FRIDAY_1730, True),
    ("en", "Hi,\nI will call you tomorrow.\nBest", MONDAY_1000, False),
    ("en", "Hi,\nwe reply right away.\nBest", FRIDAY_1730, True),
    ("de", "Hallo,\nSie bekommen es innerhalb einer Stunde.\nGrüße", FRIDAY_1630, True),
    ("de", "Hallo,\nSie bekommen es in 10 Minuten.\nGrüße", FRIDAY_1630, False),
    ("de", "Hallo,\nwir schicken es noch heute.\nGrüße", FRIDAY_1730, True),
    ("de", "Hallo,\nwir schicken es noch heute.\nGrüße", MONDAY_1000, False),
    ("de", "Hallo,\nbis morgen früh ist es da.\nGrüße", FRIDAY_1730, True),
    ("it", "Ciao,\nlo riceverà entro un'ora.\nSaluti", FRIDAY_1630, True),
    ("it", "Ciao,\nlo riceverà tra 10 minuti.\nSaluti", FRIDAY_1630, False),
    ("it", "Ciao,\nlo spediamo in giornata.\nSaluti", FRIDAY_1730, True),
    ("it", "Ciao,\nlo spediamo entro domani.\nSaluti", MONDAY_1000, False),
    ("ru", "Здравствуйте!\nМы ответим в течение часа.\nС уважением", FRIDAY_1630, True),
    ("ru", "Здравствуйте!\nМы ответим через 10 минут.\nС уважением", FRIDAY_1630, False),
    ("ru", "Здравствуйте!\nОтправим сегодня же.\nС уважением", FRIDAY_1730, True),
    ("ru", "Здравствуйте!\nОтправим до конца дня.\nС уважением", MONDAY_1000, False),
    ("ru", "Здравствуйте!\nМы перезвоним через 2 часа.\nС уважением", FRIDAY_1630, True),
]


@pytest.mark.parametrize(("language", "text", "now", "fires"), PROMISES)
def test_promise_against_calendar(language, text, now, fires):
    """A promise fires only when staffed time cannot cover it."""
    found = review(text, locale=language, calendar=CALENDAR, now=now)
    assert fires == ("promise" in {f.rule for f in found})


def test_promise_needs_calendar():
    """Without a calendar promises are not judged (nothing to judge them against)."""
    found = review("Hi,\nwe'll fix it within the hour.\nBest", locale="en", now=FRIDAY_1730)
    assert "promise" not in {f.rule for f in found}
