#!/usr/bin/env bash
# Runs every test of every module: unit tests (surefire) and integration tests (failsafe), plus the format
# check. Installs missing tools first (scripts/install-deps.sh). Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec mvn -B -ntp verify "$@"
