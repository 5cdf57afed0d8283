#!/usr/bin/env bash
# Copies every shard's --out folder out of its pod while the pod lingers after its run (--metrics-linger), then
# prints the command that merges them into one result.
#
#   deploy/k8s/collect.sh RUN_ID DEST [kubectl options such as -n NAMESPACE]
#
# Waits for each shard's "results written to" line (a shard that failed has none: it is reported and skipped, and
# report merge will then say which shard is missing). Needs tar in the image (the Dockerfile's has it).
set -euo pipefail
if [ $# -lt 2 ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
run_id="$1"; dest="$2"; shift 2
kc=(kubectl "$@")

# the run's Job is kpc-loadgen-RUN_ID (the overlay names it after its run.env's RUN_ID)
job="kpc-loadgen-$run_id"
pods=$("${kc[@]}" get pods -l "job-name=$job" \
  -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.metadata.annotations.batch\.kubernetes\.io/job-completion-index}{"\n"}{end}')
if [ -z "$pods" ]; then
  echo "collect.sh: no pods of job $job" >&2
  exit 3
fi
mkdir -p "$dest"
missing=0
while read -r pod index; do
  [ -n "$pod" ] || continue
  for _ in $(seq 1 720); do
    if "${kc[@]}" logs "$pod" 2>/dev/null | grep -q '^results written to '; then break; fi
    phase=$("${kc[@]}" get pod "$pod" -o jsonpath='{.status.phase}')
    if [ "$phase" = Failed ] || [ "$phase" = Succeeded ]; then break; fi
    sleep 5
  done
  if "${kc[@]}" cp "$pod:/results/$run_id/shard-$index" "$dest/shard-$index" >/dev/null 2>&1 \
      && [ -f "$dest/shard-$index/summary.json" ]; then
    echo "collect.sh: shard $index from $pod -> $dest/shard-$index"
  else
    echo "collect.sh: shard $index: could not copy /results/$run_id/shard-$index from $pod (ended, or failed:" \
      "kubectl logs $pod)" >&2
    missing=1
  fi
done <<<"$pods"
echo "next: loadgen report merge --out $dest/fleet $dest/shard-*"
exit $missing
