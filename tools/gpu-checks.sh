#!/bin/bash
# The CUDA checks of the model core and the RIG in one run on the GPU machine (README, "GPU checks"): builds
# the core and fr2r-bench against PyTorch's LibTorch, then prints the golden comparisons on cuda in fp32 and
# fp16, the UNet benchmark in fp16 at 512 and 768x1024 for batch 1 and 3, and the RIG benchmark.
# usage: tools/gpu-checks.sh GOLDEN_DIR DEPS_DIR   (DEPS_DIR holds nlohmann-json3-dev's .deb)
set -uo pipefail
golden=${1:?golden folder, laid out like shared/golden/tiny}
deps=${2:?folder with the nlohmann-json3-dev .deb}

for deb in "$deps"/*.deb; do dpkg -x "$deb" "$deps/root"; done
torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
cmake -S . -B build-cuda -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$torch_prefix;$deps/root/usr" \
      -DFR2R_BUILD_GUI=OFF -DFR2R_WITH_OPENCV=OFF -DFR2R_BUILD_TESTS=OFF >/dev/null || exit 1
if ! cmake --build build-cuda --target fr2r-bench > build-cuda/build.log 2>&1; then
    tail -40 build-cuda/build.log
    exit 1
fi

bench=build-cuda/tools/fr2r-bench
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
failed=0
for dtype in fp32 fp16; do
    echo "== check-golden cuda $dtype"
    "$bench" check-golden "$golden" --device cuda --dtype "$dtype" || failed=1
done
for size in 512 768x1024; do
    for batch in 1 3; do
        echo "== unet fp16 $size batch $batch"
        "$bench" unet --config sd15 --device cuda --dtype fp16 --batch "$batch" --size "$size" || failed=1
    done
done
echo "== rig fp16 768x1024 N 50"
"$bench" rig --config sd15 --device cuda --dtype fp16 --size 768x1024 --steps 50 --strength 0.3 --gamma 0.9 \
      --repeats 3 || failed=1
exit $failed
