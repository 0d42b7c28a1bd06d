/* SPDX-License-Identifier: MIT */
/* Worlds whose arrays would not fit in memory are refused before anything is allocated, with
 * the estimate in the message; the limit comes from the model options or from
 * $TRADEWAR_MEMORY_LIMIT (docs/cli.md, "Environment"). */
#include "test_util.h"

#include "solve/memory.h"

static tw_world *world;

static int setup(void **state)
{
    (void)state;
    tw_error err;
    unsetenv("TRADEWAR_MEMORY_LIMIT");
    return tw_world_load(TW_TEST_SOURCE_DIR "/tests/data/tiny", NULL, &world, &err) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    tw_world_free(world);
    return 0;
}

static void refused_by_option(void **state)
{
    (void)state;
    tw_model_options o;
    tw_model_options_init(&o);
    o.memory_limit = 1000; /* bytes */
    tw_model *m = NULL;
    tw_error err;
    assert_int_equal(tw_model_create(world, &o, &m, &err), TW_ERR_NOMEM);
    assert_null(m);
    assert_int_equal(err.status, TW_ERR_NOMEM);
    assert_non_null(strstr(err.message, "the model and a solver of this world (3 countries x 3 "
                                        "sectors) need an estimated "));
    assert_non_null(strstr(err.message, "more than the memory limit option of 1000 bytes"));
    o.memory_limit = 1e9;
    assert_ok(tw_model_create(world, &o, &m, &err), &err);
    tw_model_free(m);
    o.memory_limit = -1;
    assert_int_equal(tw_model_create(world, &o, &m, &err), TW_ERR_INPUT);
    assert_string_equal(err.field, "memory_limit");
}

static void refused_by_environment(void **state)
{
    (void)state;
    tw_model *m = NULL;
    tw_error err;
    setenv("TRADEWAR_MEMORY_LIMIT", "2K", 1);
    assert_int_equal(tw_model_create(world, NULL, &m, &err), TW_ERR_NOMEM);
    assert_null(m);
    assert_non_null(strstr(err.message, "more than the TRADEWAR_MEMORY_LIMIT of 2.0 KiB"));
    setenv("TRADEWAR_MEMORY_LIMIT", "1G", 1);
    assert_ok(tw_model_create(world, NULL, &m, &err), &err);
    tw_model_free(m);
    /* A malformed value is ignored: the available memory is the limit then. */
    setenv("TRADEWAR_MEMORY_LIMIT", "lots", 1);
    assert_ok(tw_model_create(world, NULL, &m, &err), &err);
    tw_model_free(m);
    unsetenv("TRADEWAR_MEMORY_LIMIT");
}

/* The estimate grows with countries squared: a 5,000-country world of 3 sectors needs tens of
 * gigabytes (above 10 GB), which no test machine has to spare; the estimate is close to what is allocated
 * for small worlds (the [j][n][i] arrays dominate). */
static void estimates(void **state)
{
    (void)state;
    tw_dims big = {5000, 3}, small = {3, 3};
    double need = tw_memory_model_bytes(big) + tw_memory_solver_bytes(big, 6);
    assert_true(need > 10e9);
    assert_true(need < 200e9);
    double per = (tw_memory_model_bytes(small) + tw_memory_solver_bytes(small, 6));
    assert_true(per > 27.0 * 8 * 20); /* at least twenty [j][n][i] double arrays */
    assert_true(tw_memory_limit(0, NULL) > 0); /* this machine reports its available memory */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refused_by_option),
        cmocka_unit_test(refused_by_environment),
        cmocka_unit_test(estimates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
