#!/bin/bash
# Compiles (syntax only: no linking, no CUDA) every translation unit that includes LibTorch against
# LibTorch 2.x's headers, Debian trixie's libtorch-dev, so a 1.13-only API shows up before the GPU machine
# does. Needs a configured and built build/ (scripts/build.sh: compile_commands.json and Qt's moc files)
# and deb.debian.org. usage: tools/check-libtorch2.sh [build dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
if [ ! -f "$build/compile_commands.json" ]; then
    echo "no $build/compile_commands.json: run scripts/build.sh first" >&2
    exit 1
fi
deb=libtorch-dev_2.6.0+dfsg-7_amd64.deb
headers=$PWD/.deps/libtorch2/usr/include
if [ ! -d "$headers" ]; then
    mkdir -p .deps/libtorch2
    curl -fsSL -o ".deps/$deb" "http://deb.debian.org/debian/pool/main/p/pytorch/$deb"
    dpkg -x ".deps/$deb" .deps/libtorch2
fi

# One compile command a line (JSON escapes undone), LibTorch 1.13's include directory swapped for 2.x's, the PCH
# dropped.
grep '"command":' "$build/compile_commands.json" | grep 'torch/csrc/api/include' |
    sed -e 's/^ *"command": "//' -e 's/",$//' -e 's/\\\\/\x01/g' -e 's/\\"/"/g' -e 's/\x01/\\/g' \
        -e "s#-isystem /usr/include/torch/csrc/api/include#-isystem $headers -isystem $headers/torch/csrc/api/include#" \
        -e 's#-include [^ ]*cmake_pch.hxx##' -e 's# -o [^ ]*# -fsyntax-only#' -e 's#-O3#-O0#' \
    > "$build/libtorch2-commands.txt"
version=$(awk '/define TORCH_VERSION_(MAJOR|MINOR|PATCH)/ { v = v sep $3; sep = "." } END { print v }' \
          "$headers/torch/csrc/api/include/torch/version.h")
echo "$(wc -l < "$build/libtorch2-commands.txt") translation units against LibTorch $version"
cd "$build"
xargs -P "$(nproc)" -I{} -d '\n' sh -c '{} 2>&1 | grep -A3 "error:" ; true' < libtorch2-commands.txt > libtorch2-errors.txt
if [ -s libtorch2-errors.txt ]; then
    cat libtorch2-errors.txt
    exit 1
fi
echo "all compile against LibTorch 2.x"
