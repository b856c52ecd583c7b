#!/usr/bin/env bash
# Throughput and latency of redis-proxy compared with one redis-server reached directly and with
# twemproxy (nutcracker) over the same three redis-servers, all measured in one run.
#
# Every target runs on loopback ports picked at run time. Targets are measured round-robin
# (direct, proxy, twemproxy, direct, ...) so that background load on a shared machine affects
# them alike; the table reports the median of the rounds.
#
# Usage: hack/bench.sh                    full run
#        QUICK=1 hack/bench.sh            smoke test: tiny runs, one round
#
# Environment (defaults in brackets; QUICK=1 only lowers the defaults, explicit values win):
#   ROUNDS        rounds over all targets [3]
#   N_P1          requests per SET/GET run without pipelining [200000]
#   N_P16         requests per SET/GET run with -P 16 [1000000]
#   N_MGET        requests per MGET run [50000]
#   MGET_KEYS     keys per MGET [100]
#   CLIENTS       redis-benchmark connections [50]
#   KEYSPACE      distinct keys, key:000000000000 .. [100000]
#   VALUE_SIZE    value size in bytes [64]
#   IO_THREADS    proxy ioThreads [0: the proxy default, half the cores]
#   HASHING       proxy shard hashing, maglev or ketama [maglev]
#   JAVA_OPTS     extra JVM options for the proxy []
#   RUN_TIMEOUT   seconds one redis-benchmark run may take before it is killed [300]
#   BUILD         1 rebuilds the proxy jar even when it exists [0]
#   MVN_FLAGS     extra Maven flags for that build, e.g. -o []
#   OUT           where the Markdown table is written [${TMPDIR:-/tmp}/redis-proxy-bench-<time>.md]
#   CLUSTER       1 also compares the proxy over a 6-node Redis Cluster (3 primaries, 3 replicas)
#                 with redis-benchmark --cluster, a cluster-aware client, straight to it [1]
#   FLUSH_DELAY   also measures proxy_flush: a second proxy over the same three servers with
#                 this upstream flushDelay; empty leaves it out [200us]
#   MIRROR        1 also measures proxy_mirror: a second proxy over the same three servers that
#                 mirrors every write to a fifth redis-server, to compare with the proxy [1]
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly PROXY_JAR="$REPO_ROOT/proxy/target/redis-proxy.jar"

QUICK="${QUICK:-0}"
if [[ "$QUICK" == 1 ]]; then
  ROUNDS="${ROUNDS:-1}" N_P1="${N_P1:-2000}" N_P16="${N_P16:-20000}" N_MGET="${N_MGET:-1000}"
fi
ROUNDS="${ROUNDS:-3}"
CLUSTER="${CLUSTER:-1}"
MIRROR="${MIRROR:-1}"
FLUSH_DELAY="${FLUSH_DELAY-200us}"
N_P1="${N_P1:-200000}"
N_P16="${N_P16:-1000000}"
N_MGET="${N_MGET:-50000}"
MGET_KEYS="${MGET_KEYS:-100}"
CLIENTS="${CLIENTS:-50}"
KEYSPACE="${KEYSPACE:-100000}"
VALUE_SIZE="${VALUE_SIZE:-64}"
IO_THREADS="${IO_THREADS:-0}"
HASHING="${HASHING:-maglev}"
JAVA_OPTS="${JAVA_OPTS:-}"
RUN_TIMEOUT="${RUN_TIMEOUT:-300}"
BUILD="${BUILD:-0}"
MVN_FLAGS="${MVN_FLAGS:-}"

# Measured round-robin in this order; a test's first measured target is its "vs direct" baseline.
TARGETS=(direct proxy)
if [[ -n "$FLUSH_DELAY" ]]; then
  TARGETS+=(proxy_flush)
fi
if [[ "$MIRROR" == 1 ]]; then
  TARGETS+=(proxy_mirror)
fi
TARGETS+=(twemproxy)
if [[ "$CLUSTER" == 1 ]]; then
  TARGETS+=(cluster_direct cluster_proxy)
fi
readonly TARGETS

WORK_DIR=""        # temp dir for configs, logs and raw results; removed on a clean exit
PIDS=()            # every process this script started, stopped on exit
declare -A PORT=() # target or shard name -> port
declare -A PID_OF=() # process name -> PID, for the CPU time a target's process spends
FAILURES=0         # benchmark runs that failed; a failure keeps WORK_DIR for its logs
LAST_PID=""        # PID of the process start() launched last
RUN_COUNT=0        # numbers the output files of benchmark runs
BENCH_PID=""       # the redis-benchmark run in progress, if any

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# Stops everything we started: TERM first so the proxy shuts down the way it does in production,
# KILL whatever is still alive after ten seconds so the script never hangs on exit.
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$BENCH_PID" ]]; then
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
  fi
  if ((${#PIDS[@]} > 0)); then
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    local waited=0
    while ((waited < 100)) && any_alive "${PIDS[@]}"; do
      sleep 0.1
      waited=$((waited + 1))
    done
    kill -KILL "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
  fi
  if [[ -n "$WORK_DIR" ]]; then
    if ((status == 0 && FAILURES == 0)); then
      rm -rf "$WORK_DIR"
    else
      log "logs and raw results kept in $WORK_DIR"
    fi
  fi
  exit "$status"
}

any_alive() {
  local pid
  for pid in "$@"; do
    if kill -0 "$pid" 2>/dev/null; then return 0; fi
  done
  return 1
}

# Installs the Debian packages providing the commands we run, only those that are missing.
ensure_tools() {
  local -A package_of=(
    [redis-server]=redis-server [redis-benchmark]=redis-tools [redis-cli]=redis-tools
    [nutcracker]=nutcracker [python3]=python3-minimal [timeout]=coreutils
  )
  local missing=() command
  for command in "${!package_of[@]}"; do
    if ! command -v "$command" >/dev/null && [[ ! -x "/usr/sbin/$command" ]]; then
      missing+=("${package_of[$command]}")
    fi
  done
  if ((${#missing[@]} > 0)); then
    local sudo=()
    ((EUID == 0)) || sudo=(sudo)
    log "installing ${missing[*]}"
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}"
  fi
  # Debian installs nutcracker under /usr/sbin, which is not on a normal user's PATH.
  PATH="$PATH:/usr/sbin"
  command -v java >/dev/null || die "java not found: install a JDK 17 or newer"
}

build_proxy() {
  if [[ "$BUILD" == 1 || ! -f "$PROXY_JAR" ]]; then
    command -v mvn >/dev/null || die "mvn not found: install Maven to build $PROXY_JAR"
    log "building $PROXY_JAR"
    # shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
    (cd "$REPO_ROOT" && mvn -q -B $MVN_FLAGS -DskipTests package -pl proxy -am)
  fi
  [[ -f "$PROXY_JAR" ]] || die "the build did not produce $PROXY_JAR"
}

# Prints COUNT distinct free loopback ports, chosen by the kernel. All sockets stay bound until
# every port is picked, so no port appears twice.
free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in sockets))
EOF
}

# Starts a command in the background with its output in WORK_DIR/NAME.log and remembers its PID.
start() {
  local name=$1
  shift
  "$@" >"$WORK_DIR/$name.log" 2>&1 &
  PIDS+=("$!")
  LAST_PID=$!
  PID_OF[$name]=$!
}

# Waits until PORT answers PING, failing early with the log when the process behind it died.
wait_ready() {
  local name=$1 port=$2 pid=$3 tries=0
  until [[ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" == PONG ]]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$WORK_DIR/$name.log" >&2 || true
      die "$name exited before it answered PING on port $port"
    fi
    ((++tries < 300)) || die "$name did not answer PING on port $port within 30 s"
    sleep 0.1
  done
}

start_redis() {
  local name=$1 port=$2
  start "$name" redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$WORK_DIR" --dbfilename "$name.rdb" --daemonize no
  wait_ready "$name" "$port" "$LAST_PID"
}

# A proxy NAME over the three shards; given a port, it also mirrors every write there; given a
# flush delay, it holds upstream writes that long.
start_proxy() {
  local name=$1 mirror_to=${2:-} flush_delay=${3:-0us}
  local config="$WORK_DIR/$name.yaml"
  cat >"$config" <<EOF
listen: {host: 127.0.0.1, port: ${PORT[$name]}}
admin: {host: 127.0.0.1, port: ${PORT[${name}_admin]}}
ioThreads: $IO_THREADS
upstreams:
  - name: main
    hashing: $HASHING
    flushDelay: $flush_delay
    shards:
      - primary: 127.0.0.1:${PORT[shard1]}
      - primary: 127.0.0.1:${PORT[shard2]}
      - primary: 127.0.0.1:${PORT[shard3]}
EOF
  if [[ -n "$mirror_to" ]]; then
    cat >>"$config" <<EOF
  - name: west
    shards: [{primary: 127.0.0.1:$mirror_to}]
routes:
  - {prefix: "", upstream: main, mirrors: [{upstream: west}]}
mirroring: {region: bench}
EOF
  fi
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM options
  start "$name" java $JAVA_OPTS -jar "$PROXY_JAR" --config "$config"
  wait_ready "$name" "${PORT[$name]}" "$LAST_PID"
}

# A meter of the proxy NAME, summed over its series, read from its admin endpoint.
proxy_meter() {
  python3 - "${PORT[${1}_admin]}" "$2" <<'EOF'
import sys, urllib.request
text = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/metrics", timeout=5).read().decode()
print(int(sum(float(line.split()[-1]) for line in text.splitlines()
              if line.startswith(sys.argv[2] + "{"))))
EOF
}

# twemproxy with the settings that make it comparable: one connection per shard, no ejection.
start_twemproxy() {
  local config="$WORK_DIR/nutcracker.yml"
  cat >"$config" <<EOF
bench:
  listen: 127.0.0.1:${PORT[twemproxy]}
  hash: fnv1a_64
  distribution: ketama
  redis: true
  server_connections: 1
  auto_eject_hosts: false
  servers:
    - 127.0.0.1:${PORT[shard1]}:1 shard1
    - 127.0.0.1:${PORT[shard2]}:1 shard2
    - 127.0.0.1:${PORT[shard3]}:1 shard3
EOF
  nutcracker --test-conf --conf-file "$config" >/dev/null 2>&1 ||
    die "nutcracker rejected $config: run 'nutcracker -t -c $config' to see why"
  # Foreground, so its PID is ours to stop; its own stats port must not collide either.
  start twemproxy nutcracker --conf-file "$config" --output "$WORK_DIR/twemproxy.log" \
    --stats-addr 127.0.0.1 --stats-port "${PORT[twemproxy_stats]}"
  wait_ready twemproxy "${PORT[twemproxy]}" "$LAST_PID"
}

# Six cluster-enabled redis-servers made one cluster by redis-cli, usable once every node says ok.
start_cluster() {
  local i nodes=()
  for i in 1 2 3 4 5 6; do
    mkdir -p "$WORK_DIR/cluster$i"
    start "cluster$i" redis-server --bind 127.0.0.1 --port "${PORT[cluster$i]}" --save "" \
      --appendonly no --dir "$WORK_DIR/cluster$i" --cluster-enabled yes \
      --cluster-config-file nodes.conf --cluster-port "${PORT[cluster_bus$i]}" --daemonize no
    wait_ready "cluster$i" "${PORT[cluster$i]}" "$LAST_PID"
    nodes+=("127.0.0.1:${PORT[cluster$i]}")
  done
  timeout 60 redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes \
    >"$WORK_DIR/cluster-create.log" 2>&1 ||
    die "redis-cli --cluster create failed: $(tail -3 "$WORK_DIR/cluster-create.log")"
  local attempt ok n
  for ((attempt = 0; attempt < 300; attempt++)); do
    ok=0
    for n in 1 2 3 4 5 6; do
      if redis-cli -p "${PORT[cluster$n]}" CLUSTER INFO | grep -q cluster_state:ok; then
        ok=$((ok + 1))
      fi
    done
    ((ok == 6)) && break
    sleep 0.2
  done
  ((ok == 6)) || die "the cluster did not become ready"
  PORT[cluster_direct]=${PORT[cluster1]}
}

start_cluster_proxy() {
  local config="$WORK_DIR/cluster-proxy.yaml"
  cat >"$config" <<EOF
listen: {host: 127.0.0.1, port: ${PORT[cluster_proxy]}}
admin: {host: 127.0.0.1, port: ${PORT[cluster_proxy_admin]}}
ioThreads: $IO_THREADS
upstreams:
  - name: cluster
    cluster:
      seeds: [127.0.0.1:${PORT[cluster1]}, 127.0.0.1:${PORT[cluster2]}]
EOF
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM options
  start cluster_proxy java $JAVA_OPTS -jar "$PROXY_JAR" --config "$config"
  wait_ready cluster_proxy "${PORT[cluster_proxy]}" "$LAST_PID"
}

# Writes every key of the keyspace straight into the direct server and into all three shards.
# Each proxy hashes differently, so only a copy on every shard lets GET and MGET find a value
# whichever shard a proxy picks; otherwise one target would answer with cheaper nil replies.
populate() {
  local commands="$WORK_DIR/populate.resp" target
  awk -v keys="$KEYSPACE" -v size="$VALUE_SIZE" 'BEGIN {
    value = ""
    for (i = 0; i < size; i++) value = value "x"
    for (i = 0; i < keys; i++) {
      key = sprintf("key:%012d", i)
      printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(key), key, size, value
    }
  }' >"$commands"
  for target in direct shard1 shard2 shard3; do
    redis-cli -h 127.0.0.1 -p "${PORT[$target]}" --pipe <"$commands" >/dev/null ||
      die "could not load $KEYSPACE keys into $target"
  done
}

# Runs redis-benchmark once against TARGET and appends "test pipeline target rps p50 p99" rows to
# WORK_DIR/results.tsv. TESTS names the rows the run prints, comma-separated and in order (a
# custom command's own name would be the whole command line). A failed run is recorded as FAIL
# for each of its tests and its output kept, so one broken target spoils no other.
run_bench() {
  local target=$1 pipeline=$2 requests=$3 tests=$4
  shift 4
  local run="$WORK_DIR/run-$((++RUN_COUNT))-$target-P$pipeline"
  local status=0 names=() test rps p50 p99 ticks_before ticks_after cpu="n/a"
  local all_before all_after generator_before generator_after all shards_before shards="n/a"
  IFS=, read -r -a names <<<"$tests"
  ticks_before="$(cpu_ticks "${PID_OF[$target]:-}")"
  shards_before="$(shard_ticks "$target")"
  all_before="$(serving_ticks "$target")"
  generator_before="$(generator_ticks)"
  # In the background because bash runs a trap only once the foreground command is done, while
  # "wait" returns at once on a signal: Ctrl-C or TERM stops the script without waiting for it.
  timeout -k 5 "$RUN_TIMEOUT" redis-benchmark -h 127.0.0.1 -p "${PORT[$target]}" \
    -c "$CLIENTS" -r "$KEYSPACE" -d "$VALUE_SIZE" -P "$pipeline" -n "$requests" --csv "$@" \
    >"$run.csv" 2>"$run.err" &
  BENCH_PID=$!
  wait "$BENCH_PID" || status=$?
  BENCH_PID=""
  generator_after="$(generator_ticks)"
  all_after="$(serving_ticks "$target")"
  ticks_after="$(cpu_ticks "${PID_OF[$target]:-}")"
  # Microseconds of CPU per request; a run holds one test, or the rate is one for all its tests.
  if [[ -n "$ticks_before" && -n "$ticks_after" ]]; then
    cpu="$(per_request "$ticks_before" "$ticks_after" "$((requests * ${#names[@]}))")"
  fi
  all="$(per_request "$((all_before + generator_before))" "$((all_after + generator_after))" \
    "$((requests * ${#names[@]}))")"
  if [[ "$target" != direct ]]; then
    shards="$(per_request "$shards_before" "$(shard_ticks "$target")" \
      "$((requests * ${#names[@]}))")"
  fi
  # With --cluster, redis-benchmark prints the cluster's primaries before the CSV.
  sed -i -n '/^"test"/,$p' "$run.csv"
  # redis-benchmark exits 1 on the first error reply; a timeout exits 124.
  if ((status != 0)) || (($(wc -l <"$run.csv") != ${#names[@]} + 1)); then
    FAILURES=$((FAILURES + 1))
    local reason
    # Proxies reject CONFIG GET, which redis-benchmark only uses to print a harmless warning.
    reason="$(grep -v 'Could not fetch server CONFIG' "$run.err" | head -c 300 || true)"
    if ((status == 124)); then reason="timed out after $RUN_TIMEOUT s. $reason"; fi
    log "FAILED: $tests -P $pipeline against $target (exit $status): $reason"
    for test in "${names[@]}"; do
      printf '%s\t%s\t%s\tFAIL\tFAIL\tFAIL\tFAIL\tFAIL\tFAIL\n' "$test" "$pipeline" "$target"
    done >>"$WORK_DIR/results.tsv"
    return 0
  fi
  # CSV columns: test, rps, avg, min, p50, p95, p99, max (milliseconds); first line is a header.
  tail -n +2 "$run.csv" | tr -d '"' | for test in "${names[@]}"; do
    IFS=, read -r _ rps _ _ p50 _ p99 _
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
      "$test" "$pipeline" "$target" "$rps" "$p50" "$p99" "$cpu" "$all" "$shards"
  done >>"$WORK_DIR/results.tsv"
}

# Two adjacent fields of /proc/PID/stat summed, counted after the command name (which is in
# parentheses and may hold spaces); nothing without a PID.
stat_fields() {
  local pid=$1 first=$2
  [[ -n "$pid" && -r "/proc/$pid/stat" ]] || return 0
  sed 's/^.*) //' "/proc/$pid/stat" | awk -v f="$first" '{ print $f + $(f + 1) }'
}

# CPU time (user + system, in clock ticks: utime and stime) the process PID has used so far.
cpu_ticks() { stat_fields "$1" 12; }

# The processes that serve TARGET: its own and the redis-servers behind it.
serving() {
  case "$1" in
    direct) echo direct ;;
    proxy | proxy_flush | twemproxy) echo "$1 shard1 shard2 shard3" ;;
    proxy_mirror) echo "proxy_mirror shard1 shard2 shard3 mirror_sink" ;;
    cluster_direct) echo "cluster1 cluster2 cluster3 cluster4 cluster5 cluster6" ;;
    cluster_proxy) echo "cluster_proxy cluster1 cluster2 cluster3 cluster4 cluster5 cluster6" ;;
  esac
}

# The redis-servers behind TARGET: the processes serving it but its own.
shards_of() {
  local name
  for name in $(serving "$1"); do
    [[ "$name" == "$1" ]] || echo "$name"
  done
}

# CPU ticks used so far by the redis-servers behind TARGET (its shards), summed.
shard_ticks() {
  local name sum=0 ticks
  for name in $(shards_of "$1"); do
    ticks="$(cpu_ticks "${PID_OF[$name]:-}")"
    sum=$((sum + ${ticks:-0}))
  done
  echo "$sum"
}

# CPU ticks used so far by every process serving TARGET, summed.
serving_ticks() {
  local name sum=0 ticks
  for name in $(serving "$1"); do
    ticks="$(cpu_ticks "${PID_OF[$name]:-}")"
    sum=$((sum + ${ticks:-0}))
  done
  echo "$sum"
}

# CPU ticks of this script's finished children (cutime and cstime): a benchmark run counts once it
# has been waited for.
generator_ticks() { stat_fields "$$" 14; }

# Microseconds per request from clock ticks BEFORE and AFTER over REQUESTS.
per_request() {
  awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.2f", (b - a) * 1e6 / hz / n }'
}

# One round of every test against one target.
bench_target() {
  local target=$1 mget=(MGET) i cluster_flag=()
  if [[ "$target" == cluster_* ]]; then
    # MGET of random keys spans slots, which Redis Cluster refuses; SET and GET compare fairly.
    [[ "$target" == cluster_direct ]] && cluster_flag=(--cluster)
    run_bench "$target" 1 "$N_P1" "SET cluster,GET cluster" -t set,get "${cluster_flag[@]}"
    run_bench "$target" 16 "$N_P16" "SET cluster,GET cluster" -t set,get "${cluster_flag[@]}"
    return
  fi
  for ((i = 0; i < MGET_KEYS; i++)); do mget+=("key:__rand_int__"); done
  # One test per run, so that the CPU time of the target's process belongs to that test.
  run_bench "$target" 1 "$N_P1" SET -t set
  run_bench "$target" 1 "$N_P1" GET -t get
  run_bench "$target" 16 "$N_P16" SET -t set
  run_bench "$target" 16 "$N_P16" GET -t get
  run_bench "$target" 1 "$N_MGET" "MGET $MGET_KEYS keys" "${mget[@]}"
}

# A short run so the JIT has compiled the proxy's hot paths before anything is measured.
warm_up_proxy() {
  log "warming up the proxy"
  N_P1=$((N_P1 / 4 + 1)) N_P16=$((N_P16 / 4 + 1)) N_MGET=$((N_MGET / 4 + 1)) \
    bench_target proxy
  if [[ -n "$FLUSH_DELAY" ]]; then
    N_P1=$((N_P1 / 4 + 1)) N_P16=$((N_P16 / 4 + 1)) N_MGET=$((N_MGET / 4 + 1)) \
      bench_target proxy_flush
  fi
  if [[ "$MIRROR" == 1 ]]; then
    N_P1=$((N_P1 / 4 + 1)) N_P16=$((N_P16 / 4 + 1)) N_MGET=$((N_MGET / 4 + 1)) \
      bench_target proxy_mirror
  fi
  if [[ "$CLUSTER" == 1 ]]; then
    N_P1=$((N_P1 / 4 + 1)) N_P16=$((N_P16 / 4 + 1)) bench_target cluster_proxy
  fi
  : >"$WORK_DIR/results.tsv"
}

median() {
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
  }'
}

# Column N of the results rows for one test, pipeline and target, skipping failed runs.
column_of() {
  local test=$1 pipeline=$2 target=$3 column=$4
  awk -F'\t' -v t="$test" -v p="$pipeline" -v g="$target" -v c="$column" \
    '$1 == t && $2 == p && $3 == g && $4 != "FAIL" { print $c }' "$WORK_DIR/results.tsv"
}

# The Markdown table of medians, tests in the order they ran, targets in TARGETS order.
report_table() {
  local results="$WORK_DIR/results.tsv" test pipeline target rps p50 p99 cpu all direct_rps ratio
  local runs ok shards
  echo "| test | pipeline | target | ops/s | p50 ms | p99 ms | vs direct | CPU µs/req | shards CPU µs/req | all CPU µs/req |"
  echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '!seen[$1 FS $2]++ { print $1 "\t" $2 }' "$results" |
    while IFS=$'\t' read -r test pipeline; do
      # The first target measured for a test is its baseline: direct, or the cluster-aware client.
      direct_rps=""
      for target in "${TARGETS[@]}"; do
        direct_rps="$(column_of "$test" "$pipeline" "$target" 4 | median)"
        [[ -n "$direct_rps" ]] && break
      done
      for target in "${TARGETS[@]}"; do
        rps="$(column_of "$test" "$pipeline" "$target" 4 | median)"
        p50="$(column_of "$test" "$pipeline" "$target" 5 | median)"
        p99="$(column_of "$test" "$pipeline" "$target" 6 | median)"
        cpu="$(column_of "$test" "$pipeline" "$target" 7 | { grep -v n/a || true; } | median)"
        all="$(column_of "$test" "$pipeline" "$target" 8 | median)"
        shards="$(column_of "$test" "$pipeline" "$target" 9 | { grep -v n/a || true; } | median)"
        runs="$(awk -F'\t' -v t="$test" -v p="$pipeline" -v g="$target" \
          '$1 == t && $2 == p && $3 == g' "$results" | wc -l)"
        ok="$(column_of "$test" "$pipeline" "$target" 4 | wc -l)"
        ((runs > 0)) || continue
        if [[ -z "$rps" ]]; then
          echo "| $test | $pipeline | $target | failed | | | | | | |"
          continue
        fi
        ratio="n/a"
        if [[ -n "$direct_rps" ]]; then
          ratio="$(awk -v a="$rps" -v b="$direct_rps" 'BEGIN { printf "%.2f", a / b }')"
        fi
        if ((ok < runs)); then ratio="$ratio ($ok/$runs runs ok)"; fi
        printf '| %s | %s | %s | %.0f | %s | %s | %s | %s | %s | %s |\n' \
          "$test" "$pipeline" "$target" "$rps" "$p50" "$p99" "$ratio" "${cpu:-n/a}" \
          "${shards:-n/a}" "${all:-n/a}"
      done
    done
}

main() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local load_before
  load_before="$(uptime)"
  ensure_tools
  build_proxy
  WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/redis-proxy-bench.XXXXXX")"
  OUT="${OUT:-${TMPDIR:-/tmp}/redis-proxy-bench-$(date +%Y%m%d-%H%M%S).md}"

  local names=(direct shard1 shard2 shard3 proxy proxy_admin twemproxy twemproxy_stats) ports i
  if [[ -n "$FLUSH_DELAY" ]]; then
    names+=(proxy_flush proxy_flush_admin)
  fi
  if [[ "$MIRROR" == 1 ]]; then
    names+=(proxy_mirror proxy_mirror_admin mirror_sink)
  fi
  if [[ "$CLUSTER" == 1 ]]; then
    names+=(cluster_proxy cluster_proxy_admin)
    for i in 1 2 3 4 5 6; do names+=("cluster$i" "cluster_bus$i"); done
  fi
  read -r -a ports <<<"$(free_ports "${#names[@]}")"
  for i in "${!names[@]}"; do PORT[${names[$i]}]=${ports[$i]}; done

  log "starting redis-servers, the proxy (ioThreads $IO_THREADS) and twemproxy"
  for i in direct shard1 shard2 shard3; do start_redis "$i" "${PORT[$i]}"; done
  start_proxy proxy
  if [[ -n "$FLUSH_DELAY" ]]; then
    log "starting a proxy with flushDelay $FLUSH_DELAY"
    start_proxy proxy_flush "" "$FLUSH_DELAY"
  fi
  if [[ "$MIRROR" == 1 ]]; then
    log "starting a mirroring proxy and the redis-server it mirrors to"
    start_redis mirror_sink "${PORT[mirror_sink]}"
    start_proxy proxy_mirror "${PORT[mirror_sink]}"
  fi
  start_twemproxy
  if [[ "$CLUSTER" == 1 ]]; then
    log "starting a 6-node Redis Cluster and a proxy over it"
    start_cluster
    start_cluster_proxy
  fi
  log "loading $KEYSPACE keys of $VALUE_SIZE bytes"
  populate
  warm_up_proxy

  local round target
  for ((round = 1; round <= ROUNDS; round++)); do
    for target in "${TARGETS[@]}"; do
      log "round $round/$ROUNDS: $target"
      bench_target "$target"
    done
  done

  {
    echo "# redis-proxy benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "direct: one redis-server; proxy: redis-proxy ($HASHING, ioThreads $IO_THREADS) over"
    echo "three redis-servers; twemproxy: nutcracker (ketama, fnv1a_64) over the same three."
    if [[ "$CLUSTER" == 1 ]]; then
      echo "Cluster rows: cluster_direct is redis-benchmark --cluster straight to a 3-primary,"
      echo "3-replica Redis Cluster; cluster_proxy is redis-proxy over the same cluster."
    fi
    echo "redis-benchmark -c $CLIENTS -r $KEYSPACE -d $VALUE_SIZE; requests per run:"
    echo "SET/GET -P 1: $N_P1, SET/GET -P 16: $N_P16, MGET: $N_MGET. Median of $ROUNDS rounds."
    if [[ -n "$FLUSH_DELAY" ]]; then
      echo "proxy_flush: a second redis-proxy like proxy whose upstream has flushDelay $FLUSH_DELAY."
    fi
    if [[ "$MIRROR" == 1 ]]; then
      echo "proxy_mirror: a second redis-proxy like proxy that also mirrors every write to a"
      echo "fifth redis-server; it mirrored $(proxy_meter proxy_mirror redisproxy_mirror_mirrored_total)" \
        "writes and dropped $(proxy_meter proxy_mirror redisproxy_mirror_dropped_total)."
    fi
    echo "CPU µs/req: user and system time of the process serving the target (redis-server,"
    echo "redis-proxy, nutcracker) per request; the load generator and the shards are not in it."
    echo "shards CPU µs/req: the same for the redis-servers behind a proxy, all together."
    echo "all CPU µs/req: the same for the load generator and every process serving the target"
    echo "(its own and the redis-servers behind it): with every process on the same cores, a"
    echo "target cannot serve more than (cores / all CPU) requests per second."
    echo "Cores: $(nproc). Load before: ${load_before##*load average: }; after:" \
      "$(uptime | sed 's/.*load average: //')."
    echo
    report_table
  } >"$OUT"
  cat "$OUT"
  log "results written to $OUT"
  ((FAILURES == 0)) || die "$FAILURES benchmark runs failed; see the logs above"
}

main "$@"
