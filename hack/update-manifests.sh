#!/usr/bin/env bash
# Re-renders manifests/install.yaml from the Helm chart (and its CRD), and the proxies' Grafana
# dashboard and Prometheus alerts (manifests/grafana-dashboard.yaml, prometheus-rules.yaml), through the chart test,
# which uses the Helm library bundled with helm-java: no helm binary needed.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q ${MVN_FLAGS:-} -pl operator -am verify -DskipITs -Dupdate.manifests=true \
  -Dtest=InstallManifestTest -Dsurefire.failIfNoSpecifiedTests=false
echo "updated manifests/install.yaml, grafana-dashboard.yaml and prometheus-rules.yaml"
