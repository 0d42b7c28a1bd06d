/* SPDX-License-Identifier: MIT */
/* The version of the compiled library, for programs and bindings that load it at run time. */
#include "tradewar/version.h"

unsigned tw_version_number(void) { return TW_VERSION_NUMBER; }

const char *tw_version_string(void) { return TW_VERSION_STRING; }
