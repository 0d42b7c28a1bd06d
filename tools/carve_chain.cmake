# SPDX-License-Identifier: MIT
# Builds a world by several carves in a row and checks it is byte-identical to the shipped copy
# (data/icio2022tech: semiconductors, chip-making equipment, then aircraft engines, out of
# icio2022re).
# Variables: SPECS_TOOL (tools/build_tech_specs), CARVE (tools/carve_sector), RAW (data/raw),
# PARENT (the world carved first), CHILDREN (;-list of spec names written by SPECS_TOOL, in
# carving order), OUT (scratch directory), SHIPPED (world directory in the source tree),
# FILES (;-list of the files to compare), CLI (optional: the shipped world's baseline must
# reproduce its data, as in compare_world.cmake). Without SHIPPED and FILES, NAME names the
# world built (nothing is compared), and CLI checks the built world's baseline instead: for a
# carve being tried before it is shipped.
cmake_minimum_required(VERSION 3.20)
set(required SPECS_TOOL CARVE RAW PARENT CHILDREN OUT)
if(NOT DEFINED NAME)
  list(APPEND required SHIPPED FILES)
endif()
foreach(var IN LISTS required)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "carve_chain.cmake: ${var} is not set")
  endif()
endforeach()
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/specs)
execute_process(COMMAND ${SPECS_TOOL} --raw ${RAW} --world ${PARENT} --out ${OUT}/specs
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SPECS_TOOL} failed (${rc})")
endif()
# The world's name (world.csv) is its directory's: the last carve writes ${OUT}/<SHIPPED's name>.
if(DEFINED NAME)
  set(name ${NAME})
else()
  get_filename_component(name ${SHIPPED} NAME)
endif()
list(LENGTH CHILDREN last)
set(from ${PARENT})
set(k 0)
foreach(child IN LISTS CHILDREN)
  math(EXPR k "${k} + 1")
  set(to ${OUT}/step${k})
  if(k EQUAL last)
    set(to ${OUT}/${name})
  endif()
  execute_process(COMMAND ${CARVE} --world ${from} --spec ${OUT}/specs/${child}.csv --out ${to}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${CARVE} failed on ${child} (${rc})")
  endif()
  set(from ${to})
endforeach()
set(bad 0)
if(DEFINED NAME)
  set(SHIPPED ${from}) # not shipped: the baseline check below reads the built world
  set(FILES "")
endif()
foreach(f IN LISTS FILES)
  if(NOT EXISTS ${from}/${f} OR NOT EXISTS ${SHIPPED}/${f})
    message(SEND_ERROR "${f}: not produced or not shipped")
    set(bad 1)
  else()
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${from}/${f} ${SHIPPED}/${f}
      RESULT_VARIABLE differ)
    if(NOT differ EQUAL 0)
      message(SEND_ERROR "${SHIPPED}/${f} differs from the rebuilt ${from}/${f}")
      set(bad 1)
    endif()
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "shipped world ${SHIPPED} is not reproducible from ${RAW}")
endif()
if(NOT DEFINED NAME)
  message(STATUS "${SHIPPED}: ${FILES} reproduced byte for byte")
endif()
if(DEFINED CLI)
  execute_process(COMMAND ${CLI} world show --json --world ${SHIPPED}
    RESULT_VARIABLE rc OUTPUT_VARIABLE doc ERROR_VARIABLE msg)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tradewar world show --world ${SHIPPED} failed (${rc}): ${msg}")
  endif()
  string(JSON ok GET "${doc}" checks baseline_reproduces_data)
  if(NOT ok)
    message(FATAL_ERROR "${SHIPPED}: the solved baseline does not reproduce the data")
  endif()
endif()
