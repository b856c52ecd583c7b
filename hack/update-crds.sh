#!/usr/bin/env bash
# Regenerates the committed CRD from the Java API classes in operator/.../api/v1alpha1.
# CrdDriftTest fails the build until the committed copy matches what the classes generate.
set -euo pipefail
cd "$(dirname "$0")/.."
crd=redisproxies.redisproxy.io-v1.yml
mvn -q -pl operator -am process-classes
cp "operator/target/classes/META-INF/fabric8/$crd" "crds/$crd"
echo "updated crds/$crd"
