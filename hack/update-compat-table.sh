#!/usr/bin/env bash
# Rewrites the compatibility table in README.md (between the compat-table markers) from the
# proxy's command table and a local redis-server's COMMAND DOCS. CompatibilityTableIT fails the
# build until the README matches. Extra arguments go to Maven (-o to build offline).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl testkit,proxy -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=CompatibilityTableIT -Dfailsafe.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
  -Dupdate.compat.table=true "$@"
echo "updated the compatibility table in README.md"
