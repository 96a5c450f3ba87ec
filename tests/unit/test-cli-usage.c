/* Unit tests for the usage helpers: lib/suggest.c (edit distance and "did
 * you mean") and cli_parse_when() (--since/--until values) with a fixed
 * clock and a fixed time zone. */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include <precis/suggest.h>

#include "output.h"

static void edit_distance(void **state)
{
        (void) state;
        assert_int_equal(precis_edit_distance("list", "list"), 0);
        assert_int_equal(precis_edit_distance("lst", "list"), 1);
        assert_int_equal(precis_edit_distance("serach", "search"), 1);
        assert_int_equal(precis_edit_distance("", "abc"), 3);
        assert_int_equal(precis_edit_distance("kitten", "sitting"), 3);
        assert_int_equal(precis_edit_distance("ca", "abc"), 3);
}

static void suggest(void **state)
{
        static const char *const cmds[] = { "summarize", "extract", "import",
                                            "list", "show", "search",
                                            "stats", "status", "digest",
                                            "forget", NULL };
        static const char *const opts[] = { "since", "until", "limit",
                                            "sort", "json", NULL };
        static const char *const tie[] = { "sort", "port", NULL };

        (void) state;
        assert_string_equal(precis_suggest("lst", cmds), "list");
        assert_string_equal(precis_suggest("forgt", cmds), "forget");
        assert_string_equal(precis_suggest("sumarize", cmds), "summarize");
        assert_string_equal(precis_suggest("serach", cmds), "search");
        assert_string_equal(precis_suggest("dig", cmds), "digest");
        assert_string_equal(precis_suggest("sinse", opts), "since");
        assert_string_equal(precis_suggest("jsn", opts), "json");
        /* Too far from everything, or equally near to two. */
        assert_null(precis_suggest("xyzzy", cmds));
        assert_string_equal(precis_suggest("stat", cmds), "stats");
        assert_null(precis_suggest("xort", tie)); /* sort or port */
        assert_null(precis_suggest("", cmds));
        assert_null(precis_suggest("q", opts));
}

/* 2026-03-29T12:00:00Z, the day central Europe moves to summer time. */
#define NOW 1774785600000LL

static int64_t when(const char *s)
{
        int64_t ms = -1;

        assert_int_equal(cli_parse_when(s, NOW, &ms), 0);
        return ms;
}

static void when_forms(void **state)
{
        int64_t ms;

        (void) state;
        /* A POSIX rule, so the test needs no tzdata. */
        setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
        tzset();
        assert_int_equal(when("now"), NOW);
        assert_int_equal(when("2h"), NOW - 2 * 3600000LL);
        assert_int_equal(when("3d"), NOW - 3 * 86400000LL);
        assert_int_equal(when("1w"), NOW - 7 * 86400000LL);
        assert_int_equal(when("90s"), NOW - 90000LL);
        /* Local midnights: today began at 23:00Z the day before (UTC+1);
         * tomorrow begins at 22:00Z (UTC+2 after the change). */
        assert_int_equal(when("today"), 1774738800000LL);
        assert_int_equal(when("yesterday"), 1774738800000LL - 86400000LL);
        assert_int_equal(when("tomorrow"), 1774821600000LL);
        /* ISO dates: local unless Z. */
        assert_int_equal(when("2026-11-27"), 1795734000000LL);
        assert_int_equal(when("2026-11-27T10:00"), 1795770000000LL);
        assert_int_equal(when("2026-11-27T10:00:30"), 1795770030000LL);
        assert_int_equal(when("2026-11-27T10:00Z"), 1795773600000LL);
        assert_int_equal(when("@100"), 100000LL);
        /* Refused. */
        assert_int_equal(cli_parse_when("yesterday-ish", NOW, &ms), -1);
        assert_int_equal(cli_parse_when("", NOW, &ms), -1);
        assert_int_equal(cli_parse_when("2x", NOW, &ms), -1);
        assert_int_equal(cli_parse_when("1.5d", NOW, &ms), -1);
        assert_int_equal(cli_parse_when("2026-11-27T", NOW, &ms), -1);
        assert_int_equal(cli_parse_when("2026-11-27 junk", NOW, &ms), -1);
        assert_int_equal(cli_parse_when("Today", NOW, &ms), -1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(edit_distance),
                cmocka_unit_test(suggest),
                cmocka_unit_test(when_forms),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
