#!/usr/bin/env bash
# The proxy on your machine, no Kubernetes needed: three local redis-servers as shards, the proxy
# in front of them, a short workload through the proxy, and where each key went; plus a second
# "region" (one redis-server behind a proxy of its own) that receives every write by mirroring.
# It stays up so you can try it with redis-cli until Ctrl-C; --once exits after the workload.
set -euo pipefail
cd "$(dirname "$0")/.."

once=false
[ "${1:-}" = "--once" ] && once=true

hack/lib/install-deps.sh
echo "building the proxy..."
mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl proxy -am

workdir=$(mktemp -d)
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$workdir"
  echo "stopped everything"
}
trap cleanup EXIT INT TERM

# A free loopback port: nothing answers on it (good enough for a demo; tests bind port 0).
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

wait_for_ping() {
  local port=$1
  for _ in $(seq 1 100); do
    if [ "$(redis-cli -p "$port" PING 2>/dev/null)" = "PONG" ]; then
      return 0
    fi
    sleep 0.1
  done
  echo "nothing answered PING on port $port" >&2
  return 1
}

shard_ports=()
for i in 1 2 3; do
  port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$workdir" --logfile "$workdir/redis-$i.log" &
  pids+=($!)
  shard_ports+=("$port")
done
for port in "${shard_ports[@]}"; do wait_for_ping "$port"; done

# The other region: one redis-server behind its own proxy.
west_redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$west_redis_port" --save "" --appendonly no \
  --dir "$workdir" --logfile "$workdir/redis-west.log" &
pids+=($!)
wait_for_ping "$west_redis_port"
west_port=$(free_port)
cat >"$workdir/west.yaml" <<YAML
listen: {host: 127.0.0.1, port: $west_port}
admin: {host: 127.0.0.1, port: $(free_port)}
upstreams:
  - name: main
    shards: [{primary: 127.0.0.1:$west_redis_port}]
mirroring: {region: west}
YAML
java -jar proxy/target/redis-proxy.jar --config "$workdir/west.yaml" >"$workdir/west.log" 2>&1 &
pids+=($!)
wait_for_ping "$west_port"

proxy_port=$(free_port)
admin_port=$(free_port)
cat >"$workdir/proxy.yaml" <<YAML
listen: {host: 127.0.0.1, port: $proxy_port}
admin: {host: 127.0.0.1, port: $admin_port}
upstreams:
  - name: main
    hashing: maglev
    shards:
      - {name: shard-a, primary: 127.0.0.1:${shard_ports[0]}}
      - {name: shard-b, primary: 127.0.0.1:${shard_ports[1]}}
      - {name: shard-c, primary: 127.0.0.1:${shard_ports[2]}}
  - name: west
    shards: [{primary: 127.0.0.1:$west_port}]
routes:
  - {prefix: "", upstream: main, mirrors: [{upstream: west}]}
mirroring: {region: east}
YAML
java -jar proxy/target/redis-proxy.jar --config "$workdir/proxy.yaml" >"$workdir/proxy.log" 2>&1 &
pids+=($!)
wait_for_ping "$proxy_port"

proxy() { redis-cli -p "$proxy_port" "$@"; }

echo
echo "== a short workload through the proxy (port $proxy_port)"
for i in $(seq 1 12); do proxy SET "user:$i" "name-$i" >/dev/null; done
echo "SET user:1 .. user:12"
echo "MSET city:paris city:tokyo city:lima -> $(proxy MSET city:paris 2.1M city:tokyo 14M city:lima 10M)"
echo "MGET user:3 city:tokyo nope    -> $(proxy MGET user:3 city:tokyo nope | tr '\n' ' ')"
echo "INCR visits (3 times)          -> $(proxy INCR visits >/dev/null; proxy INCR visits >/dev/null; proxy INCR visits)"
echo "HSET {cart:42}:items / {cart:42}:owner (one hash tag, so one shard)"
proxy HSET "{cart:42}:items" apples 3 pears 2 >/dev/null
proxy SET "{cart:42}:owner" user:7 >/dev/null
echo "RENAME across shards           -> $(proxy RENAME user:1 user:2 2>&1 | head -1)"
echo "SET session:9 token EX 300     -> $(proxy SET session:9 token EX 300)"
echo "DBSIZE (summed over shards)    -> $(proxy DBSIZE)"

echo
echo "== where the keys went (read directly from each redis-server)"
names=(shard-a shard-b shard-c)
for i in 0 1 2; do
  keys=$(redis-cli -p "${shard_ports[$i]}" --scan | sort | tr '\n' ' ')
  printf '%s (port %s): %s\n' "${names[$i]}" "${shard_ports[$i]}" "$keys"
done

echo
echo "== the other region (every write mirrored to it, asynchronously)"
expected=$(proxy DBSIZE)
for _ in $(seq 1 50); do
  [ "$(redis-cli -p "$west_port" DBSIZE)" = "$expected" ] && break
  sleep 0.1
done
echo "DBSIZE in west                 -> $(redis-cli -p "$west_port" DBSIZE)"
echo "GET city:tokyo in west         -> $(redis-cli -p "$west_port" GET city:tokyo)"
echo "TTL session:9 in west          -> $(redis-cli -p "$west_port" TTL session:9) (mirrored as an absolute expiry: the same instant as in east)"

echo
echo "== the proxy's view"
proxy INFO | grep -E '^(connected_clients|shards|shards_reachable|config_hash|db0):' || true
echo "admin: http://127.0.0.1:$admin_port/readyz  /metrics  /config"

if $once; then
  exit 0
fi
echo
echo "Try it:  redis-cli -p $proxy_port   (the other region: redis-cli -p $west_port)"
echo "Edit $workdir/proxy.yaml and the proxy applies it without dropping connections."
echo "Ctrl-C stops the proxy and the redis-servers."
wait "${pids[-1]}"
