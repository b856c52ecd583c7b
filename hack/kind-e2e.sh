#!/usr/bin/env bash
# End to end on a kind cluster: builds the operator and proxy images, loads them into kind,
# installs the operator from manifests/install.yaml, applies the replica-reads sample and checks
# SET/GET through its client Service. Needs docker, kind and kubectl.
#   KIND_CLUSTER  cluster name (default redis-proxy-e2e); created when missing
#   KEEP_CLUSTER  set to 1 to keep the cluster afterwards
set -euo pipefail
cd "$(dirname "$0")/.."

cluster=${KIND_CLUSTER:-redis-proxy-e2e}
tag=e2e
operator_image=ghcr.io/redis-proxy/redis-proxy-operator:$tag
proxy_image=ghcr.io/redis-proxy/redis-proxy:$tag
kubectl="kubectl --context kind-$cluster"

mvn -q -pl proxy,operator -am package -DskipTests
docker build -q -f proxy/Dockerfile -t "$proxy_image" .
docker build -q -f operator/Dockerfile -t "$operator_image" .

if ! kind get clusters | grep -qx "$cluster"; then
  kind create cluster --name "$cluster" --wait 120s
fi
if [ "${KEEP_CLUSTER:-0}" != 1 ]; then
  trap 'kind delete cluster --name "$cluster"' EXIT
fi
kind load docker-image --name "$cluster" "$operator_image" "$proxy_image"

$kubectl apply --server-side -f manifests/install.yaml
$kubectl -n redis-proxy-system set image deployment/redis-proxy-operator operator="$operator_image"
$kubectl -n redis-proxy-system set env deployment/redis-proxy-operator PROXY_IMAGE="$proxy_image"
$kubectl -n redis-proxy-system rollout status deployment/redis-proxy-operator --timeout=180s

$kubectl apply -f manifests/samples/replica-reads.yaml
$kubectl wait redisproxy/sessions --for=jsonpath='{.status.phase}'=Ready --timeout=300s
$kubectl get redisproxy sessions

redis_cli="$kubectl exec sessions-shard-0-0 -c redis -- redis-cli -h sessions -p 6380"
$redis_cli SET greeting hello
reply=$($redis_cli GET greeting)
if [ "$reply" != hello ]; then
  echo "GET through the proxy returned '$reply', expected 'hello'" >&2
  exit 1
fi
echo "SET/GET through the RedisProxy Service works"
