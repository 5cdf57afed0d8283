#!/usr/bin/env bash
# soak-sample.sh GEN_PID GEN_LOG SIM_PID CSV HISTO_DIR EVERY_S
# The soak's sampler (bench/run.sh soak starts it): every EVERY_S seconds, until the generator is gone, one CSV
# line of the generator's heap after a full GC, RSS, open files, threads and CPU, the simulator's RSS, the load
# average, and the run's own progress (from the generator's last progress line). Each sample's class histogram
# is kept gzipped in HISTO_DIR (NNNN.txt.gz) so that a growing class can be found by diffing two of them.
set -uo pipefail

gen=$1 logf=$2 sim=$3 csv=$4 hdir=$5 every=$6
ticks="$(getconf CLK_TCK)"
mkdir -p "$hdir"
cmds="$hdir/jcmd-commands"
# One attach for both: GC.class_histogram runs a full GC and counts live objects; GC.heap_info then shows the
# heap as that GC left it (plus what was allocated in between) and metaspace.
printf 'GC.class_histogram\nGC.heap_info\n' >"$cmds"

echo "n,epoch_s,utc,load1,heap_live_B,heap_used_KB,heap_committed_KB,metaspace_used_KB,rss_KB,fds,threads,gen_cpu_s,sim_rss_KB,sample_ms,phase,elapsed_s,confirmed,failed,timed_out,dropped,in_flight,sent_per_s,confirmed_per_s,reply_p99_ms,send_lag_p99_ms" >"$csv"

status_field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null; }
cpu_s() { # utime+stime of PID in seconds (fields 14 and 15; the name field may hold spaces)
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  awk -v t="$ticks" '{ printf "%.2f", ($12 + $13) / t }' <<<"$stat"
}
# The numbers of the last progress line, or empty fields before the first one. Its format (README "Progress line"):
# [   10.0s] publish | devices 2000/2000 | rate 500.0/s target, 499.8/s sent, 499.8/s confirmed | confirmed 3977 |
# failed 0, timed out 0, dropped 0, in flight 1 | status p50 0.10ms p99 0.65ms max 5.56ms | send lag p99 0.14ms
progress() {
  local line
  line="$(grep -E '^\[ *[0-9.]+s\] (connect|publish|grace) \|' "$logf" 2>/dev/null | tail -1)"
  [ -n "$line" ] || { printf ',,,,,,,,,,'; return; }
  sed -E 's/^\[ *([0-9.]+)s\] ([a-z]+) \|.*/\2,\1/' <<<"$line" | tr -d '\n'
  local num
  num() { sed -nE "s#.*$1.*#\\1#p" <<<"$line" | head -1; }
  # A unit ("s" instead of "ms") is normalised to milliseconds.
  ms() { local v; v="$(sed -nE "s#.*$1 ([0-9.]+)(m?s).*#\\1 \\2#p" <<<"$line" | head -1)"
         [ -n "$v" ] && awk '{ printf "%s", $2 == "s" ? $1 * 1000 : $1 }' <<<"$v"; }
  printf ',%s,%s,%s,%s,%s,%s,%s,%s,%s' \
    "$(num '\| confirmed ([0-9]+) \|')" "$(num 'failed ([0-9]+),')" "$(num 'timed out ([0-9]+),')" \
    "$(num 'dropped ([0-9]+),')" "$(num 'in flight ([0-9]+)')" "$(num ' ([0-9.]+)/s sent')" \
    "$(num ' ([0-9.]+)/s confirmed')" "$(ms '[a-z]+ p50 [0-9.]+m?s p99')" "$(ms 'send lag p99')"
}

n=0
next=$(date +%s)
while kill -0 "$gen" 2>/dev/null; do
  n=$((n + 1))
  t0=$(date +%s%N)
  h="$hdir/$(printf '%04d' "$n").txt"
  jcmd "$gen" -f "$cmds" >"$h" 2>&1
  t1=$(date +%s%N)
  kill -0 "$gen" 2>/dev/null || break
  live="$(awk '$1 == "Total" { print $3; exit }' "$h")"
  # ParallelGC prints a line per generation, G1 one for the whole heap: add every "total NK, used MK".
  read -r used committed < <(awk '/ total [0-9]+K, used [0-9]+K/ {
      for (i = 1; i <= NF; i++) { if ($i == "total") t += $(i + 1); if ($i == "used") u += $(i + 1) } }
    END { printf "%d %d\n", u, t }' "$h")
  meta="$(awk '$1 == "Metaspace" { sub(/K,?/, "", $3); print $3; exit }' "$h")"
  gzip -f "$h"
  rss="$(status_field "$gen" VmRSS)"
  thr="$(status_field "$gen" Threads)"
  fds="$(ls "/proc/$gen/fd" 2>/dev/null | wc -l)"
  cpu="$(cpu_s "$gen")"
  srss="$(status_field "$sim" VmRSS)"
  printf '%d,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s\n' "$n" "$((t0 / 1000000000))" \
    "$(date -u -d "@$((t0 / 1000000000))" +%H:%M:%S)" "$(cut -d' ' -f1 /proc/loadavg)" "$live" "$used" \
    "$committed" "$meta" "$rss" "$fds" "$thr" "$cpu" "$srss" "$(((t1 - t0) / 1000000))" "$(progress)" >>"$csv"
  # Fixed schedule: a slow sample does not shift the later ones.
  next=$((next + every))
  while [ "$(date +%s)" -lt "$next" ]; do
    kill -0 "$gen" 2>/dev/null || break 2
    sleep 1
  done
done
