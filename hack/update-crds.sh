#!/usr/bin/env bash
# Regenerates the committed CRD (crds/ and the Helm chart's copy) from the Java API classes in
# operator/.../api/v1alpha1, and manifests/install.yaml that embeds it. CrdDriftTest fails the
# build until both copies match.
set -euo pipefail
cd "$(dirname "$0")/.."
crd=redisproxies.redisproxy.io-v1.yml
mvn -q ${MVN_FLAGS:-} -pl operator -am process-classes
cp "operator/target/classes/META-INF/fabric8/$crd" "crds/$crd"
cp "operator/target/classes/META-INF/fabric8/$crd" "helm/redis-proxy-operator/crds/$crd"
echo "updated crds/$crd and helm/redis-proxy-operator/crds/$crd"
# manifests/install.yaml embeds the CRD.
hack/update-manifests.sh
