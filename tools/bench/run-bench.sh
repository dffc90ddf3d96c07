#!/usr/bin/env bash
# Runs the bench command N times (default 3) on this machine and keeps each run's results under benchmarks/,
# named by commit, for tools/bench/make-benchmarks-md.py. Any further arguments go to bench.
#   tools/bench/run-bench.sh 3 --records 300000 --mtas 200
# Needs the fat jar (mvn -B -q package -DskipTests). Run it on a quiet machine: the figures record the load average.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
shift || true
jar=streams-app/target/mta-correlator.jar
[ -f "$jar" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 2; }
commit=$(git rev-parse --short HEAD)
if ! git diff --quiet HEAD -- streams-app schemas exports render pom.xml; then commit="$commit-dirty"; fi
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p benchmarks
for i in $(seq 1 "$runs"); do
  out="benchmarks/bench-$commit-$stamp-$i.json"
  echo "run $i of $runs -> $out" >&2
  java -jar "$jar" bench --label "$commit" --results "$out" --profile "/tmp/bench-$commit-$stamp-$i.jfr" "$@"
done
