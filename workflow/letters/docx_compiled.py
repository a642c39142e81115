"""Word templates compiled once: the fast path of ``documents.render_template_bytes``.

docxtpl reads the .docx, parses every part, cleans the XML for Jinja (``patch_xml``: tags split over runs,
``{%p``/``{%tr``/``{%tc`` …) and compiles it, for every letter. A programme version's templates never
change (``ProgrammeTemplate.content``), so all of that is done once per template content, keyed by the
SHA-256 of its bytes:

* the cleaned XML of the body, the headers and the footers, compiled with the same Jinja environment;
* the document part without its body (``shell``) and the core properties part, as bytes;
* a zip of every part that rendering does not change (styles, numbering, theme, rels, …), compressed once.

A render fills the compiled templates, applies docxtpl's own post-processing (``resolve_listing``,
``fix_tables``, the ``docPr`` ids), and appends the filled parts to a copy of the prefix zip. Nothing shared is
mutated: the cache holds bytes and compiled Jinja templates only, so concurrent renders need no lock.

What this path does not reproduce (footnotes with tags, pictures replaced at render time) makes
``compile_template`` return ``None``; the caller then renders with docxtpl as before.
``tests/letters/test_letter_cache.py`` proves the text of every installed template equals docxtpl's.
"""

from __future__ import annotations

import hashlib
import re
import threading
import zipfile
from collections import OrderedDict
from copy import deepcopy
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Callable, Optional

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import parse_xml as opc_parse_xml
from docx.opc.oxml import serialize_part_xml
from docx.opc.parts.coreprops import CorePropertiesPart
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import Environment, Template, meta
from lxml import etree

# docxtpl's properties that it renders as templates (``DocxTemplate.render_properties``).
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_TAG = re.compile(r"\{[{%#]")


@dataclass(frozen=True)
class _Part:
    membername: str  # in the zip, e.g. "word/footer1.xml"
    template: Template
    encoding: str


@dataclass(frozen=True)
class CompiledTemplate:
    sha256: str
    prefix: bytes  # a zip of every part rendering leaves unchanged
    document_member: str
    document_shell: bytes  # the document part with an empty body
    body: Template
    parts: tuple[_Part, ...]  # headers, then footers, in docxtpl's order
    core_member: str
    core_blob: bytes
    properties: tuple[tuple[str, Template], ...]
    names: frozenset[str]  # the context names the template reads: the body, headers, footers and properties

    def render(self, context: dict[str, Any], describe: Optional[Callable[[Any], None]] = None) -> bytes:
        output = BytesIO(self.prefix)
        with zipfile.ZipFile(output, "a", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(self.document_member, self._document(context))
            for part in self.parts:
                xml = _finish(part.template.render(context)).encode(part.encoding)
                archive.writestr(part.membername, serialize_part_xml(parse_xml(xml)))
            archive.writestr(self.core_member, self._core(context, describe))
        return output.getvalue()

    def _document(self, context: dict[str, Any]) -> bytes:
        tree = DocxTemplate.fix_tables(None, _finish(self.body.render(context)))
        for number, element in enumerate(tree.xpath("//wp:docPr", namespaces=_NSMAP), start=1001):
            element.attrib["id"] = str(number)
        root = parse_xml(self.document_shell)
        root.replace(root.find(qn("w:body")), tree)
        return serialize_part_xml(root)

    def _core(self, context: dict[str, Any], describe) -> bytes:
        part = CorePropertiesPart.load(PackURI("/" + self.core_member), CT.OPC_CORE_PROPERTIES, self.core_blob, None)
        properties = part.core_properties
        for name, template in self.properties:
            setattr(properties, name, template.render(context))
        if describe is not None:
            describe(properties)
        return part.blob


# A run's text holding a tab, line break, paragraph mark or page break: the only text docxtpl's
# ``resolve_listing`` rewrites (into <w:tab/>, <w:br/>, a new paragraph, a page break).
_LISTING_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")


def _finish(xml: str) -> str:
    """docxtpl's post-processing of a rendered part (``render_xml_part`` after ``template.render``).

    ``resolve_listing`` rewrites only texts with those marks and returns the part unchanged without them; as
    it takes half of a letter's rendering to look through every run, a part without any skips it."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return DocxTemplate.resolve_listing(None, xml) if _LISTING_TEXT.search(xml) else xml


def _prepare(xml: str) -> str:
    """docxtpl's preparation of a part for Jinja (``patch_xml``, then ``render_xml_part`` before compiling)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", DocxTemplate.patch_xml(None, xml))


def _encoding(xml: str) -> str:
    match = re.match(r'<\?xml[^\?]+\bencoding="([^"]+)"', xml, re.I)
    return match.group(1) if match else "utf-8"


def _member(part) -> str:
    return str(part.partname).lstrip("/")


def compile_template(template_bytes: bytes, environment: Environment) -> Optional[CompiledTemplate]:
    """The template compiled for ``CompiledTemplate.render``; ``None`` if it needs docxtpl itself."""
    document = Document(BytesIO(template_bytes))
    core = document.core_properties  # creates the part if the template has none, as docxtpl's render does
    main = document.part
    package = main.package
    if any(part.content_type == FOOTNOTES for part in package.iter_parts()):
        return None
    sources = [_prepare(etree.tostring(document.element.body, encoding="unicode"))]
    body = environment.from_string(sources[0])
    parts = []
    for reltype in (RT.HEADER, RT.FOOTER):  # docxtpl's order: every header, then every footer
        for rel in main.rels.values():
            if rel.is_external or rel.reltype != reltype or not rel.target_part.blob:
                continue
            xml = etree.tostring(opc_parse_xml(rel.target_part.blob), encoding="unicode")
            sources.append(_prepare(xml))
            parts.append(_Part(_member(rel.target_part), environment.from_string(sources[-1]), _encoding(xml)))
    texts = {name: getattr(core, name) for name in RENDERED_PROPERTIES}
    properties = tuple((name, environment.from_string(text)) for name, text in texts.items())
    sources += texts.values()
    core_part = package._core_properties_part

    shell = deepcopy(document.element)
    shell_body = shell.find(qn("w:body"))
    for child in list(shell_body):
        shell_body.remove(child)

    dynamic = {_member(main), _member(core_part), *(part.membername for part in parts)}
    saved = BytesIO()
    document.save(saved)
    prefix = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(saved.getvalue())) as source,
        zipfile.ZipFile(prefix, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in dynamic:
                target.writestr(info, source.read(info.filename))
    return CompiledTemplate(
        sha256=hashlib.sha256(template_bytes).hexdigest(),
        prefix=prefix.getvalue(),
        document_member=_member(main),
        document_shell=serialize_part_xml(shell),
        body=body,
        parts=tuple(parts),
        core_member=_member(core_part),
        core_blob=core_part.blob,
        properties=properties,
        names=frozenset().union(*(meta.find_undeclared_variables(environment.parse(source)) for source in sources)),
    )


_NSMAP = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}


class TemplateCache:
    """Compiled templates by the SHA-256 of their bytes; the least recently used go first beyond ``size``."""

    def __init__(self, size: int = 64):
        self.size = size
        self._items: OrderedDict[str, Optional[CompiledTemplate]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, template_bytes: bytes, environment: Environment) -> Optional[CompiledTemplate]:
        return self.get_keyed(hashlib.sha256(template_bytes).hexdigest(), lambda: template_bytes, environment)

    def get_keyed(
        self, sha256: str, content: Callable[[], bytes], environment: Environment
    ) -> Optional[CompiledTemplate]:
        """By a known SHA-256 (``ProgrammeTemplate.sha256``): the bytes are fetched only to compile.

        The fetched bytes must hash to ``sha256``; otherwise the template is compiled under its real hash.
        """
        with self._lock:
            if sha256 in self._items:
                self._items.move_to_end(sha256)
                return self._items[sha256]
        template_bytes = content()
        key = hashlib.sha256(template_bytes).hexdigest()
        if key != sha256:
            return self.get(template_bytes, environment)
        compiled = compile_template(template_bytes, environment)  # outside the lock: a race compiles twice, harmlessly
        with self._lock:
            self._items[key] = compiled
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return compiled

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
