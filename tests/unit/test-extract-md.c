/* Unit tests for the Markdown front end, lib/extract-md.c: title choice,
 * what is kept as text and what is dropped, entities, front matter, hostile
 * nesting, empty documents, and the golden cases in tests/data/md. */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <precis/extract.h>

static int extract(const char *md, struct precis_text *t)
{
        struct precis_error err = { 0 };

        return precis_extract_markdown(md, strlen(md), t, &err);
}

/* Extract @md, which must succeed, and compare title (NULL: none) and the
 * paragraphs with @want, a NULL-terminated list. */
static void assert_md(const char *md, const char *title, ...)
{
        struct precis_text t;
        const char *want;
        va_list ap;
        size_t i = 0;

        assert_int_equal(extract(md, &t), 0);
        assert_int_equal(t.format, PRECIS_FORMAT_MARKDOWN);
        if (title == NULL)
                assert_null(t.title);
        else
                assert_string_equal(t.title, title);
        va_start(ap, title);
        while ((want = va_arg(ap, const char *)) != NULL) {
                if (i >= t.n_paras)
                        fail_msg("missing paragraph %zu '%s'", i, want);
                assert_string_equal(t.paras[i], want);
                i++;
        }
        va_end(ap);
        if (i != t.n_paras)
                fail_msg("extra paragraph %zu '%s'", i, t.paras[i]);
        precis_text_done(&t);
}

static void title_is_first_h1(void **state)
{
        (void) state;
        assert_md("# Bridge to stay shut\n\nThe bridge is shut.\n",
                  "Bridge to stay shut", "The bridge is shut.", NULL);
        /* Setext headings are headings too. */
        assert_md("Bridge to stay shut\n===\n\nThe bridge is shut.\n",
                  "Bridge to stay shut", "The bridge is shut.", NULL);
        /* Later H1s and other headings stay in the text. */
        assert_md("# One\n\nText.\n\n## Two\n\nMore.\n\n# Three\n",
                  "One", "Text.", "Two", "More.", "Three", NULL);
        /* The first H1 wins even after some text. */
        assert_md("Intro.\n\n## Section\n\nBody.\n\n# Late\n\nEnd.\n",
                  "Late", "Intro.", "Section", "Body.", "End.", NULL);
        /* Inline markup in a title is text. */
        assert_md("# The *new* `precis` [release](http://x.org)\n\nBody.\n",
                  "The new precis release", "Body.", NULL);
}

static void title_is_opening_heading(void **state)
{
        (void) state;
        assert_md("## Council news\n\nThe bridge is shut.\n", "Council news",
                  "The bridge is shut.", NULL);
        /* A heading after text is not a title, unless it is an H1. */
        assert_md("The bridge is shut.\n\n## Council news\n\nMore.\n", NULL,
                  "The bridge is shut.", "Council news", "More.", NULL);
        /* A heading inside a quote at the top is not "the top". */
        assert_md("> ## Quoted\n\nText.\n", NULL, "Quoted", "Text.", NULL);
}

static void lists_are_paragraphs(void **state)
{
        (void) state;
        assert_md("Shopping:\n\n- eggs\n- milk and\n  bread\n* tea\n", NULL,
                  "Shopping:", "eggs", "milk and bread", "tea", NULL);
        assert_md("1. first\n2. second\n\n   with more\n3) third\n", NULL,
                  "first", "second", "with more", "third", NULL);
        assert_md("- outer\n  - inner\n    - innermost\n- next\n", NULL,
                  "outer", "inner", "innermost", "next", NULL);
        assert_md("- [x] done\n- [ ] to do\n", NULL, "done", "to do", NULL);
        assert_md("> quoted one\n> still one\n>\n> quoted two\n\nafter\n",
                  NULL, "quoted one still one", "quoted two", "after", NULL);
}

static void inline_markup_is_text(void **state)
{
        (void) state;
        assert_md("Some *emphasis*, __strong__, ~~gone~~ and `a_b()` "
                  "text.\n",
                  NULL, "Some emphasis, strong, gone and a_b() text.", NULL);
        /* Link text stays, URLs go; so do images and autolinks. */
        assert_md("Read [the report](https://example.org/r.pdf \"Title\") "
                  "and [this][ref].\n\n[ref]: https://example.org/x\n",
                  NULL, "Read the report and this.", NULL);
        assert_md("A ![chart of sales](chart.png) picture.\n", NULL,
                  "A picture.", NULL);
        assert_md("Mail <me@example.org> or see <https://example.org>.\n",
                  NULL, "Mail or see .", NULL);
        /* A bare URL is plain text, left as written. */
        assert_md("See https://example.org now.\n", NULL,
                  "See https://example.org now.", NULL);
        /* Hard and soft breaks are spaces. */
        assert_md("one  \ntwo\\\nthree\nfour\n", NULL,
                  "one two three four", NULL);
}

static void code_and_html_are_dropped(void **state)
{
        (void) state;
        assert_md("Before.\n\n```c\nint main(void);\n```\n\nAfter.\n", NULL,
                  "Before.", "After.", NULL);
        assert_md("Before.\n\n    indented code\n\nAfter.\n", NULL,
                  "Before.", "After.", NULL);
        assert_md("Before.\n\n<div class=\"ad\">\nBuy now!\n</div>\n\n"
                  "After.\n",
                  NULL, "Before.", "After.", NULL);
        assert_md("Keep <span class=\"x\">this</span> and "
                  "<!-- not this --> that.\n",
                  NULL, "Keep this and that.", NULL);
        /* A <br> between words still separates them. */
        assert_md("line one<br>line two<br/>end\n", NULL,
                  "line one line two end", NULL);
        assert_md("| a | b |\n|---|---|\n| 1 | 2 |\n\nText.\n", NULL,
                  "Text.", NULL);
        assert_md("Above.\n\n---\n\nBelow.\n", NULL, "Above.", "Below.",
                  NULL);
}

static void entities_are_decoded(void **state)
{
        (void) state;
        assert_md("AT&amp;T &lt;b&gt; &quot;q&quot; &apos;\n", NULL,
                  "AT&T <b> \"q\" '", NULL);
        assert_md("caf&#233; caf&#xE9; caf&#XE9; &eacute;t&eacute;\n", NULL,
                  "café café café été", NULL);
        assert_md("a&nbsp;b &mdash; &copy; 2024 &euro;5 &hellip;\n", NULL,
                  "a b — © 2024 €5 …", NULL);
        /* Invalid code points become U+FFFD, unknown names stay. */
        assert_md("x&#0;y &#x110000; &bogusname; &amp\n", NULL,
                  "x\xEF\xBF\xBDy \xEF\xBF\xBD &bogusname; &amp", NULL);
        /* Entities in code spans are literal. */
        assert_md("`&amp;` &amp;\n", NULL, "&amp; &", NULL);
}

static void nul_bytes_are_replaced(void **state)
{
        static const char md[] = "a\0b and more\n";
        struct precis_text t;

        (void) state;
        assert_int_equal(precis_extract_markdown(md, sizeof(md) - 1, &t,
                                                 NULL),
                         0);
        assert_int_equal(t.n_paras, 1);
        assert_string_equal(t.paras[0], "a\xEF\xBF\xBD" "b and more");
        precis_text_done(&t);
}

static void front_matter_gives_title(void **state)
{
        (void) state;
        /* YAML: the title, and a heading that repeats it, are not text. */
        assert_md("---\ntitle: \"Lists grow\"\ndate: 2024-03-02\n---\n\n"
                  "# Lists grow\n\nText.\n",
                  "Lists grow", "Text.", NULL);
        /* A different heading stays. */
        assert_md("---\ntitle: 'Lists grow'\n---\n# Other\n\nText.\n",
                  "Lists grow", "Other", "Text.", NULL);
        /* TOML, Hugo style. */
        assert_md("+++\ntitle = \"Hugo post\"\ndraft = false\n+++\n\nText.\n",
                  "Hugo post", "Text.", NULL);
        /* Front matter without a title: the H1 rules apply. */
        assert_md("---\nauthor: me\n---\n# Heading\n\nText.\n", "Heading",
                  "Text.", NULL);
        /* No closing fence: it was a thematic break and text. */
        assert_md("---\ntitle: nope\n\nText.\n", NULL, "title: nope",
                  "Text.", NULL);
}

static void assert_empty(const char *md)
{
        struct precis_error err = { 0 };
        struct precis_text t;

        assert_int_equal(precis_extract_markdown(md, strlen(md), &t, &err),
                         PRECIS_E_EMPTY);
        assert_int_equal(err.code, PRECIS_E_EMPTY);
        assert_non_null(strstr(err.msg, "no text"));
        assert_null(t.title);
        assert_null(t.paras);
        assert_int_equal(t.n_paras, 0);
        precis_text_done(&t);
}

static void empty_documents(void **state)
{
        (void) state;
        assert_empty("");
        assert_empty("   \n\n\t\n");
        assert_empty("```\nonly code\n```\n");
        assert_empty("<div>\nonly html\n</div>\n");
        assert_empty("![only an image](a.png)\n");
        assert_empty("---\n\n***\n");
        assert_empty("# Only a title\n");
        assert_empty("---\ntitle: Only front matter\n---\n");
}

static double now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Build @n copies of @unit followed by @tail. */
static char *repeat(const char *unit, size_t n, const char *tail)
{
        size_t k = strlen(unit), m = strlen(tail), i;
        char *s = malloc(k * n + m + 1);

        assert_non_null(s);
        for (i = 0; i < n; i++)
                memcpy(s + i * k, unit, k);
        memcpy(s + n * k, tail, m + 1);
        return s;
}

/* Hostile nesting, 100,000 levels deep, neither crashes nor takes long:
 * the text inside is still found. */
static void deep_nesting_is_harmless(void **state)
{
        static const struct {
                const char *unit, *tail, *want;
        } bombs[] = {
                { "- ", "deep\n", "deep" },
                { "1. ", "deep\n", "deep" },
                { "> ", "deep\n", "deep" },
                { "> - ", "deep\n", "deep" },
                { "*", "deep\n", NULL },
                { "[", "deep\n", NULL },
                { "<b>", "deep\n", NULL },
                { "`a", "deep\n", NULL },
        };
        size_t i;

        (void) state;
        for (i = 0; i < sizeof(bombs) / sizeof(bombs[0]); i++) {
                char *md = repeat(bombs[i].unit, 100000, bombs[i].tail);
                struct precis_text t;
                double t0 = now(), dt;
                size_t p;
                int found = 0;

                assert_int_equal(extract(md, &t), 0);
                dt = now() - t0;
                if (dt > 2.0)
                        fail_msg("'%s' x 100000 took %.2f s", bombs[i].unit,
                                 dt);
                for (p = 0; p < t.n_paras; p++)
                        found |= strstr(t.paras[p], "deep") != NULL;
                assert_true(found);
                if (bombs[i].want != NULL) {
                        assert_int_equal(t.n_paras, 1);
                        assert_string_equal(t.paras[0], bombs[i].want);
                }
                precis_text_done(&t);
                free(md);
        }
}

/* Many sibling items and a big document stay linear. */
static void long_documents(void **state)
{
        char *md = repeat("- an item of a very long list\n", 200000, "");
        struct precis_text t;
        double t0 = now();

        (void) state;
        assert_int_equal(extract(md, &t), 0);
        assert_int_equal(t.n_paras, 200000);
        assert_string_equal(t.paras[199999], "an item of a very long list");
        assert_true(now() - t0 < 5.0);
        precis_text_done(&t);
        free(md);
}

static char *read_file(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        char *buf;
        long n;

        if (f == NULL)
                fail_msg("cannot open %s", path);
        fseek(f, 0, SEEK_END);
        n = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf = malloc((size_t) n + 1);
        assert_non_null(buf);
        assert_int_equal(fread(buf, 1, (size_t) n, f), (size_t) n);
        buf[n] = '\0';
        fclose(f);
        *len = (size_t) n;
        return buf;
}

/* tests/data/md/<case>.md against <case>.expected, which holds what
 * `precis extract` prints: the title (empty when none), a blank line, and
 * the paragraphs separated by blank lines. */
static void golden_cases(void **state)
{
        static const char *const cases[] = {
                "article", "front-matter", "notes",
        };
        const char *src = getenv("PRECIS_SRC");
        char dir[4096], path[4200];
        size_t i;

        (void) state;
        if (src != NULL)
                snprintf(dir, sizeof(dir), "%s/tests/data/md", src);
        else
                /* The build compiles this file by its absolute path. */
                snprintf(dir, sizeof(dir), "%.*s/../data/md",
                         (int) (strrchr(__FILE__, '/') - __FILE__), __FILE__);
        for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct precis_text t;
                char *md, *want, *got;
                size_t len, wlen, p, n;

                snprintf(path, sizeof(path), "%s/%s.md", dir, cases[i]);
                md = read_file(path, &len);
                snprintf(path, sizeof(path), "%s/%s.expected", dir, cases[i]);
                want = read_file(path, &wlen);
                assert_int_equal(precis_extract_markdown(md, len, &t, NULL),
                                 0);
                got = malloc(len + wlen + 64);
                assert_non_null(got);
                n = (size_t) sprintf(got, "%s\n", t.title ? t.title : "");
                for (p = 0; p < t.n_paras; p++)
                        n += (size_t) sprintf(got + n, "\n%s\n", t.paras[p]);
                if (strcmp(got, want) != 0)
                        fail_msg("%s: got\n%s\nwant\n%s", cases[i], got,
                                 want);
                /* The whole pipeline sniffs the same file as Markdown. */
                precis_text_done(&t);
                assert_int_equal(precis_extract(md, len, &t, NULL), 0);
                assert_int_equal(t.format, PRECIS_FORMAT_MARKDOWN);
                precis_text_done(&t);
                free(got);
                free(want);
                free(md);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(title_is_first_h1),
                cmocka_unit_test(title_is_opening_heading),
                cmocka_unit_test(lists_are_paragraphs),
                cmocka_unit_test(inline_markup_is_text),
                cmocka_unit_test(code_and_html_are_dropped),
                cmocka_unit_test(entities_are_decoded),
                cmocka_unit_test(nul_bytes_are_replaced),
                cmocka_unit_test(front_matter_gives_title),
                cmocka_unit_test(empty_documents),
                cmocka_unit_test(deep_nesting_is_harmless),
                cmocka_unit_test(long_documents),
                cmocka_unit_test(golden_cases),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
