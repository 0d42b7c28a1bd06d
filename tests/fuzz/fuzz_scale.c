/* SPDX-License-Identifier: MIT */
/* Fuzz target: a world's scale_elasticities.csv (src/data/blocks.c, docs/model.md §2c (L5)). A
 * three-country world with two sectors, input-output links and a valid blocks.csv is written
 * once into a temporary directory; each input becomes its scale_elasticities.csv and the world
 * is loaded, and if it loads, a model is created on it (the baseline solved with the blocks).
 * Any input must load or fail cleanly; a loaded world's value added is finite and its model
 * either builds or fails with a status. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_world_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (fuzz_dir_first("scale")) {
        static const char countries[] = "code,name\nHOME,Home\nFOR,Foreign\nROW,Rest\n";
        static const char sectors[] = "code,name,theta\nGDS,Goods,4\nSRV,Services,6\n";
        static const char flows[] = "exporter,importer,sector,value\nHOME,HOME,GDS,80\n"
                                    "HOME,FOR,GDS,10\nFOR,HOME,GDS,15\nFOR,FOR,GDS,70\n"
                                    "ROW,HOME,GDS,5\nHOME,ROW,GDS,3\nROW,ROW,GDS,200\n"
                                    "FOR,ROW,GDS,4\nROW,FOR,GDS,6\nHOME,HOME,SRV,120\n"
                                    "FOR,FOR,SRV,90\nROW,ROW,SRV,300\nHOME,FOR,SRV,2\n"
                                    "FOR,HOME,SRV,3\nROW,HOME,SRV,1\n";
        static const char va[] = "country,sector,share\nHOME,GDS,0.4\nHOME,SRV,0.6\n"
                                 "FOR,GDS,0.35\nFOR,SRV,0.65\nROW,GDS,0.5\nROW,SRV,0.7\n";
        static const char io[] = "country,input_sector,using_sector,share\n"
                                 "HOME,GDS,GDS,0.4\nHOME,SRV,GDS,0.2\nHOME,SRV,SRV,0.4\n"
                                 "FOR,GDS,GDS,0.45\nFOR,SRV,GDS,0.2\nFOR,SRV,SRV,0.35\n"
                                 "ROW,GDS,GDS,0.3\nROW,SRV,GDS,0.2\nROW,SRV,SRV,0.3\n";
        static const char blocks[] =
            "country,nu,tariff_exponent,labour_elasticity,scale_elasticity,revenue_use\n"
            "HOME,0.1,1.1,0.5,0.02,labour_tax\nFOR,0,1,0.3,0,lump_sum\n"
            "ROW,0.2,1.2,0.8,0.01,labour_tax\n";
        fuzz_dir_write("countries.csv", countries, sizeof countries - 1);
        fuzz_dir_write("sectors.csv", sectors, sizeof sectors - 1);
        fuzz_dir_write("flows.csv", flows, sizeof flows - 1);
        fuzz_dir_write("value_added.csv", va, sizeof va - 1);
        fuzz_dir_write("io.csv", io, sizeof io - 1);
        fuzz_dir_write("blocks.csv", blocks, sizeof blocks - 1);
    }
    fuzz_dir_write("scale_elasticities.csv", data, size);
    fuzz_load_world_and_model();
    return 0;
}
