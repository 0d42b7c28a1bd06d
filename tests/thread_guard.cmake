# SPDX-License-Identifier: MIT
# Tests that start threads carry the ctest label `threads`: the ThreadSanitizer stage of .ci/run
# runs only them, since it can find nothing in a program with one thread. Each directory names
# its threaded tests with tw_label_threads after registering them; in builds without sanitizers
# the other tests of that directory (except the python, r and browser ones) get the thread guard
# (tests/thread_guard.c) preloaded, which fails a program of this build that starts a thread, so a
# missing label is caught by the ordinary suite.
if(TW_BUILD_TESTS AND NOT (TW_SANITIZE OR TW_SANITIZE_THREAD OR TW_FUZZ))
  add_library(tw_thread_guard MODULE ${PROJECT_SOURCE_DIR}/tests/thread_guard.c)
  target_link_libraries(tw_thread_guard PRIVATE ${CMAKE_DL_LIBS})
  set(TW_THREAD_GUARD_LIB $<TARGET_FILE:tw_thread_guard> CACHE INTERNAL "")
else()
  set(TW_THREAD_GUARD_LIB "" CACHE INTERNAL "")
endif()
function(tw_label_threads)
  get_property(tests DIRECTORY PROPERTY TESTS)
  foreach(t ${ARGN})
    if(NOT t IN_LIST tests)
      message(FATAL_ERROR "tw_label_threads: no test ${t} in ${CMAKE_CURRENT_SOURCE_DIR}")
    endif()
  endforeach()
  foreach(t ${tests})
    get_test_property(${t} LABELS labels)
    if(t IN_LIST ARGN)
      set_property(TEST ${t} APPEND PROPERTY LABELS threads)
    elseif(TW_THREAD_GUARD_LIB AND NOT ("python" IN_LIST labels OR "r" IN_LIST labels OR
                                        "browser" IN_LIST labels))
      set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT
        "LD_PRELOAD=${TW_THREAD_GUARD_LIB};TW_THREAD_GUARD=${PROJECT_BINARY_DIR};TW_THREAD_GUARD_TEST=${t}")
    endif()
  endforeach()
endfunction()

