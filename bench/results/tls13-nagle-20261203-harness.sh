#!/bin/bash
# TLS 1.3 connect latency against Mosquitto with and without set_tcp_nodelay (is its Nagle holding the CONNACK?)
cd /tmp/s12
head -2001 /tmp/prof/tok6000.csv > tok2000.csv
for nd in ${ARMS:-false true false true}; do
  sed 's/^listener 18901.*/listener 18961 127.0.0.1/' /tmp/prof/m18901.conf > mn.conf
  echo "set_tcp_nodelay $nd" >> mn.conf
  /usr/sbin/mosquitto -c mn.conf > mn.log 2>&1 & M=$!
  sleep 0.5
  java -XX:+UseParallelGC -Xms256m -jar /tmp/s12/main.jar run --tokens tok2000.csv --server 127.0.0.1:18961 --tls --ca /tmp/prof/pki/ca.crt \
    --tls-versions ${TLSV:-TLSv1.3} --connect-rate 500/s --rate 200/s --duration 6s --confirm puback --qos 1 --json-out nagle-$nd.json > nagle-$nd.log 2>&1
  kill $M; wait $M 2>/dev/null
  echo "set_tcp_nodelay $nd: $(jq -c '{connected: .connections.connected, connect: {p50: .latencies.connect.p50, p99: .latencies.connect.p99}, tls: {p50: .latencies.tls_handshake.p50}, tcp: {p50: .latencies.tcp_connect.p50}, puback: {p50: .latencies.puback.p50}}' nagle-$nd.json 2>/dev/null || tail -3 nagle-$nd.log)"
done
