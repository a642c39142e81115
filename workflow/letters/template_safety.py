"""What a Word template may say: the letter context's names and the project's filters, nothing of the server.

Templates are uploaded by administrators, and an administrator must not reach the server, its secret key or the
counselling key through one. Rendering runs in Jinja's immutable sandbox without globals (``sandboxed_environment``),
so a hostile tag fails instead of running; ``refusals`` lets the template check name such a tag before a version
with it can be activated, in words the administrator understands.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Iterable, Optional

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from workflow import formatting
from workflow.office_packages import MB, PackageLimits, PackageRefused, open_package

# docxtpl renders these core properties as templates too (``DocxTemplate.render_properties``).
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")

# Tags that would load other templates or run blocks of them; a letter needs none.
_LOADING_TAGS = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Extends: "extends",
}


# A template is a letter: the largest shipped one unpacks to 0.9 MB in 18 parts; its body has 49 KB and 216 paragraphs.
TEMPLATE_LIMITS = PackageLimits(unpacked_bytes=20 * MB, parts=300)
# What docxtpl renders (body, headers, footers) costs it about 4 s per MB, and more than linear time in the number of
# paragraphs (300,000 empty ones: 21 s); within these bounds a template renders in a few seconds at most.
MAX_RENDERED_BYTES = 1 * MB
MAX_PARAGRAPHS = 20_000
_RENDERED_PART = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
_PARAGRAPH = re.compile(rb"<w:p[ >/]")


def package_refusal(template_bytes: bytes) -> Optional[str]:
    """Why the Word file is too big to be a letter (a zip bomb, a body of 300,000 empty paragraphs), or None.

    Checked before anything parses or renders it; a file that is no ZIP archive raises zipfile.BadZipFile.
    """
    try:
        archive = open_package(template_bytes, TEMPLATE_LIMITS, "Die Word-Vorlage")
    except PackageRefused as refusal:
        return refusal.message
    rendered = [member for member in archive.infolist() if _RENDERED_PART.fullmatch(member.filename)]
    size = sum(member.file_size for member in rendered)
    if size > MAX_RENDERED_BYTES:
        return (
            f"Der Text der Word-Vorlage (Hauptteil, Kopf- und Fußzeilen) ist entpackt {formatting.decimal_de(size / MB, 1)} MB "
            f"groß; ein Brief hat höchstens {MAX_RENDERED_BYTES // MB} MB."
        )
    paragraphs = sum(len(_PARAGRAPH.findall(archive.read(member))) for member in rendered)
    if paragraphs > MAX_PARAGRAPHS:
        return (
            f"Die Word-Vorlage hat {formatting.decimal_de(paragraphs, 0)} Absätze; ein Brief hat höchstens "
            f"{formatting.decimal_de(MAX_PARAGRAPHS, 0)}."
        )
    return None


def sandboxed_environment() -> ImmutableSandboxedEnvironment:
    """Autoescaping, strict about unknown names, no globals (``cycler``, ``lipsum``, ``range``…): only the context."""
    environment = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    environment.globals.clear()
    environment.filters.update(formatting.FILTERS)
    return environment


def template_sources(template_bytes: bytes) -> list[str]:
    """The Jinja sources of a Word template as docxtpl renders them: body, headers, footers, core properties."""
    document = Document(BytesIO(template_bytes))
    sources = [DocxTemplate.patch_xml(None, etree.tostring(document.element.body, encoding="unicode"))]
    for rel in document.part.rels.values():
        if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER) and rel.target_part.blob:
            xml = etree.tostring(parse_xml(rel.target_part.blob), encoding="unicode")
            sources.append(DocxTemplate.patch_xml(None, xml))
    sources += [getattr(document.core_properties, name) or "" for name in RENDERED_PROPERTIES]
    return sources


def refusals(trees: Iterable[nodes.Template], environment: ImmutableSandboxedEnvironment) -> list[str]:
    """Why these parsed templates may not be used, one German sentence per offending tag; empty if none."""
    found: list[str] = []
    for tree in trees:
        for node in tree.find_all(nodes.Getattr):
            if not environment.is_safe_attribute(None, node.attr, None):
                found.append(
                    f"Der Zugriff „{_dotted(node)}“ ist in Vorlagen nicht erlaubt "
                    "(Namen mit Unterstrich gehören zum Server, nicht zum Brief)."
                )
        for node in tree.find_all(nodes.Getitem):
            if (
                isinstance(node.arg, nodes.Const)
                and isinstance(node.arg.value, str)
                and not environment.is_safe_attribute(None, node.arg.value, None)
            ):
                found.append(
                    f"Der Zugriff „[{node.arg.value!r}]“ ist in Vorlagen nicht erlaubt "
                    "(Namen mit Unterstrich gehören zum Server, nicht zum Brief)."
                )
        for kind, tag in _LOADING_TAGS.items():
            for _ in tree.find_all(kind):
                found.append(
                    f"Der Befehl „{{% {tag} %}}“ ist in Vorlagen nicht erlaubt: "
                    "eine Vorlage lädt keine anderen Dateien."
                )
        for node in tree.find_all((nodes.Filter, nodes.Test)):
            known = environment.filters if isinstance(node, nodes.Filter) else environment.tests
            if node.name not in known:
                found.append(f"Der Filter „{node.name}“ ist unbekannt.")
    return list(dict.fromkeys(found))


def _dotted(node: nodes.Getattr) -> str:
    """``cycler.__init__`` for the first unsafe step of a chain, as far as the chain is made of names."""
    parts = [node.attr]
    inner = node.node
    while isinstance(inner, nodes.Getattr):
        parts.append(inner.attr)
        inner = inner.node
    if isinstance(inner, nodes.Name):
        parts.append(inner.name)
    elif isinstance(inner, nodes.Const):
        parts.append(repr(inner.value))
    else:
        parts.append("…")
    return ".".join(reversed(parts))
