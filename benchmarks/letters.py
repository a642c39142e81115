"""Milliseconds per letter: compiled template vs docxtpl from scratch vs a bare zip rewrite (nothing asserted).

    python benchmarks/letters.py [--runs N] [--programme CODE] [--kind KIND]

The context is the programme check's sample case (``engine.check.sample_application`` and
``letter_context.case_context``), as in ``tests/letters/test_document_templates.py``; no database is needed.

* ``docxtpl``: ``documents.render_with_docxtpl`` — read, parse, clean and compile the template for every letter;
* ``compiled``: ``documents.render_template_bytes`` — compiled once per template content, then only filled;
* ``zip floor``: read the template's zip and write every part into a new one, rendering nothing: what any
  approach pays that writes a fresh compressed file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from workflow.letters import documents, letter_context  # noqa: E402
from workflow.programmes.check import SAMPLE_DAY, sample_application  # noqa: E402
from workflow.engine.programmes import definition_for  # noqa: E402
from workflow.engine.settings import defaults  # noqa: E402


def sample_context(code: str) -> dict:
    definition = definition_for(code)
    application = sample_application(definition, defaults(definition.all_settings), True, "grant")
    actor = application.proposals[0].proposed_by
    return letter_context.case_context(
        None,
        application,
        actor,
        SAMPLE_DAY,
        {"comment": "Bitte Vertrag nachreichen."},
        {"response": date(2027, 6, 28), "remedy": date(2027, 7, 19)},
    )


def zip_rewrite(template: bytes) -> bytes:
    output = BytesIO()
    with zipfile.ZipFile(BytesIO(template)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    return output.getvalue()


def per_letter(action, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--programme", default="integrationsmanagement")
    parser.add_argument("--kind", default="grant_notice")
    arguments = parser.parse_args()
    template = definition_for(arguments.programme).templates.read(arguments.kind)
    context = sample_context(arguments.programme)
    title = documents.DOCUMENT_KINDS[arguments.kind].title

    start = time.perf_counter()
    documents.render_template_bytes(template, context, title)  # compiles and caches
    first = (time.perf_counter() - start) * 1000
    rows = [
        (
            "docxtpl (from scratch)",
            per_letter(lambda: documents.render_with_docxtpl(template, context, title), arguments.runs),
        ),
        (
            "compiled (cached)",
            per_letter(lambda: documents.render_template_bytes(template, context, title), arguments.runs),
        ),
        ("zip floor (copy parts)", per_letter(lambda: zip_rewrite(template), arguments.runs)),
    ]
    print(
        f"{arguments.programme}/{arguments.kind}, {len(template):,} bytes, {arguments.runs} runs, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs"
    )
    print(f"first compiled render (compile + render): {first:.1f} ms")
    print(f"{'':24} {'median ms':>10} {'p90 ms':>8}")
    medians = {}
    for name, times in rows:
        medians[name] = statistics.median(times)
        p90 = statistics.quantiles(times, n=10)[-1] if len(times) >= 10 else max(times)
        print(f"{name:24} {medians[name]:10.2f} {p90:8.2f}")
    naive, fast = medians["docxtpl (from scratch)"], medians["compiled (cached)"]
    print(f"speed-up compiled vs docxtpl: {naive / fast:.1f}x")


if __name__ == "__main__":
    main()
