# SPDX-License-Identifier: MIT
# Rebuilds a world and checks it is byte-identical to the shipped copy.
# Variables: BUILDER (program), RAW (data/raw), OUT (scratch directory), SHIPPED (world
# directory in the source tree), FILES (;-list of the files the builder must produce).
# Optional: BUILDER_ARGS (;-list) replaces `--raw ${RAW}` for builders with other arguments
# (tools/carve_sector: --world DIR --spec FILE).
# Optional: CLI (the tradewar program): then the shipped world must also be an equilibrium of
# the model, i.e. its solved baseline reproduce its data: `tradewar world show --json` must
# report checks.baseline_reproduces_data (every gap within TW_BASELINE_TOLERANCE = 1e-6,
# include/tradewar/checks.h; no final-demand residual clamped).
cmake_minimum_required(VERSION 3.20)
foreach(var BUILDER RAW OUT SHIPPED FILES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "compare_world.cmake: ${var} is not set")
  endif()
endforeach()
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
if(NOT DEFINED BUILDER_ARGS)
  set(BUILDER_ARGS --raw ${RAW})
endif()
execute_process(COMMAND ${BUILDER} ${BUILDER_ARGS} --out ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BUILDER} failed (${rc})")
endif()
# Every produced file must be expected, and every expected file produced and identical.
file(GLOB produced RELATIVE ${OUT} ${OUT}/*)
foreach(f IN LISTS produced)
  if(NOT f IN_LIST FILES)
    message(FATAL_ERROR "${BUILDER} wrote an unexpected file ${f}")
  endif()
endforeach()
set(bad 0)
foreach(f IN LISTS FILES)
  if(NOT EXISTS ${OUT}/${f})
    message(SEND_ERROR "${f}: not produced")
    set(bad 1)
  elseif(NOT EXISTS ${SHIPPED}/${f})
    message(SEND_ERROR "${SHIPPED}/${f}: not shipped")
    set(bad 1)
  else()
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/${f} ${SHIPPED}/${f}
      RESULT_VARIABLE differ)
    if(NOT differ EQUAL 0)
      message(SEND_ERROR "${SHIPPED}/${f} differs from the rebuilt ${OUT}/${f}")
      set(bad 1)
    endif()
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "shipped world ${SHIPPED} is not reproducible from ${RAW}")
endif()
message(STATUS "${SHIPPED}: ${FILES} reproduced byte for byte")
if(DEFINED CLI)
  execute_process(COMMAND ${CLI} world show --json --world ${SHIPPED}
    RESULT_VARIABLE rc OUTPUT_VARIABLE doc ERROR_VARIABLE msg)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tradewar world show --world ${SHIPPED} failed (${rc}): ${msg}")
  endif()
  string(JSON ok GET "${doc}" checks baseline_reproduces_data)
  string(JSON clamped GET "${doc}" checks final_demand_clamped)
  string(JSON gva GET "${doc}" checks baseline_value_added_gap)
  string(JSON gabs GET "${doc}" checks baseline_absorption_gap)
  string(JSON gflow GET "${doc}" checks baseline_flow_gap)
  if(NOT ok)
    message(FATAL_ERROR "${SHIPPED}: the solved baseline does not reproduce the data "
      "(final-demand residuals clamped ${clamped}; relative gaps: value added ${gva}, "
      "absorption ${gabs}, largest flow ${gflow}; tolerance 1e-6)")
  endif()
  message(STATUS "${SHIPPED}: solved baseline = data (clamped ${clamped}; gaps ${gva}, ${gabs}, ${gflow})")
endif()
