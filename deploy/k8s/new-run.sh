#!/usr/bin/env bash
# Prepares a new run of an overlay: writes its START_AT (an absolute RFC 3339 time in UTC, so that every shard
# starts its plans at the same instant) and a fresh RUN_ID into the overlay's run.env, keeping the other keys.
#
#   deploy/k8s/new-run.sh [OVERLAY_DIR] [--in DURATION | --at TIME] [--run-id ID]
#
#   OVERLAY_DIR  default deploy/k8s/overlays/example-8
#   --in D       start this long from now: 90s, 5m, 1h (default 2m: time to pull the image and schedule every pod;
#                a shard ready later than START_AT + its --start-grace refuses to run)
#   --at TIME    start at this RFC 3339 time instead (2026-12-02T20:00:00Z)
#   --run-id ID  default OVERLAY-YYYYmmdd-HHMMSS of the start time (the run_id label of every series)
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
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
[ -n "$run_id" ] || run_id="$(basename "$overlay")-$(date -u -d "@$epoch" +%Y%m%d-%H%M%S)"

tmp="$(mktemp "$env_file.XXXXXX")"
grep -v -e '^START_AT=' -e '^RUN_ID=' "$env_file" >"$tmp" || true
printf 'START_AT=%s\nRUN_ID=%s\n' "$start_at" "$run_id" | cat - "$tmp" >"$env_file"
rm -f "$tmp"

echo "new-run.sh: $env_file: START_AT=$start_at RUN_ID=$run_id"
echo "next: kubectl delete job kpc-loadgen --ignore-not-found && kubectl apply -k $overlay"
