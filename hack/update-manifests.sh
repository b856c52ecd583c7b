#!/usr/bin/env bash
# Re-renders manifests/install.yaml from the Helm chart (and its CRD) through the chart test,
# which uses the Helm library bundled with helm-java: no helm binary needed.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl operator -am verify -DskipITs -Dupdate.manifests=true \
  -Dtest=InstallManifestTest -Dsurefire.failIfNoSpecifiedTests=false
echo "updated manifests/install.yaml"
