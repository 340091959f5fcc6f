# fr2r_common: the one INTERFACE target every library, executable and test links.
add_library(fr2r_common INTERFACE)
target_compile_features(fr2r_common INTERFACE cxx_std_17)
target_compile_definitions(fr2r_common INTERFACE QT_NO_KEYWORDS)
target_compile_options(fr2r_common INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wno-unused-parameter>
  $<$<CXX_COMPILER_ID:MSVC>:/W3 /utf-8 /permissive->)

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

# Qt 6 wants position-independent code everywhere; one setting keeps the shared PCH usable.
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

find_program(FR2R_CCACHE ccache)
if(FR2R_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${FR2R_CCACHE}")
endif()

# LibTorch's headers are the slowest part of the build: one precompiled header, shared.
function(fr2r_use_torch_pch target)
  if(NOT TARGET fr2r_torch_pch)
    add_library(fr2r_torch_pch STATIC "${PROJECT_SOURCE_DIR}/cmake/TorchPch.cpp")
    target_link_libraries(fr2r_torch_pch PUBLIC fr2r_common ${TORCH_LIBRARIES})
    target_precompile_headers(fr2r_torch_pch PRIVATE <torch/torch.h>)
  endif()
  target_precompile_headers(${target} REUSE_FROM fr2r_torch_pch)
endfunction()

# fr2r_add_test(NAME SOURCES ... LIBS ... [TORCH]): TORCH for tests that include LibTorch.
function(fr2r_add_test name)
  cmake_parse_arguments(ARG "TORCH" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  if(ARG_TORCH)
    fr2r_use_torch_pch(${name})
  endif()
  target_link_libraries(${name} PRIVATE fr2r_common fr2r_test_config Qt6::Test ${ARG_LIBS})
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LANG=C.UTF-8"
    TIMEOUT 900)
endfunction()

# `cmake --build build --target format` re-formats the tracked C++ sources with clang-format.
find_program(FR2R_CLANG_FORMAT clang-format)
if(FR2R_CLANG_FORMAT)
  add_custom_target(format
    COMMAND git ls-files -z "*.cpp" "*.h" | xargs -0 "${FR2R_CLANG_FORMAT}" -i
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    COMMENT "clang-format on the tracked sources")
endif()
