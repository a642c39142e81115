"""What the template builders read of a Word paragraph (raw XML): its style and its text."""

from __future__ import annotations

from docx.oxml.ns import qn


def style_of(paragraph) -> str:
    style = paragraph.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return style.get(qn("w:val")) if style is not None else ""


def text_of(paragraph) -> str:
    return "".join(text.text or "" for text in paragraph.iter(qn("w:t")))
