#!/bin/bash
# cs.sh LABEL [run args]: a 6,000-meter connect storm at 250/s; per connect, seconds 8-20: CPU and voluntary switches of both
label=$1; shift
cd /tmp/tt
cat > mt.conf <<EOC
listener 21884 127.0.0.1
allow_anonymous true
max_connections -1
persistence false
log_type error
user root
EOC
[ "${TLS:-0}" = 1 ] && printf 'cafile /tmp/tt/pki/ca.crt\ncertfile /tmp/tt/pki/server.crt\nkeyfile /tmp/tt/pki/server.key\n' >> mt.conf
/usr/sbin/mosquitto -c mt.conf >mt.log 2>&1 & M=$!
sleep 0.5
java -XX:+UseParallelGC -Xms256m -jar /tmp/tt/main.jar run --tokens tokens6k.csv --server 127.0.0.1:21884 --rate 1/s --duration 30s --connect-rate 250/s --report-interval 1s --metrics-port 19112 --json-out /tmp/tt/cs-$label.json "$@" > cs-$label.log 2>&1 & G=$!
snap() { c=$(curl -s http://127.0.0.1:19112/metrics | awk '/^loadgen_devices_connected/ {v+=$2} END {printf "%.0f", v}')
  g=$(s=$(cat /proc/$G/stat); s="${s##*) }"; awk '{print $12+$13}' <<<"$s"); m=$(awk '{print $14+$15}' /proc/$M/stat)
  gv=$(cat /proc/$G/task/*/status | awk '$1=="voluntary_ctxt_switches:"{v+=$2} END{print v}')
  mv=$(awk '$1=="voluntary_ctxt_switches:"{print $2}' /proc/$M/status)
  echo "$c $g $m $gv $mv"; }
sleep 8; ./thr.sh $G > cs-t1; a=$(snap); sleep 12; b=$(snap); ./thr.sh $G > cs-t2
wait $G; kill $M; wait $M 2>/dev/null
awk -v a="$a" -v b="$b" -v l="$label" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN{split(a,x," ");split(b,y," "); m=y[1]-x[1];
 printf "%-14s connects %d (%.0f/s) gen %.0f us mosq %.0f us ratio %.2f | vol/connect gen %.2f mosq %.2f | load %s\n", l, m, m/12, (y[2]-x[2])*1e4/m, (y[3]-x[3])*1e4/m, (y[2]-x[2])/(y[3]-x[3]), (y[4]-x[4])/m, (y[5]-x[5])/m, load}'
awk -F'\t' -v l="$label" -v a="$a" -v b="$b" 'BEGIN{split(a,x," ");split(b,y," "); m=y[1]-x[1]} FNR==1{f++} {k=$1; n=$2+$3; g=(k ~ /^loadgen-io/)?"io":((k ~ /CompilerThre/)?"jit":"other"); if(f==1) t[g]-=n; else t[g]+=n}
 END{printf "%-14s per connect: event loops %.0f us, JIT compilers %.0f us, other threads %.0f us\n", l, t["io"]*1e4/m, t["jit"]*1e4/m, t["other"]*1e4/m}' cs-t1 cs-t2
