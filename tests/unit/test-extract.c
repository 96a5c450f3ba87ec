#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <precis/init.h>
#include <precis/array.h>
#include <precis/charset.h>
#include <precis/doc.h>
#include <precis/extract.h>

static void decode(const char *in, size_t len, const char *want,
                   enum precis_charset want_cs)
{
        enum precis_charset cs;
        char *out = NULL;
        size_t n = 0;

        assert_int_equal(precis_charset_decode(in, len, &out, &n, &cs, NULL),
                         0);
        assert_string_equal(out, want);
        assert_int_equal(n, strlen(want));
        assert_int_equal(cs, want_cs);
        assert_true(precis_utf8_valid(out, n));
        free(out);
}

/* The eight-bytes-at-a-time paths give what the rules give byte by byte:
 * one special byte (or pair) at every offset of a long ASCII run. */
static void charset_fast_paths_match_rules(void **state)
{
        static const struct {
                const char *in, *out;
                size_t n;
        } special[] = {
                { "\x01", " ", 1 },     { "\x7f", " ", 1 },
                { "\0", " ", 1 },       { "\t", "\t", 1 },
                { "\r", "\n", 1 },      { "\r\n", "\n", 2 },
                { "\n", "\n", 1 },      { "\xc3\xa9", "\xc3\xa9", 2 },
                { "\xe2\x80\xa6", "\xe2\x80\xa6", 3 },
        };
        char in[64], want[64];
        size_t k, pos;

        (void) state;
        for (k = 0; k < sizeof(special) / sizeof(special[0]); k++) {
                for (pos = 0; pos <= 40; pos++) {
                        size_t n = 0, w = 0, i;

                        for (i = 0; i < pos; i++)
                                in[n++] = want[w++] = (char) ('a' + i % 26);
                        memcpy(in + n, special[k].in, special[k].n);
                        n += special[k].n;
                        memcpy(want + w, special[k].out,
                               strlen(special[k].out));
                        w += strlen(special[k].out);
                        for (i = pos; i < 40; i++)
                                in[n++] = want[w++] = (char) ('A' + i % 26);
                        want[w] = '\0';
                        decode(in, n, want, PRECIS_CHARSET_UTF8);
                }
        }
}

static void charset_decodes_every_supported_form(void **state)
{
        (void) state;
        decode("caf\xC3\xA9", 5, "caf\xC3\xA9", PRECIS_CHARSET_UTF8);
        decode("\xEF\xBB\xBF" "caf\xC3\xA9", 8, "caf\xC3\xA9",
               PRECIS_CHARSET_UTF8);
        decode("\xFF\xFE" "c\0a\0f\0\xE9\0", 10, "caf\xC3\xA9",
               PRECIS_CHARSET_UTF16LE);
        decode("\xFE\xFF" "\0c\0a\0f\0\xE9", 10, "caf\xC3\xA9",
               PRECIS_CHARSET_UTF16BE);
        /* UTF-16 without a BOM is recognised from its zero bytes. */
        decode("H\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0", 22, "Hello world",
               PRECIS_CHARSET_UTF16LE);
        /* Windows-1252: curly quotes and the euro sign. */
        decode("\x93Hi\x94 \x80" "5 caf\xE9", 12,
               "\xE2\x80\x9CHi\xE2\x80\x9D \xE2\x82\xAC" "5 caf\xC3\xA9",
               PRECIS_CHARSET_CP1252);
        /* Converted by iconv: its five undefined bytes become U+FFFD,
         * a control byte a space. */
        decode("\x93Hi there, friends\x94 \x81\x1b\xE9", 23,
               "\xE2\x80\x9CHi there, friends\xE2\x80\x9D \xEF\xBF\xBD "
               "\xC3\xA9",
               PRECIS_CHARSET_CP1252);
        /* UTF-16: a pair is one character, a lone surrogate U+FFFD, an
         * escape a space, a cut last byte dropped. */
        decode("\xFF\xFE" "a\0\x3D\xD8\x00\xDE" "b\0\x00\xDC\x1b\0" "c\0d",
               17, "a\xF0\x9F\x98\x80" "b\xEF\xBF\xBD c",
               PRECIS_CHARSET_UTF16LE);
}

static void charset_repairs_damage(void **state)
{
        (void) state;
        /* A NUL in the middle becomes a space; CRLF becomes LF. */
        decode("one\0two\r\nthree", 14, "one two\nthree", PRECIS_CHARSET_UTF8);
        /* One bad byte in UTF-8 text becomes U+FFFD, the rest is kept. */
        decode("na\xC3\xAFve \xFF ok", 11, "na\xC3\xAFve \xEF\xBF\xBD ok",
               PRECIS_CHARSET_UTF8);
}

/* The one validator and the one escaping rule (logs and terminal). */
static void utf8_len_and_escape(void **state)
{
        char e[4];
        size_t used;

        (void) state;
        assert_int_equal(precis_utf8_len("a", 1), 1);
        assert_int_equal(precis_utf8_len("\xc3\xa9", 2), 2);
        assert_int_equal(precis_utf8_len("\xc3\xa9", 1), 0);    /* cut */
        assert_int_equal(precis_utf8_len("\xc0\xaf", 2), 0);    /* overlong */
        assert_int_equal(precis_utf8_len("\xed\xa0\x80", 3), 0); /* surrogate */
        assert_int_equal(precis_utf8_len("\xf4\x90\x80\x80", 4), 0);
        assert_int_equal(precis_utf8_len("\xf0\x9f\x98\x80", 4), 4);
        assert_int_equal(precis_escape_char("\n", 1, 0, e, &used), 2);
        assert_memory_equal(e, "\\n", 2);
        assert_int_equal(precis_escape_char("'", 1, '\'', e, &used), 2);
        assert_memory_equal(e, "\\'", 2);
        assert_int_equal(precis_escape_char("'", 1, 0, e, &used), 1);
        assert_int_equal(precis_escape_char("\x1b", 1, 0, e, &used), 4);
        assert_memory_equal(e, "\\x1b", 4);
        assert_int_equal(precis_escape_char("\xc3\xa9!", 3, 0, e, &used), 2);
        assert_int_equal(used, 2);
        assert_int_equal(precis_escape_char("\xc3!", 2, 0, e, &used), 4);
        assert_memory_equal(e, "\\xc3", 4);
        assert_int_equal(used, 1);
}

/* The one growable array: doubles from the first size, keeps contents. */
static void grow_array_doubles(void **state)
{
        int *v = NULL;
        size_t n = 0, cap = 0, i;

        (void) state;
        for (i = 0; i < 100; i++) {
                assert_int_equal(PRECIS_GROW(v, n, cap, 8), 0);
                v[n++] = (int) i;
        }
        assert_int_equal(cap, 128);
        for (i = 0; i < 100; i++)
                assert_int_equal(v[i], (int) i);
        /* A size that would overflow is refused and leaves it as it was. */
        assert_int_equal(precis_grow_array(&v, &cap, (size_t) -1 / 64, cap,
                                           1, 8),
                         -ENOMEM);
        assert_int_equal(cap, 128);
        free(v);
}

/* Room for several at once (a byte buffer): doubles until they fit, and
 * a count that would overflow is refused with the buffer untouched. */
static void reserve_array_fits(void **state)
{
        char *b = NULL;
        size_t n = 0, cap = 0;

        (void) state;
        assert_int_equal(PRECIS_RESERVE(b, n, 6, cap, 16), 0);
        assert_int_equal(cap, 16);
        memcpy(b, "hello", 6);
        n = 5;
        /* 5 + 100 bytes: 16 doubles to 128 in one call. */
        assert_int_equal(PRECIS_RESERVE(b, n, 100, cap, 16), 0);
        assert_int_equal(cap, 128);
        assert_string_equal(b, "hello");
        /* Enough room already: nothing moves. */
        assert_int_equal(PRECIS_RESERVE(b, n, 123, cap, 16), 0);
        assert_int_equal(cap, 128);
        assert_int_equal(PRECIS_RESERVE(b, n, (size_t) -1 - 2, cap, 16),
                         -ENOMEM);
        assert_int_equal(cap, 128);
        assert_string_equal(b, "hello");
        free(b);
}

static void charset_refuses_binaries(void **state)
{
        static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
        static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        static const char gz[] = "\x1f\x8b\x08\0\0\0\0\0\0\x03";
        struct precis_error err = { 0 };
        char *out = NULL;
        size_t n;

        (void) state;
        assert_int_equal(precis_charset_decode(elf, sizeof(elf) - 1, &out, &n,
                                               NULL, &err),
                         PRECIS_E_BINARY);
        assert_non_null(strstr(err.msg, "binary"));
        assert_int_equal(precis_charset_decode(png, sizeof(png) - 1, &out, &n,
                                               NULL, NULL),
                         PRECIS_E_BINARY);
        assert_int_equal(precis_charset_decode(gz, sizeof(gz) - 1, &out, &n,
                                               NULL, NULL),
                         PRECIS_E_BINARY);
        assert_null(out);
}

static void sniff_tells_formats_apart(void **state)
{
        static const char html[] = "<!DOCTYPE html><html><body><p>Hi</p>";
        static const char md[] = "# Title\n\nSome *text* with a "
                                 "[link](http://x).\n\n- one\n- two\n";
        static const char txt[] = "Just a line of prose.\n\nAnd another.\n";
        static const char md1[] = "# Budget\n\nThe council set its budget "
                                  "for next year.\n";
        static const char tag[] = "#metoo was trending.\n\nIt was.\n";

        (void) state;
        assert_int_equal(precis_format_sniff(html, sizeof(html) - 1),
                         PRECIS_FORMAT_HTML);
        assert_int_equal(precis_format_sniff(md, sizeof(md) - 1),
                         PRECIS_FORMAT_MARKDOWN);
        assert_int_equal(precis_format_sniff(txt, sizeof(txt) - 1),
                         PRECIS_FORMAT_TEXT);
        assert_int_equal(precis_format_sniff(md1, sizeof(md1) - 1),
                         PRECIS_FORMAT_MARKDOWN);
        assert_int_equal(precis_format_sniff(tag, sizeof(tag) - 1),
                         PRECIS_FORMAT_TEXT);
}

static void plain_takes_title_and_drops_chrome(void **state)
{
        static const char in[] =
                "Home | World | Business | Sport\n\n"
                "Storm hits the coast\n\n"
                "A storm hit the coast on Monday. Thousands lost power.\n\n"
                "Officials said repairs would take a week.\n\n"
                "Share this article\n\n"
                "Additional reporting by Jane Doe in London\n\n"
                "Via Reuters\n\n"
                "12 comments\n\n"
                "Leave a comment\n";
        struct precis_text t;

        (void) state;
        assert_int_equal(precis_extract(in, sizeof(in) - 1, &t, NULL), 0);
        assert_int_equal(t.format, PRECIS_FORMAT_TEXT);
        assert_string_equal(t.title, "Storm hits the coast");
        assert_int_equal(t.n_paras, 2);
        assert_string_equal(t.paras[0], "A storm hit the coast on Monday. "
                                        "Thousands lost power.");
        assert_string_equal(t.paras[1],
                            "Officials said repairs would take a week.");
        precis_text_done(&t);
}

static void plain_joins_hard_wrapped_lines(void **state)
{
        static const char in[] =
                "The committee met on Tuesday to discuss the budget and\n"
                "agreed, after a long debate, to postpone the vote until\n"
                "next month.\n\n"
                "Members were split.\n";
        struct precis_text t;

        (void) state;
        assert_int_equal(precis_extract(in, sizeof(in) - 1, &t, NULL), 0);
        assert_null(t.title);
        assert_int_equal(t.n_paras, 2);
        assert_string_equal(t.paras[0],
                            "The committee met on Tuesday to discuss the "
                            "budget and agreed, after a long debate, to "
                            "postpone the vote until next month.");
        precis_text_done(&t);
}

static void empty_and_whitespace_are_errors(void **state)
{
        struct precis_error err = { 0 };
        struct precis_text t;

        (void) state;
        assert_int_equal(precis_extract(" \n\t\n", 4, &t, &err),
                         PRECIS_E_EMPTY);
        assert_int_equal(t.n_paras, 0);
}

/* The article the project was started from: a plain-text copy of an FT
 * page with its navigation and comment chrome. */
static void ft_example_title_and_summary(void **state)
{
        const char *shared = getenv("PRECIS_SHARED");
        struct precis_summary_opts o;
        struct precis_doc d;
        char path[4096], *data = NULL, *sum;
        size_t len = 0, i;

        (void) state;
        if (shared == NULL)
                skip();
        snprintf(path, sizeof(path), "%s/examples/ft-trump-putin-syria.txt",
                 shared);
        if (precis_file_read(path, 0, &data, &len, NULL) != 0)
                skip();
        assert_int_equal(precis_init(), 0);
        precis_summary_opts_init(&o);
        o.length = 3;
        assert_int_equal(precis_doc_build(data, len, &o, &d, NULL), 0);
        assert_string_equal(d.text.title,
                            "Trump and Putin discuss moves towards Syria "
                            "peace");
        for (i = 0; i < d.text.n_paras; i++) {
                assert_null(strstr(d.text.paras[i], "No comments"));
                assert_null(strstr(d.text.paras[i], "leave a comment"));
                assert_null(strstr(d.text.paras[i], "Via FT"));
                assert_null(strstr(d.text.paras[i], "Additional reporting"));
                assert_null(strstr(d.text.paras[i], "HomeFT"));
        }
        assert_int_equal(d.summary.n_picks, 3);
        assert_int_equal(d.summary.picks[0].index, 0);
        sum = precis_doc_summary_text(&d);
        assert_non_null(sum);
        assert_true(strncmp(sum, "Donald Trump and Vladimir Putin discussed",
                            41) == 0);
        free(sum);
        precis_doc_done(&d);
        free(data);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(charset_decodes_every_supported_form),
                cmocka_unit_test(charset_fast_paths_match_rules),
                cmocka_unit_test(charset_repairs_damage),
                cmocka_unit_test(charset_refuses_binaries),
                cmocka_unit_test(utf8_len_and_escape),
                cmocka_unit_test(grow_array_doubles),
                cmocka_unit_test(reserve_array_fits),
                cmocka_unit_test(sniff_tells_formats_apart),
                cmocka_unit_test(plain_takes_title_and_drops_chrome),
                cmocka_unit_test(plain_joins_hard_wrapped_lines),
                cmocka_unit_test(empty_and_whitespace_are_errors),
                cmocka_unit_test(ft_example_title_and_summary),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
