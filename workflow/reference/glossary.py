"""The words of funding law a person meets on these pages, explained in plain German (``/begriffe``), and the link
from a term where it appears in a page's text to its explanation — once per page, so a page is not a sea of links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Term:
    slug: str
    term: str
    explanation: str
    # The forms the term takes in running text (a regular expression, matched as whole words).
    forms: str


GLOSSARY: tuple[Term, ...] = (
    Term(
        "anhoerung",
        "Anhörung",
        "Bevor die Bewilligungsstelle eine Entscheidung trifft, die Sie belastet (etwa einen Widerruf oder eine "
        "Kürzung), teilt sie Ihnen mit, was sie vorhat, und gibt Ihnen Gelegenheit, sich innerhalb einer Frist "
        "dazu zu äußern (§ 28 LVwVfG). Ihre Stellungnahme muss im Bescheid gewürdigt werden.",
        r"Anhörung",
    ),
    Term(
        "anteilfinanzierung",
        "Anteilfinanzierung",
        "Das Land trägt einen festen Anteil (z. B. 60 %) der zuwendungsfähigen Ausgaben, höchstens den im Bescheid "
        "genannten Höchstbetrag. Fallen die Ausgaben niedriger aus oder steigen andere Einnahmen, sinkt die "
        "Zuwendung anteilig.",
        r"Anteil(?:s)?finanzierung",
    ),
    Term(
        "ausfertigung",
        "Ausfertigung",
        "Die unterzeichnete, für die Empfängerin bestimmte Fassung eines Bescheids. Sie ist maßgeblich; "
        "Kopien und Entwürfe sind es nicht.",
        r"Ausfertigung(?:en)?",
    ),
    Term(
        "bekanntgabe",
        "Bekanntgabe",
        "Der Tag, an dem ein Bescheid als zugegangen gilt. Ab ihm laufen die Fristen, etwa die Klagefrist von "
        "einem Monat. Für einen per Post oder elektronisch übermittelten Bescheid legt § 41 Abs. 2 LVwVfG fest, "
        "an welchem Tag nach der Absendung er als bekannt gegeben gilt; der Bescheid nennt diesen Tag.",
        r"Bekanntgabe|bekannt gegeben",
    ),
    Term(
        "bestandskraft",
        "Bestandskraft",
        "Ein Bescheid ist bestandskräftig, wenn er nicht mehr angefochten werden kann: weil die Klagefrist "
        "abgelaufen ist oder alle Betroffenen auf Rechtsbehelfe verzichtet haben. Erst dann werden Mittel "
        "ausgezahlt.",
        r"Bestandskraft|bestandskräftig(?:e|en|er)?",
    ),
    Term(
        "festbetrag",
        "Festbetrag",
        "Das Land zahlt einen festen Betrag, hier je besetzter Stelle und Monat, unabhängig von den tatsächlichen "
        "Personalausgaben. Der Betrag sinkt nur, wenn die Stelle nicht oder mit weniger Anteil besetzt ist.",
        r"Festbetr(?:ag|äge|ags)(?:finanzierung)?",
    ),
    Term(
        "mindestgrenze",
        "Mindestgrenze",
        "Nach der VwV Integrationsmanagement können Kommunen, deren Planungsrahmen unter 51.000 € liegt, nur "
        "gemeinsam mit anderen Kommunen einen Antrag stellen (Zusammenschluss mit einer federführenden Kommune).",
        r"Mindestgrenze",
    ),
    Term(
        "mittelabruf",
        "Mittelabruf",
        "Die Anforderung der bewilligten Mittel bei der Bewilligungsstelle, höchstens für das, was in den nächsten "
        "Monaten für fällige Zahlungen gebraucht wird.",
        r"Mittelabruf(?:s|e)?",
    ),
    Term(
        "planungsrahmen",
        "Planungsrahmen",
        "Der Betrag, den das Land einer Kommune nach dem Verteilschlüssel der Verwaltungsvorschrift höchstens "
        "bewilligen kann. Er ist die Obergrenze der Förderung, kein Anspruch.",
        r"Planungsrahmen(?:s)?",
    ),
    Term(
        "rechtsbehelfsverzicht",
        "Rechtsbehelfsverzicht",
        "Die schriftliche Erklärung, gegen einen Bescheid nicht zu klagen. Mit ihr wird der Bescheid sofort "
        "bestandskräftig, und die Auszahlung kann beginnen, ohne dass die Klagefrist abgewartet wird. Erklären "
        "kann ihn nur, wer die Kommune oder den Träger vertreten darf.",
        r"Rechtsbehelfsverzicht|Verzicht auf Rechtsbehelfe",
    ),
    Term(
        "sachlich-richtig",
        "Sachlich richtig",
        "Die Bestätigung einer Person der Bewilligungsstelle, dass eine Zahlung dem Bescheid entspricht und "
        "begründet ist. Erst danach ordnet eine zweite Person die Zahlung an (Vier-Augen-Prinzip).",
        r"[Ss]achlich richtig|sachliche[n]? Richtigkeit",
    ),
    Term(
        "verwendungsnachweis",
        "Verwendungsnachweis",
        "Der Nachweis nach dem Ende der Förderung, wofür das Geld verwendet wurde: ein Sachbericht und ein "
        "zahlenmäßiger Nachweis der Ausgaben und Einnahmen. Aus ihm setzt die Bewilligungsstelle die Zuwendung "
        "endgültig fest.",
        r"Verwendungsnachweis(?:es|e)?",
    ),
    Term(
        "vzae",
        "VZÄ (Vollzeitäquivalent)",
        "Der Stellenanteil gemessen an einer Vollzeitstelle: 1,0 ist eine volle Stelle, 0,5 eine halbe.",
        r"VZÄ",
    ),
    Term(
        "widerruf",
        "Widerruf",
        "Die Aufhebung eines Bewilligungsbescheids ganz oder teilweise, etwa weil die Mittel nicht für den Zweck "
        "verwendet wurden (§ 49 Abs. 3 LVwVfG). Zu viel Gezahltes ist dann mit Zinsen zu erstatten (§ 49a LVwVfG).",
        r"Widerruf(?:s)?",
    ),
)

_PATTERN = re.compile(
    r"(?<!\w)(" + "|".join(f"(?P<{t.slug.replace('-', '_')}>{t.forms})" for t in GLOSSARY) + r")(?!\w)"
)


def link_terms(text: object, linked: set[str], page: str = "/begriffe") -> Markup:
    """``text`` escaped, with the first appearance on the page of each glossary term linked to its explanation
    (``linked``: the terms this page has linked already, updated)."""
    source = str(text)
    parts: list[Markup] = []
    last = 0
    for match in _PATTERN.finditer(source):
        parts.append(escape(source[last : match.start()]))
        slug = next(name for name, value in match.groupdict().items() if value).replace("_", "-")
        if slug in linked:
            parts.append(escape(match.group(0)))
        else:
            linked.add(slug)
            parts.append(Markup('<a class="term" href="{}#{}">{}</a>').format(page, slug, match.group(0)))
        last = match.end()
    parts.append(escape(source[last:]))
    return Markup("").join(parts)
