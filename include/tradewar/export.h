/* SPDX-License-Identifier: MIT */
/* TW_API marks the functions the tradewar library exports; everything else is hidden. */
#ifndef TRADEWAR_EXPORT_H
#define TRADEWAR_EXPORT_H

/* The library is compiled with -fvisibility=hidden and TW_BUILDING_LIBRARY defined, so only the
 * declarations marked TW_API reach the shared library's dynamic symbol table; internal helpers
 * (declared in src/) stay private and can change without breaking the ABI. Programs that include
 * the headers see an empty TW_API: on ELF platforms nothing is needed to call an exported
 * function, whether the library is linked statically or dynamically, so there is no TW_STATIC. */
#if defined(TW_BUILDING_LIBRARY) && (defined(__GNUC__) || defined(__clang__))
#define TW_API __attribute__((visibility("default")))
#else
#define TW_API
#endif

#endif
