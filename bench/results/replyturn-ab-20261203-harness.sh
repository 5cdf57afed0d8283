#!/bin/bash
# Harness of the reply-turn A/B (kept as run from /tmp/tt): ab.sh LABEL JAR [run args]; TOKENS, RATE from the environment.
# ab.sh LABEL JAR [extra run args...]: fresh Mosquitto, 1000 meters x 10/s, window 20-40 s; prints per-msg CPU and switches
label=$1; jar=$2; shift 2
cd /tmp/tt
/usr/sbin/mosquitto -c m.conf >mq.log 2>&1 & M=$!
sleep 0.5
java -XX:+UseParallelGC -Xms256m -jar $jar run --tokens ${TOKENS:-tokens.csv} --server 127.0.0.1:21883 --rate ${RATE:-10000}/s --duration 45s --confirm puback --qos 1 --connect-rate 10000/s --report-interval 1s --metrics-port 19111 --hlog /tmp/tt/ab.hlog --json-out /tmp/tt/ab-$label.json "$@" > ab-$label.log 2>&1 & G=$!
snap() { c=$(curl -s http://127.0.0.1:19111/metrics | awk '/^loadgen_messages_confirmed_total/ {v+=$2} END {printf "%.0f", v}')
  g=$(s=$(cat /proc/$G/stat); s="${s##*) }"; awk '{print $12+$13}' <<<"$s"); m=$(awk '{print $14+$15}' /proc/$M/stat)
  gv=$(cat /proc/$G/task/*/status | awk '$1=="voluntary_ctxt_switches:"{v+=$2} END{print v}')
  mv=$(awk '$1=="voluntary_ctxt_switches:"{print $2}' /proc/$M/status)
  echo "$c $g $m $gv $mv"; }
sleep 20; a=$(snap); sleep 20; b=$(snap)
wait $G; kill $M; wait $M 2>/dev/null
lag=$(jq -r '.latencies.send_lag.p99' ab-$label.json); pub=$(jq -r '.latencies.puback.p99 // .latencies.confirm.p99 // "-"' ab-$label.json)
awk -v a="$a" -v b="$b" -v l="$label" -v lag="$lag" -v pub="$pub" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN{split(a,x," ");split(b,y," "); m=y[1]-x[1]; 
 printf "%-12s msgs/s %.0f gen %.2f us mosq %.2f us ratio %.2f | vol/msg gen %.3f mosq %.3f | lag p99 %s puback p99 %s load %s\n", l, m/20, (y[2]-x[2])*1e4/m, (y[3]-x[3])*1e4/m, (y[2]-x[2])/(y[3]-x[3]), (y[4]-x[4])/m, (y[5]-x[5])/m, lag, pub, load}'
