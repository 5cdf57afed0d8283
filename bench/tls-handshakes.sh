#!/usr/bin/env bash
# TLS handshake cost, a first cut (issue #10; superseded by `bench/run.sh tls`, kept for its quoted figures): N meters connect to a fresh Mosquitto
# per variant (plain, OpenSSL TLS 1.3 and 1.2, JDK TLS 1.3, OpenSSL TLS 1.2 with --tls-resumption fleet), idle 1 s,
# and disconnect. Prints per variant the generator's CPU (user+sys of the whole process, /usr/bin/time) and
# Mosquitto's (/proc/PID/stat utime+stime over the run, in clock ticks), connect and tls_handshake p50/p99 (ms).
# CPU per handshake = (variant - plain) / N for each side, so JVM start-up and the plain connect cancel out.
# Usage: bench/tls-handshakes.sh [N (default 2000)] [REPEATS (default 2)]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/loadgen-cli/target/loadgen.jar"
[ -f "$jar" ] || (cd "$here" && mvn -B -q -DskipTests package)
n=${1:-2000}
repeats=${2:-2}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
java -jar "$jar" tokens --count "$n" --seed 1 --out t.csv >/dev/null
java -jar "$jar" certs --tokens t.csv --out pki --server-names localhost --server-ips 127.0.0.1 >/dev/null
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
run() { # name, loadgen flags...
  local name=$1; shift
  local port; port=$(free_port)
  {
    printf 'listener %s 127.0.0.1\nallow_anonymous true\nmax_connections -1\n' "$port"
    [ "$(id -u)" = 0 ] && printf 'user root\n'
    [ "$name" = plain ] || printf 'cafile pki/ca.crt\ncertfile pki/server.crt\nkeyfile pki/server.key\n'
  } > m.conf
  (ulimit -n "$(ulimit -Hn)"; exec mosquitto -c m.conf >/dev/null 2>&1) & local mp=$!
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  local m0; m0=$(cpu "$mp")
  local host=localhost; [ "$name" = plain ] && host=127.0.0.1
  local gen
  gen=$( { /usr/bin/time -f "GEN %U %S" java -jar "$jar" run --tokens t.csv --server "$host:$port" --confirm puback \
      --rate 1/s --duration 1s --connect-rate 2000/s --json-out s.json "$@" >/dev/null; } 2>&1 | awk '/^GEN/{print $2+$3}')
  local m1; m1=$(cpu "$mp")
  kill "$mp"; wait "$mp" 2>/dev/null || true
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(jq .devices.connected s.json)" "$gen" "$((m1 - m0))" \
    "$(jq .latencies.connect.p50 s.json)" "$(jq .latencies.connect.p99 s.json)" \
    "$(jq '.latencies.tls_handshake.p50 // 0' s.json)" "$(jq '.latencies.tls_handshake.p99 // 0' s.json)"
}
printf 'variant\tconnected\tgen_cpu_s\tmosquitto_cpu_ticks\tconnect_p50_ms\tconnect_p99_ms\ttls_p50_ms\ttls_p99_ms\n'
for _ in $(seq "$repeats"); do
  run plain
  run openssl-1.3 --tls --ca pki/ca.crt --tls-provider openssl --tls-versions 1.3
  run openssl-1.2 --tls --ca pki/ca.crt --tls-provider openssl --tls-versions 1.2
  run jdk-1.3 --tls --ca pki/ca.crt --tls-provider jdk --tls-versions 1.3
  run openssl-1.2-resumed --tls --ca pki/ca.crt --tls-provider openssl --tls-versions 1.2 --tls-resumption fleet
done
