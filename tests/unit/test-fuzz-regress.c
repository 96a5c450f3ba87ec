/* Regression tests for the defects the fuzz targets (tests/fuzz) found.
 * Each test feeds the input, or a readable reduction of it, and asserts
 * what a user sees; the raw crashing inputs are also kept under
 * tests/fuzz/regress/<target>/ and replayed by the fuzz build's CTest. */
#define _GNU_SOURCE /* open_memstream() */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <precis/config.h>
#include <precis/error.h>
#include <precis/extract.h>
#include <precis/segment.h>

static char *dump(const struct precis_config *c)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        assert_non_null(f);
        assert_int_equal(precis_config_dump(c, f), 0);
        fclose(f);
        return buf;
}

/* Dump @c, check that no line is longer than inih reads (198 bytes plus
 * the newline), load the dump back and check it dumps the same. */
static void dump_round_trip(const struct precis_config *c)
{
        struct precis_error err = { 0 };
        struct precis_config d;
        char *a, *b, *msgs = NULL;
        const char *p, *nl;

        a = dump(c);
        for (p = a; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
                if (nl - p > 198)
                        fail_msg("dump line of %d bytes: %.40s...",
                                 (int) (nl - p), p);
        if (precis_config_load_string(a, "dump", &d, &msgs, &err) != 0)
                fail_msg("dump does not load back: %s\n%s", msgs, a);
        b = dump(&d);
        assert_string_equal(a, b);
        free(a);
        free(b);
        precis_config_done(&d);
}

/* fuzz-extract, regress/extract/md-empty-link-destination.bin: a
 * Markdown link with an empty destination made strndup() read a NULL
 * pointer (undefined behaviour; UBSan aborts). */
static void markdown_empty_link_destination(void **state)
{
        static const char md[] = "See [the port]() today.\n\n[x]()\n";
        struct precis_text t = { 0 };

        (void) state;
        assert_int_equal(precis_extract_markdown(md, sizeof(md) - 1, &t,
                                                 NULL), 0);
        assert_int_equal(t.n_paras, 2);
        assert_string_equal(t.paras[0], "See the port today.");
        assert_string_equal(t.paras[1], "x");
        precis_text_done(&t);
}

/* fuzz-markdown, regress/markdown/nul-in-code-span.md: md4c hands a NUL
 * inside a code span through as is, and the paragraph was cut at it,
 * losing the rest of the text (and leaving a trailing space). */
static void markdown_nul_in_code_span(void **state)
{
        static const char md[] = "Use `a\0b` here.\n";
        static const char crash[] = "\x01\0` \0` \x15";
        struct precis_text t = { 0 };
        size_t n;

        (void) state;
        assert_int_equal(precis_extract_markdown(md, sizeof(md) - 1, &t,
                                                 NULL), 0);
        assert_int_equal(t.n_paras, 1);
        assert_string_equal(t.paras[0], "Use a b here.");
        precis_text_done(&t);

        assert_int_equal(precis_extract_markdown(crash, sizeof(crash) - 1,
                                                 &t, NULL), 0);
        assert_int_equal(t.n_paras, 1);
        n = strlen(t.paras[0]);
        assert_true(n > 0);
        assert_int_not_equal(t.paras[0][n - 1], ' ');
        assert_int_equal(t.paras[0][n - 1], '\x15');
        precis_text_done(&t);
}

/* fuzz-markdown, regress/markdown/overread-link*.md: md4c 0.4.8 reads
 * a byte past the end of "[](h"; when that byte is ')' it sees a link
 * and reports a text span of about 4 GiB, which was copied (a crash).
 * The input is not NUL-terminated here, as the API allows. */
static void markdown_overread_past_end(void **state)
{
        static const char buf[] = "See [](h)";
        struct precis_text t = { 0 };

        (void) state;
        assert_int_equal(precis_extract_markdown(buf, sizeof(buf) - 2, &t,
                                                 NULL), 0);
        assert_int_equal(t.n_paras, 1);
        assert_string_equal(t.paras[0], "See [](h");
        precis_text_done(&t);
}

/* The fix itself: a NUL separates words like white space. */
static void text_add_para_nul(void **state)
{
        struct precis_text t = { 0 };

        (void) state;
        assert_int_equal(precis_text_add_para(&t, "one\0two\0", 8), 0);
        assert_int_equal(t.n_paras, 1);
        assert_string_equal(t.paras[0], "one two");
        precis_text_done(&t);
}

/* fuzz-segment, regress/segment/nul-in-paragraph.txt: through the
 * pipeline a NUL never reaches the segmenter; the sentences of a
 * paragraph with one keep all its words. */
static void segment_after_nul(void **state)
{
        static const char in[] = "He \0\0argued that. She agreed.";
        struct precis_text t = { 0 };
        struct precis_sentences s = { 0 };

        (void) state;
        assert_int_equal(precis_extract_plain(in, sizeof(in) - 1, &t, NULL),
                         0);
        assert_int_equal(precis_segment_text(&t, &s, NULL), 0);
        assert_int_equal(s.n, 2);
        assert_string_equal(s.v[0].text, "He argued that.");
        assert_string_equal(s.v[1].text, "She agreed.");
        precis_sentences_done(&s);
        precis_text_done(&t);
}

/* fuzz-config, regress/config/extension-dot-*.conf: ". txt" was stored
 * as " txt", which matches no file name, and ".." as ".", which the dump
 * wrote as a value that reads back as nothing. */
static void config_extension_dot_space(void **state)
{
        static const char text[] =
                "[inbox]\nextensions = . txt, .md, .., .\n";
        struct precis_config c;

        (void) state;
        assert_int_equal(precis_config_load_string(text, "t", &c, NULL, NULL),
                         0);
        assert_int_equal(c.extensions.n, 2);
        assert_string_equal(c.extensions.v[0], "txt");
        assert_string_equal(c.extensions.v[1], "md");
        assert_int_equal(precis_config_name_wanted(&c, "a.txt"), 1);
        assert_int_equal(precis_config_name_wanted(&c, "a.html"), 0);
        dump_round_trip(&c);
        precis_config_done(&c);
}

/* fuzz-config: a list given on continuation lines (or packed without
 * spaces) was dumped on one line longer than inih reads, so the output of
 * `precis config` failed to load. */
static void config_dump_long_list(void **state)
{
        char text[4096];
        struct precis_config c;
        size_t n, i;

        (void) state;
        n = (size_t) snprintf(text, sizeof(text), "[inbox]\nignore = *.a0");
        for (i = 1; i < 30; i++)
                n += (size_t) snprintf(text + n, sizeof(text) - n,
                                       "%s*.a%zu", i % 10 == 0 ? "\n  " : ",",
                                       i);
        snprintf(text + n, sizeof(text) - n, "\nextensions = %s\n",
                 "txt,md,html,htm,markdown,text,xhtml,mdown,mkd,mkdn,"
                 "rst,org,adoc,asciidoc,textile,wiki,creole,pod,rdoc");
        assert_int_equal(precis_config_load_string(text, "t", &c, NULL, NULL),
                         0);
        assert_int_equal(c.ignore.n, 30);
        assert_string_equal(c.ignore.v[29], "*.a29");
        assert_int_equal(c.extensions.n, 19);
        dump_round_trip(&c);
        precis_config_done(&c);
}

/* fuzz-config: values that start with ';' (kept when no space precedes
 * them) were dumped after " = " or ", ", which starts an inline comment;
 * a value that filled its line was dumped over inih's limit; and a
 * continuation line of the dump could start with '#', ';' or '['. */
static void config_dump_semicolons_and_long_values(void **state)
{
        char text[1024], path[200], e[77], f[77], g[77];
        struct precis_config c;

        (void) state;
        memset(e, 'e', 76);
        memset(f, 'f', 76);
        memset(g, 'g', 76);
        e[76] = f[76] = g[76] = '\0';
        memset(path, 'p', 192);
        path[0] = '/';
        path[192] = '\0';
        snprintf(text, sizeof(text),
                 "[inbox]\nignore=;x,*.tmp,;y\nfailed_dir=;f\n"
                 "extensions = %s,#a,\n\t%s,;b,\n\t%s,[c\n"
                 "[store]\npath=%s\n", e, f, g, path);
        assert_int_equal(precis_config_load_string(text, "t", &c, NULL, NULL),
                         0);
        assert_int_equal(c.ignore.n, 3);
        assert_string_equal(c.ignore.v[0], ";x");
        assert_string_equal(c.ignore.v[2], ";y");
        assert_string_equal(c.failed_dir, ";f");
        assert_string_equal(c.store_path, path);
        /* In the dump each long item starts a continuation line, and so
         * do "#a", ";b" and "[c" after them. */
        assert_int_equal(c.extensions.n, 6);
        assert_string_equal(c.extensions.v[1], "#a");
        assert_string_equal(c.extensions.v[3], ";b");
        assert_string_equal(c.extensions.v[5], "[c");
        dump_round_trip(&c);
        precis_config_done(&c);
}

/* fuzz-config, regress/config/last-line-199.conf: a last line without
 * a newline could be one byte longer than any other, and its value then
 * did not fit a line of the dump. */
static void config_last_line_limit(void **state)
{
        char text[512], item[200];
        struct precis_error err = { 0 };
        struct precis_config c;

        (void) state;
        memset(item, 'x', sizeof(item) - 1);
        item[sizeof(item) - 1] = '\0';
        /* "\t" and 198 bytes: one over the limit, newline or not. */
        snprintf(text, sizeof(text), "[inbox]\nignore = a,\n\t%.198s",
                 item);
        assert_int_equal(precis_config_load_string(text, "t", &c, NULL,
                                                   &err), PRECIS_E_CONFIG);
        assert_non_null(strstr(err.msg, "t:3: line longer than 198 bytes"));
        /* 197 bytes fit, and the dump reads back. */
        snprintf(text, sizeof(text), "[inbox]\nignore = a,\n\t%.197s",
                 item);
        assert_int_equal(precis_config_load_string(text, "t", &c, NULL, NULL),
                         0);
        assert_int_equal(c.ignore.n, 2);
        assert_int_equal(strlen(c.ignore.v[1]), 197);
        dump_round_trip(&c);
        precis_config_done(&c);
}

/* fuzz-config, regress/config/continuation-inline-comment.conf: inih
 * keeps a " ;" comment in a continuation line's value, so the comment
 * became part of an item (and the dump did not read back). */
static void config_continuation_inline_comment(void **state)
{
        static const char text[] =
                "[inbox]\n"
                "extensions = txt, md,\n"
                "  html, htm ; old: shtml\n"
                "ignore = *.tmp ; editors\n"
                "\t*.swp\t; vim\n";
        struct precis_config c;

        (void) state;
        assert_int_equal(precis_config_load_string(text, "t", &c, NULL, NULL),
                         0);
        assert_int_equal(c.extensions.n, 4);
        assert_string_equal(c.extensions.v[3], "htm");
        assert_int_equal(c.ignore.n, 2);
        assert_string_equal(c.ignore.v[0], "*.tmp");
        assert_string_equal(c.ignore.v[1], "*.swp");
        dump_round_trip(&c);
        precis_config_done(&c);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(markdown_empty_link_destination),
                cmocka_unit_test(markdown_nul_in_code_span),
                cmocka_unit_test(markdown_overread_past_end),
                cmocka_unit_test(text_add_para_nul),
                cmocka_unit_test(segment_after_nul),
                cmocka_unit_test(config_extension_dot_space),
                cmocka_unit_test(config_dump_long_list),
                cmocka_unit_test(config_dump_semicolons_and_long_values),
                cmocka_unit_test(config_continuation_inline_comment),
                cmocka_unit_test(config_last_line_limit),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
