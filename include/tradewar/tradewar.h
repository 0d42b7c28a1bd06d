/* SPDX-License-Identifier: MIT */
/* Umbrella header of the tradewar library. */
#ifndef TRADEWAR_H
#define TRADEWAR_H

#include "tradewar/version.h"
#include "tradewar/core.h"
#include "tradewar/games.h"
#include "tradewar/world.h"
#include "tradewar/model.h"
#include "tradewar/shock.h"
#include "tradewar/scenario.h"
#include "tradewar/strategy.h"
#include "tradewar/bargain.h"
#include "tradewar/coalition.h"
#include "tradewar/groups.h"
#include "tradewar/io.h"
#include "tradewar/checks.h"
#include "tradewar/sweep.h"
#include "tradewar/brief.h"
#include "tradewar/factors.h"
#include "tradewar/schedule.h"
#include "tradewar/draws.h"
#include "tradewar/solve_draws.h"
#include "tradewar/bands.h"
#include "tradewar/game_bands.h"

#endif
