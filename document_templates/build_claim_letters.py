"""Builds the Anhörungen (before a Widerruf, before an Änderungsbescheid) and the letters of a claim (Mahnung, Stundung,
Ratenzahlung, Niederschlagung, Erlass) from each programme's Widerrufsbescheid.

They share its letterhead, address block and closing (with the Rechtsbehelfsbelehrung where the letter is a
Bescheid); only the body is written here. Run ``python -m document_templates.build_claim_letters`` from the
repository root after changing a text; the .docx files it writes are committed, and staff may edit them in Word
like every other template.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import docx
from docx.oxml.ns import qn

from document_templates.paragraphs import style_of, text_of

HERE = Path(__file__).parent
PROGRAMMES = ("integrationsmanagement", "integrationsbeauftragte")
# The paragraph of the Widerrufsbescheid whose formatting each kind of line takes: by its style, or by how it begins.
STYLE_OF = {"title": "Heading1", "subject": "BetreffZusatz", "heading": "Heading2", "small": "Kleingedruckt"}
STARTS_WITH = {"text": "Sehr geehrte", "tag": "{%p if copy_for"}
ADDRESS_COPY = [
    ("tag", "{%p if copy_for %}"),
    ("subject", "Ausfertigung für {{ copy_for.name }} als Beteiligte des Zusammenschlusses"),
    ("tag", "{%p endif %}"),
]
ACCOUNT = (
    "auf folgendes Konto: {{ procedure.account.holder }}, IBAN {{ procedure.account.iban }}, "
    "BIC {{ procedure.account.bic }}, unter Angabe des Aktenzeichens {{ file_number }}"
)
OWED = [
    ("heading", "Stand der Forderung am {{ today }}"),
    ("text", "Hauptforderung: {{ procedure.principal }}"),
    ("text", "Zinsen nach § 49a Abs. 3 LVwVfG bis heute: {{ procedure.interest }}"),
    ("text", "Kosten: {{ procedure.costs }}"),
    ("text", "Bereits eingegangen: {{ procedure.received }}"),
    ("text", "Noch offen: {{ procedure.open }}"),
]

LETTERS = {
    "anhoerung.docx": (
        False,
        [
            ("title", "Anhörung vor einem Widerruf – {{ programme.name }}"),
            ("subject", "Zuwendungsbescheid vom {{ procedure.decision_date }}, Aktenzeichen {{ file_number }}"),
            *ADDRESS_COPY,
            ("text", ""),
            ("text", "Sehr geehrte Damen und Herren,"),
            (
                "text",
                "wir beabsichtigen, den Zuwendungsbescheid vom {{ procedure.decision_date }} nach § 49 Abs. 3 LVwVfG "
                "teilweise oder ganz zu widerrufen. Bevor wir entscheiden, geben wir Ihnen Gelegenheit, sich zu den für "
                "die Entscheidung erheblichen Tatsachen zu äußern (§ 28 Abs. 1 LVwVfG).",
            ),
            ("heading", "Beabsichtigte Entscheidung"),
            (
                "text",
                "Widerruf in Höhe von {{ procedure.revoked }} mit Wirkung vom {{ procedure.effective_from }}; die "
                "Zuwendung betrüge dann {{ procedure.granted_after }} (bisher {{ procedure.granted_before }}).",
            ),
            ("tag", "{%p if procedure.owes %}"),
            (
                "text",
                "Ausgezahlt sind {{ procedure.paid }}. Zu erstatten wären nach § 49a Abs. 1 LVwVfG {{ procedure.principal }}, "
                "zu verzinsen nach § 49a Abs. 3 LVwVfG mit fünf Prozentpunkten über dem Basiszinssatz ab der Auszahlung, "
                "frühestens ab dem Wirksamwerden des Widerrufs.",
            ),
            ("tag", "{%p endif %}"),
            ("heading", "Gründe"),
            ("tag", "{%p for line in procedure.reasons %}"),
            ("text", "{{ line }}"),
            ("tag", "{%p endfor %}"),
            ("heading", "Ihre Stellungnahme"),
            (
                "text",
                "Bitte nehmen Sie bis zum {{ procedure.hearing_due_on }} Stellung – im Förderportal unter „Stellung "
                "nehmen“ oder schriftlich unter Angabe des Aktenzeichens {{ file_number }}. Bitte teilen Sie uns "
                "insbesondere mit, was aus Ihrer Sicht gegen den Widerruf, seinen Umfang oder den Zeitpunkt spricht. "
                "Geht bis dahin keine Stellungnahme ein, entscheiden wir nach Aktenlage.",
            ),
            ("small", "Dieses Schreiben ist kein Bescheid; es kündigt eine Entscheidung an."),
        ],
    ),
}
# The parts every Anhörung before an Änderungsbescheid shares, whatever the programme funds: the repayment and the
# payments it comes from, and how to answer.
CHANGE_HEARING_REPAYMENT = [
    ("tag", "{%p if procedure.must_repay %}"),
    (
        "text",
        "Ausgezahlt sind {{ procedure.paid }}. Zu erstatten wären nach § 49a Abs. 1 LVwVfG "
        "{{ procedure.repay }}. Dieser Betrag stammt aus den folgenden Auszahlungen, die zuletzt ausgeführten "
        "zuerst:",
    ),
    ("tag", "{%p for p in procedure.repayment_from %}"),
    (
        "text",
        "{{ p.part }} aus der Auszahlung vom {{ p.paid_on }} über {{ p.payment }}, zu verzinsen ab dem "
        "{{ p.interest_from }}",
    ),
    ("tag", "{%p endfor %}"),
    (
        "text",
        "Der Erstattungsbetrag wäre nach § 49a Abs. 3 LVwVfG mit fünf Prozentpunkten über dem Basiszinssatz "
        "jährlich zu verzinsen, jeder Teilbetrag ab dem genannten Tag. Die Zahlungsfrist begänne mit der "
        "Bekanntgabe des Änderungsbescheids.",
    ),
    ("tag", "{%p else %}"),
    (
        "text",
        "Ausgezahlt sind {{ procedure.paid }}; das liegt nicht über der geminderten Zuwendung, zu erstatten "
        "wäre nichts. Künftige Abrufe wären auf die geminderte Zuwendung begrenzt.",
    ),
    ("tag", "{%p endif %}"),
]
CHANGE_HEARING_ANSWER = [
    ("heading", "Ihre Stellungnahme"),
    (
        "text",
        "Bitte nehmen Sie bis zum {{ procedure.hearing_due_on }} Stellung – im Förderportal unter „Stellung "
        "nehmen“ oder schriftlich unter Angabe des Aktenzeichens {{ file_number }}. Bitte teilen Sie uns "
        "insbesondere mit, ob die angezeigten Angaben und unsere Berechnung zutreffen und was aus Ihrer Sicht "
        "gegen die Minderung, ihren Umfang, den Zeitpunkt oder die Erstattung spricht, etwa Umstände, auf die "
        "Sie vertraut haben. Geht bis dahin keine Stellungnahme ein, entscheiden wir nach Aktenlage.",
    ),
    ("small", "Dieses Schreiben ist kein Bescheid; es kündigt eine Entscheidung an."),
]
# The hearing before an Änderungsbescheid that lowers the grant, for programmes funding staff positions (a cost plan's
# is in ``teilhabe.build_letters``).
CHANGE_LETTERS = {
    "anhoerung_aenderung.docx": (
        False,
        [
            ("title", "Anhörung vor einem Änderungsbescheid – {{ programme.name }}"),
            (
                "subject",
                "Zuwendungsbescheid vom {{ procedure.decision_date }}, Änderungsanzeige vom {{ procedure.reported_on }}, "
                "Aktenzeichen {{ file_number }}",
            ),
            *ADDRESS_COPY,
            ("text", ""),
            ("text", "Sehr geehrte Damen und Herren,"),
            (
                "text",
                "am {{ procedure.reported_on }} wurde bei Stelle {{ procedure.position_number }} angezeigt: "
                "{{ procedure.change }}. Nach den Nebenbestimmungen des "
                "Zuwendungsbescheids vom {{ procedure.decision_date }} mindert diese Änderung die Zuwendung. Wir beabsichtigen, den "
                "Zuwendungsbescheid durch einen Änderungsbescheid entsprechend zu ändern. Bevor wir entscheiden, geben "
                "wir Ihnen Gelegenheit, sich zu den für die Entscheidung erheblichen Tatsachen zu äußern (§ 28 Abs. 1 "
                "LVwVfG).",
            ),
            ("heading", "Beabsichtigte Entscheidung"),
            (
                "text",
                "Die Zuwendung würde mit Wirkung vom {{ procedure.effective_from }} von {{ procedure.before_total }} auf "
                "{{ procedure.after_total }} festgesetzt, also um {{ procedure.reduction }} gemindert. Die Stellen "
                "bisher und künftig:",
            ),
            ("tag", "{%p for r in procedure.rows %}"),
            (
                "text",
                "Stelle {{ r.number }}{% if r.changed %} (geändert){% endif %}, {{ r.person_name }}, {{ r.period }}, "
                "{{ r.fte }} VZÄ: bisher {{ r.before }}, künftig {{ r.after }}",
            ),
            ("tag", "{%p endfor %}"),
            ("text", "Berechnung für Stelle {{ procedure.position_number }}: {{ procedure.calculation }}"),
            *CHANGE_HEARING_REPAYMENT,
            ("heading", "Gründe"),
            (
                "text",
                "Nach den Nebenbestimmungen des Zuwendungsbescheids vermindert sich der Festbetrag einer Stelle für "
                "jeden Monat, in dem sie nicht besetzt ist, um den Festbetrag je Monat; ein geringerer Stellenumfang "
                "vermindert ihn anteilig. Soweit die Zuwendung danach entfällt, ist der Zuwendungsbescheid unwirksam "
                "geworden; vorsorglich würde er insoweit nach § 49 Abs. 3 Satz 1 Nr. 1 LVwVfG widerrufen.",
            ),
            ("tag", "{%p for line in comment %}"),
            ("text", "{{ line }}"),
            ("tag", "{%p endfor %}"),
            *CHANGE_HEARING_ANSWER,
        ],
    ),
}
CLAIM_LETTERS = {
    "mahnung.docx": (
        False,
        [
            ("title", "Mahnung – {{ programme.name }}"),
            ("subject", "{{ procedure.source }} vom {{ procedure.source_signed_on }}, Aktenzeichen {{ file_number }}"),
            *ADDRESS_COPY,
            ("text", ""),
            ("text", "Sehr geehrte Damen und Herren,"),
            ("tag", "{%p if procedure.forfeited_on %}"),
            (
                "text",
                "mit dem Ratenzahlungsbescheid vom {{ procedure.plan_signed_on }} haben wir Ihnen gestattet, die "
                "Forderung aus dem {{ procedure.source }} vom {{ procedure.source_signed_on }} in Raten zu zahlen. "
                "Raten sind länger als dort bestimmt nicht gezahlt worden; nach der Verfallklausel ist die gesamte "
                "Restforderung seit dem {{ procedure.forfeited_on }} sofort fällig.",
            ),
            ("tag", "{%p endif %}"),
            ("tag", "{%p if not procedure.forfeited_on %}"),
            (
                "text",
                "mit dem {{ procedure.source }} vom {{ procedure.source_signed_on }} haben wir Sie aufgefordert, "
                "{{ procedure.principal }} zuzüglich Zinsen bis zum {{ procedure.due_on }} zu erstatten. Diese Zahlung "
                "ist bei uns nicht oder nicht vollständig eingegangen.",
            ),
            ("tag", "{%p endif %}"),
            *OWED,
            (
                "text",
                "Bitte zahlen Sie den offenen Betrag von {{ procedure.open }} bis zum {{ procedure.dunning_due_on }} "
                + ACCOUNT
                + ". Die Zinsen laufen bis zum Tag der Gutschrift weiter, derzeit rund {{ procedure.daily }} "
                "je Tag ({{ procedure.rate }} jährlich).",
            ),
            (
                "text",
                "Geht die Zahlung bis dahin nicht ein, müssen wir die Forderung im Verwaltungsvollstreckungsverfahren "
                "beitreiben lassen. Wenn Sie nicht sofort zahlen können, sprechen Sie uns bitte an: eine Stundung oder "
                "Ratenzahlung ist auf Antrag möglich, wenn die sofortige Einziehung eine erhebliche Härte wäre "
                "(§ 59 Abs. 1 Nr. 1 LHO).",
            ),
            (
                "small",
                "Diese Mahnung ist kein Bescheid; sie erinnert an die bestandskräftige oder sofort fällige Forderung.",
            ),
        ],
    ),
    "stundung.docx": (
        True,
        [
            ("title", "Stundungsbescheid – {{ programme.name }}"),
            ("subject", "{{ procedure.source }} vom {{ procedure.source_signed_on }}, Aktenzeichen {{ file_number }}"),
            *ADDRESS_COPY,
            ("text", ""),
            ("text", "Sehr geehrte Damen und Herren,"),
            ("text", "hiermit ergeht folgender Bescheid:"),
            ("heading", "I. Entscheidung"),
            (
                "text",
                "1. Die Forderung aus dem {{ procedure.source }} vom {{ procedure.source_signed_on }} wird nach § 59 "
                "Abs. 1 Nr. 1 LHO bis zum {{ procedure.due_on }} gestundet.",
            ),
            ("text", "2. Der dann offene Betrag ist bis zum {{ procedure.due_on }} " + ACCOUNT + " zu zahlen."),
            (
                "text",
                "3. Die Zinsen nach § 49a Abs. 3 LVwVfG laufen während der Stundung weiter; jede Zahlung tilgt zuerst "
                "Kosten, dann Zinsen, dann die Hauptforderung (§ 367 BGB).",
            ),
            *OWED,
            ("heading", "II. Begründung"),
            ("tag", "{%p for line in procedure.deferral_reasons %}"),
            ("text", "{{ line }}"),
            ("tag", "{%p endfor %}"),
            (
                "text",
                "Nach § 59 Abs. 1 Nr. 1 LHO dürfen Ansprüche gestundet werden, wenn die sofortige Einziehung mit "
                "erheblichen Härten für den Anspruchsgegner verbunden wäre und der Anspruch durch die Stundung nicht "
                "gefährdet wird.",
            ),
        ],
    ),
    "ratenzahlung.docx": (
        True,
        [
            ("title", "Ratenzahlungsbescheid – {{ programme.name }}"),
            ("subject", "{{ procedure.source }} vom {{ procedure.source_signed_on }}, Aktenzeichen {{ file_number }}"),
            *ADDRESS_COPY,
            ("text", ""),
            ("text", "Sehr geehrte Damen und Herren,"),
            ("text", "hiermit ergeht folgender Bescheid:"),
            ("heading", "I. Entscheidung"),
            (
                "text",
                "1. Die Forderung aus dem {{ procedure.source }} vom {{ procedure.source_signed_on }} wird nach § 59 "
                "Abs. 1 Nr. 1 LHO in der Weise gestundet, dass der heute offene Betrag von {{ procedure.plan_total }} "
                "(Hauptforderung, Zinsen bis heute und Kosten) in {{ procedure.plan_count }} Raten gezahlt werden "
                "kann, {{ procedure.plan_interval }}:",
            ),
            ("tag", "{%p for item in procedure.instalments %}"),
            ("text", "{{ item.number }}. Rate: {{ item.amount }}, fällig am {{ item.due_on }}"),
            ("tag", "{%p endfor %}"),
            ("text", "2. Bitte zahlen Sie jede Rate bis zu ihrem Fälligkeitstag " + ACCOUNT + "."),
            (
                "text",
                "3. Die Zinsen nach § 49a Abs. 3 LVwVfG (fünf Prozentpunkte über dem Basiszinssatz, derzeit "
                "{{ procedure.rate }} jährlich) laufen auf die jeweils offene Hauptforderung bis zur Zahlung weiter. "
                "Was von ihnen nach der letzten Rate offen ist, ist mit dieser am {{ procedure.last_due_on }} fällig; "
                "wir teilen Ihnen den Betrag auf Anfrage mit. Stundungszinsen werden daneben nicht erhoben. Jede "
                "Zahlung tilgt zuerst Kosten, dann Zinsen, dann die Hauptforderung (§ 367 BGB).",
            ),
            (
                "text",
                "4. Verfallklausel: {{ procedure.forfeit_rule }} Die Ratenzahlung endet dann, ohne dass es eines "
                "weiteren Bescheids bedarf, und die Forderung wird gemahnt und beigetrieben.",
            ),
            (
                "text",
                "5. Die Ratenzahlung wird unter dem Vorbehalt des jederzeitigen Widerrufs gewährt, insbesondere für "
                "den Fall, dass sich Ihre wirtschaftlichen Verhältnisse bessern.",
            ),
            *OWED,
            ("heading", "II. Begründung"),
            ("tag", "{%p for line in procedure.plan_reasons %}"),
            ("text", "{{ line }}"),
            ("tag", "{%p endfor %}"),
            (
                "text",
                "Nach § 59 Abs. 1 Nr. 1 LHO dürfen Ansprüche gestundet werden, wenn die sofortige Einziehung mit "
                "erheblichen Härten für den Anspruchsgegner verbunden wäre und der Anspruch durch die Stundung nicht "
                "gefährdet wird. Die Stundung kann durch die Einräumung von Teilzahlungen gewährt werden; dann wird "
                "die Restforderung nach der Verfallklausel sofort fällig (Nr. 1.3 der Verwaltungsvorschrift zu § 59 "
                "LHO). Die gesetzliche Verzinsung nach § 49a Abs. 3 LVwVfG läuft während der Ratenzahlung weiter und "
                "ist eine angemessene Verzinsung im Sinne des § 59 Abs. 1 Nr. 1 LHO.",
            ),
        ],
    ),
    "erlass.docx": (
        True,
        [
            ("title", "Erlassbescheid – {{ programme.name }}"),
            ("subject", "{{ procedure.source }} vom {{ procedure.source_signed_on }}, Aktenzeichen {{ file_number }}"),
            *ADDRESS_COPY,
            ("text", ""),
            ("text", "Sehr geehrte Damen und Herren,"),
            ("text", "hiermit ergeht folgender Bescheid:"),
            ("heading", "I. Entscheidung"),
            (
                "text",
                "Die Forderung aus dem {{ procedure.source }} vom {{ procedure.source_signed_on }} wird in Höhe des "
                "heute offenen Betrags von {{ procedure.written_off }} nach § 59 Abs. 1 Nr. 3 LHO erlassen. Damit "
                "erlischt sie; bereits Gezahltes ({{ procedure.received }}) wird nicht erstattet.",
            ),
            ("heading", "II. Begründung"),
            ("tag", "{%p for line in procedure.write_off_reasons %}"),
            ("text", "{{ line }}"),
            ("tag", "{%p endfor %}"),
            (
                "text",
                "Nach § 59 Abs. 1 Nr. 3 LHO dürfen Ansprüche erlassen werden, wenn ihre Einziehung nach Lage des "
                "einzelnen Falles eine besondere Härte wäre.",
            ),
        ],
    ),
    "vermerk_niederschlagung.docx": (
        False,
        [
            ("title", "Vermerk: Niederschlagung – {{ programme.name }}"),
            (
                "subject",
                "Interner Vermerk, nicht zur Versendung. {{ procedure.source }} vom {{ procedure.source_signed_on }}, "
                "Aktenzeichen {{ file_number }}",
            ),
            (
                "text",
                "Die Forderung aus dem {{ procedure.source }} vom {{ procedure.source_signed_on }} wird nach § 59 Abs. 1 "
                "Nr. 2 LHO niedergeschlagen: offen sind heute {{ procedure.written_off }}. Die Forderung erlischt "
                "dadurch nicht; die Einziehung wird wieder aufgenommen, sobald sie Erfolg verspricht. Der Schuldner "
                "wird nicht unterrichtet.",
            ),
            *OWED,
            ("heading", "Gründe"),
            ("tag", "{%p for line in procedure.write_off_reasons %}"),
            ("text", "{{ line }}"),
            ("tag", "{%p endfor %}"),
        ],
    ),
}


LETTERS.update(CLAIM_LETTERS)


def _line(model, text: str):
    paragraph = deepcopy(model)
    runs = paragraph.findall(qn("w:r"))
    for run in runs[1:]:
        paragraph.remove(run)
    texts = runs[0].findall(qn("w:t"))
    for extra in texts[1:]:
        runs[0].remove(extra)
    texts[0].text = text
    texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return paragraph


def build(programme: str, only: tuple[str, ...] = (), letters: dict = LETTERS) -> None:
    """Write the letters of ``programme`` (``only``: just these files, leaving the others as staff edited them)."""
    folder = HERE / programme
    for filename, (is_decision, lines) in letters.items():
        if only and filename not in only:
            continue
        document = docx.Document(folder / "widerrufsbescheid.docx")
        body = document.element.body
        elements = list(body.iterchildren())
        paragraphs = [element for element in elements if element.tag == qn("w:p")]
        models = {kind: next(p for p in paragraphs if style_of(p) == style) for kind, style in STYLE_OF.items()}
        models |= {
            kind: next(p for p in paragraphs if text_of(p).startswith(start)) for kind, start in STARTS_WITH.items()
        }
        closing = [element for element in elements if element.tag == qn("w:tbl")][-1]
        if not is_decision:  # no Bescheid: no Rechtsbehelfsbelehrung, no Bekanntgabe
            for paragraph in list(closing.iter(qn("w:p")))[:4]:
                paragraph.getparent().remove(paragraph)
        for element in elements[1 : elements.index(closing)]:
            body.remove(element)
        anchor = elements[0]
        for kind, text in lines:
            paragraph = _line(models[kind], text)
            anchor.addnext(paragraph)
            anchor = paragraph
        document.core_properties.title = filename.removesuffix(".docx")
        document.save(folder / filename)


if __name__ == "__main__":
    for code in PROGRAMMES:
        build(code)
        build(code, CHANGE_LETTERS)
