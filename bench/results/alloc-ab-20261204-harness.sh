#!/usr/bin/env bash
# A/B: Netty 4.2's adaptive allocator (default) vs the pooled one, syscalls scenario, interleaved
cd /work/main
m=$1 r=$2 reps=${3:-3}
for i in $(seq 1 $reps); do
  for a in adaptive pooled; do
    out=/tmp/s12/ab-$m-$r-$a-$i.out
    STRACE=/nonexistent LOADGEN_JAVA_OPTS="-XX:+UseParallelGC -Xms256m -Dio.netty.allocator.type=$a" \
      flock /tmp/bench.lock bench/run.sh syscalls --meters $m --rate-per-meter $r --window 10s --warmup 30s --repeats 1 > $out 2>&1
    printf '%s %s %s ' $m $a $i; awk -F'  +' '/user CPU us\/msg|system CPU us\/msg|user\+system CPU us\/msg|ratio gen|voluntary context|event loops|JIT comp|send-lag/ {printf "%s=%s/%s ", $6, $7, $8}' $out | sed 's/ CPU us\/msg//g'; echo
  done
done
