"""Builds the Schlussbescheid of the staff programmes (Integrationsmanagement, Integrationsbeauftragte) from each
programme's Widerrufsbescheid: its letterhead, its interest table and its closing with the Rechtsbehelfsbelehrung;
the body is written here. Run ``python -m document_templates.build_final_notices`` from the repository root after
changing a text; the .docx files it writes are committed, and staff may edit them in Word like every other template.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import docx
from docx.oxml.ns import qn

from document_templates.build_claim_letters import ADDRESS_COPY, PROGRAMMES, STARTS_WITH, STYLE_OF, _line
from document_templates.paragraphs import style_of, text_of

HERE = Path(__file__).parent
S = "procedure.settlement"
ACCOUNT = (
    "{{ procedure.account.holder }}, IBAN {{ procedure.account.iban }}, BIC {{ procedure.account.bic }}, unter "
    "Angabe des Aktenzeichens {{ file_number }}"
)

DECISION = [
    ("title", "Schlussbescheid – {{ programme.name }}"),
    ("subject", "Zuwendungsbescheid vom {{ procedure.decision_date }}, Aktenzeichen {{ file_number }}"),
    ("subject", "Verwendungsnachweis und Schlussfestsetzung"),
    *ADDRESS_COPY,
    ("text", ""),
    ("text", "Sehr geehrte Damen und Herren,"),
    ("text", "nach Prüfung Ihres Verwendungsnachweises ergeht folgender Bescheid:"),
    ("heading", "I. Entscheidung"),
    (
        "text",
        f"1. Die Zuwendung wird endgültig auf {{{{ {S}.final_grant }}}} festgesetzt (Schlussfestsetzung). Bewilligt "
        f"waren mit dem Zuwendungsbescheid vom {{{{ procedure.decision_date }}}} und seinen Änderungen "
        f"{{{{ {S}.granted }}}}.",
    ),
    ("tag", f"{{%p if {S}.lowered %}}"),
    (
        "text",
        "Soweit die Zuwendung darüber hinausging, ist der Zuwendungsbescheid nach seinen Nebenbestimmungen "
        "(Minderung des Festbetrags für nicht besetzte Monate; Nr. 2 der ANBest-K in der Fassung des Bescheids) "
        "unwirksam geworden; vorsorglich wird er insoweit nach § 49 Abs. 3 Satz 1 Nr. 1 LVwVfG von den in der "
        "Begründung genannten Tagen an widerrufen.",
    ),
    ("tag", "{%p endif %}"),
    ("tag", f"{{%p if {S}.owes %}}"),
    (
        "text",
        f"2. Ausgezahlt sind {{{{ {S}.paid }}}}. Zu erstatten sind nach § 49a Abs. 1 LVwVfG {{{{ {S}.repayment }}}}.",
    ),
    (
        "text",
        "3. Der Erstattungsbetrag ist nach § 49a Abs. 3 LVwVfG mit fünf Prozentpunkten über dem Basiszinssatz "
        "(§ 247 BGB) jährlich zu verzinsen, für jeden Teilbetrag ab dem Tag seiner Auszahlung, frühestens ab dem Tag, "
        "an dem die Zuwendung insoweit entfallen ist. Bis zum Fälligkeitstag betragen die Zinsen "
        "{{ procedure.interest }} (Berechnung unter III.).",
    ),
    ("tag", "{%p else %}"),
    (
        "text",
        f"2. Ausgezahlt sind {{{{ {S}.paid }}}}; das ist nicht mehr als die festgesetzte Zuwendung. Zu erstatten "
        "ist nichts.",
    ),
    ("tag", f"{{%p if {S}.pays_out %}}"),
    ("text", f"Noch nicht ausgezahlt sind {{{{ {S}.outstanding }}}}; sie werden auf Ihre Anforderung ausgezahlt."),
    ("tag", "{%p endif %}"),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if procedure.interim.demands %}"),
    (
        "text",
        "Für Mittel, die nicht alsbald nach der Auszahlung für den Zuwendungszweck verwendet wurden, werden nach "
        "§ 49a Abs. 4 LVwVfG Zinsen von {{ procedure.interim.demanded }} festgesetzt (Berechnung unter IV.).",
    ),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if procedure.owes_any %}"),
    (
        "text",
        "Zu zahlen sind insgesamt {{ procedure.grand_total }} bis zum {{ procedure.due_on }} auf folgendes Konto: "
        + ACCOUNT
        + ". Geht die Zahlung später ein, laufen die Zinsen auf den Erstattungsbetrag bis zum Tag der Gutschrift "
        "weiter. Mit dem Eingang der Zahlung ist das Zuwendungsverfahren abgeschlossen.",
    ),
    ("tag", "{%p else %}"),
    ("text", "Mit diesem Bescheid ist das Zuwendungsverfahren abgeschlossen."),
    ("tag", "{%p endif %}"),
    ("heading", "II. Begründung"),
    (
        "text",
        "Die Zuwendung wurde als Festbetrag je Stelle bewilligt. Nach dem Zuwendungsbescheid mindert sich der "
        "Festbetrag für jeden Monat, in dem eine Stelle nicht besetzt ist, um den Festbetrag je Monat. Geringere "
        "Personalausgaben mindern ihn nach Nr. 2 der ANBest-K in der Fassung des Bescheids nur, soweit sie den "
        "Festbetrag der Stelle unterschreiten.",
    ),
    ("text", "Ihr Verwendungsnachweis weist je Stelle nach:"),
    ("tag", f"{{%p for r in {S}.positions %}}"),
    (
        "text",
        "Stelle {{ r.number }} ({{ r.person_name }}): Festbetrag je Monat {{ r.monthly }}, gefördert "
        "{{ r.months_in_force }} Monate, bewilligt {{ r.in_force }}; besetzt {{ r.months_declared }} Monate (nicht "
        "besetzt: {{ r.vacancies }}), Festbetrag für die besetzte Zeit {{ r.festbetrag }}; Personalausgaben "
        "{{ r.costs }}; festgesetzt {{ r.final }}.",
    ),
    ("tag", "{%p endfor %}"),
    ("text", f"Die Zuwendung beträgt damit {{{{ {S}.final_grant }}}}."),
    ("tag", f"{{%p if {S}.lowered %}}"),
    (
        "text",
        "Für nicht besetzte Zeit ist die Zuwendung vom ersten nicht besetzten Tag an entfallen, für geringere "
        "Personalausgaben mit dem Ende des Förderzeitraums der Stelle, weil sie erst dann feststehen.",
    ),
    ("tag", "{%p endif %}"),
    ("tag", f"{{%p if {S}.owes %}}"),
    (
        "text",
        "Soweit der Zuwendungsbescheid unwirksam geworden oder widerrufen ist, sind bereits erbrachte Leistungen nach "
        "§ 49a Abs. 1 Satz 1 LVwVfG zu erstatten; die zu erstattende Leistung wird durch diesen Bescheid festgesetzt "
        "(§ 49a Abs. 1 Satz 2 LVwVfG). Der Erstattungsbetrag wird den zuletzt ausgezahlten Beträgen zugeordnet.",
    ),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if procedure.interim.rows %}"),
    (
        "text",
        "Wird eine Leistung nicht alsbald nach der Auszahlung für den bestimmten Zweck verwendet, so können für die "
        "Zeit bis zur zweckentsprechenden Verwendung Zinsen nach § 49a Abs. 3 Satz 1 LVwVfG verlangt werden (§ 49a "
        "Abs. 4 LVwVfG). Alsbald heißt innerhalb von {{ procedure.interim.months }} Monaten nach der Auszahlung "
        "(Nr. 1.4 ANBest-K). Die Mittel einer Stelle gelten am Zahltag des jeweiligen Monats als verwendet (letzter "
        "Tag des Monats, § 24 Abs. 1 TVöD); verwendet wird zuerst das früher ausgezahlte Geld. Danach ergeben sich "
        "Zinsen von {{ procedure.interim.computed }}.",
    ),
    ("tag", "{%p if procedure.interim.demands %}"),
    ("text", "Die Zinsen werden verlangt, weil:"),
    ("tag", "{%p else %}"),
    ("text", "Von diesen Zinsen wird abgesehen, weil:"),
    ("tag", "{%p endif %}"),
    ("tag", "{%p for line in procedure.interim.reasons %}"),
    ("text", "{{ line }}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p endif %}"),
    (
        "text",
        "Einer Anhörung bedurfte es nicht, weil dieser Bescheid nicht zu Ihren Ungunsten von den Angaben in Ihrem "
        "Verwendungsnachweis abweicht (§ 28 Abs. 2 Nr. 3 LVwVfG).",
    ),
    ("tag", "{%p for line in comment %}"),
    ("text", "{{ line }}"),
    ("tag", "{%p endfor %}"),
    ("tag", f"{{%p if {S}.owes %}}"),
    ("heading", "III. Zinsberechnung"),
    (
        "small",
        "Zinssatz: Basiszinssatz der Deutschen Bundesbank zuzüglich fünf Prozentpunkte; Zinstage kalendergenau, "
        "geteilt durch die Tage des jeweiligen Kalenderjahres (365 oder 366). Ein neuer Abschnitt beginnt, wo sich der "
        "Basiszinssatz ändert, und am 1. Januar.",
    ),
]
INTEREST_TABLE = "interest table"
AFTER_TABLE = [
    ("text", ""),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if procedure.interim.demands %}"),
    ("heading", "IV. Zwischenzinsen"),
    ("tag", "{%p for r in procedure.interim.rows %}"),
    (
        "text",
        "{{ r.amount }}, ausgezahlt am {{ r.paid_on }}, verwendet am {{ r.used_on }}: {{ r.periods }} = "
        "{{ r.interest }}",
    ),
    ("tag", "{%p endfor %}"),
    ("text", "Zwischenzinsen zusammen: {{ procedure.interim.demanded }}"),
    ("tag", "{%p endif %}"),
]


def build(programme: str) -> None:
    folder = HERE / programme
    document = docx.Document(folder / "widerrufsbescheid.docx")
    body = document.element.body
    elements = list(body.iterchildren())
    paragraphs = [element for element in elements if element.tag == qn("w:p")]
    models = {kind: next(p for p in paragraphs if style_of(p) == style) for kind, style in STYLE_OF.items()}
    models |= {kind: next(p for p in paragraphs if text_of(p).startswith(start)) for kind, start in STARTS_WITH.items()}
    tables = [element for element in elements if element.tag == qn("w:tbl")]
    interest, closing = deepcopy(tables[1]), tables[-1]
    for element in elements[1 : elements.index(closing)]:
        body.remove(element)
    anchor = elements[0]
    for kind, text in [*DECISION, (INTEREST_TABLE, ""), *AFTER_TABLE]:
        element = interest if kind == INTEREST_TABLE else _line(models[kind], text)
        anchor.addnext(element)
        anchor = element
    document.core_properties.title = "schlussbescheid"
    document.save(folder / "schlussbescheid.docx")


if __name__ == "__main__":
    for code in PROGRAMMES:
        build(code)
