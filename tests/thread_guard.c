/* SPDX-License-Identifier: MIT */
/* The thread guard (tests/thread_guard.cmake): preloaded into the tests that do not carry the
 * ctest label `threads`, it fails a program of this build that starts a thread. .ci/run runs
 * only the `threads` tests under ThreadSanitizer, which can find nothing in a program with one
 * thread; this guard keeps that label true when a test or the code under it starts threads.
 * TW_THREAD_GUARD holds the build directory: programs outside it (bash, jq, rsvg-convert) are
 * not this project's and may start threads, and so may the system's libraries inside ours (a
 * threaded BLAS): only a thread whose start routine lies in the program itself or in a library
 * of the build directory counts. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*tw_create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

/* 1 if `start` is this project's code: in the program (dladdr names it as invoked, argv[0]) or
 * in a library under the build directory `build` (n characters); also 1 if that cannot be told,
 * so that the guard errs on the side of failing. */
static int ours(void *(*start)(void *), const char *build, size_t n)
{
    union {
        void *(*fn)(void *);
        void *object;
    } at = {.fn = start};
    Dl_info info;
    if (!dladdr(at.object, &info) || !info.dli_fname || !*info.dli_fname ||
        strcmp(info.dli_fname, program_invocation_name) == 0)
        return 1;
    char path[PATH_MAX];
    if (!realpath(info.dli_fname, path))
        return 1;
    return strncmp(path, build, n) == 0 && path[n] == '/';
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                   void *arg)
{
    const char *build = getenv("TW_THREAD_GUARD");
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (build && *build && len > 0) {
        exe[len] = '\0';
        size_t n = strlen(build);
        if (strncmp(exe, build, n) == 0 && (exe[n] == '/' || exe[n] == '\0') &&
            ours(start, build, n)) {
            const char *test = getenv("TW_THREAD_GUARD_TEST");
            fprintf(stderr,
                    "thread guard: %s started a thread in test %s, which does not carry the "
                    "ctest label `threads`: add it to the test's tw_label_threads list "
                    "(tests/thread_guard.cmake), so that the ThreadSanitizer stage of .ci/run "
                    "runs it\n",
                    exe, test ? test : "?");
            _exit(70);
        }
    }
    union {
        void *object;
        tw_create_fn fn;
    } real = {.object = dlsym(RTLD_NEXT, "pthread_create")};
    if (!real.object)
        return EAGAIN;
    return real.fn(thread, attr, start, arg);
}
