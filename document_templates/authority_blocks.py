"""Puts the deciding authority's letterhead lines and signature block into a programme's Word templates.

The letterhead prints ``authority.letterhead`` (telephone, e-mail) under the authority's address, and the closing
prints ``authority.signature`` under the signer's name (instead of the authority's name alone, where it stood): both are the
programme's data (``workflow.engine.authority``), never text in a template. The change keeps each paragraph's style
and is made once (a template that has the loops already is left as it is). Run
``python -m document_templates.authority_blocks integrationsmanagement integrationsbeauftragte`` from the repository
root; the teilhabe letters take both from ``build_letters``.
"""

from __future__ import annotations

import sys
from copy import deepcopy
from pathlib import Path

import docx
from docx.oxml.ns import qn

HERE = Path(__file__).parent
ADDRESS_LOOP = "{%p for line in authority.lines[1:] %}"
LETTERHEAD_LOOP = "{%p for line in authority.letterhead %}"
SIGNATURE_LOOP = "{%p for line in authority.signature %}"
END = "{%p endfor %}"


def _text(paragraph) -> str:
    return "".join(node.text or "" for node in paragraph.iter(qn("w:t")))


def _with_text(paragraph, text: str):
    """A copy of ``paragraph`` (its style and first run's format) saying ``text``."""
    copy = deepcopy(paragraph)
    runs = copy.findall(qn("w:r"))
    for run in runs[1:]:
        copy.remove(run)
    texts = runs[0].findall(qn("w:t")) if runs else []
    for extra in texts[1:]:
        runs[0].remove(extra)
    texts[0].text = text
    return copy


def _add_letterhead(body) -> bool:
    for opening in body.iter(qn("w:p")):
        if _text(opening) != ADDRESS_LOOP:
            continue
        line, end = opening.getnext(), opening.getnext().getnext()
        after = end.getnext()
        if after is not None and _text(after) == LETTERHEAD_LOOP:
            return False
        end.addnext(_with_text(opening, LETTERHEAD_LOOP))
        end.getnext().addnext(_with_text(line, "{{ line }}"))
        end.getnext().getnext().addnext(_with_text(end, END))
        return True
    return False


def _add_signature(body) -> bool:
    """The lines under ``{{ actor.name }}``: in place of the authority's name, or after the name where none stood."""
    for signer in body.iter(qn("w:p")):
        following = signer.getnext()
        if _text(signer) != "{{ actor.name }}" or (following is not None and _text(following) == SIGNATURE_LOOP):
            continue
        if following is not None and _text(following) == "{{ authority.name }}":
            following.getparent().remove(following)
        signer.addnext(_with_text(signer, END))
        signer.addnext(_with_text(signer, "{{ line }}"))
        signer.addnext(_with_text(signer, SIGNATURE_LOOP))
        return True
    return False


def convert(path: Path) -> bool:
    """Whether ``path`` changed."""
    document = docx.Document(path)
    body = document.element.body
    changed = _add_letterhead(body)
    changed = _add_signature(body) or changed
    if changed:
        document.save(path)
    return changed


def main(programmes: list[str]) -> None:
    for programme in programmes:
        for path in sorted((HERE / programme).glob("*.docx")):
            if convert(path):
                print(f"{programme}/{path.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
