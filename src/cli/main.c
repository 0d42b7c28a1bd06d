/* SPDX-License-Identifier: MIT */
/* tradewar: the command-line program. Subcommands live in cmd_*.c; this file dispatches.
 * Built a second time with TW_SERVE_PROGRAM as tradewar-serve, the web server that `tradewar
 * serve` runs, so that only the server loads libmicrohttpd and the libraries it needs. */
#define _DEFAULT_SOURCE /* sbrk, madvise(MADV_HUGEPAGE): heap_on_huge_pages */
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/draws_cli.h"

#ifndef TW_SERVE_PROGRAM
static void usage(FILE *out)
{
    fputs("Usage: tradewar COMMAND [OPTIONS]\n"
          "\n"
          "A general-equilibrium simulator of trade wars and trade talks (Caliendo-Parro model).\n"
          "\n"
          "Commands:\n"
          "  world show   describe a world: countries, sectors, elasticities, data checks\n"
          "  solve        solve a counterfactual given a shock file and report the changes\n"
          "  run          evaluate a scenario's dated timeline, with branches and charts\n"
          "  brief        the numbers readers cite for each date of a scenario (docs/brief.md)\n"
          "  optimal      a government's optimal tariffs, everyone else keeping theirs\n"
          "  war          a Nash tariff war among several governments\n"
          "  escalate     rounds of retaliation by rules (tit-for-tat, caps, forgiveness ...)\n"
          "  talks        negotiated tariffs from a threat point (Nash bargaining, equal gains)\n"
          "  bargain      Nash bargaining over export controls (quotas in force as the threat)\n"
          "  enforce      which agreements are self-enforcing, for which discount factors\n"
          "  tariffs      effective tariff rates of a scenario from product-level schedules\n"
          "  merge        combine the parts of a sweep written with --shard (docs/scale.md)\n"
          "  serve        the local web page and its JSON API (docs/page.md, docs/api.md)\n"
          "\n"
          "Options:\n"
          "  --help       show this help (also after a command: tradewar solve --help)\n"
          "  --version    print the version\n"
          "\n"
          "Exit codes: 0 ok, 2 bad command line, 3 bad input data, 4 file not found or\n"
          "unreadable, 5 solver did not converge, 6 numerical failure, 70 internal error,\n"
          "130 interrupted (partial results, marked as such).\n"
          "See docs/cli.md.\n",
          out);
}
#endif

#ifndef TW_SERVE_PROGRAM
static int run(int argc, char **argv);
#endif
#ifdef TW_SERVE_PROGRAM
int tw_cli_serve(int argc, char **argv); /* src/serve/cmd_serve.c */
#elif defined TW_HAVE_SERVE
static int exec_serve(char **argv);
#endif

/* A solve touches tens of megabytes of fresh memory once (the world, the model's coefficients,
 * the solver's workspace), and each 4 KiB page's first touch is a page fault: on a virtual
 * machine about 5 us each, a third of a whole run (8,700 faults on icio2022). The heap is
 * therefore grown in one step of HEAP_PAD, allocations up to 32 MiB come from it rather than
 * from mmap, and it is marked for transparent huge pages (the kernel's `madvise` mode), so that
 * one fault maps 2 MiB (docs/performance.md). Where any step is refused the program works as
 * before; memory stays untouched until used, as with 4 KiB pages. */
#define HEAP_PAD ((size_t)64 << 20)
static void heap_on_huge_pages(void)
{
#if defined MADV_HUGEPAGE && defined M_TOP_PAD && defined M_MMAP_THRESHOLD
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (!mallopt(M_MMAP_THRESHOLD, 32 << 20) || !mallopt(M_TOP_PAD, (int)HEAP_PAD))
        return;
    /* A block from the heap makes it grow by HEAP_PAD (freed, the heap keeps that pad). */
    char *probe = malloc((size_t)1 << 20);
    if (!probe)
        return;
    uintptr_t lo = ((uintptr_t)probe + huge - 1) & ~(huge - 1);
    uintptr_t hi = (uintptr_t)sbrk(0);
    if (hi != (uintptr_t)-1 && hi > lo + huge)
        madvise((void *)lo, (hi - lo) & ~(huge - 1), MADV_HUGEPAGE);
    free(probe);
#endif
}

/* Standard output is checked once, after the command: a failed write, flush or close (a full
 * disk, /dev/full, a closed pipe) is a file error (exit 4, docs/cli.md), never a silent
 * success. A command that already failed keeps its own exit code. */
int main(int argc, char **argv)
{
#if defined TW_HAVE_SERVE && !defined TW_SERVE_PROGRAM
    /* Before MPI starts: the server replaces this process. */
    if (argc >= 2 && strcmp(argv[1], "serve") == 0)
        return exec_serve(argv);
#endif
    heap_on_huge_pages();
    tw_cli_mpi_init(&argc, &argv); /* one rank without TW_MPI (docs/scale.md) */
#ifdef TW_SERVE_PROGRAM
    int rc = tw_cli_serve(argc, argv);
#else
    int rc = run(argc, argv);
#endif
    tw_cli_mpi_finalize();
    errno = 0;
    int bad = fflush(stdout) != 0;
    int saved = errno;
    bad |= ferror(stdout) != 0;
    if (fclose(stdout) != 0) {
        if (!saved)
            saved = errno;
        bad = 1;
    }
    if (bad && rc == TW_EXIT_OK) {
        fprintf(stderr, "tradewar: error: cannot write to standard output%s%s\n",
                saved ? ": " : "", saved ? strerror(saved) : "");
        return TW_EXIT_IO;
    }
    return rc;
}

#if defined TW_HAVE_SERVE && !defined TW_SERVE_PROGRAM
/* `tradewar serve ARGS`: runs tradewar-serve ARGS in this process (same pid, so signals and
 * the exit code are the server's). It is looked for beside this program (the build tree), then
 * in TW_SERVE_RELATIVE_DIR from this program's directory (an installed tree: LIBEXECDIR/
 * tradewar). @return only on failure: TW_EXIT_IO (docs/cli.md), with the paths tried. */
static int exec_serve(char **argv)
{
    char self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) {
        fprintf(stderr, "tradewar serve: error: cannot find this program's directory "
                        "(/proc/self/exe): %s\n", strerror(errno));
        return TW_EXIT_IO;
    }
    self[len] = '\0';
    char *slash = strrchr(self, '/');
    if (slash)
        *slash = '\0';
    char tried[2][PATH_MAX + sizeof TW_SERVE_RELATIVE_DIR + 32];
    int err[2];
    const char *subdirs[2] = {"", "/" TW_SERVE_RELATIVE_DIR};
    for (int k = 0; k < 2; k++) {
        snprintf(tried[k], sizeof tried[k], "%s%s/tradewar-serve", self, subdirs[k]);
        argv[1] = tried[k]; /* the server's argv: its path, then the options after `serve` */
        execv(tried[k], argv + 1);
        err[k] = errno;
    }
    if (err[0] == ENOENT && err[1] == ENOENT)
        fprintf(stderr, "tradewar serve: error: cannot run the web server: neither %s nor %s "
                        "exists (it is built and installed with this program)\n",
                tried[0], tried[1]);
    else {
        int k = err[0] != ENOENT ? 0 : 1;
        fprintf(stderr, "tradewar serve: error: cannot run the web server %s: %s\n", tried[k],
                strerror(err[k]));
    }
    return TW_EXIT_IO;
}
#endif

#ifndef TW_SERVE_PROGRAM
static int run(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return TW_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return TW_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("tradewar %s\n", tw_version_string());
        return TW_EXIT_OK;
    }
    if (strcmp(cmd, "world") == 0)
        return tw_cli_world(argc - 1, argv + 1);
    if (strcmp(cmd, "solve") == 0)
        return tw_cli_solve(argc - 1, argv + 1);
    if (strcmp(cmd, "tariffs") == 0)
        return tw_cli_tariffs(argc - 1, argv + 1);
    if (strcmp(cmd, "run") == 0)
        return tw_cli_run(argc - 1, argv + 1);
    if (strcmp(cmd, "brief") == 0)
        return tw_cli_brief(argc - 1, argv + 1);
    if (strcmp(cmd, "optimal") == 0)
        return tw_cli_optimal(argc - 1, argv + 1);
    if (strcmp(cmd, "war") == 0)
        return tw_cli_war(argc - 1, argv + 1);
    if (strcmp(cmd, "escalate") == 0)
        return tw_cli_escalate(argc - 1, argv + 1);
    if (strcmp(cmd, "talks") == 0)
        return tw_cli_talks(argc - 1, argv + 1);
    if (strcmp(cmd, "bargain") == 0)
        return tw_cli_bargain(argc - 1, argv + 1);
    if (strcmp(cmd, "enforce") == 0)
        return tw_cli_enforce(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0)
        return tw_cli_merge(argc - 1, argv + 1);
#ifndef TW_HAVE_SERVE
    if (strcmp(cmd, "serve") == 0) {
        fprintf(stderr, "tradewar serve: error: this build has no web server (it needs "
                        "libmicrohttpd-dev: scripts/bootstrap.sh, then rebuild)\n");
        return TW_EXIT_USAGE;
    }
#endif
    fprintf(stderr, "tradewar: unknown command '%s'\n", cmd);
    usage(stderr);
    return TW_EXIT_USAGE;
}
#endif
