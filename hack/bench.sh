#!/usr/bin/env bash
# Throughput, latency and CPU cost per request of redis-proxy compared with one redis-server
# reached directly and with twemproxy (nutcracker) over the same three redis-servers, all measured
# in one run by the benchmark tool (the bench module); redis-benchmark is the load generator.
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
#   BUILD         1 rebuilds the proxy and benchmark jars even when they exist [0]
#   MVN_FLAGS     extra Maven flags for that build, e.g. -o []
#   OUT           where the Markdown table is written [${TMPDIR:-/tmp}/redis-proxy-bench-<time>.md]
#   CLUSTER       1 also compares the proxy over a 6-node Redis Cluster (3 primaries, 3 replicas)
#                 with redis-benchmark --cluster, a cluster-aware client, straight to it [1]
#   FLUSH_DELAY   also measures proxy_flush: a second proxy over the same three servers with
#                 this upstream flushDelay; empty leaves it out [200us]
#   MIRROR        1 also measures proxy_mirror: a second proxy over the same three servers that
#                 mirrors every write to a fifth redis-server, to compare with the proxy [1]
#   EPOLL         1 also measures proxy_epoll: a second proxy like proxy on the epoll transport
#                 (proxy itself uses io_uring where the kernel allows it) [1]
#   STANDARD      1 runs the SET/GET (-P 1 and -P 16) and MGET tests with CLIENTS clients [1]
#   MANY_CLIENTS  also runs SET/GET at -P 1 and -P 16 from this many clients (N_P1 and N_P16
#                 requests) against every target but the cluster ones, and reports each target's
#                 p99 against direct's and against its own with CLIENTS; 0 leaves them out [1000]
#   LARGE         1 also runs SET then GET of 1 MiB values (-d 1048576 -c 10 -r 100) against
#                 every target but the cluster ones: throughput ratio to direct, CPU per MiB [1]
#   N_LARGE       requests per 1 MiB run [2000]
#   IDLE_CLIENTS  opens this many idle clients (each sends PING once and waits for +PONG) to a
#                 proxy with the image's JVM flags in a 256 MiB container, to twemproxy and to a
#                 redis-server, and reports each one's RSS before and after; 0 leaves it out [10000]
#
# The Markdown goes to OUT and a chart of CPU per request by target to OUT with .svg.
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly PROXY_JAR="$REPO_ROOT/proxy/target/redis-proxy.jar"
readonly BENCH_JAR="$REPO_ROOT/bench/target/redis-proxy-bench.jar"

# The settings passed on to the tool, each as the option of the same name (N_P1 as --n-p1).
readonly SETTINGS=(QUICK ROUNDS N_P1 N_P16 N_MGET MGET_KEYS CLIENTS KEYSPACE VALUE_SIZE IO_THREADS
  HASHING JAVA_OPTS RUN_TIMEOUT OUT CLUSTER FLUSH_DELAY MIRROR EPOLL STANDARD MANY_CLIENTS LARGE
  N_LARGE IDLE_CLIENTS)

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# Installs the Debian packages providing the commands the tool runs, only those that are missing.
ensure_tools() {
  local -A package_of=(
    [redis-server]=redis-server [redis-benchmark]=redis-tools [redis-cli]=redis-tools
    [nutcracker]=nutcracker [getconf]=libc-bin
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

build() {
  if [[ "${BUILD:-0}" == 1 || ! -f "$PROXY_JAR" || ! -f "$BENCH_JAR" ]]; then
    command -v mvn >/dev/null || die "mvn not found: install Maven to build $PROXY_JAR"
    log "building $PROXY_JAR and $BENCH_JAR"
    # shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
    (cd "$REPO_ROOT" && mvn -q -B ${MVN_FLAGS:-} -DskipTests package -pl proxy,bench -am)
  fi
  [[ -f "$PROXY_JAR" ]] || die "the build did not produce $PROXY_JAR"
  [[ -f "$BENCH_JAR" ]] || die "the build did not produce $BENCH_JAR"
}

main() {
  ensure_tools
  build
  local args=(--proxy-jar "$PROXY_JAR") setting option
  for setting in "${SETTINGS[@]}"; do
    # Set, even to nothing: an empty FLUSH_DELAY leaves proxy_flush out.
    if [[ -n "${!setting+set}" ]]; then
      option="${setting,,}"
      args+=("--${option//_/-}" "${!setting}")
    fi
  done
  # exec, so that Ctrl-C and TERM reach the tool, which stops every process it started.
  exec java -cp "$BENCH_JAR:$PROXY_JAR" io.redisproxy.bench.Main "${args[@]}"
}

main "$@"
