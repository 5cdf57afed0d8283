#!/usr/bin/env bash
# kpc-loadgen benchmarks: connections, throughput, accuracy, capacity, shards, ramp, tls, tls-publish, fuzz, soak, syscalls, peers, smoke. See usage() and BENCHMARKS.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/run.sh SCENARIO [options]

Scenarios (every server and generator runs as its own process on 127.0.0.x and is stopped on exit). Two kinds of
pass/fail: slo_* and "held" columns are the run's own SLO verdict (`loadgen run --slo`, read from its summary
JSON); target_* columns are benchmark targets about the generator that no SLO of the product expresses.
  connections [--target mosquitto|sim|mosquitto,sim] [--meters 19000] [--connect-rates 5000,10000,20000]
              [--settle 5] [--storms 1] [--bind 127.0.0.2,...]
      Connect storm, then idle at 1 message/s. Per target (in the order given, each with its own 1-meter
      baseline) and connect rate: connects/s (connected / ((N-1)/rate + max connect latency), a lower bound),
      connect p50 and p99, kernel listen-queue overflows, CPU seconds of generator and server at the end of the
      connect phase (since each process started), the server's CPU over the storm alone (from the generator's
      start to the end of the connect phase) and per connected meter, heap after GC and resident memory per
      connected meter (minus a baseline run of the same process with 1 meter), measured --settle seconds into
      the idle phase. --storms N: N storms one after another against the same server process (a fresh generator
      each), so that storms after the first show a server whose JIT has compiled the connect path.
      SLO: connect_success_ratio >= 100%. Targets: >= 5,000 connects/s, <= 8 KB RSS and <= 4 KiB heap per meter.
  throughput [--target mosquitto] [--meters 10000] [--rates 10000,20000,30000,40000,50000] [--window 60s]
             [--warmup 10s] [--max-lag-ms 5] [--profile-rate R]
      QoS 1, --confirm puback, open model. Each rate is a profile: a --warmup stage (left out of the summary),
      then the window. "Held" is the run's verdict on its window: achieved_ratio >= 99%, confirmed_ratio >= 99%,
      p99(send_lag) <= --max-lag-ms. Measured beside it: sent and confirmed rate vs target and send-lag p99 over
      the whole 1 s intervals of the window (interval log), and CPU time per confirmed message of the generator
      and of the server (/proc utime+stime at the progress lines; target: generator <= server).
      --profile-rate R: JFR CPU profile of the generator (30 s after the warm-up) during the run at rate R.
  accuracy [--target sim|mosquitto] [--meters 10000] [--rates 500,20000] [--window 60s] [--warmup 10s]
           [--bucket 10]
      Per rate (a --warmup stage, then the window): the sent rate's error and send-lag p99 in every
      --bucket-second window (from the interval log, targets 1 % and 2 ms), warm-up windows shown apart, all
      windows after the warm-up, and the run's verdict on its window: achieved_ratio >= 99%, p99(send_lag) <= 2ms.
  capacity [--target sim|mosquitto] [--meters 2000 (mosquitto 10000)] [--sim-capacity 5000]
           [--start-rate capacity/4 (mosquitto 10000)] [--max-rate R] [--factor 1.5] [--precision 3%] [--ramp 5s]
           [--settle 5s] [--measure 20s] [--min-messages N] [--max-send-lag 5ms] [--shards N] [--slo EXPR]...
      `loadgen capacity` against the simulator with a service capacity (`loadgen sim --capacity`, confirm
      status) or Mosquitto (QoS 1, confirm puback): geometric steps up, bisection, a confirmation hold. Every
      step in a table; the outcome, the max sustainable rate, the bracket and the knee from its result JSON
      (copied to bench/results/capacity-<timestamp>.json); against the simulator also the found rate as a share
      of the model's capacity (target: within 10 %). SLOs (--slo replaces them): p99(status or puback) <= 50ms,
      confirmed_ratio >= 99%. Exit 0 also when no rate met the SLOs or the generator limited the search (the
      outcome says which). --shards N: the load from N generator processes (the remedy for a generator limit).
  ramp [--target sim|mosquitto] [--profile bench/ramp-20k.yaml] [--meters 2000] [--time-scale 1]
       [--confirms status,puback] [--bucket 10]
      A rate that changes: runs the profile (by default 1,000/s rising linearly to 20,000/s over 60 s, then 30 s
      held) once per confirmation mode, each against a fresh server. From the interval log (1 s intervals,
      bench/RampAccuracy.java): each whole second's sent count against the plan's exact count for that second
      (the integral of the rate over the interval's window), the worst and median per-second error, the error of
      each --bucket-second window, send-lag p99 per stage (ramp, hold) and over the whole log. Fails unless the
      plan's integral and the run's scheduled messages agree within one message. SLO over the run:
      p99(send_lag) <= 2ms; per window, stage and second: targets (1 %, 2 %, 2 ms).
  shards [--shards 3] [--meters-per-shard 19000] [--rate 5700] [--window 30s]
      N simulator processes and N `loadgen run --shards N --shard-index I` processes with one run id; checks
      that the shards' scheduled messages add up to exactly rate x duration and connected to all meters.
  tls [--meters 19000] [--connect-rate 2000] [--settle 5]
      [--variants plain,openssl-1.3,openssl-1.2,jdk-1.3,jdk-1.2,openssl-1.3-resumed,openssl-1.2-resumed]
      Connect storms over TLS (issue #10): per variant a fresh Mosquitto with a TLS listener (a test CA and a
      server certificate for localhost from `loadgen certs`, ECDSA P-256; no client certificates) and the
      generator with --tls --tls-provider openssl|jdk --tls-versions 1.3|1.2, every connect a full handshake
      (--tls-resumption off) or, -resumed, any session of the fleet resumed (fleet); "plain" is the same storm
      without TLS, run first. Measured as in connections (each variant with its own 1-meter baseline): connects/s
      (lower bound), connect p99, tls_handshake p50/p99, CPU seconds of generator and Mosquitto at the end of the
      connect phase, and per handshake for each side (variant - plain) / meters, so the plain TCP + MQTT connect
      and JVM start-up cancel out. SLO: connect_success_ratio >= 100%. Targets: generator/Mosquitto CPU per
      handshake <= 1, <= 24 KB RSS per idle TLS meter (heap per meter shown).
  tls-publish [--meters 1000] [--rate-per-meter 10] [--window 30s] [--warmup 5s] [--connect-rate 250]
              [--variants plain,openssl-1.3,jdk-1.3]
      Publish CPU over TLS vs plain (issue #10): per variant a fresh Mosquitto (the tls scenario's listener and
      certificates, variants as there) and the same workload, QoS 1, --confirm puback, metrics and interval log on;
      after the connect phase and --warmup, /proc utime+stime of the generator and of Mosquitto at its progress
      lines over --window (the throughput and peers method): CPU us per confirmed message of each side, their
      ratio, and each side's increase over plain in the same run; the run's TLS handshakes (full, resumed) beside.
  fuzz [--inputs 1000000] [--seed 20261122] [--target sim|client|all]
      Seeded hostile input (issue #8 item 8) to the simulator's decode path and the client's reply path, in one
      JVM on embedded channels, paranoid leak detection: per target inputs/s, what the inputs came to, and every
      broken property (escaped exception, leaked buffer, bad frame left open or uncounted, healthy connection
      harmed); non-zero exit on any. FUZZ_JAVA_OPTS, FUZZ_LEAK_LEVEL (default paranoid) override the JVM.
  soak [--duration 1h] [--sample-every 60s] [--profile profiles/soak.yaml] [--flat-pct 1] [--out DIR]
      The profile (DCX-heavy, 1,000/s after a warm-up, 2,000 meters) time-scaled to --duration against the
      simulator; every --sample-every: the generator's heap after a full GC, RSS, open files, threads, CPU and its
      progress line, to DIR/samples.csv (default bench/results/soak-<timestamp>/, with the run's --out folder, a
      class histogram diff and a 5-minute table). Least-squares slope per hour of each series after the warm-up;
      fails unless the heap after GC is flat (|slope| <= --flat-pct % of its mean per hour). Not part of smoke.
  syscalls [--meters 1000] [--rate-per-meter 10] [--window 10s] [--warmup 60s] [--returns-window 5s] [--repeats 1]
      Issue #12's map of where the cost per confirmed message lives: QoS 1, --confirm puback against a fresh
      Mosquitto, the generator with --metrics-port and --hlog on; after --warmup (its /metrics scraped every
      second meanwhile, as a dashboard's Prometheus would: the scrape's code is compiled before the window; 60 s,
      because 10 s in the JIT still compiles the message path), for the generator and Mosquitto
      over the same windows: (1) untraced --window: user and system CPU (/proc/PID/stat), voluntary and involuntary
      context switches (/proc/PID/task/*/status summed), the machine-wide softirq CPU (/proc/stat) and TIMER+HRTIMER
      softirqs (/proc/softirqs), the generator's CPU by thread group (/proc/PID/task/*/stat: event loops, JIT,
      GC, reporting, other), and, before the servers start, the machine's wakeup price (`perf bench sched pipe`,
      when perf is installed); (2) --window under `strace -c -f`: system calls by kind; (3) --returns-window under
      `strace -f -e trace=epoll_wait,epoll_pwait,epoll_pwait2`: waits, polls, events per return, waits that timed
      out (the timer wakeups). Everything per confirmed message (the generator's loadgen_messages_confirmed_total
      scraped at each window's ends). strace slows what it traces: CPU comes from window 1 only. The strace -c
      tables go to bench/results/syscalls-<timestamp>/. Without strace, windows 2 and 3 are skipped (said so).
  peers [--meters 1000] [--rate-per-meter 10] [--window 30s] [--warmup 10s] [--repeats 1]
      Issue #12's peers side by side: kpc-loadgen (QoS 1, puback, open model, metrics and interval log on), then
      Tsung (Debian's tsung, its MQTT plugin: each user connects, then publishes QoS 1 to kp1/.../update/keys,
      waits for the PUBACK and thinks 1/rate s) with the same workload, each against a fresh Mosquitto. Both
      sampled from /proc (utime+stime) at the tool's own 1 s progress lines (Tsung: its stats dumps, beam.smp),
      over --window after --warmup: confirmed messages (Tsung: PUBACKs it counted), CPU per message of the tool and
      of Mosquitto, and their ratio. Without tsung its row says "skipped: tsung not installed".
  smoke
      Every scenario but fuzz and soak at tiny sizes (about two minutes); non-zero exit if a step fails or
      a result is missing (a NOT_MET target or a broken SLO is a result, not a failure).

Common options:
  --io-threads N      generator event loops (default: number of cores)
  --keep              keep the work directory (logs, JSON summaries, interval logs)
Environment:
  LOADGEN_JAVA_OPTS   JVM options of the generator (default per scenario, printed; connections uses SerialGC)
  LOADGEN_RUN_ARGS    more `loadgen run` options for every generator run (e.g. "--timer-slack 0" for an A/B)
  SIM_JAVA_OPTS       JVM options of simulator processes (default -XX:+UseParallelGC -Xms256m)
  SIM_JAR             the jar that simulator processes run (default the generator's; an older build for an A/B)
  BENCH_RESULTS_DIR   where the .tsv results go (default bench/results)
  TSUNG, STRACE       the tsung and strace programs of peers and syscalls (default: from PATH; a missing one is
                      a skipped measurement, said in the table)

Output: a table on stdout and bench/results/<scenario>-<timestamp>.tsv (one line per result, header first).
Needs jq (the summaries and the capacity result are JSON).
EOF
}

# ---------------------------------------------------------------------------------------------------------------
# Globals and cleanup

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR="$ROOT/loadgen-cli/target/loadgen.jar"
SIM_JAR="${SIM_JAR:-$JAR}"
RESULTS_DIR="${BENCH_RESULTS_DIR:-$HERE/results}"
CLK_TCK="$(getconf CLK_TCK)"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kpc-bench.XXXXXX")"

# the CPU behind the vCPUs (hosts of one cloud differ, and with them the price of a system call and of a wakeup)
cpu_model() {
  sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -1
}
KEEP=0
IO_THREADS=""
PIDS=()          # every background process this script started; cleanup stops them
SIM_ARGS=()      # more flags for `loadgen sim` (the capacity scenario's service capacity)
TSUNG="${TSUNG:-tsung}"     # optional peers of issue #12: a missing one is a skipped row, not a failure
STRACE="${STRACE:-strace}"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cleanup() {
  local rc=$?
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$KEEP" = 1 ] || [ "$rc" != 0 ]; then
    log "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_gone PID SECONDS: true once the process is gone (reaped if it is our child)
wait_gone() {
  local pid=$1 i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  return 1
}

# stop_pid PID: SIGTERM, then SIGKILL after 20 s; removes it from PIDS
stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" 20 || { kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  local keep=() p
  for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  PIDS=("${keep[@]+"${keep[@]}"}")
}

jar_is_stale() { # a source or pom newer than the jar: measuring it would measure some other build
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/loadgen-core" "$ROOT/loadgen-cli" \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
      -not -path '*/target/*' -newer "$JAR" -print -quit)" ]
}

ensure_jar() {
  if [ ! -f "$JAR" ] || jar_is_stale; then
    log "building $JAR (missing, or older than its sources)"
    (cd "$ROOT" && mvn -B -q -DskipTests install) >&2
  fi
  command -v jq >/dev/null || die "jq is needed (apt-get install -y jq)"
}

# ---------------------------------------------------------------------------------------------------------------
# /proc sampling (shared helper): CPU ticks (utime+stime, in CLK_TCK units) and resident memory

proc_ticks() { # PID -> utime+stime in clock ticks (fields 14 and 15; the name field may hold spaces)
  local stat
  stat="$(cat "/proc/$1/stat")" || return 1
  stat="${stat##*) }"
  awk '{ print $12 + $13 }' <<<"$stat"
}
proc_rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# ---------------------------------------------------------------------------------------------------------------
# Servers

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_listen PORT PID: until something listens on 127.0.0.1:PORT (and PID still lives)
wait_listen() {
  local i
  for ((i = 0; i < 300; i++)); do
    kill -0 "$2" 2>/dev/null || die "server (pid $2) exited before listening on $1"
    ss -Hltn "sport = :$1" | grep -q . && return 0
    sleep 0.1
  done
  die "nothing listens on port $1 after 30 s"
}

# start_server TARGET NAME [BIND] [PKI_DIR]: starts mosquitto or the simulator; sets SERVER_PID and SERVER_ADDR.
# With PKI_DIR (ca.crt, server.crt, server.key from `loadgen certs`, see tls_pki) the listener speaks TLS only.
start_server() {
  local target=$1 name=$2 bind=${3:-127.0.0.1} pki=${4:-} port
  port="$(free_port)"
  case "$target" in
    mosquitto)
      # No per-connection log lines: they would cost Mosquitto CPU in the connect storm and the CPU comparison.
      cat >"$WORK/$name.conf" <<EOF
listener $port $bind
allow_anonymous true
max_connections -1
persistence false
max_queued_messages 0
max_inflight_messages 0
connection_messages false
log_type error
log_type warning
log_dest stderr
EOF
      if [ -n "$pki" ]; then
        printf 'cafile %s\ncertfile %s\nkeyfile %s\n' "$pki/ca.crt" "$pki/server.crt" "$pki/server.key" >>"$WORK/$name.conf"
        # Mosquitto started as root drops to user "mosquitto", which cannot read our 0600 key; stay root.
        [ "$(id -u)" != 0 ] || echo 'user root' >>"$WORK/$name.conf"
      fi
      mosquitto -c "$WORK/$name.conf" >"$WORK/$name.log" 2>&1 &
      ;;
    sim)
      local tls=()
      [ -z "$pki" ] || tls=(--tls-cert "$pki/server.crt" --tls-key "$pki/server.key")
      # shellcheck disable=SC2086
      java ${SIM_JAVA_OPTS:--XX:+UseParallelGC -Xms256m} -jar "$SIM_JAR" sim --port "$port" --bind "$bind" \
        --io-threads 1 --stats-interval 0 "${tls[@]+"${tls[@]}"}" "${SIM_ARGS[@]+"${SIM_ARGS[@]}"}" \
        >"$WORK/$name.log" 2>&1 &
      ;;
    *) die "unknown target '$target' (mosquitto or sim)" ;;
  esac
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  wait_listen "$port" "$SERVER_PID"
  SERVER_ADDR="$bind:$port"
}

# ---------------------------------------------------------------------------------------------------------------
# The generator

tokens() { # N -> path of a token file with N tokens (seed 1), made once per work directory
  local f="$WORK/tokens-$1.csv"
  [ -f "$f" ] || java -jar "$JAR" tokens --count "$1" --seed 1 --out "$f" >/dev/null
  echo "$f"
}

# start_gen NAME JAVA_OPTS ARGS...: `loadgen run` in the background, stdout+stderr to $WORK/NAME.log; sets GEN_PID
start_gen() {
  local name=$1 opts=$2
  shift 2
  local extra=()
  [ -n "$IO_THREADS" ] && extra=(--io-threads "$IO_THREADS")
  # shellcheck disable=SC2206
  [ -n "${LOADGEN_RUN_ARGS:-}" ] && extra+=($LOADGEN_RUN_ARGS)
  # shellcheck disable=SC2086
  java $opts -jar "$JAR" run --seed 1 --json-out "$WORK/$name.json" "${extra[@]+"${extra[@]}"}" "$@" \
    >"$WORK/$name.log" 2>&1 &
  GEN_PID=$!
  PIDS+=("$GEN_PID")
}

# wait_gen PID NAME: waits for the generator, fails on an exit other than 0, 99 (an SLO broken: a result, whose
# verdict is in the summary) or 143 (stopped by us), or on a missing summary
wait_gen() {
  local rc=0
  wait "$1" || rc=$?
  local keep=() p
  for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  PIDS=("${keep[@]+"${keep[@]}"}")
  if [ "$rc" != 0 ] && [ "$rc" != 99 ] && [ "$rc" != 143 ]; then
    tail -5 "$WORK/$2.log" >&2
    die "loadgen run '$2' exited with $rc (log $WORK/$2.log)"
  fi
  [ -s "$WORK/$2.json" ] || die "loadgen run '$2' wrote no summary"
  jq -e '.messages.scheduled == .messages.confirmed + .messages.failed + .messages.timedOut
         + .messages.dropped + .messages.inFlight' "$WORK/$2.json" >/dev/null \
    || die "run '$2': the message accounting does not balance"
}

# wait_line FILE PATTERN PID SECONDS: until FILE holds a line matching PATTERN (grep -E)
wait_line() {
  local i
  for ((i = 0; i < $4 * 10; i++)); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || die "process $3 ended before printing /$2/ (see $1)"
    sleep 0.1
  done
  die "no /$2/ in $1 after $4 s"
}

# hold_profile NAME RATE WARMUP_S WINDOW_S: a load profile holding RATE/s whose first WARMUP_S seconds are a warm-up
# stage (sent as planned, but left out of the summary and so of the product's SLO verdict); prints its path
hold_profile() {
  local f="$WORK/$1.yaml"
  {
    echo "description: bench/run.sh, $2/s for ${3}s of warm-up and a ${4}s measured window"
    echo "publish:"
    echo "  start: $2/s"
    echo "  stages:"
    [ "$3" = 0 ] || echo "    - {duration: ${3}s, warmup: true}"
    echo "    - {duration: ${4}s}"
  } >"$f"
  echo "$f"
}

# The product's SLO verdict of a run (`loadgen run --slo`), read from its summary's .slo
# slo_verdict SUMMARY: PASS when every SLO held, else FAIL
slo_verdict() {
  local v
  v="$(jq -r 'if .slo == null then "missing" elif .slo.passed then "PASS" else "FAIL" end' "$1")"
  [ "$v" != missing ] || die "no SLO verdict in $1"
  echo "$v"
}
# slo_outcome SUMMARY EXPR: PASS, FAIL or NO_DATA of the SLO written EXPR
slo_outcome() {
  local v
  v="$(jq -r --arg s "$2" '.slo.results[]? | select(.slo == $s) | .outcome | ascii_upcase' "$1")"
  [ -n "$v" ] || die "no SLO '$2' in the verdict of $1"
  echo "$v"
}
# slo_text --slo A --slo B ...: "A, B"
slo_text() { local t="" a; for a in "$@"; do [ "$a" = --slo ] || t+="${t:+, }$a"; done; echo "$t"; }
# slo_broken SUMMARY: "SLO: measured; ..." of every SLO that did not pass, or "-"
slo_broken() {
  jq -r '[.slo.results[] | select(.outcome != "pass") | "\(.slo): \(.measured)"]
    | if length == 0 then "-" else join("; ") end' "$1"
}

# jnum FILE JQ-EXPR: a number from a JSON file; fails when it is missing
jnum() {
  local v
  v="$(jq -r "$2 // empty" "$1")"
  [ -n "$v" ] && [ "$v" != null ] || die "missing result $2 in $1"
  echo "$v"
}

# watch_progress LOG GEN_PID SERVER_PID OUT: in the background, on every progress line of the publish phase
# writes "wall_seconds confirmed_total gen_ticks server_ticks" to OUT. Sets WATCH_PID.
watch_progress() {
  local logf=$1 gen=$2 srv=$3 out=$4
  : >"$out"
  (
    tail --pid="$gen" -n +1 -F "$logf" 2>/dev/null | while IFS= read -r line; do
      case "$line" in
        *"] publish |"*|*"] warm-up |"*)
          g="$(proc_ticks "$gen" 2>/dev/null)" || continue
          s="$(proc_ticks "$srv" 2>/dev/null)" || continue
          c="$(sed -E 's/.*\| confirmed ([0-9]+) \|.*/\1/' <<<"$line")"
          echo "$(date +%s.%N) $c $g $s" >>"$out"
          ;;
      esac
    done
  ) &
  WATCH_PID=$!
  PIDS+=("$WATCH_PID")
}

# ---------------------------------------------------------------------------------------------------------------
# Results: TSV file per scenario run plus a table on stdout

RESULT_FILE=""
begin_results() { # SCENARIO HEADER-FIELDS...
  mkdir -p "$RESULTS_DIR"
  RESULT_FILE="$RESULTS_DIR/$1-$STAMP.tsv"
  shift
  (IFS=$'\t'; echo "$*") >"$RESULT_FILE"
}
row() { (IFS=$'\t'; echo "$*") >>"$RESULT_FILE"; }
print_results() {
  echo
  column -t -s $'\t' "$RESULT_FILE"
  echo
  log "results appended to $RESULT_FILE"
  [ "$(wc -l <"$RESULT_FILE")" -gt 1 ] || die "no result rows in $RESULT_FILE"
}
absv() { calc "($1) < 0 ? -($1) : ($1)" .3f; }
# target CONDITION: MET or NOT_MET of a benchmark target about the generator (connects/s, memory, CPU, the exact
# per-window and per-second rate errors): what the product's SLOs cannot say. Service-level statements about a run
# are the product's own verdict instead (--slo; slo_verdict, slo_outcome).
target() { if awk "BEGIN { exit !($1) }"; then echo MET; else echo "NOT_MET"; fi; }
calc() { awk "BEGIN { printf \"%${2:-.2f}\", ($1) }"; }  # parentheses: a bare > would redirect printf

machine_note() {
  log "machine: $(nproc) cores ($(cpu_model)), kernel $(uname -r), $(java -version 2>&1 | head -1), $(mosquitto -h 2>/dev/null | head -1 || true); load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 1: connections

# every connect attempt reached its CONNACK: the service-level half of "every meter connected", judged by the run
CONN_SLO='connect_success_ratio >= 100%'

# wait_quiet PID: until PID's CPU time stops growing (two 0.5 s samples alike; at most 15 s), e.g. after the
# closes of a storm's connections
wait_quiet() {
  local a b i
  a="$(proc_ticks "$1")"
  for ((i = 0; i < 30; i++)); do
    sleep 0.5
    b="$(proc_ticks "$1")"
    [ "$a" != "$b" ] || return 0
    a=$b
  done
}

listen_overflows() { nstat -asz TcpExtListenOverflows 2>/dev/null | awk '$1 == "TcpExtListenOverflows" { print $2; f = 1 } END { if (!f) print 0 }'; }

# conn_measure NAME TARGET SERVER_ADDR DEVICES CONNECT_RATE SETTLE JAVA_OPTS TOKENS SERVER_PID
# (more `loadgen run` flags from the arrays CONN_BIND and CONN_EXTRA, e.g. the TLS ones)
# Sets MEAS_RSS (KiB) and MEAS_HEAP (bytes) measured SETTLE seconds into the idle publish phase, then stops the
# run (SIGTERM: it still writes its summary); MEAS_GEN_CPU and MEAS_SRV_CPU (seconds since each process started)
# and MEAS_SRV_STORM_CPU (the server's seconds from the generator's start) at the end of the connect phase.
conn_measure() {
  local name=$1 target=$2 addr=$3 devices=$4 crate=$5 settle=$6 opts=$7 tok=$8 srv=$9 confirm=status
  [ "$target" = mosquitto ] && confirm=puback
  local srv0
  srv0="$(proc_ticks "$srv")"
  start_gen "$name" "$opts" --tokens "$tok" --devices "$devices" --server "$addr" --rate 1/s --duration 1h \
    --confirm "$confirm" --connect-rate "$crate/s" --report-interval 1s --grace 1s --slo "$CONN_SLO" \
    "${CONN_BIND[@]+"${CONN_BIND[@]}"}" "${CONN_EXTRA[@]+"${CONN_EXTRA[@]}"}"
  local gen=$GEN_PID
  local ov0 sampler
  ov0="$(listen_overflows)"
  conn_sampler "$WORK/$name.log" "$gen" "$srv" >"$WORK/$name.cpu.tsv" &
  sampler=$!
  wait_line "$WORK/$name.log" '\] publish \|' "$gen" 120
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  # CPU seconds of both processes since they started, at the end of the connect phase; kernel listen overflows.
  MEAS_GEN_CPU="$(calc "$(proc_ticks "$gen") / $CLK_TCK")"
  local srv1
  srv1="$(proc_ticks "$srv")"
  MEAS_SRV_CPU="$(calc "$srv1 / $CLK_TCK")"
  MEAS_SRV_STORM_CPU="$(calc "($srv1 - $srv0) / $CLK_TCK")"
  MEAS_OVERFLOWS=$(( $(listen_overflows) - ov0 ))
  sleep "$settle"
  local rss heap
  rss="$(proc_rss_kb "$gen")"
  # GC.class_histogram runs a full GC first and counts live objects only: the heap after GC.
  heap="$(jcmd "$gen" GC.class_histogram 2>/dev/null | awk '$1 == "Total" { print $3 }')"
  [ -n "$heap" ] || die "jcmd GC.class_histogram gave no total for $name"
  kill -TERM "$gen"
  wait_gen "$gen" "$name"
  MEAS_RSS=$rss
  MEAS_HEAP=$heap
}

# conn_sampler LOG GEN_PID SRV_PID: one line "connected gen_ticks srv_ticks" as each of the run's connect progress
# lines (--report-interval 1s) appears: the devices connected then and both processes' CPU ticks read at once (bash
# builtins only, so the sampler costs the two cores next to nothing), for conn_steady. Ends with the generator.
conn_sampler() {
  local log=$1 gen=$2 srv=$3 line stat g
  tail -n +1 -F --pid="$gen" "$log" 2>/dev/null | while IFS= read -r line; do
    [[ "$line" =~ \]\ connect\ \|\ devices\ ([0-9]+)/ ]] || continue
    read -r stat <"/proc/$gen/stat" || break
    stat="${stat##*) }" && read -r -a g <<<"$stat"
    local gt=$(( g[11] + g[12] ))
    read -r stat <"/proc/$srv/stat" || break
    stat="${stat##*) }" && read -r -a g <<<"$stat"
    echo "${BASH_REMATCH[1]} $gt $(( g[11] + g[12] ))"
  done
}

# conn_steady CPU_TSV METERS -> "connects gen_us_per_connect srv_us_per_connect" over the storm's steady part: from
# the first sample at or above a quarter of the meters connected to the last at or below nine tenths, so that JVM
# start-up, most JIT compilation and the tail are left out. "- - -" when the storm was too short for two such samples.
conn_steady() {
  awk -v n="$2" -v tck="$CLK_TCK" '
    $1 >= n / 4 && !have { c0 = $1; g0 = $2; s0 = $3; have = 1 }
    have && $1 <= n * 0.9 { c1 = $1; g1 = $2; s1 = $3 }
    END {
      if (!have || c1 - c0 < n / 10) { print "- - -"; exit }
      printf "%d %.0f %.0f\n", c1 - c0, (g1 - g0) / tck * 1e6 / (c1 - c0), (s1 - s0) / tck * 1e6 / (c1 - c0)
    }' "$1"
}

# conn_figures METERS RATE MAX_CONNECT_MS CONNECTED RSS_KB BASE_RSS_KB HEAP_B BASE_HEAP_B -> "phase_s connects_per_s
# rss_per_meter_B heap_per_meter_B". Device i is intended to start at i/RATE; the last CONNACK comes at most the max
# connect latency after the last intended start, so CONNECTED / ((N-1)/RATE + max) is a lower bound of the achieved
# connect rate. Memory per meter: above the 1-meter baseline, over the other connected meters.
conn_figures() {
  local phase
  phase="$(calc "($1 - 1) / $2 + $3 / 1000" .3f)"
  echo "$phase $(calc "$4 / $phase" .0f) $(calc "($5 - $6) * 1024 / ($4 - 1)" .0f) $(calc "($7 - $8) / ($4 - 1)" .0f)"
}

scenario_connections() {
  local targets=mosquitto meters=19000 rates=5000,10000,20000 settle=5 storms=1
  CONN_BIND=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --bind) CONN_BIND=(--bind "$2"); shift 2 ;;
      --target) targets=$2; shift 2 ;;
      --meters) meters=$2; shift 2 ;;
      --connect-rates) rates=$2; shift 2 ;;
      --settle) settle=$2; shift 2 ;;
      --storms) storms=$2; shift 2 ;;
      *) die "connections: unknown option $1" ;;
    esac
  done
  local opts="${LOADGEN_JAVA_OPTS:--XX:+UseSerialGC -Xms64m}"
  [[ "$storms" =~ ^[1-9][0-9]*$ ]] || die "connections: --storms $storms: expected a whole number >= 1"
  log "connections: targets $targets, $meters meters, connect rates $rates/s, $storms storm(s) per server, generator JVM: $opts"
  [ "$SIM_JAR" = "$JAR" ] || log "connections: the simulator runs $SIM_JAR"
  machine_note
  local tok base_rss base_heap target
  tok="$(tokens "$meters")"
  begin_results connections scenario target storm bind meters connect_rate_target connected failed connect_phase_s \
    connects_per_s connect_p50_ms connect_p99_ms connect_max_ms tcp_connect_p99_ms listen_overflows gen_cpu_s srv_cpu_s \
    srv_storm_cpu_s srv_cpu_per_conn_us rss_kb base_rss_kb rss_per_meter_B heap_B base_heap_B \
    heap_per_meter_B slo_all_connected target_connects target_rss target_heap
  for target in ${targets//,/ }; do
    case "$target" in mosquitto|sim) ;; *) die "connections: --target $target: expected mosquitto, sim or a list of them" ;; esac
    start_server "$target" "conn-$target"
    conn_measure "conn-$target-base" "$target" "$SERVER_ADDR" 1 1000 "$settle" "$opts" "$tok" "$SERVER_PID"
    base_rss=$MEAS_RSS base_heap=$MEAS_HEAP
    stop_pid "$SERVER_PID"
    log "$target baseline (1 meter): RSS $base_rss KiB, heap after GC $base_heap B"
    local r n
    for r in ${rates//,/ }; do
      start_server "$target" "conn-$target-$r"
      for ((n = 1; n <= storms; n++)); do
        [ "$n" = 1 ] || wait_quiet "$SERVER_PID" # the last storm's closes are not this storm's work
        local name="conn-$target-$r-$n" rss heap
        conn_measure "$name" "$target" "$SERVER_ADDR" "$meters" "$r" "$settle" "$opts" "$tok" "$SERVER_PID"
        rss=$MEAS_RSS heap=$MEAS_HEAP
        local j="$WORK/$name.json" connected failed p99 max phase cps rssm heapm
        connected="$(jnum "$j" .devices.connected)"
        failed="$(jnum "$j" .devices.failed)"
        p99="$(jnum "$j" .latencies.connect.p99)"
        max="$(jnum "$j" .latencies.connect.max)"
        read -r phase cps rssm heapm < <(conn_figures "$meters" "$r" "$max" "$connected" "$rss" "$base_rss" "$heap" \
          "$base_heap")
        row connections "$target" "$n" "${CONN_BIND[1]:-default}" "$meters" "$r" "$connected" "$failed" "$phase" "$cps" \
          "$(jnum "$j" .latencies.connect.p50)" "$p99" "$max" "$(jnum "$j" .latencies.tcp_connect.p99)" \
          "$MEAS_OVERFLOWS" "$MEAS_GEN_CPU" "$MEAS_SRV_CPU" "$MEAS_SRV_STORM_CPU" \
          "$(calc "$MEAS_SRV_STORM_CPU * 1000000 / $connected" .0f)" "$rss" \
          "$base_rss" "$rssm" "$heap" "$base_heap" "$heapm" \
          "$(slo_outcome "$j" "$CONN_SLO")" "$(target "$cps >= 5000")" "$(target "$rssm <= 8000")" "$(target "$heapm <= 4096")"
      done
      stop_pid "$SERVER_PID"
    done
  done
  print_results
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 2: throughput

# cpu_summary SAMPLES WARMUP_S -> "seconds confirmed gen_ticks srv_ticks" from the first sample at least WARMUP_S
# after the first one (the first progress line of the publish phase) to the last sample
cpu_summary() {
  awk -v wu="$2" 'NR == 1 { t0 = $1 } !n && $1 - t0 >= wu - 0.5 { n = 1; t = $1; c = $2; g = $3; s = $4 }
    END { if (!n || $1 - t < 0.5) exit 1; printf "%.3f %d %d %d\n", $1 - t, $2 - c, $3 - g, $4 - s }' "$1"
}

# profile_summary JFR_FILE OUT: top self frames and top inclusive methods of the execution samples
profile_summary() {
  local jfrf=$1 out=$2
  jfr print --json --events jdk.ExecutionSample --stack-depth 64 "$jfrf" >"$WORK/samples.json"
  jq -r '.recording.events[] | [.values.stackTrace.frames[].method | "\(.type.name).\(.name)"] | @json' \
    "$WORK/samples.json" >"$WORK/stacks.txt"
  {
    echo "samples: $(wc -l <"$WORK/stacks.txt")"
    echo "-- top frames (self) --"
    jq -r '.[0]' "$WORK/stacks.txt" | sort | uniq -c | sort -rn | sed -n 1,25p # not head: an early exit would SIGPIPE sort, and pipefail stop the script
    echo "-- methods on the stack (inclusive) --"
    jq -r 'unique[]' "$WORK/stacks.txt" | sort | uniq -c | sort -rn | sed -n 1,40p
  } >"$out"
}

scenario_throughput() {
  local target=mosquitto meters=10000 rates=10000,20000,30000,40000,50000 window=60s warmup=10s maxlag=5 prate=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --warmup) warmup=$2; shift 2 ;;
      --target) target=$2; shift 2 ;;
      --meters) meters=$2; shift 2 ;;
      --rates) rates=$2; shift 2 ;;
      --window) window=$2; shift 2 ;;
      --max-lag-ms) maxlag=$2; shift 2 ;;
      --profile-rate) prate=$2; shift 2 ;;
      *) die "throughput: unknown option $1" ;;
    esac
  done
  local opts="${LOADGEN_JAVA_OPTS:--XX:+UseParallelGC -Xms256m}"
  local wu="${warmup%s}" win="${window%s}"
  log "throughput: target $target, $meters meters, QoS 1 puback, rates $rates/s, window ${win}s after ${wu}s warm-up, JVM: $opts"
  machine_note
  local tok r held_at=() missed_at=()
  tok="$(tokens "$meters")"
  # "Held", judged by the run itself over the window after the warm-up (a warm-up stage of the profile): it sent
  # what the plan asked, the server confirmed what was settled, and the generator kept to its plan.
  local slos=(--slo 'achieved_ratio >= 99%' --slo 'confirmed_ratio >= 99%' --slo "p99(send_lag) <= ${maxlag}ms")
  begin_results throughput scenario target meters rate_target window_s rate_sent rate_confirmed sent_err_pct \
    confirmed_err_pct send_lag_p99_ms warmup_send_lag_p99_ms puback_p99_ms dropped timed_out cpu_s \
    confirmed_in_cpu_s gen_cpu_pct srv_cpu_pct gen_us_per_msg srv_us_per_msg gen_to_srv_ratio held slo_broken target_cpu
  for r in ${rates//,/ }; do
    start_server "$target" "tp-$target-$r"
    local srv=$SERVER_PID name="tp-$r"
    start_gen "$name" "$opts" --profile "$(hold_profile "$name" "$r" "$wu" "$win")" --tokens "$tok" \
      --server "$SERVER_ADDR" --confirm puback --connect-rate 10000/s --report-interval 1s --grace 5s \
      --hlog "$WORK/$name.hlog" "${slos[@]}"
    local gen=$GEN_PID
    watch_progress "$WORK/$name.log" "$gen" "$srv" "$WORK/$name.cpu"
    local watcher=$WATCH_PID
    if [ "$r" = "$prate" ]; then
      wait_line "$WORK/$name.log" '\] (publish|warm-up) \|' "$gen" 120
      sleep "$wu"
      local secs=$(( win > 40 ? 30 : win - 5 > 1 ? win - 5 : 1 ))
      jcmd "$gen" JFR.start name=bench settings=profile duration="${secs}s" filename="$WORK/$name.jfr" >/dev/null
      log "JFR profile of the generator for ${secs}s at $r/s"
    fi
    wait_gen "$gen" "$name"
    wait_gone "$watcher" 10 || stop_pid "$watcher"
    stop_pid "$srv"
    local j="$WORK/$name.json" sent conf lag wlag pub drop tmo secs_ msgs gt st wlen
    # the summary leaves the warm-up stage out: its figures are the measured window's, the warm-up's beside them
    wlag="$(jq -r '.warmup.latencies.send_lag.p99 // "-"' "$j")"; pub="$(jnum "$j" .latencies.puback.p99)"
    drop="$(jnum "$j" .messages.dropped)"; tmo="$(jnum "$j" .messages.timedOut)"
    # The window after the warm-up, from the interval log ("all" line): sent and confirmed rates, send-lag p99.
    java -cp "$JAR" "$HERE/HlogWindows.java" "$WORK/$name.hlog" "$r" 10 puback "$wu" >"$WORK/$name.windows"
    read -r wlen sent conf lag < <(awk -F'\t' '$1 == "all" { print $3, $5, $7, $9 }' "$WORK/$name.windows")
    [ -n "${lag:-}" ] || die "no measured window in the interval log of $name"
    read -r secs_ msgs gt st < <(cpu_summary "$WORK/$name.cpu" "$wu") || die "too few publish-phase samples for $name"
    [ "$msgs" -gt 0 ] || die "no confirmed messages in the publish phase of $name"
    local se ce gpct spct gus sus ratio held
    se="$(calc "100 * ($sent - $r) / $r" .3f)"; ce="$(calc "100 * ($conf - $r) / $r" .3f)"
    gpct="$(calc "100 * $gt / $CLK_TCK / $secs_" .0f)"; spct="$(calc "100 * $st / $CLK_TCK / $secs_" .0f)"
    gus="$(calc "1e6 * $gt / $CLK_TCK / $msgs" .2f)"; sus="$(calc "1e6 * $st / $CLK_TCK / $msgs" .2f)"
    ratio="$(calc "$st > 0 ? $gt / $st : 0" .2f)"
    held="$(slo_verdict "$j")"
    if [ "$held" = PASS ]; then held_at+=("$r/s"); else missed_at+=("$r/s"); fi
    row throughput "$target" "$meters" "$r" "$wlen" "$sent" "$conf" "$se" "$ce" "$lag" "$wlag" "$pub" "$drop" \
      "$tmo" "$secs_" "$msgs" "$gpct" "$spct" "$gus" "$sus" "$ratio" "$held" "$(slo_broken "$j")" "$(target "$ratio <= 1")"
    if [ -f "$WORK/$name.jfr" ]; then
      mkdir -p "$RESULTS_DIR"
      profile_summary "$WORK/$name.jfr" "$RESULTS_DIR/throughput-$STAMP-profile-$r.txt"
      log "profile summary: $RESULTS_DIR/throughput-$STAMP-profile-$r.txt"
    fi
  done
  print_results
  echo "held (each run's own SLO verdict: $(slo_text "${slos[@]}")): ${held_at[*]:-none}; not held: ${missed_at[*]:-none}"
  echo "the highest rate sustained within SLOs is a search: bench/run.sh capacity --target $target"
  echo "note: $target's CPU per message is for accepting and acknowledging QoS 1 PUBLISHes with no subscribers (it delivers nothing)"
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 3: accuracy

scenario_accuracy() {
  local target=sim meters=10000 rates=500,20000 window=60s bucket=10 warmup=10s
  while [ $# -gt 0 ]; do
    case "$1" in
      --warmup) warmup=$2; shift 2 ;;
      --target) target=$2; shift 2 ;;
      --meters) meters=$2; shift 2 ;;
      --rates) rates=$2; shift 2 ;;
      --window) window=$2; shift 2 ;;
      --bucket) bucket=$2; shift 2 ;;
      *) die "accuracy: unknown option $1" ;;
    esac
  done
  local opts="${LOADGEN_JAVA_OPTS:--XX:+UseParallelGC -Xms256m}" confirm=status tag=status
  [ "$target" = mosquitto ] && { confirm=puback; tag=puback; }
  local wu="${warmup%s}" win="${window%s}"
  log "accuracy: target $target, $meters meters, rates $rates/s, window ${win}s after ${wu}s warm-up, ${bucket}s windows, JVM: $opts"
  machine_note
  local tok r
  tok="$(tokens "$meters")"
  # The run judges its measured window (after the warm-up stage): the plan's messages sent, send-lag p99 <= 2 ms.
  local slo_rate='achieved_ratio >= 99%' slo_lag='p99(send_lag) <= 2ms'
  begin_results accuracy scenario target meters rate_target window start_s length_s sent_per_s sent_err_pct \
    confirmed_per_s confirmed_err_pct send_lag_p99_ms target_err target_lag slo_rate slo_lag
  for r in ${rates//,/ }; do
    start_server "$target" "acc-$target-$r"
    local srv=$SERVER_PID name="acc-$r"
    # 1 s report intervals: the windows are built from whole intervals inside the publish phase.
    start_gen "$name" "$opts" --profile "$(hold_profile "$name" "$r" "$wu" "$win")" --tokens "$tok" \
      --server "$SERVER_ADDR" --confirm "$confirm" --connect-rate 10000/s --report-interval 1s --grace 5s \
      --hlog "$WORK/$name.hlog" --slo "$slo_rate" --slo "$slo_lag"
    wait_gen "$GEN_PID" "$name"
    stop_pid "$srv"
    java -cp "$JAR" "$HERE/HlogWindows.java" "$WORK/$name.hlog" "$r" "$bucket" "$tag" "$wu" >"$WORK/$name.windows"
    grep -q '^all' "$WORK/$name.windows" || die "no whole window after the warm-up in the interval log of $name"
    # Per --bucket window: exact errors from the interval log, against targets (a `for` SLO is another rule: broken
    # when every report interval of a span fails, not when one fixed window's total misses).
    local w st len sp se cp ce lagw _n note maxerr
    while IFS=$'\t' read -r w st len _ sp se cp ce lagw _n note; do
      [ "$w" = all ] && continue
      row accuracy "$target" "$meters" "$r" "$w${note:+ ($note)}" "$st" "$len" "$sp" "$se" "$cp" "$ce" "$lagw" \
        "$(target "$(absv "$se") <= 1")" "$(target "$lagw <= 2")" - -
    done < <(tail -n +2 "$WORK/$name.windows")
    # Over the window after the warm-up: the worst window's error, the sent rate and send-lag p99 of all of it.
    maxerr="$(awk -F'\t' 'NR > 1 && $1 != "all" && $11 != "warmup" { e = $6 < 0 ? -$6 : $6; if (e > m) m = e }
      END { printf "%.3f", m }' "$WORK/$name.windows")"
    IFS=$'\t' read -r w st len _ sp se cp ce lagw _n note < <(grep '^all' "$WORK/$name.windows")
    row accuracy "$target" "$meters" "$r" "after warm-up (worst window $maxerr %)" "$st" "$len" "$sp" "$se" "$cp" "$ce" \
      "$lagw" "$(target "$maxerr <= 1")" - - -
    # The summary's figures are the measured window's (the warm-up stage left out); the verdict is the run's own.
    local j="$WORK/$name.json" sent conf lag pw
    sent="$(jnum "$j" .rates.sent)"; conf="$(jnum "$j" .rates.confirmed)"
    lag="$(jnum "$j" .latencies.send_lag.p99)"; pw="$(jnum "$j" .rates.publishSeconds)"
    row accuracy "$target" "$meters" "$r" "measured window (JSON summary, the run's SLO verdict)" "$wu" "$pw" "$sent" \
      "$(calc "100 * ($sent - $r) / $r" .3f)" "$conf" "$(calc "100 * ($conf - $r) / $r" .3f)" "$lag" - - \
      "$(slo_outcome "$j" "$slo_rate")" "$(slo_outcome "$j" "$slo_lag")"
  done
  print_results
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 4: several processes (shards)

scenario_shards() {
  local shards=3 per=19000 rate=5700 window=30s
  while [ $# -gt 0 ]; do
    case "$1" in
      --shards) shards=$2; shift 2 ;;
      --meters-per-shard) per=$2; shift 2 ;;
      --rate) rate=$2; shift 2 ;;
      --window) window=$2; shift 2 ;;
      *) die "shards: unknown option $1" ;;
    esac
  done
  local opts="${LOADGEN_JAVA_OPTS:--XX:+UseParallelGC -Xms256m}" total=$((shards * per))
  local runid="bench-$STAMP" tok i
  log "shards: $shards simulators + $shards generators, $per meters each ($total in all), $rate/s for $window"
  machine_note
  tok="$(tokens "$total")"
  local addrs=() sims=() gens=()
  for ((i = 0; i < shards; i++)); do
    start_server sim "shard-sim-$i"
    sims+=("$SERVER_PID"); addrs+=("$SERVER_ADDR")
  done
  for ((i = 0; i < shards; i++)); do
    # Each shard connects from its own source address (127.0.0.2, .3, ...); one io thread each (2 cores, 6 JVMs).
    IO_THREADS="${IO_THREADS:-1}" start_gen "shard-$i" "$opts" --tokens "$tok" --shards "$shards" --shard-index "$i" \
      --server "${addrs[$i]}" --bind "127.0.0.$((i + 2))" --run-id "$runid" --rate "$rate/s" --duration "$window" \
      --connect-rate "$((shards * 2000))/s" --report-interval 5s --grace 5s
    gens+=("$GEN_PID")
  done
  for ((i = 0; i < shards; i++)); do wait_gen "${gens[$i]}" "shard-$i"; done
  for ((i = 0; i < shards; i++)); do stop_pid "${sims[$i]}"; done
  begin_results shards scenario shard run_id meters connected failed scheduled sent confirmed dropped timed_out \
    rate_sent send_lag_p99_ms
  local sum_sched=0 sum_conn=0 sum_meters=0 secs
  secs="$(jnum "$WORK/shard-0.json" .config.durationSeconds)"
  for ((i = 0; i < shards; i++)); do
    local j="$WORK/shard-$i.json" m c s
    [ "$(jq -r .config.runId "$j")" = "$runid" ] || die "shard $i has another run id"
    m="$(jnum "$j" .devices.targeted)"; c="$(jnum "$j" .devices.connected)"; s="$(jnum "$j" .messages.scheduled)"
    sum_sched=$((sum_sched + s)); sum_conn=$((sum_conn + c)); sum_meters=$((sum_meters + m))
    row shards "$i" "$runid" "$m" "$c" "$(jnum "$j" .devices.failed)" "$s" "$(jnum "$j" .messages.sent)" \
      "$(jnum "$j" .messages.confirmed)" "$(jnum "$j" .messages.dropped)" "$(jnum "$j" .messages.timedOut)" \
      "$(jnum "$j" .rates.sent)" "$(jnum "$j" .latencies.send_lag.p99)"
  done
  local expected
  expected="$(calc "$rate * $secs" .0f)"
  row shards total "$runid" "$sum_meters" "$sum_conn" - "$sum_sched" - - - - - -
  print_results
  echo "sum of scheduled over shards: $sum_sched, one run's count (rate x duration = $rate x $secs): $expected -> $(target "$sum_sched == $expected")"
  echo "sum of connected over shards: $sum_conn of $total meters -> $(target "$sum_conn == $total")"
  [ "$sum_sched" = "$expected" ] || die "shards: scheduled messages do not add up to one run's count"
  [ "$sum_conn" = "$total" ] || die "shards: not every meter connected"
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 5: ramp (a rate shape: per-second accuracy against the rate of the moment)

# plan_stages PROFILE TIME_SCALE TOKENS OUT DEVICES: the compiled plan's stages ("start_s end_s from_per_s to_per_s" per
# line) from `loadgen profile`, whose table prints times as H:MM:SS[.mmm] and rates as "FROM -> TO"
plan_stages() {
  java -jar "$JAR" profile "$1" --time-scale "$2" --tokens "$3" --devices "$5" >"$4.txt"
  awk 'function secs(t,  a) { split(t, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
       $1 ~ /^[0-9]+$/ && $5 == "->" { print secs($2), secs($3), $4, $6 }' "$4.txt" >"$4"
  [ -s "$4" ] || die "no stages in the compiled plan of $1 (see $4.txt)"
}

# cpu_sampler GEN_PID SRV_PID OUT: every second until GEN_PID ends, "epoch busy_ticks gen_ticks srv_ticks" (busy: the
# whole machine's non-idle CPU from /proc/stat), so a run can say how much of the machine its neighbours took.
# Sets SAMPLER_PID.
cpu_sampler() {
  local gen=$1 srv=$2 out=$3
  : >"$out"
  (
    while kill -0 "$gen" 2>/dev/null; do
      g="$(proc_ticks "$gen" 2>/dev/null)" || break
      s="$(proc_ticks "$srv" 2>/dev/null)" || break
      b="$(awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)"
      echo "$(date +%s.%N) $b $g $s" >>"$out"
      sleep 1
    done
  ) &
  SAMPLER_PID=$!
  PIDS+=("$SAMPLER_PID")
}

# cpu_share SAMPLES: "gen% srv% others%" of one core, averaged over the samples (others: busy minus both)
cpu_share() {
  awk -v hz="$CLK_TCK" 'NR == 1 { t = $1; b = $2; g = $3; s = $4 } END { d = ($1 - t) * hz; if (d <= 0) { print "- - -"; exit }
    printf "%.0f %.0f %.0f\n", 100 * ($3 - g) / d, 100 * ($4 - s) / d, 100 * (($2 - b) - ($3 - g) - ($4 - s)) / d }' "$1"
}

# rsum FILE KEY: a summary value of RampAccuracy's output
rsum() { awk -F'\t' -v k="$2" '$1 == "summary" && $2 == k { print $3; f = 1 } END { if (!f) exit 1 }' "$1" \
  || die "no $2 in $1"; }

scenario_ramp() {
  local target=sim profile="$HERE/ramp-20k.yaml" meters=2000 scale=1 confirms=status,puback bucket=10
  while [ $# -gt 0 ]; do
    case "$1" in
      --target) target=$2; shift 2 ;;
      --profile) profile=$2; shift 2 ;;
      --meters) meters=$2; shift 2 ;;
      --time-scale) scale=$2; shift 2 ;;
      --confirms) confirms=$2; shift 2 ;;
      --bucket) bucket=$2; shift 2 ;;
      *) die "ramp: unknown option $1" ;;
    esac
  done
  [ -f "$profile" ] || die "ramp: no profile $profile"
  [ "$target" = mosquitto ] && confirms=puback # Mosquitto sends no 1/KP replies
  local opts="${LOADGEN_JAVA_OPTS:--XX:+UseParallelGC -Xms256m}"
  log "ramp: target $target, profile $(basename "$profile"), $meters meters, time scale $scale, confirm $confirms, ${bucket}s windows, JVM: $opts"
  machine_note
  local tok plan c
  tok="$(tokens "$meters")"
  plan="$WORK/ramp-plan"
  plan_stages "$profile" "$scale" "$tok" "$plan" "$meters"
  log "plan: $(tr '\n' ';' <"$plan")"
  begin_results ramp scenario target confirm meters time_scale part start_s length_s expected sent err_pct \
    worst_second_err_pct median_second_err_pct send_lag_p99_ms target_err target_lag slo_lag
  # send-lag p99 <= 2 ms over the run: the run's own verdict (the profile has no warm-up, so that is every message);
  # the per-window, per-stage and per-second figures against the plan's integral stay targets (RampAccuracy.java)
  local slo_lag='p99(send_lag) <= 2ms'
  # beside the table: per-second rows, RampAccuracy's output, the generators' logs and the compiled plan
  local raw="$RESULTS_DIR/ramp-$STAMP"
  mkdir -p "$raw"
  local seconds_file="$raw/seconds.tsv"
  printf 'confirm\tsecond\tstart_s\tlength_s\tstage\trate_of_moment_per_s\texpected\tsent\terr_pct\tsend_lag_p99_ms\tconfirmed\n' \
    >"$seconds_file"
  for c in ${confirms//,/ }; do
    start_server "$target" "ramp-$target-$c"
    local srv=$SERVER_PID name="ramp-$c" tag=$c
    # the generator's GC log beside the results: a pause shows as a late second
    start_gen "$name" "$opts -Xlog:gc:file=$raw/gc-$c.log" --profile "$profile" --time-scale "$scale" --tokens "$tok" \
      --devices "$meters" --server "$SERVER_ADDR" --confirm "$c" --report-interval 1s --grace 5s --hlog "$WORK/$name.hlog" \
      --slo "$slo_lag"
    cpu_sampler "$GEN_PID" "$srv" "$raw/cpu-$c.txt"
    local sampler=$SAMPLER_PID
    wait_gen "$GEN_PID" "$name"
    wait_gone "$sampler" 5 || stop_pid "$sampler"
    stop_pid "$srv"
    local shares
    shares="$(cpu_share "$raw/cpu-$c.txt")"
    log "ramp $c: CPU % of one core over the run (generator, server, every other process): $shares"
    local out="$WORK/$name.accuracy"
    java -cp "$JAR" "$HERE/RampAccuracy.java" "$WORK/$name.hlog" "$plan" "$tag" "$bucket" >"$out"
    cp "$out" "$raw/accuracy-$c.tsv"
    awk -F'\t' -v c="$c" 'BEGIN { OFS = "\t" } $1 == "second" { $1 = c; print }' "$out" >>"$seconds_file"
    # The plan's integral against what the run scheduled and sent (the issue: within one message).
    local j="$WORK/$name.json" planned scheduled sent logged
    planned="$(rsum "$out" planned_total)"; logged="$(rsum "$out" sent_total_in_log)"
    scheduled="$(jnum "$j" .messages.scheduled)"; sent="$(jnum "$j" .messages.sent)"
    awk "BEGIN { d = $planned - $scheduled; exit !(d <= 1 && d >= -1) }" \
      || die "ramp $c: the plan's integral $planned and the run's $scheduled scheduled messages differ by more than one"
    [ "$logged" = "$sent" ] || log "WARNING: ramp $c: $logged sends in the interval log, $sent in the summary"
    local worst median wworst
    worst="$(rsum "$out" second_err_worst_abs_pct)"; median="$(rsum "$out" second_err_median_abs_pct)"
    wworst="$(rsum "$out" window_err_worst_abs_pct)"
    local _s idx st len n expd snt err conf cerr lag note en from tor wi wsec
    while IFS=$'\t' read -r _s idx st len n expd snt err conf cerr lag note; do
      row ramp "$target" "$c" "$meters" "$scale" "window $idx${note:+ ($note)}" "$st" "$len" "$expd" "$snt" "$err" - - \
        "$lag" "$(target "$(absv "$err") <= 1")" "$(target "$lag <= 2")" -
    done < <(awk -F'\t' '$1 == "window"' "$out")
    while IFS=$'\t' read -r _s idx st en from tor wi expd snt err wsec lag _n; do
      local what="hold at ${tor%.0}/s"
      awk "BEGIN { exit !($from != $tor) }" && what="ramp ${from%.0}/s to ${tor%.0}/s"
      row ramp "$target" "$c" "$meters" "$scale" "stage $idx ($what, $wi whole s)" "$st" \
        "$(calc "$en - $st" .3f)" "$expd" "$snt" "$err" "$wsec" - "$lag" "$(target "$wsec <= 2")" "$(target "$lag <= 2")" -
    done < <(awk -F'\t' '$1 == "stage"' "$out")
    row ramp "$target" "$c" "$meters" "$scale" "every whole second ($(rsum "$out" whole_seconds) s; worst window $wworst %)" \
      0 "$(jnum "$j" .rates.publishSeconds)" "$planned" "$logged" \
      "$(calc "100 * ($logged - $planned) / $planned" .4f)" "$worst" "$median" "$(rsum "$out" send_lag_p99_ms_whole_log)" \
      "$(target "$worst <= 2 && $wworst <= 1")" - -
    local lim
    local lim kept
    for lim in 2ms 10ms; do # the seconds in which the generator kept up (it and the next: where late sends land)
      kept="$(rsum "$out" "seconds_with_send_lag_p99_le_$lim")"
      [ "$kept" -gt 0 ] || { row ramp "$target" "$c" "$meters" "$scale" \
        "seconds with send-lag p99 <= $lim, also the next (none)" - - - - - - - - - - -; continue; }
      row ramp "$target" "$c" "$meters" "$scale" "seconds with send-lag p99 <= $lim, also the next ($kept s)" - - - - - \
        "$(rsum "$out" "second_err_worst_abs_pct_send_lag_p99_le_$lim")" \
        "$(rsum "$out" "second_err_median_abs_pct_send_lag_p99_le_$lim")" - \
        "$(target "$(rsum "$out" "second_err_worst_abs_pct_send_lag_p99_le_$lim") <= 2")" - -
    done
    row ramp "$target" "$c" "$meters" "$scale" "CPU % of one core: generator, server, other processes" - - - - - - - \
      "${shares// /, }" - - -
    row ramp "$target" "$c" "$meters" "$scale" "whole run (JSON summary)" 0 "$(jnum "$j" .rates.publishSeconds)" \
      "$scheduled" "$sent" "$(calc "100 * ($sent - $scheduled) / $scheduled" .4f)" - - \
      "$(jnum "$j" .latencies.send_lag.p99)" - - "$(slo_outcome "$j" "$slo_lag")"
    cp "$WORK/$name.log" "$raw/run-$c.log"
  done
  cp "$plan.txt" "$raw/plan.txt"
  print_results
  log "per-second rows: $seconds_file"
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 6: fuzz (test-scoped runner dev.kpcload.fuzz.FuzzMain, the same targets as SimFuzzTest/ClientFuzzTest)

scenario_fuzz() {
  local inputs=1000000 seed=20261122 target=all
  while [ $# -gt 0 ]; do
    case "$1" in
      --inputs) inputs=$2; shift 2 ;;
      --seed) seed=$2; shift 2 ;;
      --target) target=$2; shift 2 ;;
      *) die "fuzz: unknown option $1" ;;
    esac
  done
  local opts="${FUZZ_JAVA_OPTS:--XX:+UseParallelGC -Xmx1g}" level="${FUZZ_LEAK_LEVEL:-paranoid}"
  log "fuzz: $inputs inputs per target ($target), seed $seed, leak detection $level, JVM: $opts"
  machine_note
  (cd "$ROOT" && mvn -B -q -pl loadgen-core test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/fuzz.classpath") >&2 || die "fuzz: cannot build the test classes"
  local cp="$ROOT/loadgen-core/target/test-classes:$ROOT/loadgen-core/target/classes:$(cat "$WORK/fuzz.classpath")"
  local rc=0
  # shellcheck disable=SC2086
  java $opts -Dio.netty.leakDetection.level="$level" -cp "$cp" dev.kpcload.fuzz.FuzzMain --inputs "$inputs" \
    --seed "$seed" --target "$target" >"$WORK/fuzz.out" 2>"$WORK/fuzz.err" || rc=$?
  begin_results fuzz scenario target seed inputs seconds inputs_per_s violations outcomes target_no_violation
  local t s n secs rate viol outcomes
  while IFS=$'\t' read -r t s n secs rate viol outcomes; do
    case "$t" in \#*) continue ;; esac
    row fuzz "$t" "$s" "$n" "$secs" "$rate" "$viol" "$outcomes" "$(target "$viol == 0")"
  done <"$WORK/fuzz.out"
  grep '^#' "$WORK/fuzz.out" >&2 || true
  grep -i 'LEAK' "$WORK/fuzz.err" >&2 && rc=1 # the paranoid detector's own reports, should it find what the allocator missed
  print_results
  [ "$rc" = 0 ] || die "fuzz: properties broken (findings above, $WORK/fuzz.out, $WORK/fuzz.err)"
}

# Scenario 7: soak (hours by design, so not part of smoke)

soak_seconds() { # 1h, 30m, 90s, 1h30m or plain seconds -> seconds
  local d=$1
  [[ $d =~ ^[0-9]+$ ]] && { echo "$d"; return; }
  [[ -n $d && $d =~ ^([0-9]+h)?([0-9]+m)?([0-9]+s)?$ ]] || die "soak: '$d' is not a duration (like 1h, 30m, 90s, 1h30m)"
  local h=${BASH_REMATCH[1]%h} m=${BASH_REMATCH[2]%m} s=${BASH_REMATCH[3]%s}
  echo $((10#${h:-0} * 3600 + 10#${m:-0} * 60 + 10#${s:-0}))
}
soak_hms() { awk -F: '{ printf "%.3f", $1 * 3600 + $2 * 60 + $3 }' <<<"${1%,}"; } # 0:01:13.469 -> seconds

# soak_histo_diff FIRST.gz LAST.gz -> TSV of the classes whose live bytes grew most between two class histograms
soak_histo_diff() {
  awk 'BEGIN { OFS = "\t"; print "class", "instances_first", "instances_last", "instances_delta", "bytes_first", "bytes_last", "bytes_delta" }
    FNR == 1 { f++ } $1 ~ /^[0-9]+:$/ { if (f == 1) { i1[$4] = $2; b1[$4] = $3 } else { i2[$4] = $2; b2[$4] = $3 } }
    END { for (c in b2) print c, i1[c] + 0, i2[c], i2[c] - i1[c], b1[c] + 0, b2[c], b2[c] - b1[c]
          for (c in b1) if (!(c in b2)) print c, i1[c], 0, -i1[c], b1[c], 0, -b1[c] }' \
    <(zcat "$1") <(zcat "$2") | { IFS= read -r h; echo "$h"; sort -t$'\t' -k7,7nr | awk 'NR <= 25'; }  # awk reads it all: head would SIGPIPE sort (pipefail)
}

# soak_table CSV STRIDE -> Markdown table of every STRIDE-th sample (and the last one)
soak_table() {
  awk -F, -v k="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    function line() { printf "| %.0f | %s | %d | %.1f | %d | %.1f | %d | %d | %s | %s | %s | %.1f | %s |\n",
        ($(c["epoch_s"]) - t0) / 60, $(c["phase"]), $(c["heap_live_B"]) / 1024, $(c["heap_committed_KB"]) / 1024,
        $(c["metaspace_used_KB"]), $(c["rss_KB"]) / 1024, $(c["fds"]), $(c["threads"]), $(c["confirmed"]),
        $(c["send_lag_p99_ms"]), $(c["reply_p99_ms"]), $(c["sim_rss_KB"]) / 1024, $(c["load1"]) }
    NR == 2 { t0 = $(c["epoch_s"])
      print "| min | phase | heap after GC KiB | heap committed MiB | metaspace KiB | RSS MiB | open files | threads | confirmed | send lag p99 ms | reply p99 ms | simulator RSS MiB | load 1 min |"
      print "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" }
    { last = $0; shown = 0 } (NR - 2) % k == 0 { line(); shown = 1 }
    END { if (!shown) { $0 = last; line() } }' "$1"
}

scenario_soak() {
  local duration=1h every=60s profile="$ROOT/profiles/soak.yaml" flat=1 dir="$RESULTS_DIR/soak-$STAMP"
  while [ $# -gt 0 ]; do
    case "$1" in
      --duration) duration=$2; shift 2 ;;
      --sample-every) every=$2; shift 2 ;;
      --profile) profile=$2; shift 2 ;;
      --flat-pct) flat=$2; shift 2 ;;
      --out) dir=$2; shift 2 ;;
      *) die "soak: unknown option $1" ;;
    esac
  done
  local secs every_s total scale plan warm
  secs="$(soak_seconds "$duration")"; every_s="$(soak_seconds "$every")"
  [ "$secs" -ge 60 ] && [ "$every_s" -ge 1 ] || die "soak: --duration must be at least 1m and --sample-every at least 1s"
  # The profile's stages fix its length; --time-scale stretches or shrinks them (rates kept) to the duration asked.
  total="$(soak_hms "$(java -jar "$JAR" profile "$profile" | awk '$1 == "publish" { print $3 }')")"
  scale="$(calc "$total / $secs" .9f)"
  plan="$(java -jar "$JAR" profile "$profile" --time-scale "$scale")"
  warm="$(awk '$NF == "warm-up" { print $3 }' <<<"$plan" | while read -r t; do soak_hms "$t"; echo; done | sort -n | tail -1)"
  warm=${warm:-0}
  [ ! -e "$dir/run" ] || die "soak: $dir/run exists already"
  mkdir -p "$dir"
  local opts="${LOADGEN_JAVA_OPTS:--XX:+UseParallelGC -Xms256m} -Xlog:gc:file=$dir/gc.log:time,uptime"
  {
    echo "bench/run.sh soak --duration $duration --sample-every $every --profile $profile (time scale $scale)"
    echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (uncommitted changes)'), jar $JAR"
    echo "machine: $(nproc) cores ($(cpu_model)), kernel $(uname -r), $(java -version 2>&1 | head -1); load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "generator JVM: $opts"
    echo "$plan"
  } >"$dir/run-notes.txt"
  log "soak: $profile for $duration (time scale $scale, warm-up ${warm}s), sample every ${every_s}s -> $dir"
  machine_note
  start_server sim soak-sim
  local srv=$SERVER_PID
  start_gen soak "$opts" --profile "$profile" --time-scale "$scale" --server "$SERVER_ADDR" --out "$dir/run"
  local gen=$GEN_PID
  "$HERE/soak-sample.sh" "$gen" "$WORK/soak.log" "$srv" "$dir/samples.csv" "$WORK/histo" "$every_s" \
    >"$WORK/sampler.log" 2>&1 &
  local sampler=$!
  PIDS+=("$sampler")
  log "generator pid $gen, simulator pid $srv, sampler pid $sampler; samples in $dir/samples.csv"
  wait_line "$WORK/soak.log" '\] publish \|' "$gen" 300
  # The first publish line comes up to one report interval after the plan starts: counting the warm-up from it
  # leaves out a little more than the warm-up, never less.
  local warm_end
  warm_end="$(calc "$(date +%s) + $warm" .0f)"
  wait_gen "$gen" soak
  wait_gone "$sampler" 30 || stop_pid "$sampler"
  stop_pid "$srv"
  cp "$WORK/soak.log" "$dir/generator.log"; cp "$WORK/soak-sim.log" "$dir/simulator.log"
  cp "$WORK/sampler.log" "$dir/sampler.log"
  [ "$(wc -l <"$dir/samples.csv")" -gt 3 ] || die "soak: too few samples in $dir/samples.csv"
  awk -F, -v from="$warm_end" -v flat="$flat" -f "$HERE/soak-slopes.awk" "$dir/samples.csv" >"$dir/slopes.tsv"
  # Class histograms: the first sample after the warm-up and the last one, and what grew between them.
  local first lastn
  first="$(awk -F, -v from="$warm_end" 'NR > 1 && $2 >= from && $5 != "" { print $1; exit }' "$dir/samples.csv")"
  lastn="$(awk -F, 'NR > 1 && $5 != "" { n = $1 } END { print n }' "$dir/samples.csv")"
  if [ -n "$first" ] && [ -n "$lastn" ] && [ "$first" != "$lastn" ]; then
    cp "$WORK/histo/$(printf '%04d' "$first").txt.gz" "$dir/histogram-first.txt.gz"
    cp "$WORK/histo/$(printf '%04d' "$lastn").txt.gz" "$dir/histogram-last.txt.gz"
    soak_histo_diff "$dir/histogram-first.txt.gz" "$dir/histogram-last.txt.gz" >"$dir/histogram-diff.tsv"
  fi
  soak_table "$dir/samples.csv" "$(((300 + every_s / 2) / every_s > 0 ? (300 + every_s / 2) / every_s : 1))" >"$dir/table-5min.md"
  local j="$dir/run/summary.json"
  {
    echo
    cat "$dir/table-5min.md"
    echo
    echo "trends over the samples after the warm-up (from $(date -u -d "@$warm_end" +%H:%M:%S) UTC), per hour:"
    column -t -s $'\t' "$dir/slopes.tsv"
    echo
    echo "run: $(jq -r '"\(.messages.scheduled) scheduled = \(.messages.confirmed) confirmed + \(.messages.failed) failed + \(.messages.timedOut) timed out + \(.messages.dropped) dropped + \(.messages.inFlight) in flight; confirmed \(.rates.confirmed | floor)/s over \(.rates.publishSeconds | floor) s; send lag p99 \(.latencies.send_lag.p99) ms, reply p99 \(.latencies.status.p99) ms; disconnects \(.devices.disconnectsByKind)"' "$j")"
    [ -f "$dir/histogram-diff.tsv" ] && { echo "largest growth between class histograms $first and $lastn (bytes):"; head -6 "$dir/histogram-diff.tsv" | column -t -s $'\t'; }
  } | tee "$dir/result.txt"
  local hv
  hv="$(awk -F'\t' '$1 == "heap_live_B" { printf "%s (slope %+.0f B/h, s.e. %.0f B/h: %+.3f %% of its mean %.1f MiB per hour; flat means within %s %%)\n", $11, $8, $9, $10, $3 / 1048576, flat }' \
    flat="$flat" "$dir/slopes.tsv")"
  echo "target (heap after GC flat): $hv" | tee -a "$dir/result.txt"
  log "results in $dir"
  case "$hv" in
    "flat within noise"*|constant*) ;;
    *) die "soak: the heap after GC is not flat; diff the class histograms ($dir/histogram-diff.tsv)" ;;
  esac
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 8: capacity (`loadgen capacity`: the highest rate the server sustains within the SLOs)

scenario_capacity() {
  local target=sim meters="" model=5000 start="" max="" factor=1.5 precision=3% ramp=5s settle=5s measure=20s
  local minmsg="" maxlag=5ms shards="" slos=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --target) target=$2; shift 2 ;;
      --meters) meters=$2; shift 2 ;;
      --sim-capacity) model=$2; shift 2 ;;
      --start-rate) start=$2; shift 2 ;;
      --max-rate) max=$2; shift 2 ;;
      --factor) factor=$2; shift 2 ;;
      --precision) precision=$2; shift 2 ;;
      --ramp) ramp=$2; shift 2 ;;
      --settle) settle=$2; shift 2 ;;
      --measure) measure=$2; shift 2 ;;
      --min-messages) minmsg=$2; shift 2 ;;
      --max-send-lag) maxlag=$2; shift 2 ;;
      --slo) slos+=(--slo "$2"); shift 2 ;;
      --shards) shards=$2; shift 2 ;;
      *) die "capacity: unknown option $1" ;;
    esac
  done
  local confirm=status lat=status
  case "$target" in
    sim) meters=${meters:-2000}; start=${start:-$((model / 4))} ;;
    mosquitto) confirm=puback; lat=puback; meters=${meters:-10000}; start=${start:-10000} ;;
    *) die "capacity: unknown target '$target' (sim or mosquitto)" ;;
  esac
  [ ${#slos[@]} -gt 0 ] || slos=(--slo "p99($lat) <= 50ms" --slo 'confirmed_ratio >= 99%')
  local opts="${LOADGEN_JAVA_OPTS:--XX:+UseParallelGC -Xms256m}"
  local model_note="Mosquitto (QoS 1 PUBACK)"
  [ "$target" = sim ] && model_note="the simulator serving at most $model/s (loadgen sim --capacity)"
  log "capacity: $model_note, $meters meters, confirm $confirm, from $start/s by x$factor to within $precision${max:+, at most $max/s}, steps of $ramp ramp + $settle settle + $measure measured, send-lag budget $maxlag; SLOs: $(slo_text "${slos[@]}"); JVM: $opts"
  machine_note
  local tok extra=()
  tok="$(tokens "$meters")"
  [ -n "$IO_THREADS" ] && extra+=(--io-threads "$IO_THREADS")
  [ -n "$max" ] && extra+=(--max-rate "$max/s")
  [ -n "$minmsg" ] && extra+=(--min-messages "$minmsg")
  [ -n "$shards" ] && extra+=(--shards "$shards")
  [ "$target" = sim ] && SIM_ARGS=(--capacity "$model/s")
  start_server "$target" "cap-$target"
  SIM_ARGS=()
  local srv=$SERVER_PID res="$WORK/capacity.json" rc=0
  # shellcheck disable=SC2086
  java $opts -jar "$JAR" capacity --seed 1 --tokens "$tok" --server "$SERVER_ADDR" --confirm "$confirm" \
    --connect-rate 10000/s --report-interval 1s --start-rate "$start/s" --factor "$factor" --precision "$precision" \
    --ramp "$ramp" --settle "$settle" --measure "$measure" --max-send-lag "$maxlag" --result-json "$res" \
    "${slos[@]}" "${extra[@]+"${extra[@]}"}" >"$WORK/capacity.log" 2>&1 &
  local gen=$!
  PIDS+=("$gen")
  wait "$gen" || rc=$?
  local keep=() p
  for p in "${PIDS[@]}"; do [ "$p" = "$gen" ] || keep+=("$p"); done
  PIDS=("${keep[@]+"${keep[@]}"}")
  stop_pid "$srv"
  # 0: found (or every step passed up to --max-rate), 99: no rate met the SLOs, 3: the generator limited the search
  # (or nothing connected): each a result, said in the result JSON; anything else is a failure of the scenario
  case "$rc" in
    0|99|3) ;;
    *) tail -5 "$WORK/capacity.log" >&2; die "loadgen capacity exited with $rc (log $WORK/capacity.log)" ;;
  esac
  [ -s "$res" ] || { tail -5 "$WORK/capacity.log" >&2; die "loadgen capacity wrote no result (exit $rc)"; }
  begin_results capacity scenario target step purpose offered_per_s achieved_per_s confirmed_per_s verdict \
    "${lat}_p50_ms" "${lat}_p99_ms" "${lat}_p999_ms" send_lag_p99_ms error_pct timeout_pct measured broke note
  jq -r --arg t "$target" --arg lat "$lat" 'def r(n): if . == null then "-" else (. * n | round) / n end;
    .steps[] | ["capacity", $t, .index, .purpose, (.offeredRate | r(10)), (.achievedRate | r(10)),
      (.confirmedRate | r(10)), .verdict, (.latencies[$lat].p50 | r(1000)), (.latencies[$lat].p99 | r(1000)),
      (.latencies[$lat].p999 | r(1000)), (.latencies.send_lag.p99 | r(1000)), (.errorRatio * 100 | r(1000)),
      (.timeoutRatio * 100 | r(1000)), .messagesMeasured,
      ([.failedSlos[]? | "\(.slo): \(.by)"] | if length == 0 then "-" else join("; ") end), (.note // "-")]
    | map(if . == null or . == "" then "-" else tostring end) | @tsv' "$res" >>"$RESULT_FILE"
  print_results
  mkdir -p "$RESULTS_DIR"
  cp "$res" "$RESULTS_DIR/capacity-$STAMP.json"
  local found
  found="$(jq -r '.maxSustainableRate // empty' "$res")"
  jq -r '"outcome              \(.outcome) (loadgen capacity exit code '"$rc"')",
    "max sustainable rate \(if .maxSustainableRate == null then "none" else "\(.maxSustainableRate * 10 | round / 10)/s" end)",
    "bracket              last pass \(.bracket.lastPass // "none" | if type == "number" then "\(. * 10 | round / 10)/s" else . end), first failure \(.bracket.firstFail // "none" | if type == "number" then "\(. * 10 | round / 10)/s" else . end)",
    "knee                 \(if .knee == null then "none found" else "\(.knee.rate * 10 | round / 10)/s (\(.knee.latency) \(.knee.statistic) \(.knee.latencyMs * 1000 | round / 1000) ms; Kneedle)" end)",
    "why                  \(.explanation)",
    (if .remedy == null then empty else "remedy               \(.remedy)" end)' "$res"
  if [ "$target" = sim ]; then
    # The simulator's model: one server taking 1/capacity per request, a queue in front. Below its capacity nothing
    # waits; above it the queue grows for the whole step, so the SLOs break just past it: the search should land there.
    if [ -n "$found" ]; then
      echo "model capacity       $model/s: found $(calc "100 * $found / $model" .1f) % of it (target: within 10 %: $(target "$found >= 0.9 * $model && $found <= 1.1 * $model"))"
    else
      echo "model capacity       $model/s: no rate found (target: within 10 %: NOT_MET)"
    fi
  fi
  log "result JSON: $RESULTS_DIR/capacity-$STAMP.json"
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 10: tls (issue #10: connect storms over TLS, each side's CPU per handshake, memory per TLS meter)

# tls_pki -> a directory with ca.crt, server.crt and server.key for localhost/127.0.0.1, made once per work
# directory. The meters connect without client certificates (Mosquitto does not ask for them here), so one token
# is enough for `loadgen certs` and 19,000 unused client certificates are not made.
tls_pki() {
  local d="$WORK/pki"
  [ -f "$d/server.key" ] || java -jar "$JAR" certs --tokens "$(tokens 1)" --out "$d" --server-names localhost \
    --server-ips 127.0.0.1 >/dev/null
  echo "$d"
}

# tls_variant_args VARIANT: sets TLS_ARGS (the `loadgen run` TLS flags) for plain, openssl-1.3, jdk-1.2,
# openssl-1.2-resumed, ...; every variant but -resumed makes every connect a full handshake (--tls-resumption off)
tls_variant_args() {
  TLS_ARGS=()
  [ "$1" = plain ] && return 0
  local provider version resumption=off
  [[ "$1" =~ ^(openssl|jdk)-(1\.2|1\.3)(-resumed)?$ ]] \
    || die "tls: unknown variant '$1' (plain, or openssl|jdk-1.2|1.3, optionally with -resumed)"
  provider=${BASH_REMATCH[1]} version=${BASH_REMATCH[2]}
  [ -z "${BASH_REMATCH[3]}" ] || resumption=fleet
  TLS_ARGS=(--tls --ca "$(tls_pki)/ca.crt" --tls-provider "$provider" --tls-versions "$version"
    --tls-resumption "$resumption")
}

scenario_tls() {
  local meters=19000 crate=2000 settle=5
  local variants=plain,openssl-1.3,openssl-1.2,jdk-1.3,jdk-1.2,openssl-1.3-resumed,openssl-1.2-resumed
  while [ $# -gt 0 ]; do
    case "$1" in
      --meters) meters=$2; shift 2 ;;
      --connect-rate) crate=$2; shift 2 ;;
      --variants) variants=$2; shift 2 ;;
      --settle) settle=$2; shift 2 ;;
      *) die "tls: unknown option $1" ;;
    esac
  done
  local opts="${LOADGEN_JAVA_OPTS:--XX:+UseSerialGC -Xms64m}"
  # plain first: the per-handshake figures of every TLS variant subtract its CPU
  local list=() v
  for v in ${variants//,/ }; do tls_variant_args "$v"; [ "$v" = plain ] && list=(plain "${list[@]+"${list[@]}"}") || list+=("$v"); done
  log "tls: target mosquitto, $meters meters at $crate/s, variants ${list[*]}, generator JVM: $opts"
  machine_note
  local tok pki
  tok="$(tokens "$meters")"
  pki="$(tls_pki)"
  begin_results tls scenario variant meters connect_rate_target connected failed connect_phase_s connects_per_s \
    connect_p99_ms tls_p50_ms tls_p99_ms tls_resumed gen_cpu_s srv_cpu_s gen_cpu_per_handshake_us srv_cpu_per_handshake_us \
    gen_srv_ratio steady_connects gen_steady_us_per_connect srv_steady_us_per_connect gen_steady_us_per_handshake \
    srv_steady_us_per_handshake steady_ratio rss_kb base_rss_kb rss_per_meter_B heap_B base_heap_B heap_per_meter_B \
    slo_all_connected target_cpu_ratio target_steady_cpu_ratio target_rss
  local plain_gen="" plain_srv="" plain_sgen="" plain_ssrv="" CONN_BIND=() CONN_EXTRA=()
  for v in "${list[@]}"; do
    tls_variant_args "$v"
    CONN_EXTRA=("${TLS_ARGS[@]+"${TLS_ARGS[@]}"}")
    local spki="" host=127.0.0.1
    [ "$v" = plain ] || spki=$pki host=localhost # the server certificate names localhost: host name verified
    # the 1-meter baseline of the same variant (the TLS provider's own libraries and contexts are not per meter)
    start_server mosquitto "tls-$v-base" 127.0.0.1 "$spki"
    conn_measure "tls-$v-base" mosquitto "$host:${SERVER_ADDR##*:}" 1 1000 "$settle" "$opts" "$tok" "$SERVER_PID"
    stop_pid "$SERVER_PID"
    local base_rss=$MEAS_RSS base_heap=$MEAS_HEAP
    start_server mosquitto "tls-$v" 127.0.0.1 "$spki"
    conn_measure "tls-$v" mosquitto "$host:${SERVER_ADDR##*:}" "$meters" "$crate" "$settle" "$opts" "$tok" "$SERVER_PID"
    stop_pid "$SERVER_PID"
    local j="$WORK/tls-$v.json" connected failed max phase cps rssm heapm tls50=- tls99=- resumed=- ghs=- shs=- ratio=- tcpu=- trss=-
    connected="$(jnum "$j" .devices.connected)"
    failed="$(jnum "$j" .devices.failed)"
    max="$(jnum "$j" .latencies.connect.max)"
    read -r phase cps rssm heapm < <(conn_figures "$meters" "$crate" "$max" "$connected" "$MEAS_RSS" "$base_rss" \
      "$MEAS_HEAP" "$base_heap")
    # the steady part of the storm (conn_steady): CPU per connect without start-up and most JIT compilation
    local sn sgen ssrv sghs=- sshs=- sratio=- tscpu=-
    read -r sn sgen ssrv < <(conn_steady "$WORK/tls-$v.cpu.tsv" "$meters")
    if [ "$v" = plain ]; then
      plain_gen=$MEAS_GEN_CPU plain_srv=$MEAS_SRV_CPU plain_sgen=$sgen plain_ssrv=$ssrv
    else
      tls50="$(calc "$(jnum "$j" .latencies.tls_handshake.p50)" .1f)"
      tls99="$(calc "$(jnum "$j" .latencies.tls_handshake.p99)" .1f)"
      resumed="$(jnum "$j" .tls.resumed)"
      trss="$(target "$rssm <= 24000")"
      if [ -n "$plain_gen" ]; then
        # (variant - plain) / N on each side: JVM start-up and the plain TCP + MQTT connect cancel out
        ghs="$(calc "($MEAS_GEN_CPU - $plain_gen) * 1000000 / $meters" .0f)"
        shs="$(calc "($MEAS_SRV_CPU - $plain_srv) * 1000000 / $meters" .0f)"
        if awk "BEGIN { exit !($shs > 0) }"; then
          ratio="$(calc "$ghs / $shs")" tcpu="$(target "$ratio <= 1")"
        fi
      fi
      if [ "$sgen" != - ] && [ -n "$plain_sgen" ] && [ "$plain_sgen" != - ]; then
        sghs=$((sgen - plain_sgen)) sshs=$((ssrv - plain_ssrv))
        if [ "$sshs" -gt 0 ]; then
          sratio="$(calc "$sghs / $sshs")" tscpu="$(target "$sratio <= 1")"
        fi
      fi
    fi
    row tls "$v" "$meters" "$crate" "$connected" "$failed" "$phase" "$cps" "$(calc "$(jnum "$j" .latencies.connect.p99)" .1f)" \
      "$tls50" "$tls99" "$resumed" "$MEAS_GEN_CPU" "$MEAS_SRV_CPU" "$ghs" "$shs" "$ratio" "$sn" "$sgen" "$ssrv" "$sghs" "$sshs" \
      "$sratio" "$MEAS_RSS" "$base_rss" "$rssm" "$MEAS_HEAP" "$base_heap" "$heapm" "$(slo_outcome "$j" "$CONN_SLO")" \
      "$tcpu" "$tscpu" "$trss"
  done
  print_results
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 13: tls-publish (issue #10 item 7's last figure: CPU per published message over TLS vs plain)

scenario_tls_publish() {
  local meters=1000 rpm=10 window=30s warmup=5s crate=250 variants=plain,openssl-1.3,jdk-1.3
  while [ $# -gt 0 ]; do
    case "$1" in
      --meters) meters=$2; shift 2 ;;
      --rate-per-meter) rpm=$2; shift 2 ;;
      --window) window=$2; shift 2 ;;
      --warmup) warmup=$2; shift 2 ;;
      --connect-rate) crate=$2; shift 2 ;;
      --variants) variants=$2; shift 2 ;;
      *) die "tls-publish: unknown option $1" ;;
    esac
  done
  local opts="${LOADGEN_JAVA_OPTS:--XX:+UseParallelGC -Xms256m}" rate win="${window%s}" wu="${warmup%s}"
  rate="$(calc "$meters * $rpm" .0f)"
  # plain first: every TLS row's increase is over it
  local list=() v
  for v in ${variants//,/ }; do tls_variant_args "$v"; [ "$v" = plain ] && list=(plain "${list[@]+"${list[@]}"}") || list+=("$v"); done
  log "tls-publish: Mosquitto, $meters meters x $rpm msg/s = $rate/s, QoS 1 puback, connects at $crate/s, then a ${wu}s warm-up and a ${win}s window; variants ${list[*]}, each against a fresh Mosquitto; JVM: $opts"
  machine_note
  local tok pki
  tok="$(tokens "$meters")"
  pki="$(tls_pki)"
  begin_results tls-publish scenario variant meters rate_per_meter rate_target load_avg window_s confirmed \
    confirmed_per_s gen_cpu_s srv_cpu_s gen_us_per_msg srv_us_per_msg gen_srv_ratio gen_over_plain srv_over_plain \
    connected tls_handshakes tls_resumed puback_p99_ms send_lag_p99_ms
  local plain_g="" plain_s=""
  for v in "${list[@]}"; do
    tls_variant_args "$v"
    local name="tlspub-$v" spki="" host=127.0.0.1 load secs msgs gt st
    [ "$v" = plain ] || spki=$pki host=localhost # the server certificate names localhost: host name verified
    load="$(cut -d' ' -f1 /proc/loadavg)"
    start_server mosquitto "$name-mosquitto" 127.0.0.1 "$spki"
    local srv=$SERVER_PID
    # the throughput and peers method: a warm-up stage, then /proc of both processes at every progress line of the
    # window (the connect phase before it left out); the profile 2 s longer than the window, so that the progress
    # lines cover all of it; metrics and the interval log on, as the issue-12 throughput benchmarks run
    start_gen "$name" "$opts" --profile "$(hold_profile "$name" "$rate" "$wu" "$((win + 2))")" --tokens "$tok" \
      --devices "$meters" --server "$host:${SERVER_ADDR##*:}" --confirm puback --qos 1 --connect-rate "$crate/s" \
      --report-interval 1s --grace 5s --metrics-port "$(free_port)" --hlog "$WORK/$name.hlog" \
      "${TLS_ARGS[@]+"${TLS_ARGS[@]}"}"
    local gen=$GEN_PID
    watch_progress "$WORK/$name.log" "$gen" "$srv" "$WORK/$name.cpu"
    local watcher=$WATCH_PID
    wait_gen "$gen" "$name"
    wait_gone "$watcher" 10 || stop_pid "$watcher"
    stop_pid "$srv"
    read -r secs msgs gt st < <(cpu_window "$WORK/$name.cpu" "$wu" "$win") || die "too few publish-phase samples for $name"
    [ "$msgs" -gt 0 ] || die "tls-publish: $v confirmed nothing in its window"
    local j="$WORK/$name.json" g s gover=- sover=- hs=- res=-
    g="$(calc "1e6 * $gt / $CLK_TCK / $msgs")"
    s="$(calc "1e6 * $st / $CLK_TCK / $msgs")"
    if [ "$v" = plain ]; then
      plain_g=$g plain_s=$s
    else
      hs="$(jnum "$j" .tls.handshakes)" res="$(jnum "$j" .tls.resumed)"
      if [ -n "$plain_g" ]; then
        gover="$(calc "100 * ($g - $plain_g) / $plain_g" .0f)%" sover="$(calc "100 * ($s - $plain_s) / $plain_s" .0f)%"
      fi
    fi
    row tls-publish "$v" "$meters" "$rpm" "$rate" "$load" "$secs" "$msgs" "$(calc "$msgs / $secs" .1f)" \
      "$(calc "$gt / $CLK_TCK")" "$(calc "$st / $CLK_TCK")" "$g" "$s" "$(calc "$st > 0 ? $gt / $st : 0")" \
      "$gover" "$sover" "$(jnum "$j" .devices.connected)" "$hs" "$res" \
      "$(calc "$(jnum "$j" .latencies.puback.p99)" .3f)" "$(calc "$(jnum "$j" .latencies.send_lag.p99)" .3f)"
  done
  print_results
  echo "note: CPU per confirmed message over the window, after the connect phase and the warm-up (handshakes left out); gen_over_plain and srv_over_plain: each side's TLS cost per message above plain, in the same run"
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 11: syscalls (issue #12 item 1: where the cost per confirmed message lives, generator beside Mosquitto)

# proc_cpu PID -> "utime stime" in clock ticks (fields 14 and 15)
proc_cpu() {
  local stat
  stat="$(cat "/proc/$1/stat")" || return 1
  stat="${stat##*) }"
  awk '{ print $12, $13 }' <<<"$stat"
}
# proc_ctxsw PID -> "voluntary nonvoluntary" context switches summed over the process's threads (/proc/PID/status
# counts only its main thread); a thread that ends inside a window takes its switches with it
proc_ctxsw() {
  cat /proc/"$1"/task/*/status 2>/dev/null \
    | awk '$1 == "voluntary_ctxt_switches:" { v += $2 } $1 == "nonvoluntary_ctxt_switches:" { n += $2 } END { print v + 0, n + 0 }'
}
# machine_counters -> "softirq_ticks busy_ticks timer_softirqs": the whole machine's softirq and non-idle CPU ticks
# (/proc/stat) and TIMER + HRTIMER softirqs run on all CPUs (/proc/softirqs); not per process
machine_counters() {
  local s t
  s="$(awk '$1 == "cpu" { print $8, $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)"
  t="$(awk '$1 == "TIMER:" || $1 == "HRTIMER:" { for (i = 2; i <= NF; i++) n += $i } END { print n + 0 }' /proc/softirqs)"
  echo "$s $t"
}
# scrape_confirmed PORT -> the generator's loadgen_messages_confirmed_total, read from its /metrics at this instant
scrape_confirmed() {
  local v
  v="$(curl -s --max-time 5 "http://127.0.0.1:$1/metrics" \
    | awk '/^loadgen_messages_confirmed_total/ { v += $2; f = 1 } END { if (f) printf "%.0f\n", v }')"
  [ -n "$v" ] || die "no loadgen_messages_confirmed_total on http://127.0.0.1:$1/metrics"
  echo "$v"
}
# warm_up_scraping PORT SECONDS: waits out a warm-up while scraping /metrics every second, as the Prometheus behind
# a dashboard would from the start of a soak test. Without it the window's own first scrape was the run's first: it
# set the JIT compiling the scrape's code (about 190 methods) inside the window, 1 to 3 us per message of JIT
# threads at 10,000/s that a run scraped all along does not pay (issue #12, 2026-12-04).
warm_up_scraping() {
  local end=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$end" ]; do
    curl -s --max-time 5 -o /dev/null "http://127.0.0.1:$1/metrics" || true
    sleep 1
  done
}
# sys_snapshot GEN SRV PORT -> "epoch confirmed gen_ut gen_st srv_ut srv_st gen_vol gen_inv srv_vol srv_inv
# softirq busy timer_softirqs", everything read back to back
sys_snapshot() {
  local c g s gc sc m
  c="$(scrape_confirmed "$3")"
  g="$(proc_cpu "$1")" || die "generator (pid $1) is gone"
  s="$(proc_cpu "$2")" || die "Mosquitto (pid $2) is gone"
  gc="$(proc_ctxsw "$1")"; sc="$(proc_ctxsw "$2")"; m="$(machine_counters)"
  echo "$(date +%s.%N) $c $g $s $gc $sc $m"
}

# thread_groups PID -> "loops jit gc reporting other" CPU ticks (utime + stime) summed over the JVM's threads by
# name: the event loops (loadgen-io-*), the JIT compilers, the garbage collector, the progress reporter and the
# metrics server, the rest; a thread that ends inside a window takes its ticks with it
thread_groups() {
  local t c st
  for t in /proc/"$1"/task/*; do
    c="$(cat "$t/comm" 2>/dev/null)" && st="$(cat "$t/stat" 2>/dev/null)" || continue
    printf '%s\t%s\n' "$c" "${st##*) }"
  done | awk -F'\t' '{ split($2, f, " "); n = f[12] + f[13]
      if ($1 ~ /^loadgen-io/) g[1] += n; else if ($1 ~ /CompilerThre/) g[2] += n
      else if ($1 ~ /^(GC Thread|G1|ParGC|VM Thread)/) g[3] += n
      else if ($1 ~ /^(loadgen-progres|prometheus-http|HTTP-Dispatcher)/) g[4] += n; else g[5] += n }
    END { print g[1] + 0, g[2] + 0, g[3] + 0, g[4] + 0, g[5] + 0 }'
}
# wakeup_price -> microseconds per round trip of two threads waking each other through a pipe (`perf bench sched
# pipe`: two context switches a round trip), or "-" without perf: what one sleep-and-wake costs on this machine
# (on the Firecracker VMs here 55 to 80 us with the CPUs otherwise idle, 3 us while other work keeps them busy)
wakeup_price() {
  command -v perf >/dev/null || { echo -; return; }
  perf bench sched pipe -l 20000 2>/dev/null | awk '/usecs\/op/ { printf "%.1f\n", $1; f = 1 } END { if (!f) print "-" }'
}

# strace_summary FILE -> "name calls errors" per system call of an `strace -c` table (and "total ...")
strace_summary() {
  awk '/^------/ { d++; next } d == 1 && NF >= 5 { if (NF >= 6) print $6, $4, $5; else print $5, $4, 0 }
       d == 2 && $NF == "total" { print "total", $(NF >= 6 ? 4 : 3), (NF >= 6 ? $5 : 0) }' "$1"
}
# epoll_returns FILE -> "calls nonblocking blocking timed_out events ready interrupted" of an
# `strace -f -e trace=epoll_wait,epoll_pwait,epoll_pwait2` log: nonblocking = a timeout of 0 (a poll, no sleep);
# timed_out = a blocking wait that returned 0 events (woken by its timeout: the timer wakeups); ready = returns with
# at least one event; events = events returned in all
epoll_returns() {
  awk '{ tid = $1; line = $0; sub(/^[0-9]+ +/, "", line) }
    line ~ /<unfinished \.\.\.>$/ { sub(/ *<unfinished \.\.\.>$/, "", line); pend[tid] = line; next }
    line ~ /^<\.\.\. [a-z_0-9]+ resumed>/ { sub(/^<\.\.\. [a-z_0-9]+ resumed> */, "", line); line = pend[tid] line; delete pend[tid] }
    line !~ /^epoll_(wait|pwait|pwait2)\(/ { next }
    line !~ /\) += -?[0-9]+/ { next }  # "= ?": still waiting when strace detached
    { ret = line; sub(/.*\) += /, "", ret); split(ret, r, " ")
      args = line; gsub(/\[[^]]*\]/, "", args); sub(/^[a-z_0-9]+\(/, "", args); sub(/\) += .*/, "", args)
      n = split(args, a, ", ")
      nb = (a[4] == "0" || (a[4] == "{tv_sec=0" && a[5] ~ /^tv_nsec=0}/))
      calls++
      if (r[1] < 0) { intr++; next }
      if (nb) nonb++; else { blk++; if (r[1] == 0) tmo++ }
      if (r[1] > 0) { ready++; ev += r[1] } }
    END { printf "%d %d %d %d %d %d %d\n", calls, nonb, blk, tmo, ev, ready, intr }' "$1"
}

# strace_both SECONDS TAG GEN SRV ARGS...: strace ARGS attached to both processes at once for SECONDS (SIGINT ends
# it: strace detaches and writes its summary); output in $WORK/TAG-gen.strace and $WORK/TAG-srv.strace
strace_both() {
  local secs=$1 tag=$2 gen=$3 srv=$4 p1 p2
  shift 4
  timeout -s INT "$secs" "$STRACE" -qq -o "$WORK/$tag-gen.strace" "$@" -p "$gen" 2>"$WORK/$tag-gen.err" &
  p1=$!; PIDS+=("$p1")
  timeout -s INT "$secs" "$STRACE" -qq -o "$WORK/$tag-srv.strace" "$@" -p "$srv" 2>"$WORK/$tag-srv.err" &
  p2=$!; PIDS+=("$p2")
  wait "$p1" || true
  wait "$p2" || true
  local keep=() p
  for p in "${PIDS[@]}"; do [ "$p" = "$p1" ] || [ "$p" = "$p2" ] || keep+=("$p"); done
  PIDS=("${keep[@]+"${keep[@]}"}")
  [ -s "$WORK/$tag-gen.strace" ] && [ -s "$WORK/$tag-srv.strace" ] \
    || die "strace wrote nothing (attach refused? $(cat "$WORK/$tag-gen.err" "$WORK/$tag-srv.err" | head -2 | tr '\n' ' '))"
}

scenario_syscalls() {
  local meters=1000 rpm=10 window=10s warmup=60s rwin=5s repeats=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --meters) meters=$2; shift 2 ;;
      --rate-per-meter) rpm=$2; shift 2 ;;
      --window) window=$2; shift 2 ;;
      --warmup) warmup=$2; shift 2 ;;
      --returns-window) rwin=$2; shift 2 ;;
      --repeats) repeats=$2; shift 2 ;;
      *) die "syscalls: unknown option $1" ;;
    esac
  done
  local opts="${LOADGEN_JAVA_OPTS:--XX:+UseParallelGC -Xms256m}" rate win="${window%s}" wu="${warmup%s}" rw="${rwin%s}"
  rate="$(calc "$meters * $rpm" .0f)"
  command -v curl >/dev/null || die "syscalls: curl is needed (the generator's /metrics gives the confirmed counts)"
  local have_strace=1
  command -v "$STRACE" >/dev/null || have_strace=0
  log "syscalls: Mosquitto, $meters meters x $rpm msg/s = $rate/s, QoS 1 puback, ${wu}s warm-up, then an untraced ${win}s window (CPU, context switches, softirqs), a ${win}s strace -c window and a ${rw}s epoll-return window; $repeats repeat(s); JVM: $opts"
  machine_note
  local tok rep
  tok="$(tokens "$meters")"
  begin_results syscalls scenario meters rate_per_meter rate_target repeat measure generator mosquitto machine note
  for ((rep = 1; rep <= repeats; rep++)); do
    local load name="sys-$rep" mport
    load="$(cut -d' ' -f1-3 /proc/loadavg)"
    local wprice
    wprice="$(wakeup_price)" # before anything of ours runs: the price with the CPUs left idle between wakeups
    start_server mosquitto "sys-mosquitto-$rep"
    local srv=$SERVER_PID
    mport="$(free_port)"
    # metrics and the interval log on, as soak tests run; a long duration, stopped (SIGTERM) after the windows
    start_gen "$name" "$opts" --tokens "$tok" --devices "$meters" --server "$SERVER_ADDR" --rate "$rate/s" \
      --duration 1h --confirm puback --qos 1 --connect-rate 10000/s --report-interval 1s --grace 5s \
      --metrics-port "$mport" --hlog "$WORK/$name.hlog"
    local gen=$GEN_PID
    wait_line "$WORK/$name.log" '\] publish \|' "$gen" 120
    warm_up_scraping "$mport" "$wu"
    # 1. untraced: CPU split, context switches, machine-wide softirq
    local a b ta tb
    ta="$(thread_groups "$gen")"
    a="$(sys_snapshot "$gen" "$srv" "$mport")"; sleep "$win"; b="$(sys_snapshot "$gen" "$srv" "$mport")"
    tb="$(thread_groups "$gen")"
    local r="row syscalls $meters $rpm $rate $rep"
    local rowf="$WORK/$name.rows"
    awk -v hz="$CLK_TCK" -v a="$a" -v b="$b" -v load="$load" -v ta="$ta" -v tb="$tb" -v wp="$wprice" \
      -v host="$(cpu_model), kernel $(uname -r)" 'BEGIN { OFS = "\t"
      split(a, x, " "); split(b, y, " "); for (i = 1; i <= 13; i++) d[i] = y[i] - x[i]
      t = d[1]; m = d[2]; if (m <= 0) { print "ERR"; exit }
      us = 1e6 / hz / m
      split(ta, p, " "); split(tb, q, " ")
      print "load average at start (1, 5, 15 min)", "-", "-", load, ""
      print "host", "-", "-", host, "the same build measures differently on another host: compare ratios measured on one"
      print "wakeup price, idle machine: pipe round trip us (2 switches)", "-", "-", wp, "perf bench sched pipe -l 20000 before the servers start; the same with busy CPUs is far lower"
      print "untraced window: seconds", "-", "-", sprintf("%.2f", t), ""
      print "untraced window: confirmed/s", sprintf("%.1f", m / t), "-", "-", "the generator'\''s loadgen_messages_confirmed_total, scraped at both ends"
      print "user CPU us/msg (utime)", sprintf("%.2f", d[3] * us), sprintf("%.2f", d[5] * us), "-", ""
      print "system CPU us/msg (stime)", sprintf("%.2f", d[4] * us), sprintf("%.2f", d[6] * us), "-", ""
      print "user+system CPU us/msg", sprintf("%.2f", (d[3] + d[4]) * us), sprintf("%.2f", (d[5] + d[6]) * us), "-", ""
      print "ratio generator / Mosquitto (user+system)", (d[5] + d[6] > 0 ? sprintf("%.2f", (d[3] + d[4]) / (d[5] + d[6])) : "-"), "-", "-", ""
      print "CPU % of one core (user+system)", sprintf("%.0f", 100 * (d[3] + d[4]) / hz / t), sprintf("%.0f", 100 * (d[5] + d[6]) / hz / t), sprintf("%.0f", 100 * d[12] / hz / t), "machine: every process, busy ticks of /proc/stat"
      print "softirq CPU us/msg", "-", "-", sprintf("%.2f", d[11] * us), "machine-wide (/proc/stat softirq column), not per process"
      print "TIMER+HRTIMER softirqs/msg", "-", "-", sprintf("%.3f", d[13] / m), "machine-wide (/proc/softirqs)"
      print "voluntary context switches/msg", sprintf("%.3f", d[7] / m), sprintf("%.3f", d[9] / m), "-", "summed over /proc/PID/task/*/status"
      print "involuntary context switches/msg", sprintf("%.3f", d[8] / m), sprintf("%.3f", d[10] / m), "-", ""
      split("event loops (loadgen-io-*)|JIT compilers|garbage collector and VM thread|progress reporter and metrics server|other threads", gn, "|")
      for (i = 1; i <= 5; i++) print "  generator threads: " gn[i] " us/msg", sprintf("%.2f", (q[i] - p[i]) * us), "-", "-", "user+system, /proc/PID/task/*/stat by thread name" }' >"$rowf"
    grep -q '^ERR' "$rowf" && die "syscalls: nothing confirmed in the untraced window of $name"
    if [ "$have_strace" = 1 ]; then
      sleep 1
      # 2. strace -c on both processes for the same window (traced: slower, so CPU is from the window above)
      local c0 c1 t0 t1
      c0="$(scrape_confirmed "$mport")"; t0="$(date +%s.%N)"
      strace_both "$win" "$name-c" "$gen" "$srv" -c -f
      c1="$(scrape_confirmed "$mport")"; t1="$(date +%s.%N)"
      local m=$((c1 - c0))
      [ "$m" -gt 0 ] || die "syscalls: nothing confirmed under strace -c in $name"
      strace_summary "$WORK/$name-c-gen.strace" >"$WORK/$name-c-gen.sum"
      strace_summary "$WORK/$name-c-srv.strace" >"$WORK/$name-c-srv.sum"
      printf '%s\t%s\t-\t-\t%s\n' "strace -c window: confirmed/s" "$(calc "$m / ($t1 - $t0)" .1f)" \
        "strace slows the traced processes: counts per message from here, CPU from the untraced window" >>"$rowf"
      # every kind either process made at least 0.01 times per message, the rest summed
      awk -v m="$m" 'BEGIN { OFS = "\t" } FNR == 1 { f++ } { c[$1, f] = $2; e[$1, f] += $3; k[$1] = 1 }
        END { for (n in k) if (n != "total") { g = c[n, 1] / m; s = c[n, 2] / m
                if (g >= 0.01 || s >= 0.01) printf "%s\t%.3f\t%.3f\t-\t%s\n", "syscall " n " /msg", g, s, ((e[n, 1] + e[n, 2]) > 0 ? sprintf("errors/msg %.3f / %.3f", e[n, 1] / m, e[n, 2] / m) : "") | "sort -t\"\t\" -k2,2gr"
                else { og += c[n, 1]; os += c[n, 2] } }
              close("sort -t\"\t\" -k2,2gr")
              printf "%s\t%.3f\t%.3f\t-\t%s\n", "syscalls of other kinds /msg", og / m, os / m, "each below 0.01/msg"
              printf "%s\t%.3f\t%.3f\t-\t%s\n", "system calls in all /msg", c["total", 1] / m, c["total", 2] / m, "strace -c -f" }' \
        "$WORK/$name-c-gen.sum" "$WORK/$name-c-srv.sum" >>"$rowf"
      sleep 2
      # 3. epoll returns: how many events each wait brought back, and the waits that timed out (timer wakeups)
      c0="$(scrape_confirmed "$mport")"; t0="$(date +%s.%N)"
      strace_both "$rw" "$name-e" "$gen" "$srv" -f -e trace=epoll_wait,epoll_pwait,epoll_pwait2 -e signal=none
      c1="$(scrape_confirmed "$mport")"; t1="$(date +%s.%N)"
      m=$((c1 - c0))
      [ "$m" -gt 0 ] || die "syscalls: nothing confirmed under the epoll trace in $name"
      local eg es
      eg="$(epoll_returns "$WORK/$name-e-gen.strace")"; es="$(epoll_returns "$WORK/$name-e-srv.strace")"
      awk -v m="$m" -v t="$(calc "$t1 - $t0" .3f)" -v g="$eg" -v s="$es" 'BEGIN { OFS = "\t"; split(g, x, " "); split(s, y, " ")
        print "epoll window: confirmed/s", sprintf("%.1f", m / t), "-", "-", "strace -f -e trace=epoll_wait,epoll_pwait,epoll_pwait2, return values"
        print "epoll calls/msg", sprintf("%.3f", x[1] / m), sprintf("%.3f", y[1] / m), "-", ""
        print "  of them non-blocking polls (timeout 0) /msg", sprintf("%.3f", x[2] / m), sprintf("%.3f", y[2] / m), "-", ""
        print "  blocking waits /msg (wakeups)", sprintf("%.3f", x[3] / m), sprintf("%.3f", y[3] / m), "-", ""
        print "  blocking waits that timed out /msg (timer wakeups)", sprintf("%.3f", x[4] / m), sprintf("%.3f", y[4] / m), "-", "proxy: a blocking wait returning 0 events was woken by its timeout"
        print "  interrupted (EINTR) /msg", sprintf("%.3f", x[7] / m), sprintf("%.3f", y[7] / m), "-", ""
        print "events per epoll return", (x[1] - x[7] > 0 ? sprintf("%.2f", x[5] / (x[1] - x[7])) : "-"), (y[1] - y[7] > 0 ? sprintf("%.2f", y[5] / (y[1] - y[7])) : "-"), "-", "every return, empty polls included"
        print "events per return with events", (x[6] > 0 ? sprintf("%.2f", x[5] / x[6]) : "-"), (y[6] > 0 ? sprintf("%.2f", y[5] / y[6]) : "-"), "-", "" }' >>"$rowf"
    else
      printf '%s\t-\t-\t-\t%s\n' "system calls, epoll returns" "skipped: strace not installed" >>"$rowf"
    fi
    kill -TERM "$gen"
    wait_gen "$gen" "$name"
    stop_pid "$srv"
    local measure gv sv mv note
    while IFS=$'\t' read -r measure gv sv mv note; do
      row syscalls "$meters" "$rpm" "$rate" "$rep" "$measure" "$gv" "$sv" "$mv" "${note:--}"
    done <"$rowf"
    row syscalls "$meters" "$rpm" "$rate" "$rep" "whole run: confirmed/s (JSON summary)" \
      "$(calc "$(jnum "$WORK/$name.json" .rates.confirmed)" .1f)" - - \
      "send-lag p99 $(calc "$(jnum "$WORK/$name.json" .latencies.send_lag.p99)" .3f) ms; the traced windows included"
    if [ "$have_strace" = 1 ]; then # the strace -c tables beside the results
      mkdir -p "$RESULTS_DIR/syscalls-$STAMP"
      cp "$WORK/$name-c-gen.strace" "$RESULTS_DIR/syscalls-$STAMP/strace-c-generator-$rep.txt"
      cp "$WORK/$name-c-srv.strace" "$RESULTS_DIR/syscalls-$STAMP/strace-c-mosquitto-$rep.txt"
    fi
  done
  print_results
  echo "note: Mosquitto's per-message cost is for reading a QoS 1 PUBLISH and writing its PUBACK with no subscribers"
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 12: peers (issue #12 item 4: Tsung with the same workload against a fresh Mosquitto, right after our run)

# cpu_window SAMPLES WARMUP_S WINDOW_S -> "seconds count tool_ticks srv_ticks" from the first sample at least
# WARMUP_S after the first one to the last sample at most WINDOW_S after that (samples: "epoch count tool srv")
cpu_window() {
  awk -v wu="$2" -v win="$3" 'NR == 1 { t0 = $1 } !n && $1 - t0 >= wu - 0.5 { n = 1; t = $1; c = $2; g = $3; s = $4 }
    n && $1 - t <= win + 0.5 { e = $1; ce = $2; ge = $3; se = $4 }
    END { if (!n || e - t < 0.5) exit 1; printf "%.3f %d %d %d\n", e - t, ce - c, ge - g, se - s }' "$1"
}

# watch_tsung LOG TOOL_PID SERVER_PID USERS OUT: in the background, at every stats dump of tsung.log (1 s apart),
# writes "wall_seconds pubacked_total tool_ticks server_ticks" to OUT once 99 % of USERS are connected (the /proc
# samples taken when the dump's first line appears, as watch_progress does at our progress lines). Sets WATCH_PID.
watch_tsung() {
  local logf=$1 tool=$2 srv=$3 users=$4 out=$5
  : >"$out"
  (
    now="" g="" s="" acked=0 conn=0
    # a dump's counters follow its first line, in no fixed order: a sample is written at the next dump's first line
    emit() { [ -n "$now" ] && [ "$((conn * 100))" -ge "$((users * 99))" ] && echo "$now $acked $g $s" >>"$out"; now=""; }
    tail --pid="$tool" -n +1 -F "$logf" 2>/dev/null | while IFS= read -r line; do
      case "$line" in
        "# stats: dump at"*)
          emit
          g="$(proc_ticks "$tool" 2>/dev/null)" || continue
          s="$(proc_ticks "$srv" 2>/dev/null)" || continue
          now="$(date +%s.%N)"
          ;;
        "stats: mqtt_server_pubacked "*) acked="${line##* }" ;;
        "stats: mqtt_connected "*) conn="${line##* }" ;;
        EndMonitor*) emit ;;
      esac
    done
  ) &
  WATCH_PID=$!
  PIDS+=("$WATCH_PID")
}

# tsung_config FILE USERS RATE_PER_USER PORT MESSAGES: N users arriving at up to 1,000/s, each connecting, then
# MESSAGES x (QoS 1 PUBLISH to kp1/.../update/keys, wait for its PUBACK, think 1/R s): a closed loop per user, so
# each user's rate is 1/(1/R + PUBACK latency), a little under R
tsung_config() {
  local f=$1 n=$2 rpm=$3 port=$4 k=$5 arr think dur
  arr=$(( n < 1000 ? n : 1000 ))
  think="$(calc "1 / $rpm" .4f)"
  dur=$(( (n + arr - 1) / arr * 2 + 5 ))
  cat >"$f" <<EOF
<?xml version="1.0"?>
<!DOCTYPE tsung SYSTEM "/usr/share/tsung/tsung-1.0.dtd">
<!-- bench/run.sh peers: $n meters x $rpm msg/s, QoS 1, $k messages each -->
<tsung loglevel="warning" dumptraffic="false" version="1.0">
  <clients><client host="localhost" use_controller_vm="true" maxusers="$((n + 100))"/></clients>
  <servers><server host="127.0.0.1" port="$port" type="tcp"/></servers>
  <load>
    <arrivalphase phase="1" duration="$dur" unit="second"><users maxnumber="$n" arrivalrate="$arr" unit="second"/></arrivalphase>
  </load>
  <sessions>
    <session name="meter" probability="100" type="ts_mqtt">
      <request><mqtt type="connect" clean_start="true" keepalive="60"></mqtt></request>
      <for from="1" to="$k" incr="1" var="i">
        <request subst="true"><mqtt type="publish" topic="kp1/demo_application_v1/epmx/tsung%%_tsung_userid%%/update/keys" qos="1">{"model":"MySmartMeter A300","mac":"02-1A-3F-00-00-07"}</mqtt></request>
        <thinktime value="$think" random="false"></thinktime>
      </for>
      <request><mqtt type="disconnect"></mqtt></request>
    </session>
  </sessions>
</tsung>
EOF
}

# child_pid PARENT NAME: the PID of PARENT's child whose command is NAME (waits up to 30 s)
child_pid() {
  local i p
  for ((i = 0; i < 300; i++)); do
    p="$(ps -o pid=,comm= --ppid "$1" 2>/dev/null | awk -v n="$2" '$2 == n { print $1; exit }')"
    [ -n "$p" ] && { echo "$p"; return 0; }
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# peers_tsung NAME USERS RPM WARMUP WINDOW: one Tsung run against a fresh Mosquitto; sets PEER_RESULT to
# "seconds confirmed tool_ticks srv_ticks" or PEER_NOTE to why there is none
peers_tsung() {
  local name=$1 n=$2 rpm=$3 wu=$4 win=$5
  PEER_RESULT="" PEER_NOTE=""
  command -v "$TSUNG" >/dev/null || { PEER_NOTE="skipped: tsung not installed"; return 0; }
  local epmd_before=0
  ss -Hltn 'sport = :4369' | grep -q . && epmd_before=1
  start_server mosquitto "$name-mosquitto"
  local srv=$SERVER_PID port=${SERVER_ADDR##*:}
  # messages per user: the ramp, the warm-up, the window and a few seconds more, at the rate asked
  local k
  k="$(calc "$rpm * ((($n + 999) / 1000) + $wu + $win + 5)" .0f)"
  tsung_config "$WORK/$name.xml" "$n" "$rpm" "$port" "$k"
  mkdir -p "$WORK/$name-log"
  # stats dumped every second (the controller's dumpstats_interval, 10 s by default), like our progress lines
  ERL_FLAGS="-tsung_controller dumpstats_interval 1000" "$TSUNG" -n -f "$WORK/$name.xml" -l "$WORK/$name-log" start \
    >"$WORK/$name.log" 2>&1 &
  local ts=$!
  PIDS+=("$ts")
  local beam
  beam="$(child_pid "$ts" beam.smp)" || { stop_pid "$ts"; stop_pid "$srv"; PEER_NOTE="failed: no beam.smp under tsung (see $WORK/$name.log)"; return 0; }
  PIDS+=("$beam")
  local i tlog=""
  for ((i = 0; i < 300; i++)); do
    tlog="$(ls "$WORK/$name-log"/*/tsung.log 2>/dev/null | sed -n 1p)" || true
    [ -n "$tlog" ] && break
    sleep 0.1
  done
  [ -n "$tlog" ] || die "peers: tsung wrote no tsung.log (see $WORK/$name.log)"
  watch_tsung "$tlog" "$beam" "$srv" "$n" "$WORK/$name.cpu"
  local watcher=$WATCH_PID
  local limit=$(( (n + 999) / 1000 * 2 + wu + win + 60 )) waited=0
  while kill -0 "$ts" 2>/dev/null && [ "$waited" -lt "$limit" ]; do sleep 1; waited=$((waited + 1)); done
  if kill -0 "$ts" 2>/dev/null; then
    log "peers: tsung still running after ${limit}s: stopping it (pid $beam, then $ts)"
    stop_pid "$beam"
  fi
  stop_pid "$ts"
  local keep=() p
  for p in "${PIDS[@]}"; do [ "$p" = "$beam" ] || keep+=("$p"); done
  PIDS=("${keep[@]+"${keep[@]}"}")
  wait_gone "$watcher" 5 || stop_pid "$watcher"
  stop_pid "$srv"
  cp "$tlog" "$WORK/$name-tsung.log" 2>/dev/null || true
  # epmd (Erlang's name daemon) was started by tsung's VM and outlives it; stop it only if it was not there before
  # and no Erlang node is registered with it now
  if [ "$epmd_before" = 0 ] && command -v epmd >/dev/null && ! epmd -names 2>/dev/null | grep -q '^name '; then
    epmd -kill >/dev/null 2>&1 || true
  fi
  PEER_RESULT="$(cpu_window "$WORK/$name.cpu" "$wu" "$win")" \
    || PEER_NOTE="failed: too few stats dumps after all $n users connected (see $tlog)"
  if [ -n "$PEER_RESULT" ]; then
    local conn
    conn="$(awk '$1 == "stats:" && $2 == "mqtt_connected" { v = $4 } END { print v + 0 }' "$tlog")"
    PEER_NOTE="PUBACKs counted (mqtt_server_pubacked of tsung.log, 1 s dumps); closed loop per user (publish, wait for the PUBACK, think $(calc "1 / $rpm" .3f) s); $conn of $n connected"
  fi
}

scenario_peers() {
  local meters=1000 rpm=10 window=30s warmup=10s repeats=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --meters) meters=$2; shift 2 ;;
      --rate-per-meter) rpm=$2; shift 2 ;;
      --window) window=$2; shift 2 ;;
      --warmup) warmup=$2; shift 2 ;;
      --repeats) repeats=$2; shift 2 ;;
      *) die "peers: unknown option $1" ;;
    esac
  done
  local opts="${LOADGEN_JAVA_OPTS:--XX:+UseParallelGC -Xms256m}" rate win="${window%s}" wu="${warmup%s}"
  rate="$(calc "$meters * $rpm" .0f)"
  log "peers: $meters meters x $rpm msg/s = $rate/s, QoS 1, ${wu}s warm-up and a ${win}s window; kpc-loadgen then Tsung, each against a fresh Mosquitto; $repeats repeat(s); JVM: $opts"
  machine_note
  local tok rep
  tok="$(tokens "$meters")"
  begin_results peers scenario tool meters rate_per_meter rate_target repeat load_avg window_s confirmed confirmed_per_s \
    tool_cpu_s srv_cpu_s tool_us_per_msg srv_us_per_msg tool_to_srv_ratio note
  for ((rep = 1; rep <= repeats; rep++)); do
    local load name="peer-loadgen-$rep" secs msgs gt st
    # ours: the throughput scenario's method (a warm-up stage, /proc at every progress line of the window)
    load="$(cut -d' ' -f1 /proc/loadavg)"
    start_server mosquitto "$name-mosquitto"
    local srv=$SERVER_PID
    # the profile's window 2 s longer than the measured one, so that the progress lines cover all of it
    start_gen "$name" "$opts" --profile "$(hold_profile "$name" "$rate" "$wu" "$((win + 2))")" --tokens "$tok" \
      --devices "$meters" --server "$SERVER_ADDR" --confirm puback --qos 1 --connect-rate 10000/s \
      --report-interval 1s --grace 5s --metrics-port "$(free_port)" --hlog "$WORK/$name.hlog"
    local gen=$GEN_PID
    watch_progress "$WORK/$name.log" "$gen" "$srv" "$WORK/$name.cpu"
    local watcher=$WATCH_PID
    wait_gen "$gen" "$name"
    wait_gone "$watcher" 10 || stop_pid "$watcher"
    stop_pid "$srv"
    read -r secs msgs gt st < <(cpu_window "$WORK/$name.cpu" "$wu" "$win") || die "too few publish-phase samples for $name"
    peers_row kpc-loadgen "$rep" "$load" "$secs" "$msgs" "$gt" "$st" \
      "confirmed = PUBACKs (progress lines); open model; send-lag p99 $(calc "$(jnum "$WORK/$name.json" .latencies.send_lag.p99)" .3f) ms"
    # Tsung, right after, the same workload
    load="$(cut -d' ' -f1 /proc/loadavg)"
    peers_tsung "peer-tsung-$rep" "$meters" "$rpm" "$wu" "$win"
    if [ -n "$PEER_RESULT" ]; then
      read -r secs msgs gt st <<<"$PEER_RESULT"
      peers_row tsung "$rep" "$load" "$secs" "$msgs" "$gt" "$st" "$PEER_NOTE (beam.smp sampled)"
    else
      row peers tsung "$meters" "$rpm" "$rate" "$rep" "$load" - - - - - - - - "$PEER_NOTE"
    fi
  done
  print_results
  echo "note: Mosquitto's per-message cost is for reading a QoS 1 PUBLISH and writing its PUBACK with no subscribers"
}
# peers_row TOOL REPEAT LOAD SECONDS CONFIRMED TOOL_TICKS SRV_TICKS NOTE (uses meters, rpm, rate of scenario_peers)
peers_row() {
  [ "$5" -gt 0 ] || die "peers: $1 confirmed nothing in its window"
  row peers "$1" "$meters" "$rpm" "$rate" "$2" "$3" "$4" "$5" "$(calc "$5 / $4" .1f)" \
    "$(calc "$6 / $CLK_TCK")" "$(calc "$7 / $CLK_TCK")" "$(calc "1e6 * $6 / $CLK_TCK / $5")" \
    "$(calc "1e6 * $7 / $CLK_TCK / $5")" "$(calc "$7 > 0 ? $6 / $7 : 0")" "$8"
}

# ---------------------------------------------------------------------------------------------------------------
# Scenario 9: smoke (every scenario, tiny sizes; used in CI)

scenario_smoke() {
  [ $# -eq 0 ] || die "smoke takes no options"
  local results="$WORK/smoke-results" start=$SECONDS step
  mkdir -p "$results"
  local steps=(
    "connections --target mosquitto --meters 200 --connect-rates 5000 --settle 1"
    "connections --target sim --meters 200 --connect-rates 5000 --settle 1"
    "throughput --meters 200 --rates 1000 --window 3s --warmup 1s --profile-rate 1000"
    "accuracy --meters 200 --rates 2000 --window 3s --warmup 1s --bucket 1"
    "shards --meters-per-shard 100 --rate 300 --window 3s"
    "ramp --meters 500 --time-scale 15 --confirms status"
    "capacity --meters 100 --sim-capacity 800 --start-rate 500 --precision 15% --ramp 0.5s --settle 0.5s --measure 1s --min-messages 200"
    "tls --meters 50 --variants plain,openssl-1.3,jdk-1.2 --settle 1"
    "tls-publish --meters 20 --window 2s --warmup 1s"
    "syscalls --meters 50 --rate-per-meter 10 --window 2s --warmup 1s --returns-window 1s"
    "peers --meters 50 --rate-per-meter 10 --window 2s --warmup 1s"
  )
  for step in "${steps[@]}"; do
    log "smoke: $step"
    # shellcheck disable=SC2086
    BENCH_RESULTS_DIR="$results" "$HERE/run.sh" $step >"$WORK/smoke-step.log" 2>&1 \
      || { cat "$WORK/smoke-step.log" >&2; die "smoke step failed: $step"; }
  done
  local s f
  for s in connections throughput accuracy shards ramp capacity tls tls-publish syscalls peers; do
    f="$(ls "$results"/"$s"-[0-9]*.tsv 2>/dev/null | sed -n 1p)"
    [ -n "$f" ] && [ "$(wc -l <"$f")" -gt 1 ] || die "smoke: no $s results"
    if grep -qP '\t(null|nan|-nan|inf)(\t|$)' "$f"; then die "smoke: a result is missing in $f"; fi
  done
  for f in "$results"/*.tsv; do echo "== $(basename "$f")"; column -t -s $'\t' "$f"; done
  echo "smoke: all scenarios passed in $((SECONDS - start)) s"
}

# ---------------------------------------------------------------------------------------------------------------

main() {
  [ $# -ge 1 ] || { usage >&2; exit 2; }
  local scenario=$1
  shift
  local args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --keep) KEEP=1; shift ;;
      --io-threads) IO_THREADS=$2; shift 2 ;;
      -h|--help) usage; exit 0 ;;
      *) args+=("$1"); shift ;;
    esac
  done
  case "$scenario" in
    connections|throughput|accuracy|capacity|shards|ramp|soak|smoke|fuzz|tls|tls-publish|syscalls|peers) ;;
    -h|--help|help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  [ "$scenario" = fuzz ] || ensure_jar # fuzz runs the test classes, not the jar
  "scenario_${scenario//-/_}" "${args[@]+"${args[@]}"}"
}

main "$@"
