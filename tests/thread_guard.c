/* SPDX-License-Identifier: MIT */
/* The thread guard (tests/thread_guard.cmake): preloaded into the tests that do not carry the
 * ctest label `threads`, it fails a program of this build that starts a thread. .ci/run runs
 * only the `threads` tests under ThreadSanitizer, which can find nothing in a program with one
 * thread; this guard keeps that label true when a test or the code under it starts threads.
 * TW_THREAD_GUARD holds the build directory: programs outside it (bash, jq, rsvg-convert) are
 * not this project's and may start threads. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*tw_create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                   void *arg)
{
    const char *build = getenv("TW_THREAD_GUARD");
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (build && *build && len > 0) {
        exe[len] = '\0';
        size_t n = strlen(build);
        if (strncmp(exe, build, n) == 0 && (exe[n] == '/' || exe[n] == '\0')) {
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
