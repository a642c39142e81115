"""What the template builders read of a Word paragraph (raw XML): its style and its text."""

from __future__ import annotations

from docx.oxml.ns import qn


def style_of(paragraph) -> str:
    style = paragraph.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return style.get(qn("w:val")) if style is not None else ""


def text_of(paragraph) -> str:
    return "".join(text.text or "" for text in paragraph.iter(qn("w:t")))


def hearing_paragraphs(about: str) -> list[str]:
    """The paragraphs with which a Bescheid after a hearing deals with it (§ 28 LVwVfG, § 39 Abs. 1 LVwVfG): the hearing
    ``about`` the intended decision ("zum beabsichtigten Widerruf") and every answer with its weighing, or the ground of
    § 28 Abs. 2 LVwVfG on which it was done without, with the reasons for the case."""
    return [
        "{%p if procedure.hearing_waived %}",
        "Von einer Anhörung haben wir nach {{ procedure.waiver_ground }} abgesehen: {{ procedure.waiver_text }}",
        "{%p for line in procedure.waiver_reason %}",
        "{{ line }}",
        "{%p endfor %}",
        "{%p else %}",
        f"Sie wurden mit Schreiben vom {{{{ procedure.hearing_sent_on }}}} {about} angehört (§ 28 Abs. 1 LVwVfG).",
        "{%p for a in procedure.hearing_answers %}",
        "Ihre Stellungnahme, eingegangen am {{ a.received_on }} {{ a.channel }}{% if a.files %} als Schreiben "
        "({{ a.files }}, in der Akte){% endif %}{% if a.lines %}:{% else %}.{% endif %}",
        "{%p for line in a.lines %}",
        "„{{ line }}“",
        "{%p endfor %}",
        "{%p endfor %}",
        "{%p if procedure.hearing_answers %}",
        "Dazu ist festzustellen:",
        "{%p for line in procedure.answer_considered %}",
        "{{ line }}",
        "{%p endfor %}",
        "{%p else %}",
        "Eine Stellungnahme ist bis zum Ablauf der Frist am {{ procedure.hearing_due_on }} nicht eingegangen.",
        "{%p endif %}",
        "{%p endif %}",
    ]
