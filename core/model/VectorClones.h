#pragma once

// FR2R_VECTOR_CLONES before a function with vectorisable loops builds one copy of it per vector width, chosen
// once at load by the CPU (GCC/Clang on x86-64 Linux); other compilers build the portable one. The loops are
// vectorised through OpenMP's simd pragmas (the file is compiled with -fopenmp-simd: no OpenMP runtime).
#if defined(__GNUC__) && defined(__x86_64__) && defined(__linux__)
#define FR2R_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define FR2R_VECTOR_CLONES
#endif
