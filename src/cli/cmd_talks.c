/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
int tw_cli_talks(int argc, char **argv) { (void)argc; (void)argv; return 2; }
