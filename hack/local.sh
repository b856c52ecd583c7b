#!/usr/bin/env bash
# A RedisProxy resource on your machine, no Kubernetes needed: the operator renders it through
# its own model and runs that topology as local processes (a redis-server per Redis pod with its
# replication set up, a proxy per pod with the config its ConfigMap would hold), prints how to
# connect with redis-cli, and stops everything on Ctrl-C.
#
#   hack/local.sh                                        # manifests/samples/sharded.yaml
#   hack/local.sh manifests/samples/two-regions-mirrored.yaml
#   hack/local.sh my-redisproxy.yaml --port 7000         # any `local` option after the file
set -euo pipefail
cd "$(dirname "$0")/.."

file=${1:-manifests/samples/sharded.yaml}
shift || true

hack/lib/install-deps.sh
echo "building the proxy and the operator..."
mvn -B -ntp -q -Dstyle.color=never -DskipTests package -pl operator -am
exec java -jar operator/target/redis-proxy-operator.jar local -f "$file" \
  --proxy-jar proxy/target/redis-proxy.jar "$@"
