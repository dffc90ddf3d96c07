#!/usr/bin/env bash
# Builds and runs the JMH micro-benchmarks (module jmh/, profile bench) with the GC profiler (bytes allocated per
# operation) and keeps the results under benchmarks/ for tools/bench/make-benchmarks-md.py. Arguments go to JMH,
# e.g. a benchmark name filter: tools/bench/jmh.sh ParseBenchmark
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -Pbench package -DskipTests
commit=$(git rev-parse --short HEAD)
if ! git diff --quiet HEAD -- streams-app schemas exports render jmh pom.xml; then commit="$commit-dirty"; fi
mkdir -p benchmarks
out="benchmarks/jmh-$commit-$(date -u +%Y%m%dT%H%M%SZ).json"
java -jar jmh/target/benchmarks.jar -prof gc -rf json -rff "$out" "$@"
echo "results: $out" >&2
