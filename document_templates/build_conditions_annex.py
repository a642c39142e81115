"""Builds each programme's Anlage zum Bescheid: the Allgemeine Nebenbestimmungen in full, as loaded.

Teil A is the ANBest-K of the version in force at signing, word for word, with the programme's deviations (VV
Nr. 13.4 zu § 44 LHO) at the Nummern they concern; where a position is forwarded, Teil B sets the conditions of
the Weiterleitung and Teil C prints the ANBest-P the third party is bound to. The wording comes from the letter
context (``workflow.letters.conditions``), never from this file: no Fassung is written into a template. Run
``python -m document_templates.build_conditions_annex`` from the repository root after changing a text; the
letterhead and the table of the case stay as they are in the .docx.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import docx
from docx.oxml.ns import qn

from document_templates.paragraphs import style_of, text_of

HERE = Path(__file__).parent
PROGRAMMES = ("integrationsmanagement", "integrationsbeauftragte")
FILENAME = "anlage_nebenbestimmungen.docx"
STYLE_OF = {"heading": "Heading2", "sub": "Heading3", "bullet": "ListBullet", "small": "Kleingedruckt"}


def _entries(version: str) -> list[tuple[str, str]]:
    return [
        (
            "small",
            f"Fassung: {{{{ {version}.stand }}}}; anzuwenden ab {{{{ {version}.valid_from }}}}. Quelle: "
            f"{{{{ {version}.source }}}}. Bestandteil dieses Bescheids ist der folgende Wortlaut; spätere "
            "Fassungen werden es nicht.",
        ),
        ("tag", f"{{%p for e in {version}.entries %}}"),
        ("tag", "{%p if e.label %}"),
        ("sub", "{{ e.label }}"),
        ("tag", "{%p endif %}"),
        ("tag", "{%p if e.body %}"),
        ("text", "{{ e.body }}"),
        ("tag", "{%p endif %}"),
        ("tag", "{%p if e.deviation %}"),
        ("small", "{{ e.deviation }}"),
        ("tag", "{%p endif %}"),
        ("tag", "{%p endfor %}"),
    ]


LINES = [
    (
        "text",
        "Diese Anlage ist Bestandteil des Bescheids. Teil A gilt für den Zuwendungsempfänger.{% if decision.forwarded %}"
        " Teil B gilt für die Stellen, deren Zuwendung an einen Dritten weitergeleitet wird; Teil C enthält die "
        "Nebenbestimmungen, an die der Dritte zu binden ist.{% endif %}",
    ),
    ("heading", "Teil A: {{ conditions.municipal.title }}"),
    ("tag", "{%p if conditions.deviations %}"),
    (
        "text",
        "Die folgenden Nummern gelten für diesen Bescheid nicht oder nur mit einer Maßgabe (Nr. 13.4 VV zu §\u00a044 "
        "LHO); im Übrigen gilt der Wortlaut unverändert:",
    ),
    ("tag", "{%p for d in conditions.deviations %}"),
    ("bullet", "{{ d.text }}"),
    ("tag", "{%p endfor %}"),
    ("tag", "{%p endif %}"),
    *_entries("conditions.municipal"),
    ("tag", "{%p if decision.forwarded %}"),
    ("heading", "Teil B: Bedingungen für die Weiterleitung an Dritte"),
    ("text", "Die Zuwendung für folgende Stellen wird an einen Dritten (Träger) weitergeleitet:"),
    ("tag", "{%p for f in decision.forwarded %}"),
    ("bullet", "Stelle {{ f.number }} ({{ f.person_name }}) – Träger: {{ f.provider }}"),
    ("tag", "{%p endfor %}"),
    ("text", "Für diese Stellen gilt:"),
    (
        "text",
        "B.1\tDer Zuwendungsempfänger darf die Zuwendung für die genannten Stellen nur auf Grundlage eines "
        "schriftlichen Vertrags an den Träger weiterleiten. Der Vertrag ist vor der ersten Zahlung an den Träger zu "
        "schließen und der Bewilligungsstelle auf Verlangen vorzulegen.",
    ),
    (
        "text",
        "B.2\tIm Vertrag sind dem Träger der Zuwendungszweck, die geförderte Stelle mit Festbetrag und "
        "Förderzeitraum, die Mitteilungspflichten und die Pflicht zum Nachweis der Verwendung gegenüber dem "
        "Zuwendungsempfänger so aufzuerlegen, dass dieser seine eigenen Pflichten aus dem Zuwendungsbescheid "
        "fristgerecht erfüllen kann.",
    ),
    (
        "text",
        "B.3\tDer Träger ist an die ANBest-P in der als Teil C abgedruckten Fassung zu binden; "
        " sie sind zum Bestandteil des Vertrags zu machen. Die ANBest-K gelten für den Träger nicht.",
    ),
    (
        "text",
        "B.4\tIm Vertrag ist zu bestimmen, dass die Bewilligungsstelle und der Rechnungshof Baden-Württemberg "
        "(§\u00a091 LHO) berechtigt sind, beim Träger die Verwendung der Mittel durch Einsicht in Bücher, Belege und "
        "sonstige Geschäftsunterlagen sowie durch örtliche Erhebungen zu prüfen, und dass der Träger die dafür "
        "erforderlichen Unterlagen bereitzuhalten und Auskünfte zu erteilen hat.",
    ),
    (
        "text",
        "B.5\tDer Zuwendungsempfänger bleibt gegenüber dem Land für die zweckentsprechende Verwendung der gesamten "
        "Zuwendung verantwortlich. Er haftet für die Erstattung einschließlich der Zinsen (Teil A) auch, soweit er "
        "die Mittel an den Träger weitergeleitet hat.",
    ),
    (
        "text",
        "B.6\tDer Zuwendungsempfänger hat sich im Vertrag vorzubehalten, die weitergeleiteten Mittel einschließlich "
        "der Zinsen vom Träger zurückzufordern, wenn der Träger sie nicht zweckentsprechend verwendet, seine "
        "Pflichten nicht erfüllt oder die Zuwendung aus anderen Gründen zu erstatten ist.",
    ),
    ("heading", "Teil C: {{ conditions.private.title }}"),
    *_entries("conditions.private"),
    ("tag", "{%p endif %}"),
]


def _line(model, text: str):
    paragraph = deepcopy(model)
    runs = paragraph.findall(qn("w:r")) or [paragraph.makeelement(qn("w:r"), {})]
    if runs[0].getparent() is None:  # an empty model paragraph has no run to take the formatting from
        paragraph.append(runs[0])
    for run in runs[1:]:
        paragraph.remove(run)
    for child in list(runs[0]):
        if child.tag in (qn("w:t"), qn("w:tab")):
            runs[0].remove(child)
    for number, part in enumerate(text.split("\t")):
        if number:
            runs[0].append(runs[0].makeelement(qn("w:tab"), {}))
        node = runs[0].makeelement(qn("w:t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        node.text = part
        runs[0].append(node)
    return paragraph


def build(programme: str) -> None:
    path = HERE / programme / FILENAME
    document = docx.Document(path)
    body = document.element.body
    elements = list(body.iterchildren())
    table = next(element for element in elements if element.tag == qn("w:tbl"))
    after = [element for element in elements[elements.index(table) + 1 :] if element.tag == qn("w:p")]
    models = {kind: next(p for p in after if style_of(p) == style) for kind, style in STYLE_OF.items()}
    plain = [p for p in after if not style_of(p) and text_of(p) and not text_of(p).startswith("{%")]
    models["text"] = plain[0]
    models["tag"] = next(p for p in after if text_of(p).startswith("{%p"))
    anchor = after[0]  # the empty line below the table stays
    for element in after[1:]:
        body.remove(element)
    for kind, text in LINES:
        paragraph = _line(models[kind], text)
        anchor.addnext(paragraph)
        anchor = paragraph
    document.save(path)


if __name__ == "__main__":
    for code in PROGRAMMES:
        build(code)
