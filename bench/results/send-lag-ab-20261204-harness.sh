#!/usr/bin/env bash
# send-lag A/B: throughput 10,000 meters at 40,000/s, metrics on, old (1cbfa97) vs new (main) builds, interleaved
for i in 1 2; do
  for v in old new; do
    root=/work/main; [ $v = old ] && root=/tmp/wt-old
    out=/tmp/s12/lag-$v-$i.out
    LOADGEN_RUN_ARGS="--metrics-port 0" flock /tmp/bench.lock $root/bench/run.sh throughput --meters 10000 --rates 40000 --window 20s --warmup 30s > $out 2>&1
    printf '%s %s ' $v $i; awk '$1 == "throughput" && $2 == "mosquitto" {print "sent_err", $8, "lag_p99", $10, "warmup_lag", $11, "puback_p99", $12, "gen_cpu", $16, "srv_cpu", $17, "gen_us", $18, "srv_us", $19, "ratio", $20}' $out
  done
done
