#!/usr/bin/env bash
# Saves screenshots of the desktop application to docs/screenshots/, running it under Xvfb with
# the tiny golden model and a throw-away settings folder (so the user's own settings stay untouched):
# the main window and the sweep on a 2:3 portrait render, and the exported sweep grid in English and Chinese.
# Usage: tools/screenshots.sh [BUILD_DIR]   (default: build)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
app="$build/app/fashionr2r"
golden="${FR2R_GOLDEN_DIR:-$root/../shared/golden}/tiny"
out="$root/docs/screenshots"
[[ -x "$app" ]] || { echo "no $app: build the fashionr2r target first" >&2; exit 1; }
[[ -d "$golden/model" ]] || { echo "no tiny golden model in $golden" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/config/FashionR2R"

# Settings as the app writes them (QSettings, INI on Linux), pointing at the tiny model.
settings() { # LANGUAGE
cat > "$work/config/FashionR2R/FashionR2R Studio.conf" <<CONF
[ui]
language=$1

[model]
path=$golden/model
negativeEmbedding=$golden/negative_embedding.safetensors
device=cpu
precision=auto

[params]
last="{\"params\":{\"steps\":20,\"strength\":0.5,\"gamma\":0.9,\"guidance\":7.5,\"tac_levels\":[0,1],\"working_size\":128}}"
CONF
}

# A small rendered-looking input, 2:3 portrait like most garment renders: a shaded dress-like shape,
# written without extra tools.
python3 - "$work/render.png" <<'PY'
import struct, sys, zlib
w, h = 256, 384
rows = []
for y in range(h):
    row = bytearray([0])
    for x in range(w):
        inside = abs(x - w / 2) < 30 + y * 0.22 and 24 < y < h - 16
        shade = int(180 - 60 * abs(x - w / 2) / (w / 2))
        row += bytes((shade, 60, 70) if inside else (225, 228, 232))
    rows.append(bytes(row))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY

run() {
  XDG_CONFIG_HOME="$work/config" LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "$@"
}
settings en
run --screenshot "$out/main-window.png" --after-result "$work/render.png"
run --screenshot-timeout 900 --screenshot "$out/sweep.png" --sweep --export-sweep "$out/sweep-grid-en.png" "$work/render.png"
settings zh_CN
run --screenshot-timeout 900 --screenshot "$work/sweep-zh_CN.png" --sweep --export-sweep "$out/sweep-grid-zh_CN.png" "$work/render.png"
rm -f "$out"/sweep-grid-*.csv
echo "wrote $out/main-window.png $out/sweep.png $out/sweep-grid-en.png $out/sweep-grid-zh_CN.png"
