"""Jargon beyond a word list, codes that are not shouting, and signature lines (issue 16).

A trade's jargon is open-ended, so the built-in jargon rule also flags unexplained
acronyms and internal identifiers; reference numbers and product codes are neither
jargon nor shouting.
"""

from __future__ import annotations

import pytest

from servicekit.replies import RuleSet, _text, review
from servicekit.replies._language import dictionary

CODES = frozenset({"PDF", "EUR"})


def found(text: str, rule: str, language: str = "en", **kwargs) -> list[str]:
    """The matched texts of one rule's findings."""
    return [f.matched for f in review(text, locale=language, **kwargs) if f.rule == rule]


class TestAttached:
    """A word tied to a digit, an underscore or a hyphenated code is part of a code."""

    @pytest.mark.parametrize(
        ("text", "span"),
        [
            ("CLOSED_PENDING", (0, 6)),
            ("CLOSED_PENDING", (7, 14)),
            ("INV-20931", (0, 3)),
            ("24B-EVE", (4, 7)),
            ("B12", (0, 1)),
            ("ABC-_x", (0, 3)),
            ("x/ABC", (2, 5)),  # "x" then the start of the text: no digit beyond
        ],
    )
    def test_tied(self, text, span):
        """Underscores, digits and hyphens to a code tie a word to it."""
        assert _text.attached(text, *span) is (text != "x/ABC")

    @pytest.mark.parametrize(
        ("text", "span"),
        [
            ("ABC", (0, 3)),
            ("LTI-Launch", (0, 3)),
            ("ABC-", (0, 3)),
            ("the ABC, ok", (4, 7)),
            ("ab-ABC", (3, 6)),
        ],
    )
    def test_free(self, text, span):
        """A word among words, or hyphenated to a word, is free."""
        assert not _text.attached(text, *span)


class TestAcronyms:
    """Lone, unknown, unexplained acronyms."""

    def test_unknown_lone_acronyms(self):
        """MPAN and FNOL are flagged; PDF (known), EU (two letters) and runs are not."""
        text = "The MPAN and FNOL, the PDF, the EU. GDS PNR here. PLEASE READ. x"
        spans = list(_text.acronyms(text, CODES, frozenset(), dictionary("en")))
        assert [text[s:e] for s, e in spans] == ["MPAN", "FNOL"]

    def test_without_a_dictionary(self):
        """Without the extra a long word in capitals may be shouting: only short ones."""
        text = "The MPAN and the LMS."
        spans = list(_text.acronyms(text, CODES, frozenset(), None))
        assert [text[s:e] for s, e in spans] == ["LMS"]

    def test_explained_and_codes(self):
        """An acronym with its meaning in brackets, or tied to a code, is not flagged."""
        text = "The PAS (booking system), the booking system (PAS), INV-20931, RF_77, NOT ok"
        assert list(_text.acronyms(text, CODES, frozenset({"NOT"}), None)) == []

    def test_loud_words_are_shouting_not_jargon(self):
        """With a dictionary a long word of the language is shouting, not an acronym."""
        known = dictionary("en")
        text = "This is DANGEROUS and the DSLAM is fine."
        spans = list(_text.acronyms(text, CODES, frozenset(), known))
        assert [text[s:e] for s, e in spans] == ["DSLAM"]

    def test_near_other_capitals(self):
        """A word of the language close to other capitals belongs to them."""
        known = dictionary("it")
        text = "PER L'ULTIMA VOLTA, e il POD X'ABC resta."
        spans = list(_text.acronyms(text, CODES, frozenset(), known))
        assert [text[s:e] for s, e in spans] == ["POD", "ABC"]

    def test_identifiers(self):
        """Words holding an underscore between letters are identifiers."""
        text = "Status CLOSED_PENDING, flag refund_hold2; not _x_ or a_ or 4_5."
        assert [text[s:e] for s, e in _text.identifiers(text)] == ["CLOSED_PENDING", "refund_hold2"]


class TestReview:
    """The built-in jargon rule uses the detectors; shouting ignores codes."""

    def test_acronyms_and_identifiers_are_jargon(self):
        """Listed terms, unknown acronyms and identifiers, each once."""
        text = (
            "Hi Ravi,\nthe LTI launch failed, the SCORM package never posted it to the LMS "
            "and the cohort is CLOSED_PENDING; the backend is fine. I'll fix it today.\n"
            "Best,\nKim"
        )
        assert found(text, "jargon") == ["LTI", "SCORM", "LMS", "CLOSED_PENDING", "backend"]
        assert found(text, "shouting") == []

    def test_listed_term_is_not_reported_twice(self):
        """A term of the built-in list that looks like an acronym is one finding."""
        text = "Hi,\nthe ETA is Monday and the GDS is slow. I'll write.\nBest"
        assert found(text, "jargon") == ["ETA", "GDS"]

    def test_known_acronyms_and_codes_are_clean(self):
        """Public acronyms and reference numbers are neither jargon nor shouting."""
        text = (
            "Hi Mr Shah,\nthe MRI invoice INV-20931 and quiz M4-Q2 for cohort 24B-EVE are "
            "fixed; the NHS number is on the PDF. I'll write today.\nKind regards,\nAnna"
        )
        assert [f.rule for f in review(text, locale="en")] == []

    def test_disabled_builtin_jargon_keeps_team_terms_only(self):
        """With the built-in jargon rule off, acronyms are not judged; team terms are."""
        text = "Hi,\nthe MPAN and the SLA. I will write.\nBest"
        off = RuleSet(disabled={"jargon"})
        assert found(text, "jargon", jargon=["SLA"], rules=off) == ["SLA"]
        assert found(text, "jargon") == ["MPAN", "SLA"]

    @pytest.mark.parametrize(
        ("text", "language"),
        [
            ("Hallo,\nIhre KV-Daten im PVS fehlen. Ich melde mich morgen.\nGrüße", "de"),
            ("Salve,\nil POD risulta nel flusso SII. Le scrivo domani.\nSaluti", "it"),
            ("Здравствуйте!\nТочка в АСКУЭ не привязана. Напишу завтра.\nС уважением", "ru"),
        ],
    )
    def test_other_languages(self, text, language):
        """The detectors work for German, Italian and Russian."""
        assert found(text, "jargon", language)


class TestSignatures:
    """A job title under the name is part of the sign-off."""

    def test_title_line(self):
        """'Head of Learner Services' under the name does not hide the closing."""
        text = (
            "Dear Dr Brennan,\nyour certificate is issued; I'll post it today.\n\n"
            "Yours sincerely,\nDaniel Hart\nHead of Learner Services"
        )
        assert "no-closing" not in {f.rule for f in review(text, locale="en")}

    def test_sentence_is_not_a_title(self):
        """A last line that is a sentence is judged as the sign-off."""
        text = "Hi,\nI'll post it today.\nYour tutor answers questions on Thursday."
        assert "no-closing" in {f.rule for f in review(text, locale="en")}

    @pytest.mark.parametrize(
        ("language", "sign_off"),
        [
            ("de", "Freundliche Grüsse\nSandra Frei\nKundendienst"),
            ("de", "Viel Spaß beim Konzert und freundliche Grüße\nMelanie Krause"),
            ("de", "Gruß\nKundenservice Wohnwelt"),
            ("de", "Sportliche Grüße\nDeniz\nMitgliederservice"),
            ("de", "Es Grüessli und frohes Schrauben\nNadja Keller"),
            ("it", "Buona partita e un caro saluto\nNicola della biglietteria"),
            ("it", "Buone vendite!\nNicola"),
            ("en", "With kind regards,\nJoanna"),
            ("en", "Wishing you all the best,\nPeter from Customer Care"),
            ("ru", "С уважением,\nНаталья Сергеевна, отдел по работе с клиентами"),
            ("ru", "Удачных покупок,\nВероника"),
        ],
    )
    def test_closings_of_other_forms(self, language, sign_off):
        """Swiss spelling, a wish joined by "and", a longer title line, other wishes."""
        bodies = {
            "de": "Hallo Herr Marti,\nich habe die Tickets heute geschickt.",
            "it": "Ciao Sara,\nho spedito i biglietti oggi.",
            "en": "Hi Sam,\nI sent the tickets today.",
            "ru": "Здравствуйте, Андрей!\nМы отправили билеты сегодня.",
        }
        text = f"{bodies[language]}\n\n{sign_off}"
        assert "no-closing" not in {f.rule for f in review(text, locale=language)}

    @pytest.mark.parametrize(
        "last",
        [
            "We checked it and kind regards are not enough.",
            "Your tutor answers questions on Thursday and Friday",
        ],
    )
    def test_a_sentence_with_and_is_no_closing(self, last):
        """Only a line without a full stop may end with its closing after "and"."""
        text = f"Hi,\nI'll post it today.\n{last}"
        assert "no-closing" in {f.rule for f in review(text, locale="en")}

    def test_text_of_one_short_line(self):
        """A reply of a single short line is its own region."""
        assert "no-closing" in {f.rule for f in review("We will send it", locale="en")}


class TestLinear:
    """The new scans stay linear on a megabyte (a quadratic one would take hours)."""

    @pytest.mark.timeout(120)
    @pytest.mark.parametrize("unit", ["a", "a_", "ABC ", "ABC-1", "A_B", "МРТ ", "x/Y1"])
    def test_megabyte(self, unit):
        """Identifiers, acronyms and capitals over 1 MB."""
        text = unit * (1_000_000 // len(unit))
        list(_text.identifiers(text))
        list(_text.acronyms(text, CODES, frozenset(), None))
        list(_text.caps_runs(text, CODES, frozenset(), None))

    @pytest.mark.timeout(120)
    @pytest.mark.parametrize("language", ["en", "de", "it", "ru"])
    @pytest.mark.parametrize("unit", ["ABC_D ", "Sie haben ", "it's all ", "я уже "])
    def test_review(self, language, unit):
        """The whole review (new patterns included) of 100 kB of repeats."""
        review(unit * (100_000 // len(unit)), locale=language, language=language)
