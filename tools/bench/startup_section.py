"""Markdown section of BENCHMARKS.md from start-up measurements (benchmarks/startup-<label>.json).

The files are written by tools/bench/startup.py (its docstring documents the schema). BENCHMARKS.md's
generator imports this module and calls render(paths); run directly, it prints the section:

    python3 tools/bench/startup_section.py benchmarks/startup-before.json benchmarks/startup-after.json
"""
import json
import sys

SCHEMA = "mta-correlator-startup/1"


def _load(path):
    with open(path) as f:
        data = json.load(f)
    if data.get("schema") != SCHEMA:
        raise ValueError("%s: not a start-up measurement (schema %r, expected %r)" % (path, data.get("schema"), SCHEMA))
    return data


def _seconds(stat):
    return "–" if stat is None else "%.2f / %.2f" % (stat["min"], stat["median"])


def _load_average(values):
    return "%.2f %.2f %.2f" % tuple(values)


def render(paths):
    """The section as Markdown text, one block per measurement file in the order given."""
    files = [_load(p) for p in paths]
    lines = ["## Start-up of `correlate`", "",
             "Measured with `tools/bench/startup.py LABEL` (the fat jar as a child process, the in-process KRaft "
             "broker and the production topology; the application writes the time of each phase's end, the tool "
             "adds the process's start, end and peak RSS). Figures are min / median over the runs, in seconds; "
             "the load average is the machine's (1, 5, 15 min) before and after, as the 2 cores are shared.", ""]
    for data in files:
        runs = min(len(c["runs"]) for c in data["cases"]) if data["cases"] else 0
        lines.append("### %s (%s, commit %s, %d runs per case)" % (data["label"], data["date"][:10], data["commit"], runs))
        lines.append("")
        lines.append("%s; %d cores; load average %s before, %s after%s." % (
            data["javaVersion"], data["cores"], _load_average(data["loadAverageBefore"]),
            _load_average(data["loadAverageAfter"]),
            "; JVM options " + " ".join("`%s`" % o for o in data["javaOptions"]) if data["javaOptions"] else ""))
        lines.append("")
        cases = data["cases"]
        lines.append("| phase | " + " | ".join("%s (%d records)" % (c["case"], c["records"]) for c in cases) + " |")
        lines.append("|---|" + "---|" * len(cases))
        phase_names = list(cases[0]["summary"]["phases"].keys()) if cases else []
        for name in phase_names:
            lines.append("| %s | %s |" % (name, " | ".join(_seconds(c["summary"]["phases"].get(name)) for c in cases)))
        lines.append("| **total (wall)** | %s |" % " | ".join("**%s**" % _seconds(c["summary"]["wallSeconds"]) for c in cases))
        lines.append("| peak RSS, MB (min / median / max) | %s |" % " | ".join(
            "%.0f / %.0f / %.0f" % (c["summary"]["maxRssMb"]["min"], c["summary"]["maxRssMb"]["median"],
                                    c["summary"]["maxRssMb"]["max"]) for c in cases))
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit("usage: startup_section.py benchmarks/startup-LABEL.json...")
    print(render(sys.argv[1:]))
