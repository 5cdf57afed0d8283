#!/usr/bin/env bash
# A/B of two builds (two checkouts, each its own jar), syscalls scenario (no strace), interleaved:
# ab-roots.sh METERS RATE REPS NAME_A ROOT_A NAME_B ROOT_B
m=$1 r=$2 reps=$3 na=$4 ra=$5 nb=$6 rb=$7
for i in $(seq 1 $reps); do
  for v in a b; do
    if [ $v = a ]; then n=$na root=$ra; else n=$nb root=$rb; fi
    out=/tmp/s12/abr-$m-$r-$n-$i.out
    STRACE=/nonexistent flock /tmp/bench.lock "$root/bench/run.sh" syscalls --meters $m --rate-per-meter $r --window 10s --warmup 30s --repeats 1 > $out 2>&1
    printf '%s %s %s ' $m $n $i; awk -F'  +' '/user CPU us\/msg|system CPU us\/msg|user\+system CPU us\/msg|ratio gen|voluntary context|event loops|JIT comp|garbage|reporter|whole run/ {printf "%s=%s/%s ", $6, $7, $8}' $out | sed 's/ CPU us\/msg//g; s/generator threads: //g; s/ (JSON summary)//; s/context switches\/msg/cs/g'; grep -o 'send-lag p99 [0-9.]* ms' $out | head -1
  done
done
