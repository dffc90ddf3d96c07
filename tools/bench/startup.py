#!/usr/bin/env python3
"""Start-up measurement of `correlate`: where the fixed time of a short run goes, and its peak memory.

Runs `java -jar JAR correlate` as a child process, several times per case, with the system property
`mta.timings.file` set: the application then writes the wall-clock marks of its phases (see
streams-app/.../runtime/PhaseTimes.java), and this tool adds the process's own start and end and its peak
resident set size and CPU time (from wait4; the child JVM that correlate starts for its heap ceiling is included).
The jar's class-data archive (see ClassDataArchive) is kept in a directory of the measurement's own, so the first run
writes it: that run is timed apart ("firstRun") and the cases are measured after it. Writes
benchmarks/startup-<label>.json; tools/bench/startup_section.py turns such files into the Markdown section of
BENCHMARKS.md.

Usage:
  tools/bench/startup.py LABEL [--runs N] [--jar PATH] [--commit REV] [--cases scenario,empty,load-200k]
                         [--java-option OPT]... [--baseline LABEL=JAR@REV]

A before/after comparison on a shared machine: with --baseline, the baseline jar's runs and this jar's alternate
(baseline first on odd runs, this jar first on even ones), so that the machine's changing speed (other tenants, the
2 cores' clock) falls on both alike; each gets its own file, which names the other in "interleavedWith".

Cases:
  scenario   the bundled demo scenario (streams-app/src/main/resources/scenarios/q181721-episode.ndjson)
  empty      an empty file (exit code 3, "no readable records", is expected there once that exists)
  load-200k  200,000 lines of healthy traffic from tools/bench/gen-load.py (10 MTAs x 100 h): the memory case

Schema of the JSON file (version 1):
  {
    "schema": "mta-correlator-startup/1",
    "label": str, "date": ISO-8601 UTC, "commit": str (--commit, else git HEAD of the working tree, "+dirty" if
             the sources of the jar have uncommitted changes),
    "jar": str, "javaVersion": str, "javaOptions": [str] (given with --java-option),
    "cores": int, "loadAverageBefore": [1 min, 5 min, 15 min], "loadAverageAfter": [...],
    "firstRun": a run as below, of the first case, before the others (absent in files of older versions),
    "interleavedWith": label of the file whose runs alternated with these (--baseline; absent otherwise),
    "baseline": true in the baseline's file of such a pair,
    "cases": [
      {
        "case": str, "description": str, "records": int (non-blank input lines),
        "runs": [ { "wallSeconds": float, "cpuSeconds": float, "maxRssMb": float, "exitCode": int,
                    "phases": { PHASE: seconds or null, ... } } ],
        "summary": { "wallSeconds": {"min": float, "median": float}, "cpuSeconds": {"min": float, "median": float},
                     "maxRssMb": {"min": float, "median": float, "max": float},
                     "phases": { PHASE: {"min": float, "median": float} or null } }
      }
    ]
  }
  PHASE is one of PHASES below; each is the time from the mark just before its own end mark, in time order
  ("jvm" starts when this tool starts the process, "jvm exit" ends when the process has exited), so the
  phases add up to the wall time even where the work overlaps (a phase that ends before another that is
  listed first is counted in time order). A phase whose mark was not written (a build without it) is null,
  and its time falls to the next.
"""
import argparse
import json
import os
import statistics
import shlex
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# (phase name, the mark that ends it); see PhaseTimes.mark calls in the streams app.
PHASES = [
    ("jvm", "main"),                          # process start to main(): JVM boot, loading the entry point
    ("cli", "broker-starting"),               # argument parsing, input checks, configuration
    ("broker start", "broker-started"),       # format the storage and start the KRaft broker
    ("topic creation", "topics-created"),
    ("publish", "published"),                 # read the files and produce every record
    ("streams start", "streams-running"),     # Kafka Streams start: group join, task assignment
    ("processing", "consumed"),               # until every record is consumed and committed
    ("streams close", "streams-closed"),
    ("read results", "results-read"),         # read back the incident and dead-letter topics
    ("broker stop", "broker-closed"),
    ("exit", "exit"),                         # writing results, the summary
    ("jvm exit", None),                       # last mark to the process's end
]

CASES = {
    "scenario": "the bundled scenario (Q181721 episode, 326 lines)",
    "empty": "an empty input file",
    "load-200k": "200,000 lines of healthy traffic (tools/bench/gen-load.py 10 100)",
}


def load_average():
    return [round(x, 2) for x in os.getloadavg()]


def input_for(case, work):
    if case == "scenario":
        return ROOT / "streams-app/src/main/resources/scenarios/q181721-episode.ndjson"
    if case == "empty":
        path = work / "empty.ndjson"
        path.write_text("")
        return path
    if case == "load-200k":
        path = work / "load-200k.ndjson"
        with open(path, "w") as out:
            subprocess.run([sys.executable, str(ROOT / "tools/bench/gen-load.py"), "10", "100"], stdout=out, check=True)
        return path
    raise SystemExit("unknown case %s (known: %s)" % (case, ", ".join(CASES)))


def phases_of(marks_file, started, ended):
    """Seconds per phase from the marks file; None for a phase without its mark.

    Phases may overlap (Kafka Streams starts while the records are published): each phase is the time from the
    mark just before its own, in time order, so the phases still add up to the wall time."""
    data = json.loads(marks_file.read_text())
    marks = {}
    for m in data["marks"]:
        marks.setdefault(m["phase"], m["epochMs"] / 1000.0)
    ends = {name: (ended if mark is None else marks.get(mark)) for name, mark in PHASES}
    ordered = sorted((t, name) for name, t in ends.items() if t is not None)
    result = {name: None for name, _ in PHASES}
    previous = started
    for t, name in ordered:
        result[name] = round(max(0.0, t - previous), 3)
        previous = t
    return result


def run_once(java, jar, options, path, work):
    marks_file = work / "marks.json"
    if marks_file.exists():
        marks_file.unlink()
    cmd = [java] + options + ["-D%s=%s" % ("mta.timings.file", marks_file), "-D%s=%s" % ("mta.cds.dir", work / "cds"),
                              "-jar", str(jar), "correlate",
                              "--out", str(work / "out.ndjson"), str(path)]
    started = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(work / "err.txt", "w"))
    _, status, usage = os.wait4(proc.pid, 0)
    ended = time.time()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 3):
        sys.stderr.write((work / "err.txt").read_text())
        raise SystemExit("correlate exited %d" % proc.returncode)
    return {
        "wallSeconds": round(ended - started, 3),
        "cpuSeconds": round(usage.ru_utime + usage.ru_stime, 3),
        "maxRssMb": round(usage.ru_maxrss / 1024.0, 1),
        "exitCode": proc.returncode,
        "phases": phases_of(marks_file, started, ended) if marks_file.exists() else {n: None for n, _ in PHASES},
    }


def summarise(runs):
    def stats(values):
        return {"min": round(min(values), 3), "median": round(statistics.median(values), 3)}
    phases = {}
    for name, _ in PHASES:
        values = [r["phases"][name] for r in runs if r["phases"][name] is not None]
        phases[name] = stats(values) if len(values) == len(runs) else None
    rss = [r["maxRssMb"] for r in runs]
    return {"wallSeconds": stats([r["wallSeconds"] for r in runs]),
            "cpuSeconds": stats([r["cpuSeconds"] for r in runs]),
            "maxRssMb": dict(stats(rss), max=round(max(rss), 1)),
            "phases": phases}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("label")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jar", default=str(ROOT / "streams-app/target/mta-correlator.jar"))
    parser.add_argument("--cases", default="scenario,empty")
    parser.add_argument("--java-option", action="append", default=[])
    parser.add_argument("--commit", help="the commit the jar was built from, when it is not the working tree's HEAD "
                                         "(a jar kept from an earlier build, for a before/after comparison)")
    parser.add_argument("--baseline", metavar="LABEL=JAR@REV",
                        help="a jar to measure in alternation with this one (its label, path and commit)")
    parser.add_argument("--beside", metavar="COMMAND",
                        help="a command run alongside for the whole measurement (started and stopped here, and "
                             "recorded), e.g. 'stress-ng --cpu 1' for a machine with one of its cores taken")
    args = parser.parse_args()
    if args.runs < 3:
        raise SystemExit("--runs must be at least 3 (min and median)")
    java = os.environ.get("JAVA", "java")
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    commit = args.commit
    if commit is None:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        if subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "streams-app", "exports", "schemas", "pom.xml"],
                          cwd=ROOT).returncode != 0:
            commit += "+dirty"
    measured = [(args.label, Path(args.jar), commit)]
    if args.baseline:
        label, rest = args.baseline.split("=", 1) if "=" in args.baseline else (None, None)
        if not label or "@" not in rest:
            raise SystemExit("--baseline must be LABEL=JAR@REV, e.g. before-7606d40=/tmp/base.jar@7606d40")
        path, rev = rest.rsplit("@", 1)
        measured.insert(0, (label, Path(path), rev))
    for _, jar, _ in measured:
        if not jar.is_file():
            raise SystemExit("no jar at %s: mvn -B -q package -DskipTests" % jar)
    results = []
    for label, jar, rev in measured:
        results.append({
            "schema": "mta-correlator-startup/1",
            "label": label,
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "commit": rev,
            "jar": os.path.relpath(jar, ROOT),
            "javaVersion": version,
            "javaOptions": args.java_option,
            "cores": os.cpu_count(),
            "loadAverageBefore": load_average(),
            "cases": [],
        })
        if args.beside:
            results[-1]["beside"] = args.beside
    if len(measured) == 2:
        results[0]["interleavedWith"] = measured[1][0]
        results[0]["baseline"] = True
        results[1]["interleavedWith"] = measured[0][0]
    beside = subprocess.Popen(shlex.split(args.beside), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) \
        if args.beside else None
    try:
        with tempfile.TemporaryDirectory(prefix="mta-startup-") as tmp:
            work = Path(tmp)
            cases = args.cases.split(",")
            # Each input is written once, for every jar and run.
            inputs = {case: input_for(case, work) for case in cases}
            # The first run of a jar writes its class-data archive: timed on its own, not among the cases' runs.
            first = cases[0]
            for (label, jar, _), result in zip(measured, results):
                result["firstRun"] = dict(run_once(java, jar, args.java_option, inputs[first], work), case=first)
                print("%s: first run (%s): %.2f s" % (label, first, result["firstRun"]["wallSeconds"]), file=sys.stderr)
            for case in cases:
                path = inputs[case]
                with open(path, "rb") as f:
                    records = sum(1 for line in f if line.strip())
                runs = [[] for _ in measured]
                for i in range(args.runs):
                    # Alternate which goes first, so that neither always runs just after the other's work.
                    order = range(len(measured)) if i % 2 == 0 else reversed(range(len(measured)))
                    for k in order:
                        label, jar, _ = measured[k]
                        run = run_once(java, jar, args.java_option, path, work)
                        runs[k].append(run)
                        print("%s: %s run %d: %.2f s, %.0f MB, exit %d" % (label, case, i + 1, run["wallSeconds"],
                                                                           run["maxRssMb"], run["exitCode"]), file=sys.stderr)
                for k, result in enumerate(results):
                    result["cases"].append({"case": case, "description": CASES[case], "records": records, "runs": runs[k],
                                            "summary": summarise(runs[k])})
    finally:
        if beside is not None:
            beside.terminate()
            beside.wait()
    for result in results:
        result["loadAverageAfter"] = load_average()
        out = ROOT / "benchmarks" / ("startup-%s.json" % result["label"])
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(result, indent=2) + "\n")
        print("wrote %s" % os.path.relpath(out, ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()
