#!/bin/bash
# JDK TLS 1.3 --tls-resumption fleet: how many resume, connecting slowly vs fast (no client certificates)
cd /tmp/s12
head -1001 /tmp/prof/tok6000.csv > tok1000.csv
for cr in ${RATES:-20/s 1000/s 20/s 1000/s}; do
  sed 's/^listener 18901.*/listener 18962 127.0.0.1/' /tmp/prof/m18901.conf > mj.conf; echo "set_tcp_nodelay true" >> mj.conf
  /usr/sbin/mosquitto -c mj.conf > mj.log 2>&1 & M=$!
  sleep 0.5
  n=$([ $cr = 20/s ] && echo 200 || echo 1000)
  head -$((n+1)) tok1000.csv > tokn.csv
  java -XX:+UseParallelGC -Xms256m -jar /tmp/s12/main.jar run --tokens tokn.csv --server 127.0.0.1:18962 --tls --ca /tmp/prof/pki/ca.crt \
    --tls-provider ${PROVIDER:-jdk} --tls-versions ${TLSV:-TLSv1.3} --tls-resumption fleet --connect-rate $cr --rate 10/s --duration 2s --json-out jr.json > jr.log 2>&1
  kill $M; wait $M 2>/dev/null
  echo "connect-rate $cr, $n meters: $(jq -c '.tls' jr.json)"
done
