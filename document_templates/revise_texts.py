"""Corrects sentences of the staff programmes' Word templates that contradicted the programme (issue 23, no. 6):
the Integrationsbeauftragte letters spoke of a „Mittelabruf“ where the rates are paid without a call, of the
population „nach Ihren Angaben“ where it comes from the Land's table, and every Widerruf was titled
„Rückforderungsbescheid“ and repeated the repayment text even where nothing is to be repaid.

Each revision replaces one sentence and is made once (a template without the old sentence is left as it is), so the
script can run again after a template was replaced. Run ``python -m document_templates.revise_texts`` from the
repository root; the teilhabe letters say the same in ``teilhabe/build_letters``.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from document_templates.paragraphs import text_of

HERE = Path(__file__).parent
STAFF = ("integrationsmanagement", "integrationsbeauftragte")
IB = ("integrationsbeauftragte",)
ALL = (*STAFF, "teilhabe")
# Issue 23 no. 3: a copy that goes by post is known to be notified only once its Ab-Vermerk is recorded, so the letter
# names the day only where it is known and otherwise says from when the periods run (``notification_pending``, ``letters.dispatch``).
NOTIFIED_BESCHEIDE = tuple(
    f"{name}.docx"
    for name in (
        "zuwendungsbescheid",
        "teilbewilligungsbescheid",
        "ablehnungsbescheid",
        "aenderungsbescheid",
        "widerrufsbescheid",
        "schlussbescheid",
        "stundung",
        "erlass",
        "ratenzahlung",
    )
)
NOTIFIED_OPENING = "Dieser Bescheid gilt als am "
NOTIFIED_CLOSING = " bekannt gegeben (§\u00a041 Abs.\u00a02 LVwVfG)."
POPULATION = "Einwohnerzahl der amtlichen Statistik (Einwohnertabelle des Landes)"
REVOCATION_TITLE = (
    "{% if procedure.owes %}Widerrufs- und Rückforderungsbescheid{% else %}Widerrufsbescheid{% endif %} – "
    "{{ programme.name }}"
)
REPAYMENT = (
    "Soweit der Bescheid widerrufen ist, sind bereits erbrachte Leistungen nach § 49a Abs. 1 LVwVfG zu erstatten; die "
    "Verzinsung folgt aus § 49a Abs. 3 LVwVfG."
)
NOTHING_TO_REPAY = (
    "{% if procedure.owes %}" + REPAYMENT + "{% else %}Zu erstatten ist nichts (§ 49a Abs. 1 LVwVfG): Die ausgezahlten "
    "Beträge übersteigen die nach dem Widerruf verbleibende Zuwendung nicht.{% endif %}"
)

# (programmes, template, old sentence, new sentence)
REVISIONS = (
    *((ALL, name, NOTIFIED_OPENING, "{% if notification_date %}" + NOTIFIED_OPENING) for name in NOTIFIED_BESCHEIDE),
    *(
        (ALL, name, NOTIFIED_CLOSING, NOTIFIED_CLOSING + "{% else %}{{ notification_pending }}{% endif %}")
        for name in NOTIFIED_BESCHEIDE
    ),
    (STAFF, "widerrufsbescheid.docx", "Widerrufs- und Rückforderungsbescheid – {{ programme.name }}", REVOCATION_TITLE),
    (STAFF, "widerrufsbescheid.docx", REPAYMENT, NOTHING_TO_REPAY),
    (
        IB,
        "widerrufsbescheid.docx",
        "Künftige Abrufe sind auf die verbleibende Zuwendung begrenzt.",
        "Die noch ausstehenden Raten werden nur bis zur Höhe der verbleibenden Zuwendung ausgezahlt.",
    ),
    (
        IB,
        "aenderungsbescheid.docx",
        "Künftige Abrufe sind auf die geänderte Zuwendung begrenzt.",
        "Die noch ausstehenden Raten werden nur bis zur Höhe der geänderten Zuwendung ausgezahlt.",
    ),
    (
        IB,
        "anhoerung_aenderung.docx",
        "Künftige Abrufe wären auf die geminderte Zuwendung begrenzt.",
        "Die noch ausstehenden Raten würden nur bis zur Höhe der geminderten Zuwendung ausgezahlt.",
    ),
    (
        IB,
        "verzichtsbestaetigung.docx",
        "Sie können die Mittel jetzt nach Maßgabe des Bescheids in Förderweg abrufen (Mittelabruf).",
        "Die Zuwendung wird nach Abschnitt VI. des Bescheids in Raten je Kalenderhalbjahr ausgezahlt, ohne dass Sie sie "
        "anfordern müssen; über jede Rate erhalten Sie eine Auszahlungsmitteilung.",
    ),
    *(
        (
            IB,
            name,
            "Der Bescheid wird damit sofort bestandskräftig, und die Mittel können abgerufen werden.",
            "Der Bescheid wird damit sofort bestandskräftig, und die Raten werden nach Abschnitt VI. ausgezahlt.",
        )
        for name in ("zuwendungsbescheid.docx", "teilbewilligungsbescheid.docx")
    ),
    *(
        (
            IB,
            name,
            "Maßgeblich ist die Einwohnerzahl zum Stichtag",
            f"Maßgeblich ist die {POPULATION} zum Stichtag",
        )
        for name in ("zuwendungsbescheid.docx", "teilbewilligungsbescheid.docx")
    ),
    (
        IB,
        "ablehnungsbescheid.docx",
        "Die maßgebliche Einwohnerzahl betrug nach Ihren Angaben zum Stichtag",
        f"Die maßgebliche {POPULATION} betrug zum Stichtag",
    ),
)


def _revise(document, old: str, new: str) -> bool:
    """``old`` replaced by ``new`` in the one paragraph that says it: within its run where one run holds it (the
    paragraph keeps its formatting), else the paragraph's text joined into its first run."""
    for paragraph in document.element.body.iter(qn("w:p")):
        if old not in text_of(paragraph) or new in text_of(paragraph):
            continue
        texts = list(paragraph.iter(qn("w:t")))
        for node in texts:
            if old in (node.text or ""):
                node.text = node.text.replace(old, new)
                return True
        texts[0].text = text_of(paragraph).replace(old, new)
        for node in texts[1:]:
            node.text = ""
        return True
    return False


def main() -> None:
    changed: dict[Path, object] = {}
    for programmes, name, old, new in REVISIONS:
        for programme in programmes:
            path = HERE / programme / name
            document = changed.get(path) or docx.Document(path)
            if _revise(document, old, new):
                changed[path] = document
    for path, document in changed.items():
        document.save(path)
        print(path.relative_to(HERE))


if __name__ == "__main__":
    main()
