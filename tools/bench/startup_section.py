"""Markdown section of BENCHMARKS.md from start-up measurements (benchmarks/startup-<label>.json).

The files are written by tools/bench/startup.py (its docstring documents the schema). BENCHMARKS.md's
generator imports this module and calls render(paths); run directly, it prints the section:

    python3 tools/bench/startup_section.py benchmarks/startup-before.json benchmarks/startup-after.json
"""
import json
import sys

SCHEMA = "mta-correlator-startup/1"
# The targets of the start-up work (wall time, median), and the peak memory of the large case.
TARGET_SECONDS = {"scenario": 5.0, "empty": 3.0}
TARGET_RSS_MB = {"load-200k": 1024.0}


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
    """The section as Markdown text, one block per measurement file, oldest first."""
    # Oldest first, so that a "before" reads above its "after" whatever the file names.
    # A baseline measured in alternation (startup.py --baseline) has the date of its pair and reads first.
    files = sorted((_load(p) for p in paths), key=lambda d: (d["date"], not d.get("baseline", False)))
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
        if "beside" in data:
            lines.append("")
            lines.append("Measured beside `%s`, which startup.py ran for the whole measurement." % data["beside"])
        if "interleavedWith" in data:
            lines.append("")
            lines.append("Runs alternated with those of %s, one of each in turn, so that the shared machine's changing "
                         "speed falls on both alike." % data["interleavedWith"])
        lines.append("")
        cases = data["cases"]
        lines.append("| phase | " + " | ".join("%s (%d records)" % (c["case"], c["records"]) for c in cases) + " |")
        lines.append("|---|" + "---|" * len(cases))
        phase_names = list(cases[0]["summary"]["phases"].keys()) if cases else []
        for name in phase_names:
            lines.append("| %s | %s |" % (name, " | ".join(_seconds(c["summary"]["phases"].get(name)) for c in cases)))
        lines.append("| **total (wall)** | %s |" % " | ".join("**%s**" % _seconds(c["summary"]["wallSeconds"]) for c in cases))
        if all("cpuSeconds" in c["summary"] for c in cases):
            lines.append("| CPU (user + system, both JVMs) | %s |" % " | ".join(_seconds(c["summary"]["cpuSeconds"]) for c in cases))
        lines.append("| peak RSS, MB (min / median / max) | %s |" % " | ".join(
            "%.0f / %.0f / %.0f" % (c["summary"]["maxRssMb"]["min"], c["summary"]["maxRssMb"]["median"],
                                    c["summary"]["maxRssMb"]["max"]) for c in cases))
        verdicts = []
        for c in cases:
            if c["case"] in TARGET_SECONDS:
                median = c["summary"]["wallSeconds"]["median"]
                verdicts.append("%s %.2f s against %.0f s: %s" % (c["case"], median, TARGET_SECONDS[c["case"]],
                                                                 "met" if median < TARGET_SECONDS[c["case"]] else "not met"))
            if c["case"] in TARGET_RSS_MB:
                peak = c["summary"]["maxRssMb"]["max"]
                verdicts.append("%s peak RSS %.0f MB against %.0f MB: %s" % (c["case"], peak, TARGET_RSS_MB[c["case"]],
                                                                            "met" if peak < TARGET_RSS_MB[c["case"]] else "not met"))
        if verdicts:
            lines.append("Targets (median wall time; largest peak RSS): " + "; ".join(verdicts) + ".")
        if "firstRun" in data:
            first = data["firstRun"]
            lines.append("")
            lines.append("The first run of the jar (%s), which also writes its class-data archive where the build has one, "
                         "is timed apart: %.2f s wall, %.2f s CPU." % (first["case"], first["wallSeconds"],
                                                                       first.get("cpuSeconds", float("nan"))))
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit("usage: startup_section.py benchmarks/startup-LABEL.json...")
    print(render(sys.argv[1:]))
