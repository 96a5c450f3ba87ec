/* Unit tests for the terminal output helpers of cli/term.c: sizes for
 * people, plurals, cutting to a width (with wide characters and search
 * marks), marks as attributes, brackets or nothing, and wrapping. */

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "term.h"

/* What @fn printed to a memory stream, in a static buffer. */
#define CAPTURE(buf, call)                                                     \
        do {                                                                   \
                char *m_ = NULL;                                               \
                size_t n_ = 0;                                                 \
                FILE *f = open_memstream(&m_, &n_);                            \
                assert_non_null(f);                                            \
                call;                                                          \
                fclose(f);                                                     \
                snprintf(buf, sizeof(buf), "%s", m_);                          \
                free(m_);                                                      \
        } while (0)

static void human_sizes(void **state)
{
        char b[32];

        (void) state;
        assert_string_equal(cli_human_size(0, b), "0 bytes");
        assert_string_equal(cli_human_size(1, b), "1 byte");
        assert_string_equal(cli_human_size(999, b), "999 bytes");
        assert_string_equal(cli_human_size(1000, b), "1.0 kB");
        assert_string_equal(cli_human_size(25000, b), "25 kB");
        assert_string_equal(cli_human_size(1706015, b), "1.7 MB");
        assert_string_equal(cli_human_size(3100000, b), "3.1 MB");
        assert_string_equal(cli_human_size(999999, b), "1.0 MB");
        assert_string_equal(cli_human_size(843000000, b), "843 MB");
        assert_string_equal(cli_plural(1, "duplicate", "duplicates"),
                            "duplicate");
        assert_string_equal(cli_plural(0, "duplicate", "duplicates"),
                            "duplicates");
        assert_string_equal(cli_plural(2, "duplicate", "duplicates"),
                            "duplicates");
}

static void color_values(void **state)
{
        enum cli_color c;

        (void) state;
        assert_int_equal(cli_color_parse("never", &c), 0);
        assert_int_equal(c, CLI_COLOR_NEVER);
        assert_int_equal(cli_color_parse(NULL, &c), 0);
        assert_int_equal(c, CLI_COLOR_ALWAYS);
        assert_int_equal(cli_color_parse("auto", &c), 0);
        assert_int_equal(c, CLI_COLOR_AUTO);
        assert_int_equal(cli_color_parse("sometimes", &c), -1);
}

static void fit_cuts_by_columns(void **state)
{
        char out[256];

        (void) state;
        CAPTURE(out, cli_put_fit(f, "abcdef", 6));
        assert_string_equal(out, "abcdef");
        CAPTURE(out, cli_put_fit(f, "abcdefg", 6));
        assert_string_equal(out, "abcde…");
        CAPTURE(out, cli_put_fit(f, "abcdefg", 0));
        assert_string_equal(out, "abcdefg");
        /* A control byte prints escaped, never raw. */
        CAPTURE(out, cli_put_fit(f, "a\033[2Jb", 0));
        assert_string_equal(out, "a\\x1b[2Jb");
        /* So does each byte of invalid UTF-8, four columns wide. */
        CAPTURE(out, cli_put_fit(f, "a\xff\xc3" "b", 0));
        assert_string_equal(out, "a\\xff\\xc3" "b");
        assert_int_equal(cli_term_cols("a\xff", 2), 5);
        /* Wide characters take two columns (UTF-8 locale). */
        if (setlocale(LC_CTYPE, "C.UTF-8") != NULL) {
                CAPTURE(out, cli_put_fit(f, "日本語テキスト", 7));
                assert_string_equal(out, "日本語…");
                assert_int_equal(cli_term_cols("日本", 6), 4);
        }
        assert_int_equal(cli_term_cols("café", 5), 4);
}

static void marks_as_attributes_brackets_or_nothing(void **state)
{
        const char *s = "a \001b c\002 d \001e\002";
        char out[256];

        (void) state;
        CAPTURE(out, cli_put_marked(f, s, CLI_MARK_ATTR));
        assert_string_equal(out, "a \033[1mb c\033[22m d \033[1me\033[22m");
        CAPTURE(out, cli_put_marked(f, s, CLI_MARK_BRACKETS));
        assert_string_equal(out, "a [b c] d [e]");
        CAPTURE(out, cli_put_marked(f, s, CLI_MARK_NONE));
        assert_string_equal(out, "a b c d e");
        /* The text's own escape bytes stay escaped beside real bold. */
        CAPTURE(out, cli_put_marked(f, "\033[31m\001x\002", CLI_MARK_ATTR));
        assert_string_equal(out, "\\x1b[31m\033[1mx\033[22m");
        /* A cut inside a highlight closes it. */
        CAPTURE(out, cli_put_fit_marked(f, "x \001abcdef\002", 5,
                                        CLI_MARK_ATTR));
        assert_string_equal(out, "x \033[1mab\033[22m…");
        CAPTURE(out, cli_put_fit_marked(f, "x \001ab\002", 5,
                                        CLI_MARK_BRACKETS));
        assert_string_equal(out, "x [ab]");
}

static void wrap_to_width(void **state)
{
        char out[256];

        (void) state;
        CAPTURE(out, cli_put_wrapped(f, "aaa bbb ccc ddd", 12, 0));
        assert_string_equal(out, "aaa bbb ccc\nddd\n");
        /* The caller printed @indent columns; later lines are indented. */
        CAPTURE(out, cli_put_wrapped(f, "aaa bbb ccc ddd eee", 14, 2));
        assert_string_equal(out, "aaa bbb ccc\n  ddd eee\n");
        /* A word longer than the line stands alone, uncut. */
        CAPTURE(out, cli_put_wrapped(f, "a abcdefghijklmnop b", 12, 0));
        assert_string_equal(out, "a\nabcdefghijklmnop\nb\n");
        /* No width: one line, as stored. */
        CAPTURE(out, cli_put_wrapped(f, "aaa bbb ccc ddd", 0, 0));
        assert_string_equal(out, "aaa bbb ccc ddd\n");
        /* Marks take no columns and a phrase stays bold across lines. */
        CAPTURE(out, cli_put_wrapped_marked(f, "aaa \001bbb ccc\002 ddd", 12,
                                            0, CLI_MARK_ATTR));
        assert_string_equal(out, "aaa \033[1mbbb ccc\033[22m\nddd\n");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(human_sizes),
                cmocka_unit_test(color_values),
                cmocka_unit_test(fit_cuts_by_columns),
                cmocka_unit_test(marks_as_attributes_brackets_or_nothing),
                cmocka_unit_test(wrap_to_width),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
