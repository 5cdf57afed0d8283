#!/usr/bin/env bash
# Prepares a new run of an overlay: writes its START_AT (an absolute RFC 3339 time in UTC, so that every shard
# starts its plans at the same instant) and a fresh RUN_ID into the overlay's run.env, keeping the other keys.
# The overlay names its Job kpc-loadgen-RUN_ID from that same RUN_ID (a kustomize replacement): Jobs are immutable,
# so each run is a new Job, and kubectl apply -k starts it whatever the Jobs of earlier runs are doing.
#
#   deploy/k8s/new-run.sh [OVERLAY_DIR] [--in DURATION | --at TIME] [--run-id ID]
#
#   OVERLAY_DIR  default deploy/k8s/overlays/example-8
#   --in D       start this long from now: 90s, 5m, 1h (default 2m: time to pull the image and schedule every pod;
#                a shard ready later than START_AT + its --start-grace refuses to run)
#   --at TIME    start at this RFC 3339 time instead (2026-12-02T20:00:00Z)
#   --run-id ID  default OVERLAY-YYYYmmdd-HHMMSS of the start time (the run_id label of every series and the
#                Job's name suffix: lower-case letters, digits and '-', short enough for the pods' host names)
set -euo pipefail

overlay="$(cd "$(dirname "$0")" && pwd)/overlays/example-8"
in="2m"
at=""
run_id=""
while [ $# -gt 0 ]; do
  case "$1" in
    --in) in="$2"; shift 2 ;;
    --at) at="$2"; shift 2 ;;
    --run-id) run_id="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "new-run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) overlay="$1"; shift ;;
  esac
done
env_file="$overlay/run.env"
if [ ! -f "$env_file" ]; then
  echo "new-run.sh: $env_file: no such file (expected an overlay folder with a run.env)" >&2
  exit 2
fi

seconds_of() {
  local d="$1" n unit
  if [[ ! "$d" =~ ^([0-9]+)(s|m|h)$ ]]; then
    echo "new-run.sh: --in: expected a whole number of s, m or h such as 90s or 5m, got '$d'" >&2
    exit 2
  fi
  n="${BASH_REMATCH[1]}"; unit="${BASH_REMATCH[2]}"
  case "$unit" in s) echo "$n" ;; m) echo $((n * 60)) ;; h) echo $((n * 3600)) ;; esac
}

if [ -n "$at" ]; then
  if ! epoch=$(date -u -d "$at" +%s 2>/dev/null); then
    echo "new-run.sh: --at: expected an RFC 3339 time such as 2026-12-02T20:00:00Z, got '$at'" >&2
    exit 2
  fi
else
  secs=$(seconds_of "$in") || exit 2
  epoch=$(( $(date -u +%s) + secs ))
fi
start_at=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
if [ -z "$run_id" ]; then
  # the overlay's folder name as a DNS label: lower case, anything else a '-'
  name=$(basename "$overlay" | tr 'A-Z' 'a-z' | sed -e 's/[^a-z0-9-]/-/g' -e 's/^-*//' -e 's/-*$//')
  run_id="${name:-run}-$(date -u -d "@$epoch" +%Y%m%d-%H%M%S)"
fi
# the Job is kpc-loadgen-RUN_ID and its pods' host names kpc-loadgen-RUN_ID-INDEX: a DNS label of at most 63
shards=$(sed -n 's/^SHARDS=//p' "$env_file" | tail -n 1)
[[ "$shards" =~ ^[0-9]+$ ]] && [ "$shards" -gt 0 ] || shards=1
job_prefix="kpc-loadgen-"
max=$(( 63 - ${#job_prefix} - 1 - ${#shards} ))
if [[ ! "$run_id" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]] || [ "${#run_id}" -gt "$max" ]; then
  echo "new-run.sh: --run-id: expected lower-case letters, digits and '-' (a letter or digit at each end), at most" \
    "$max characters (the Job is $job_prefix<run id>, its pods $job_prefix<run id>-<index>), got '$run_id'" >&2
  exit 2
fi

tmp="$(mktemp "$env_file.XXXXXX")"
grep -v -e '^START_AT=' -e '^RUN_ID=' "$env_file" >"$tmp" || true
printf 'START_AT=%s\nRUN_ID=%s\n' "$start_at" "$run_id" | cat - "$tmp" >"$env_file"
rm -f "$tmp"

echo "new-run.sh: $env_file: START_AT=$start_at RUN_ID=$run_id"
echo "new-run.sh: the Job of this run: $job_prefix$run_id"
echo "next: kubectl apply -k $overlay"
