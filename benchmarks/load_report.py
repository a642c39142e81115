"""The load test's table: per step of users the throughput, p50/p95/p99 per kind of request, errors, CPU, the knee."""

from __future__ import annotations

from collections import Counter

# The goals of issue 27 per kind (p95, ms); the kinds are the first word of a request's name (benchmarks/locustfile.py).
GOALS = {"Seite": 300, "Brief": 500}
KINDS = ("Seite", "Brief", "Schritt", "Download", "API", "Anmeldung")
CPU_GROUPS = ("web", "db", "scheduler", "load", "machine")


def percentile(histogram: Counter, share: float) -> float | None:
    """The smallest time with at least ``share`` of the requests at or below it (Locust's own histogram, in ms)."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted, seen = share * total, 0
    for milliseconds in sorted(histogram):
        seen += histogram[milliseconds]
        if seen >= wanted:
            return milliseconds
    return max(histogram)


def histograms(step: dict) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """Per kind and per request name, the response times as a histogram."""
    kinds: dict[str, Counter] = {kind: Counter() for kind in KINDS}
    names: dict[str, Counter] = {}
    for name, entry in step["names"].items():
        histogram = Counter({int(ms): count for ms, count in entry["histogram"].items()})
        names[name] = histogram
        kinds.setdefault(name.split(":")[0], Counter()).update(histogram)
    return kinds, names


def cpu_between(samples: list[dict], start: float, end: float) -> dict[str, float]:
    """Percent of one core per group between two wall times (200 % is both cores)."""
    inside = [sample for sample in samples if start <= sample["wall"] <= end]
    if len(inside) < 2:
        return {}
    first, last = inside[0], inside[-1]
    seconds = last["wall"] - first["wall"]
    return {group: 100 * (last[group] - first[group]) / seconds for group in CPU_GROUPS}


def misses(step: dict) -> list[str]:
    kinds, _ = histograms(step)
    found = [
        f"{kind} p95 {percentile(kinds[kind], 0.95):.0f} ms > {goal} ms"
        for kind, goal in GOALS.items()
        if kinds[kind] and percentile(kinds[kind], 0.95) > goal
    ]
    failures = sum(entry["failures"] for entry in step["names"].values())
    if failures:
        found.append(f"{failures} Fehler")
    return found


def clean(steps: list[dict], round_result: dict | None) -> bool:
    """No failure, no 5xx, no stack trace, no English error page in any step; the round done and every item decided."""
    for step in steps:
        if any(entry["failures"] for entry in step["names"].values()) or any(step["server"].values()):
            return False
    return (
        round_result is not None
        and round_result["status"] == "done"
        and round_result["signed"] == round_result["items"]
    )


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def report(steps: list[dict], samples: list[dict], round_result: dict | None, header: str) -> str:
    lines = [header, ""]
    columns = ["users", "req/s"]
    columns += [f"{kind} p50/p95/p99 ms" for kind in ("Seite", "Brief", "Schritt", "Download", "API")]
    columns += ["errors", "5xx", "CPU % web/db/sched/locust/machine", "web CPU ms/req"]
    lines.append("| " + " | ".join(columns) + " |")
    lines.append("|" + "---|" * len(columns))
    knee = None
    for step in steps:
        kinds, _ = histograms(step)
        requests = sum(entry["requests"] for entry in step["names"].values())
        failures = sum(entry["failures"] for entry in step["names"].values())
        cpu = cpu_between(samples, step["window_start"] or step["at"], step["at"])
        cells = [str(step["users"]), f"{requests / max(step['window'], 1):.1f}"]
        for kind in ("Seite", "Brief", "Schritt", "Download", "API"):
            cells.append("/".join(fmt(percentile(kinds[kind], share)) for share in (0.5, 0.95, 0.99)))
        cells += [str(failures), str(step["server"]["5xx"]), "/".join(fmt(cpu.get(group)) for group in CPU_GROUPS)]
        # What a request costs the web processes: unlike the times, it hardly depends on what else the machine runs.
        cells.append(fmt(cpu["web"] * 10 * step["window"] / requests) if cpu and requests else "–")
        lines.append("| " + " | ".join(cells) + " |")
        if knee is None and misses(step):
            knee = step
    lines.append("")
    if knee is None:
        lines.append("Knee: not reached – every step within the goals.")
    else:
        lines.append(f"Knee: {knee['users']} users – " + "; ".join(misses(knee)) + ".")
        _, names = histograms(knee)
        slowest = sorted(names.items(), key=lambda item: -(percentile(item[1], 0.95) or 0))[:6]
        lines.append(
            "Slowest there (p95): " + ", ".join(f"{name} {fmt(percentile(times, 0.95))} ms" for name, times in slowest)
        )
        for error in knee["errors"][:5]:
            lines.append(f"Error there: {error['count']}× {error['name']}: {error['error'][:160]}")
    if round_result:
        lines.append(
            f"Sammelzeichnung of {round_result['items']:,} (goal ≤ 120 s while the others work): "
            f"{round_result['seconds']:.0f} s from order to "
            + ("file" if round_result["status"] == "done" else "the end of the run")
            + f", {round_result['signed']:,} decided, job {round_result['status']}"
            + (f"; {round_result['problems']}" if round_result["problems"] else "")
        )
    else:
        lines.append("Sammelzeichnung: not finished during the run.")
    return "\n".join(lines)
