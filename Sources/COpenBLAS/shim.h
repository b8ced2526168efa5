#include <cblas.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

// OpenBLAS builds with DYNAMIC_ARCH pick their kernels from the CPU model when the library loads.
// A release that predates the CPU (Debian 12's 0.3.21 on Intel Sapphire/Emerald Rapids, family 6
// models 143 and 207) does not recognise it and falls back to its generic Prescott (SSE3) kernels,
// at a third to a half of the rate the CPU's AVX-512 or AVX2 kernels reach. This re-runs OpenBLAS's
// own selection with OPENBLAS_CORETYPE (its documented override) set to the kernel family the CPU's
// instruction set supports, through the selection entry points such builds export
// (gotoblas_dynamic_quit/init, looked up at run time, so a build without them is left alone).
// It acts only when OpenBLAS chose Prescott, the user did not set OPENBLAS_CORETYPE, and the CPU
// (with OS support, as __builtin_cpu_supports checks) has AVX-512F/DQ/BW/VL (SkylakeX kernels) or
// AVX2 with FMA (Haswell kernels). Returns the kernel chosen, or NULL when nothing was changed.
#ifdef RTLD_DEFAULT
#define HESSIAN_RTLD_DEFAULT RTLD_DEFAULT
#else
#define HESSIAN_RTLD_DEFAULT ((void *)0) /* glibc's RTLD_DEFAULT, defined there only with _GNU_SOURCE */
#endif
static inline const char *hessian_correct_openblas_fallback(void) {
    if (getenv("OPENBLAS_CORETYPE") != NULL) return NULL;
    const char *core = openblas_get_corename();
    if (core == NULL || strcmp(core, "Prescott") != 0) return NULL;
    __builtin_cpu_init();
    const char *kernel = NULL;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")) {
        kernel = "SkylakeX";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        kernel = "Haswell";
    }
    if (kernel == NULL) return NULL;
    void (*quit)(void) = (void (*)(void))dlsym(HESSIAN_RTLD_DEFAULT, "gotoblas_dynamic_quit");
    void (*init)(void) = (void (*)(void))dlsym(HESSIAN_RTLD_DEFAULT, "gotoblas_dynamic_init");
    if (quit == NULL || init == NULL) return NULL;
    setenv("OPENBLAS_CORETYPE", kernel, 0);
    quit();
    init();
    unsetenv("OPENBLAS_CORETYPE");
    return openblas_get_corename();
}
