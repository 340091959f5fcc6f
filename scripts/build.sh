#!/usr/bin/env bash
# Configures and builds everything in build/ (Release, Ninja, ccache when present, all cores; compile_commands.json
# for tools/check-libtorch2.sh and editors).
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR="$PWD" CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@"
cmake --build build --parallel "$(nproc)"
