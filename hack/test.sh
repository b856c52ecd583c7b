#!/usr/bin/env bash
# The whole test suite: unit tests, integration tests against real redis-server processes, and
# the operator against the Kubernetes API mock. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

hack/lib/install-deps.sh
mvn -B -ntp verify "$@"
