/* SPDX-License-Identifier: MIT */
/* tradewar: the command-line program. Subcommands live in cmd_*.c; this file dispatches. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/draws_cli.h"

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

static int run(int argc, char **argv);
#ifdef TW_HAVE_SERVE
int tw_cli_serve(int argc, char **argv); /* src/serve/cmd_serve.c */
#endif

/* Standard output is checked once, after the command: a failed write, flush or close (a full
 * disk, /dev/full, a closed pipe) is a file error (exit 4, docs/cli.md), never a silent
 * success. A command that already failed keeps its own exit code. */
int main(int argc, char **argv)
{
    tw_cli_mpi_init(&argc, &argv); /* one rank without TW_MPI (docs/scale.md) */
    int rc = run(argc, argv);
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
    if (strcmp(cmd, "serve") == 0) {
#ifdef TW_HAVE_SERVE
        return tw_cli_serve(argc - 1, argv + 1);
#else
        fprintf(stderr, "tradewar serve: error: this build has no web server (it needs "
                        "libmicrohttpd-dev: scripts/bootstrap.sh, then rebuild)\n");
        return TW_EXIT_USAGE;
#endif
    }
    fprintf(stderr, "tradewar: unknown command '%s'\n", cmd);
    usage(stderr);
    return TW_EXIT_USAGE;
}
