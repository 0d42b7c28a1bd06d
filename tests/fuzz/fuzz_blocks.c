/* SPDX-License-Identifier: MIT */
/* Fuzz target: a world's blocks.csv (src/data/blocks.c, docs/model.md §2c). A one-sector
 * three-country world is written once into a temporary directory; each input becomes its
 * blocks.csv and the world is loaded, and if it loads, a model is created on it (the baseline
 * solved with the blocks). Any input must load or fail cleanly; a loaded world's value added is
 * finite and its model either builds or fails with a status. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_world_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_dir_first("blocks")) {
        static const char countries[] = "code,name\nHOME,Home\nFOR,Foreign\nROW,Rest\n";
        static const char sectors[] = "code,name,theta\nALL,All,4\n";
        static const char flows[] = "exporter,importer,sector,value\nHOME,HOME,ALL,80\n"
                                    "HOME,FOR,ALL,10\nFOR,HOME,ALL,15\nFOR,FOR,ALL,70\n"
                                    "ROW,HOME,ALL,5\nHOME,ROW,ALL,3\nROW,ROW,ALL,200\n"
                                    "FOR,ROW,ALL,4\nROW,FOR,ALL,6\n";
        fuzz_dir_write("countries.csv", countries, sizeof countries - 1);
        fuzz_dir_write("sectors.csv", sectors, sizeof sectors - 1);
        fuzz_dir_write("flows.csv", flows, sizeof flows - 1);
    }
    fuzz_dir_write("blocks.csv", data, size);
    fuzz_load_world_and_model();
    return 0;
}
