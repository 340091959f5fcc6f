# Fails when a source includes a layer above its own (run by the build: target check_include_layers, and by CTest).
#   core/api        no LibTorch: includes only core/api
#   core/io, text   + core/TorchCompat.h
#   core/model      + core/io
#   core/diffusion  + core/model, core/text
#   core/training   + core/diffusion
#   metrics         core/api, io, model (it is a LibTorch network library itself)
#   hub, imaging, ui, app  core/api plus the façades: core/diffusion/RigEngine.h, core/diffusion/SelfTest.h and
#                          core/training/DomainPackTrainer.h
# Besides: nothing in core includes Qt or OpenCV; nothing in core/api, hub, imaging, ui or app includes LibTorch.
# Usage: cmake -DSOURCE_DIR=<repository> -P CheckIncludeLayers.cmake
set(api "core/api/")
set(torch "${api}|core/TorchCompat.h")
set(allowed_core_api "^(${api})")
set(allowed_core_io "^(${torch}|core/io/)")
set(allowed_core_text "^(${torch}|core/text/)")
set(allowed_core_model "^(${torch}|core/io/|core/model/)")
set(allowed_core_diffusion "^(${torch}|core/io/|core/text/|core/model/|core/diffusion/)")
set(allowed_core_training "^(${torch}|core/io/|core/text/|core/model/|core/diffusion/|core/training/)")
set(allowed_metrics "^(${torch}|core/io/|core/model/)")
set(allowed_facade "^(${api}|core/diffusion/RigEngine.h|core/diffusion/SelfTest.h|core/training/DomainPackTrainer.h)")

set(violations "")

# Appends to `violations` every angle-bracket include of `source` that matches `forbidden`.
function(check_system_includes source forbidden)
  file(STRINGS "${SOURCE_DIR}/${source}" includes REGEX "^#include <")
  foreach(line IN LISTS includes)
    if(line MATCHES "${forbidden}")
      string(APPEND violations "  ${source}: ${line}\n")
    endif()
  endforeach()
  set(violations "${violations}" PARENT_SCOPE)
endfunction()

foreach(layer core/api core/io core/text core/model core/diffusion core/training metrics hub imaging ui app)
  string(REPLACE "/" "_" key "${layer}")
  if(DEFINED allowed_${key})
    set(allowed "${allowed_${key}}")
  else()
    set(allowed "${allowed_facade}")
  endif()
  file(GLOB_RECURSE sources RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/${layer}/*.h" "${SOURCE_DIR}/${layer}/*.cpp")
  foreach(source IN LISTS sources)
    if(layer MATCHES "^core/")
      check_system_includes("${source}" "^#include <(Q[A-Za-z]*|opencv2/)")
    endif()
    if(layer MATCHES "^(core/api|hub|imaging|ui|app)$")
      check_system_includes("${source}" "^#include <(torch|ATen|c10)/")
    endif()
    file(STRINGS "${SOURCE_DIR}/${source}" includes REGEX "^#include \"core/")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" header "${line}")
      if(NOT header MATCHES "${allowed}")
        string(APPEND violations "  ${source} includes ${header}\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  message(FATAL_ERROR "Includes that run against the layers (see cmake/CheckIncludeLayers.cmake):\n${violations}")
endif()
