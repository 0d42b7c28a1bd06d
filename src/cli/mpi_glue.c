/* SPDX-License-Identifier: MIT */
/* MPI for `mpirun -n K tradewar run ... --draws N` (docs/scale.md): the draws are spread over
 * the ranks and rank 0 gathers them. Built with -DTW_MPI=ON (OpenMPI); otherwise one rank. */
#include <stdlib.h>

#include "cli/draws_cli.h"

#ifdef TW_MPI
#include <mpi.h>

static int started;

void tw_cli_mpi_init(int *argc, char ***argv)
{
    int flag = 0;
    MPI_Initialized(&flag);
    if (!flag && MPI_Init(argc, argv) == MPI_SUCCESS)
        started = 1;
}

void tw_cli_mpi_finalize(void)
{
    if (started)
        MPI_Finalize();
    started = 0;
}

int tw_cli_mpi_rank(void)
{
    int r = 0;
    if (started)
        MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int tw_cli_mpi_size(void)
{
    int n = 1;
    if (started)
        MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}

void tw_cli_mpi_abort(int rc)
{
    if (started && tw_cli_mpi_size() > 1)
        MPI_Abort(MPI_COMM_WORLD, rc);
}

int tw_cli_mpi_gather(const char *data, size_t len, char **all, size_t **lens)
{
    int size = tw_cli_mpi_size(), rank = tw_cli_mpi_rank();
    *all = NULL;
    *lens = NULL;
    if (len > (size_t)0x7fffffff)
        return -1;
    int mine = (int)len, *counts = NULL, *displs = NULL, fail = 0;
    if (rank == 0) {
        counts = malloc((size_t)size * sizeof *counts);
        displs = malloc((size_t)size * sizeof *displs);
        *lens = malloc((size_t)size * sizeof **lens);
        fail = !counts || !displs || !*lens;
    }
    MPI_Gather(&mine, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    long long total = 0;
    for (int r = 0; rank == 0 && !fail && r < size; r++) {
        displs[r] = (int)total;
        total += counts[r];
        (*lens)[r] = (size_t)counts[r];
    }
    if (rank == 0 && !fail && (total > 0x7fffffff || !(*all = malloc((size_t)total + 1))))
        fail = 1;
    if (fail)
        MPI_Abort(MPI_COMM_WORLD, 70);
    MPI_Gatherv(data, mine, MPI_CHAR, *all, counts, displs, MPI_CHAR, 0, MPI_COMM_WORLD);
    free(counts);
    free(displs);
    return 0;
}

#else

void tw_cli_mpi_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}
void tw_cli_mpi_finalize(void) {}
int tw_cli_mpi_rank(void) { return 0; }
int tw_cli_mpi_size(void) { return 1; }
void tw_cli_mpi_abort(int rc) { (void)rc; }
int tw_cli_mpi_gather(const char *data, size_t len, char **all, size_t **lens)
{
    (void)data;
    (void)len;
    *all = NULL;
    *lens = NULL;
    return -1; /* never called with one rank */
}

#endif
