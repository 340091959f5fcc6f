#!/usr/bin/env bash
# Installs what FashionR2R Studio needs on Debian 12 (as root or through sudo), OpenBLAS included:
# Debian's LibTorch does its matrix products through the system BLAS, and the reference BLAS is ~25x slower.
# The packaging tools (lintian, desktop-file-utils, appstream, dpkg-dev, fakeroot, file; nsis) serve TestDebPackage
# (and TestNsisInstaller); patchelf serves the portable bundle (TestPortableBundle).
set -euo pipefail
packages=(
  cmake ninja-build g++ ccache pkg-config
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libgl-dev
  libtorch-dev libopenblas0-openmp
  libopencv-dev libqcustomplot-dev nlohmann-json3-dev
  xvfb xauth
  fonts-wqy-microhei
  lintian desktop-file-utils appstream dpkg-dev fakeroot file qt6-qpa-plugins nsis patchelf
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
