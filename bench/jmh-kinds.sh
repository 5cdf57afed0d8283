#!/usr/bin/env bash
# The per-kind JMH runs of BENCHMARKS.md (issue #7): MessageKindBenchmark (one message of each kind end to end,
# per confirmation mode), KindEncodeBenchmark (encoding alone, DCX at 1, 10 and 100 samples) and
# MessagePathBenchmark (the tutorial message, for comparison with the earlier table), all with -prof gc.
# Writes bench/results/jmh-kinds-<stamp>-<part>.{txt,json}, the load average around each part, and prints a table
# of the median iteration (ns/op) and gc.alloc.rate.norm (B/op) per benchmark.
# Needs bench/jmh/target/benchmarks.jar (mvn -B -q -o install -DskipTests). Options go to every JMH run
# (default: -f 1 -wi 3 -w 2s -i 5 -r 2s).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$HERE/jmh/target/benchmarks.jar"
OUT="${BENCH_RESULTS_DIR:-$HERE/results}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
[ -f "$JAR" ] || { echo "no $JAR: build first" >&2; exit 1; }
mkdir -p "$OUT"
OPTS=("$@")
[ ${#OPTS[@]} -gt 0 ] || OPTS=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
LOAD="$OUT/jmh-kinds-$STAMP-load.txt"
: >"$LOAD"

part() { # NAME JMH-ARGS...
  local name=$1
  shift
  echo "$name: load average before $(cut -d' ' -f1-3 /proc/loadavg)" >>"$LOAD"
  java -jar "$JAR" "$@" "${OPTS[@]}" -prof gc -rf json -rff "$OUT/jmh-kinds-$STAMP-$name.json" \
    >"$OUT/jmh-kinds-$STAMP-$name.txt" 2>&1
  echo "$name: load average after $(cut -d' ' -f1-3 /proc/loadavg)" >>"$LOAD"
}

# epmx-get (and the mix holding it) needs a reply: status only
part status MessageKindBenchmark -p kind=epmx-update-keys,epmx-get,dcx-json,mix -p confirm=status
part puback-none MessageKindBenchmark -p kind=epmx-update-keys,dcx-json -p confirm=puback,none
part encode KindEncodeBenchmark -p kind=epmx-update-keys,epmx-get
part encode-dcx KindEncodeBenchmark -p kind=dcx-json -p samples=1,10,100
part messagepath MessagePathBenchmark -p confirm=status

# median of the iterations (the machine is shared: the mean and its error move with the neighbours' load)
for f in "$OUT"/jmh-kinds-"$STAMP"-*.json; do
  jq -r '.[] | [(.benchmark | split(".") | .[-2:] | join(".")),
      (.params // {} | to_entries | map("\(.key)=\(.value)") | join(",")),
      (.primaryMetric.rawData[0] | sort | .[length / 2 | floor] | . * 10 | round / 10 | tostring),
      (.primaryMetric.rawData[0] | sort | map(. * 10 | round / 10 | tostring) | join(" ")),
      (.secondaryMetrics["gc.alloc.rate.norm"].score | . * 1000 | round / 1000 | tostring)] | @tsv' "$f"
done | (printf 'benchmark\tparams\tmedian_ns_op\titerations_ns_op\tB_op\n'; cat) | tee "$OUT/jmh-kinds-$STAMP-medians.tsv" \
  | column -t -s $'\t'
cat "$LOAD"
