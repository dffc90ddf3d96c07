#!/usr/bin/env python3
"""Generates BENCHMARKS.md from measured results, never from typed figures.

Usage: tools/bench/make-benchmarks-md.py benchmarks/*.json > BENCHMARKS.md

Reads three kinds of results files:
  * bench-*.json    written by `bench --results` (tools/bench/run-bench.sh runs it N times per commit);
  * jmh-*.json      written by JMH (tools/bench/jmh.sh);
  * startup-*.json  start-up breakdowns, rendered by tools/bench/startup_section.py when that module is present.
Bench runs are grouped by label (the commit) and workload; each figure is given as min / median / max over the runs.
"""
import glob
import importlib.util
import json
import os
import re
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load(paths):
    bench, jmh, startup = [], [], []
    for p in paths:
        name = os.path.basename(p)
        if name.startswith("startup-"):
            startup.append(p)
            continue
        with open(p) as f:
            data = json.load(f)
        if isinstance(data, dict) and data.get("kind") == "bench":
            data["_file"] = name
            bench.append(data)
        elif isinstance(data, list) and name.startswith("jmh-"):
            jmh.append((name, data))
    return bench, jmh, startup


def get(d, path):
    for k in path.split("."):
        if d is None:
            return None
        d = d.get(k)
    return d


def mmm(values, fmt="{:,.0f}"):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    lo, med, hi = min(values), statistics.median(values), max(values)
    if len(values) == 1:
        return fmt.format(med)
    return "{} / **{}** / {}".format(fmt.format(lo), fmt.format(med), fmt.format(hi))


def workload_key(run):
    w = run["workload"]
    return (run.get("label") or "unlabelled", w["records"], w["mtas"], w["connectionsPerMta"], w["partitions"],
            w["seed"], w["episodesPerMtaHour"], run.get("broker"))


def bench_section(bench):
    out = []
    groups = {}
    for run in bench:
        groups.setdefault(workload_key(run), []).append(run)
    # Newest group first: by the latest start time of its runs.
    ordered = sorted(groups.items(), key=lambda kv: max(r["machine"].get("startedAt", "") for r in kv[1]), reverse=True)
    for key, runs in ordered:
        label, records, mtas, conns, parts, seed, rate, broker = key
        first = runs[0]
        m = first["machine"]
        out.append("### {} - {:,} records, {} MTAs x {} connections, {} partitions ({} run{})".format(
            label, records, mtas, conns, parts, len(runs), "" if len(runs) == 1 else "s"))
        out.append("")
        out.append("Command: `java -jar streams-app/target/mta-correlator.jar {}` (seed {}, episode rate {}/MTA-hour, {} broker). "
                   "Machine: {} cores, {} GiB, {}, {}. Load average at start: {}.".format(
                       first.get("commandLine", ""), seed, rate, broker, m.get("cores"), m.get("memoryGiB"), m.get("cpu"),
                       m.get("java"), ", ".join(str(r["machine"].get("loadAverageStart")) for r in runs)))
        out.append("")
        out.append("| figure | min / **median** / max |")
        out.append("|---|---|")
        rows = [
            ("(a) pass-through, records/s", "throughput.passThrough.recordsPerSecond", "{:,.0f}"),
            ("(b) parse-only, records/s", "throughput.parseOnly.recordsPerSecond", "{:,.0f}"),
            ("(c) correlator, records/s", "throughput.correlator.recordsPerSecond", "{:,.0f}"),
            ("(c) / (a)", "throughput.correlatorOverPassThrough", "{:.3f}"),
            ("(b) / (a)", "throughput.parseOnlyOverPassThrough", "{:.3f}"),
            ("reprocessing after a reset, records/s", "reprocessAfterReset.recordsPerSecond", "{:,.0f}"),
            ("replay (publishing exports), records/s", "replay.recordsPerSecond", "{:,.0f}"),
            ("detection latency p50, ms", "latency.p50Ms", "{:,.0f}"),
            ("detection latency p99, ms", "latency.p99Ms", "{:,.0f}"),
            ("detection latency max, ms", "latency.maxMs", "{:,.0f}"),
            ("episodes timed for latency", "latency.episodes", "{:,.0f}"),
            ("latency phase: offered / achieved records/s", None, None),
            ("state: RocksDB bytes per connection", "state.diskBytesPerConnection", "{:,.0f}"),
            ("state: changelog bytes per connection (compacted: newest per key)", "state.changelogLiveBytesPerConnection", "{:,.0f}"),
            ("state: changelog log bytes per connection (before compaction)", "state.changelogBytesPerConnection", "{:,.0f}"),
            ("state: changelog records per input record", "state.changelogRecordsPerInputRecord", "{:.3f}"),
            ("heap used after (c), MB (embedded broker included)", "state.heapUsedAfterMb", "{:,.0f}"),
        ]
        for title, path, fmt in rows:
            if path is None:
                out.append("| {} | {} / {} |".format(title, mmm([get(r, "latency.offeredRate") for r in runs]),
                                                      mmm([get(r, "latency.achievedRate") for r in runs])))
            else:
                out.append("| {} | {} |".format(title, mmm([get(r, path) for r in runs], fmt)))
        out.append("| tracked connections | {:,} |".format(get(first, "state.connections") or 0))
        articles = sorted({kb for r in runs for kb in (get(r, "planted.byArticle") or {})})
        for kb in articles:
            cells = []
            for r in runs:
                a = (get(r, "planted.byArticle") or {}).get(kb, {})
                cells.append("{}/{} found, {} unplanted".format(a.get("found", 0), a.get("planted", 0), a.get("unplanted", 0)))
            out.append("| {} (per run) | {} |".format(kb, "; ".join(cells)))
        out.append("")
        prof_runs = [r for r in runs if r.get("profile")]
        if prof_runs:
            median_rate = statistics.median(get(r, "throughput.correlator.recordsPerSecond") for r in prof_runs)
            r = min(prof_runs, key=lambda x: abs(get(x, "throughput.correlator.recordsPerSecond") - median_rate))
            p = r["profile"]
            out.append("Profile of (c) in the median run ({}): {:,} JFR execution samples of the stream threads.".format(
                r["_file"], p["samples"]))
            out.append("")
            own = p.get("totalOwnCode") or []
            out.append("| # | top frames by self time | % | top frames by total time | % | our methods by total time | % |")
            out.append("|---|---|---|---|---|---|---|")
            blank = {"method": "", "percent": ""}
            for i in range(min(10, max(len(p["self"]), len(p["total"]), len(own)))):
                s = p["self"][i] if i < len(p["self"]) else blank
                t = p["total"][i] if i < len(p["total"]) else blank
                o = own[i] if i < len(own) else blank
                out.append("| {} | `{}` | {} | `{}` | {} | `{}` | {} |".format(i + 1, s["method"], s["percent"], t["method"],
                                                                          t["percent"], o["method"], o["percent"]))
            out.append("")
    return out


def jmh_section(jmh):
    out = []
    for name, results in sorted(jmh, reverse=True):
        m = re.match(r"jmh-(.+)-(\d{8}T\d{6}Z)\.json", name)
        label = "{} ({})".format(m.group(1), m.group(2)) if m else name
        out.append("### JMH {}".format(label))
        out.append("")
        out.append("| benchmark | parameters | score | error | unit | allocated B/op |")
        out.append("|---|---|---|---|---|---|")
        for r in results:
            params = ", ".join("{}={}".format(k, v) for k, v in sorted((r.get("params") or {}).items()))
            pm = r["primaryMetric"]
            alloc = (r.get("secondaryMetrics") or {}).get("\u00b7gc.alloc.rate.norm") or (r.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
            err = pm.get("scoreError")
            out.append("| `{}` | {} | {:,.1f} | {} | {} | {} |".format(
                r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1], params, pm["score"],
                "n/a" if err is None or err != err else "{:,.1f}".format(err), pm["scoreUnit"],
                "n/a" if not alloc else "{:,.0f}".format(alloc["score"])))
        out.append("")
    return out


def startup_section(paths):
    module = os.path.join(HERE, "startup_section.py")
    if not paths or not os.path.exists(module):
        return []
    spec = importlib.util.spec_from_file_location("startup_section", module)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return [mod.render(sorted(paths)), ""]


def main(argv):
    paths = argv[1:] or sorted(glob.glob(os.path.join(HERE, "..", "..", "benchmarks", "*.json")))
    bench, jmh, startup = load(paths)
    out = ["# Benchmarks", "",
           "<!-- Generated by tools/bench/make-benchmarks-md.py from the results files under benchmarks/; do not edit. -->", "",
           "Every figure here was measured and is regenerated with `tools/bench/make-benchmarks-md.py benchmarks/*.json > "
           "BENCHMARKS.md`. The runs: `tools/bench/run-bench.sh RUNS [bench options]` (the `bench` command, N times, results "
           "named by commit) and `tools/bench/jmh.sh` (the JMH micro-benchmarks of the `bench` Maven profile). `bench` measures, "
           "on the same topics and broker and one after another, (a) a pass-through Kafka Streams app, (b) the parse "
           "sub-topology alone and (c) the full correlator through `run`'s code path, each from its first fetched record to "
           "consumer lag 0; see `java -jar streams-app/target/mta-correlator.jar bench --help`. Figures are min / **median** / "
           "max over the runs of a group; the newest group comes first.", ""]
    if bench:
        out.append("## bench")
        out.append("")
        out.extend(bench_section(bench))
    if jmh:
        out.append("## JMH micro-benchmarks")
        out.append("")
        out.extend(jmh_section(jmh))
    if startup:
        out.extend(startup_section(startup))
    sys.stdout.write("\n".join(out).rstrip() + "\n")


if __name__ == "__main__":
    main(sys.argv)
