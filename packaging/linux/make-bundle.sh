#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the portable Linux bundle: make-bundle.sh BUILD_DIR OUT/NAME.tar.xz (cmake --build BUILD_DIR --target
# bundle runs it). The tarball holds one folder NAME, an AppDir that appimagetool takes unchanged: AppRun, the
# desktop file and icon at its root, and under usr/ what the DEB installs plus the `bundle` component (libraries,
# Qt plugins, qt.conf, $ORIGIN RUNPATHs). Prints the tarball's path.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BUILD_DIR OUT/NAME.tar.xz" >&2; exit 2; }
build=$1
tarball=$(realpath -m "$2")
name=$(basename "$tarball" .tar.xz)
here=$(dirname "$(readlink -f "$0")")
appId=io.github.fashionr2r.Studio

stage=$(mktemp -d "$(dirname "$tarball")/.bundle.XXXXXX")
trap 'rm -rf "$stage"' EXIT
appDir="$stage/$name"
cmake --install "$build" --prefix "$appDir/usr" --strip >/dev/null
cmake --install "$build" --prefix "$appDir/usr" --strip --component bundle >/dev/null

install -m 755 "$here/AppRun" "$appDir/AppRun"
ln -s "usr/share/applications/$appId.desktop" "$appDir/$appId.desktop"
ln -s "usr/share/icons/hicolor/scalable/apps/$appId.svg" "$appDir/$appId.svg"
ln -s "usr/share/icons/hicolor/256x256/apps/$appId.png" "$appDir/.DirIcon"

# xz's threads split the stream into blocks (level 6 unless XZ_OPT says otherwise); the archive is written beside
# its name and renamed when complete.
tar -C "$stage" --owner=0 --group=0 --numeric-owner -cf - "$name" | xz -T0 > "$stage/$name.tar.xz"
mv "$stage/$name.tar.xz" "$tarball"
echo "$tarball"
