#!/usr/bin/env bash
# Benchmark of `correlate` (the whole pipeline: in-process broker, publish, parse, correlate, read back).
# Usage: tools/bench/run.sh [MTAS] [HOURS]   (defaults 10 MTAs x 24 h = 48,000 records)
# Needs the jar: mvn -B -q package -DskipTests. Prints one line per mode: records, seconds, records/s, max RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
mtas=${1:-10}
hours=${2:-24}
jar=streams-app/target/mta-correlator.jar
[ -f "$jar" ] || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tools/bench/gen-load.py "$mtas" "$hours" > "$work/load.ndjson"
records=$(wc -l < "$work/load.ndjson")
for grace in -1 120000; do
  /usr/bin/time -f "%e %M" -o "$work/time" java -jar "$jar" correlate --set mta.grace.ms=$grace \
      --out "$work/out.ndjson" "$work/load.ndjson" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r secs rss_kb < "$work/time"
  printf 'mta.grace.ms=%-7s records=%d seconds=%s records/s=%.0f maxRSS=%dMB\n' "$grace" "$records" "$secs" \
      "$(awk -v r="$records" -v s="$secs" 'BEGIN { print r / s }')" "$((rss_kb / 1024))"
done
