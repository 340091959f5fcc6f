#!/usr/bin/env bash
# The newcomer's first command: install what is missing, build, start the desktop application.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/app/fashionr2r "$@"
