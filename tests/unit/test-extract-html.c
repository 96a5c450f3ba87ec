/* Unit tests for the HTML front end (lib/extract-html.c): main-content
 * extraction, titles, entities, and hostile inputs. */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <precis/extract.h>

/* Read tests/data/html/@name: from $PRECIS_SRC when CTest sets it, else
 * relative to this source file. */
static char *fixture(const char *name, size_t *ret_len)
{
        const char *src = getenv("PRECIS_SRC");
        char path[4096];
        FILE *f;
        char *buf;
        long n;

        if (src != NULL) {
                snprintf(path, sizeof(path), "%s/tests/data/html/%s", src,
                         name);
        } else {
                /* __FILE__ is ".../tests/unit/test-extract-html.c". */
                char *slash;

                snprintf(path, sizeof(path), "%s", __FILE__);
                slash = strrchr(path, '/');
                assert_non_null(slash);
                snprintf(slash + 1, sizeof(path) - (size_t) (slash + 1 - path),
                         "../data/html/%s", name);
        }
        f = fopen(path, "rb");
        assert_non_null(f);
        assert_int_equal(fseek(f, 0, SEEK_END), 0);
        n = ftell(f);
        assert_true(n > 0);
        rewind(f);
        buf = malloc((size_t) n + 1);
        assert_non_null(buf);
        assert_int_equal(fread(buf, 1, (size_t) n, f), (size_t) n);
        buf[n] = '\0';
        fclose(f);
        *ret_len = (size_t) n;
        return buf;
}

static bool any_para_contains(const struct precis_text *t, const char *s)
{
        size_t i;

        for (i = 0; i < t->n_paras; i++)
                if (strstr(t->paras[i], s) != NULL)
                        return true;
        return false;
}

static int extract_str(const char *html, struct precis_text *t,
                       struct precis_error *err)
{
        return precis_extract_html(html, strlen(html), t, err);
}

/* Filler prose, so that a test article clears the length at which the
 * extractor starts relaxing its filters. */
#define PROSE                                                                 \
        "<p>The valley's orchards had their best apple harvest in a decade "  \
        "this autumn, growers said on Friday, after a warm spring and "       \
        "steady rain through the summer months.</p>"                          \
        "<p>Packing houses ran extra shifts for three weeks to keep up, and " \
        "several farms hired students from the college to help pick, grade " \
        "and pack the fruit.</p>"                                             \
        "<p>Prices held up despite the larger crop, because exporters found " \
        "new buyers overseas, according to the growers' association, which "  \
        "expects the good run to continue.</p>"

static void html_keeps_article_drops_chrome(void **state)
{
        struct precis_text t = { 0 };
        struct precis_error err = { 0 };
        size_t len, i;
        char *html = fixture("article.html", &len);

        (void) state;
        assert_int_equal(precis_extract_html(html, len, &t, &err), 0);
        assert_int_equal(t.format, PRECIS_FORMAT_HTML);
        assert_string_equal(t.title,
                            "Harbour bridge reopens after two years of "
                            "repairs");
        /* The story, in order, one paragraph per block. */
        assert_int_equal(t.n_paras, 9);
        assert_true(strncmp(t.paras[0], "The harbour bridge reopened", 27) ==
                    0);
        assert_string_equal(t.paras[3], "Traffic expected to return");
        assert_string_equal(t.paras[5], "Cyclists get a separate lane on the "
                                        "eastern side of the bridge.");
        /* <br><br> splits a paragraph. */
        assert_string_equal(t.paras[8],
                            "The first full inspection is due in three "
                            "years.");
        /* Navigation, header, share buttons, scripts, styles, comments,
         * the comment section, the related-links list, aside, newsletter
         * box, footer and noscript are gone. */
        assert_false(any_para_contains(&t, "SHOULD-VANISH"));
        assert_false(any_para_contains(&t, "Share on"));
        assert_false(any_para_contains(&t, "Most read"));
        assert_false(any_para_contains(&t, "Subscribe"));
        assert_false(any_para_contains(&t, "font-family"));
        assert_false(any_para_contains(&t, "Weather"));
        assert_false(any_para_contains(&t, "comments"));
        /* The headline is the title, not body text. */
        for (i = 0; i < t.n_paras; i++)
                assert_string_not_equal(t.paras[i], t.title);
        precis_text_done(&t);
        free(html);
}

static void html_drops_semantic_chrome(void **state)
{
        static const char html[] =
                "<html><head><title>Apple harvest is the best in a "
                "decade</title></head><body>"
                "<nav><a href='/'>Home</a> <a href='/x'>NAV-LINK</a></nav>"
                "<div>" PROSE "</div>"
                "<aside><p>ASIDE-TEXT: read our guide to the best walks in "
                "the valley, with maps, photos and tips.</p></aside>"
                "<footer><p>FOOTER-TEXT contact us</p></footer>"
                "</body></html>";
        struct precis_text t = { 0 };

        (void) state;
        assert_int_equal(extract_str(html, &t, NULL), 0);
        assert_int_equal(t.n_paras, 3);
        assert_true(any_para_contains(&t, "best apple harvest"));
        assert_false(any_para_contains(&t, "NAV-LINK"));
        assert_false(any_para_contains(&t, "ASIDE-TEXT"));
        assert_false(any_para_contains(&t, "FOOTER-TEXT"));
        precis_text_done(&t);
}

static void html_og_title_wins_over_title(void **state)
{
        static const char html[] =
                "<html><head><title>Something else entirely - Site</title>"
                "<meta property='og:title' content='Orchards enjoy a "
                "bumper apple harvest'></head><body>" PROSE
                "</body></html>";
        struct precis_text t = { 0 };

        (void) state;
        assert_int_equal(extract_str(html, &t, NULL), 0);
        assert_string_equal(t.title, "Orchards enjoy a bumper apple harvest");
        precis_text_done(&t);
}

static void html_title_loses_site_name(void **state)
{
        static const char with_og[] =
                "<html><head><meta property='og:site_name' content='Valley "
                "News'><meta property='og:title' content='Orchards enjoy a "
                "bumper apple harvest | Valley News'></head><body>" PROSE
                "</body></html>";
        static const char title_only[] =
                "<html><head><title>Orchards enjoy a bumper apple harvest - "
                "Valley News</title></head><body>" PROSE "</body></html>";
        static const char h1_side[] =
                "<html><head><title>Valley News :: Orchards enjoy a bumper "
                "apple harvest</title></head><body><h1>Orchards enjoy a "
                "bumper apple harvest</h1>" PROSE "</body></html>";
        struct precis_text t = { 0 };

        (void) state;
        assert_int_equal(extract_str(with_og, &t, NULL), 0);
        assert_string_equal(t.title, "Orchards enjoy a bumper apple harvest");
        precis_text_done(&t);
        assert_int_equal(extract_str(title_only, &t, NULL), 0);
        assert_string_equal(t.title, "Orchards enjoy a bumper apple harvest");
        precis_text_done(&t);
        assert_int_equal(extract_str(h1_side, &t, NULL), 0);
        assert_string_equal(t.title, "Orchards enjoy a bumper apple harvest");
        /* The <h1> repeating the title is not a body paragraph. */
        assert_false(any_para_contains(&t, "bumper"));
        precis_text_done(&t);
}

static void html_decodes_entities(void **state)
{
        static const char html[] =
                "<html><body>" PROSE
                "<p>Fish &amp; chips at the caf&eacute; cost &pound;5 &#8211; "
                "&#x201C;a bargain&#x201D;, &lt;b&gt; is a tag, and "
                "&nbsp;spaces&nbsp;&nbsp;collapse.</p></body></html>";
        struct precis_text t = { 0 };

        (void) state;
        assert_int_equal(extract_str(html, &t, NULL), 0);
        assert_true(any_para_contains(
                &t, "Fish & chips at the caf\xc3\xa9 cost \xc2\xa3"
                    "5 \xe2\x80\x93 \xe2\x80\x9c"
                    "a bargain\xe2\x80\x9d, <b> is a tag, and spaces "
                    "collapse."));
        precis_text_done(&t);
}

/* The caller decoded the charset; a <meta charset> must not make libxml2
 * decode the UTF-8 again. */
static void html_ignores_meta_charset(void **state)
{
        static const char html[] =
                "<html><head><meta charset='iso-8859-1'>"
                "<meta http-equiv='Content-Type' content='text/html; "
                "charset=windows-1252'></head><body>" PROSE
                "<p>Caf\xc3\xa9 owners in M\xc3\xbcnster smiled.</p>"
                "</body></html>";
        struct precis_text t = { 0 };

        (void) state;
        assert_int_equal(extract_str(html, &t, NULL), 0);
        assert_true(any_para_contains(
                &t, "Caf\xc3\xa9 owners in M\xc3\xbcnster smiled."));
        precis_text_done(&t);
        /* Also through the full entry point. */
        assert_int_equal(precis_extract(html, strlen(html), &t, NULL), 0);
        assert_int_equal(t.format, PRECIS_FORMAT_HTML);
        assert_true(any_para_contains(
                &t, "Caf\xc3\xa9 owners in M\xc3\xbcnster smiled."));
        precis_text_done(&t);
}

static void html_deep_nesting_returns(void **state)
{
        static const char open[] = "<div>", close[] = "</div>";
        const size_t depth = 100000;
        struct precis_text t = { 0 };
        struct precis_error err = { 0 };
        size_t cap = depth * (sizeof(open) + sizeof(close)) + 4096, n = 0, i;
        char *html = malloc(cap);
        int rc;

        (void) state;
        assert_non_null(html);
        n += (size_t) sprintf(html + n, "<html><body>%s", PROSE);
        for (i = 0; i < depth; i++) {
                memcpy(html + n, open, sizeof(open) - 1);
                n += sizeof(open) - 1;
        }
        n += (size_t) sprintf(html + n, "deep text");
        for (i = 0; i < depth; i++) {
                memcpy(html + n, close, sizeof(close) - 1);
                n += sizeof(close) - 1;
        }
        n += (size_t) sprintf(html + n, "</body></html>");
        rc = precis_extract_html(html, n, &t, &err);
        /* The prose before the nest survives; the nest itself may be cut
         * by the parser's depth limit, but nothing crashes. */
        assert_int_equal(rc, 0);
        assert_true(any_para_contains(&t, "best apple harvest"));
        precis_text_done(&t);

        /* Nothing but the nest: either its text or a clean "empty". */
        rc = precis_extract_html(html + 12 + strlen(PROSE),
                                 n - 12 - strlen(PROSE), &t, &err);
        assert_true(rc == 0 || rc == PRECIS_E_EMPTY);
        precis_text_done(&t);
        free(html);
}

static void html_only_scripts_is_empty(void **state)
{
        static const char html[] =
                "<!DOCTYPE html><html><head><script>var a = 'some text "
                "that is not an article';</script><style>p { color: red; }"
                "</style></head><body><script>document.write('hello "
                "world');</script><noscript>Please enable JavaScript."
                "</noscript><style>.x{}</style><!-- a comment --></body>"
                "</html>";
        struct precis_text t = { 0 };
        struct precis_error err = { 0 };

        (void) state;
        assert_int_equal(extract_str(html, &t, &err), PRECIS_E_EMPTY);
        assert_int_equal(err.code, PRECIS_E_EMPTY);
        assert_true(strlen(err.msg) > 0);
        assert_int_equal(t.n_paras, 0);
        assert_null(t.paras);
        precis_text_done(&t);

        assert_int_equal(precis_extract_html("", 0, &t, &err),
                         PRECIS_E_EMPTY);
        assert_int_equal(t.n_paras, 0);
        precis_text_done(&t);
}

/* Thousands of entities expand to at most as many bytes as they took, and
 * the extraction finishes (CTest's timeout bounds the time). */
static void html_entity_heavy_is_bounded(void **state)
{
        static const char ent[] = "&amp;&lt;&#x41;&eacute;&#8212;&nbsp;x ";
        const size_t reps = 100000;
        struct precis_text t = { 0 };
        size_t cap = reps * sizeof(ent) + 4096, n = 0, i, out = 0;
        char *html = malloc(cap);

        (void) state;
        assert_non_null(html);
        n += (size_t) sprintf(html + n, "<html><body>%s", PROSE);
        for (i = 0; i < reps; i++) {
                if (i % 1000 == 0)
                        n += (size_t) sprintf(html + n, "<p>");
                memcpy(html + n, ent, sizeof(ent) - 1);
                n += sizeof(ent) - 1;
        }
        n += (size_t) sprintf(html + n, "</body></html>");
        assert_int_equal(precis_extract_html(html, n, &t, NULL), 0);
        for (i = 0; i < t.n_paras; i++)
                out += strlen(t.paras[i]);
        assert_true(out > 0);
        assert_true(out <= n);
        assert_true(any_para_contains(&t, "&<A\xc3\xa9\xe2\x80\x94 x"));
        precis_text_done(&t);
        free(html);
}

/* An entity bomb in an internal DTD subset: nothing is expanded, and the
 * declarations do not show up as text. */
static void html_internal_subset_is_skipped(void **state)
{
        static const char html[] =
                "<!DOCTYPE html [\n"
                "<!ENTITY a \"aaaaaaaaaa>]\">\n"
                "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
                "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
                "]>\n<html><body>" PROSE "<p>&c;&c;&c;</p></body></html>";
        struct precis_text t = { 0 };
        size_t i;

        (void) state;
        assert_int_equal(extract_str(html, &t, NULL), 0);
        assert_true(any_para_contains(&t, "best apple harvest"));
        for (i = 0; i < t.n_paras; i++) {
                assert_null(strstr(t.paras[i], "ENTITY"));
                assert_null(strstr(t.paras[i], "aaaaaaaaaa"));
        }
        precis_text_done(&t);
}

static void html_link_dense_block_dropped(void **state)
{
        static const char html[] =
                "<html><body><div id='story'>" PROSE
                "<div><a href='/1'>LINKS-ONE more news</a> | "
                "<a href='/2'>Weather today</a> | <a href='/3'>Sport "
                "results</a> | <a href='/4'>Traffic updates</a></div>"
                "</div></body></html>";
        struct precis_text t = { 0 };

        (void) state;
        assert_int_equal(extract_str(html, &t, NULL), 0);
        assert_int_equal(t.n_paras, 3);
        assert_false(any_para_contains(&t, "LINKS-ONE"));
        precis_text_done(&t);
}

static void html_keeps_block_structure(void **state)
{
        static const char html[] =
                "<html><body><div class='post-body'>" PROSE
                "<table><tr><th>Variety</th><th>Tonnes</th></tr>"
                "<tr><td>Bramley</td><td>1,200</td></tr></table>"
                "<p>Pickers started early,<br>because rain was forecast."
                "<br>Nobody minded.</p>"
                "<p>Address:<br>1 Orchard Lane<br>Valley Town</p>"
                "<pre>line one\nline two</pre>"
                "<blockquote>We have never seen so much fruit.</blockquote>"
                "</div></body></html>";
        static const char *const want[] = {
                "Variety Tonnes",
                "Bramley 1,200",
                /* A <br> inside a sentence only wraps it... */
                "Pickers started early, because rain was forecast.",
                /* ...but ends a line that ends a sentence or a label, or
                 * is followed by a capital. */
                "Nobody minded.",
                "Address:",
                "1 Orchard Lane",
                "Valley Town",
                "line one",
                "line two",
                "We have never seen so much fruit.",
        };
        struct precis_text t = { 0 };
        size_t i;

        (void) state;
        assert_int_equal(extract_str(html, &t, NULL), 0);
        assert_int_equal(t.n_paras, 3 + sizeof(want) / sizeof(want[0]));
        for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
                assert_string_equal(t.paras[3 + i], want[i]);
        precis_text_done(&t);
}

/* Paragraphs straight in <body>, with chrome around them. */
static void html_body_level_text(void **state)
{
        static const char html[] =
                "<html><body><nav><a href='/'>Home</a> <a href='/a'>About"
                "</a></nav>" PROSE
                "<footer>FOOTER-TEXT (c) 2024</footer></body></html>";
        struct precis_text t = { 0 };

        (void) state;
        assert_int_equal(extract_str(html, &t, NULL), 0);
        assert_int_equal(t.n_paras, 3);
        assert_false(any_para_contains(&t, "About"));
        assert_false(any_para_contains(&t, "FOOTER-TEXT"));
        precis_text_done(&t);
}

/* Old pages lay out the article with a table: its cells are blocks, not
 * cells of a row to join. */
static void html_layout_table_cells_are_blocks(void **state)
{
        static const char html[] =
                "<html><body><table><tr><td>" PROSE
                "<p>Growers expect prices to ease next year as the crop "
                "returns to normal, the association said.</p>"
                "Cider makers bought more fruit than ever.</td>"
                "<td>Orchard tours run every Sunday in October.</td></tr>"
                "</table></body></html>";
        struct precis_text t = { 0 };

        (void) state;
        assert_int_equal(extract_str(html, &t, NULL), 0);
        assert_true(t.n_paras >= 5);
        assert_string_equal(t.paras[4],
                            "Cider makers bought more fruit than ever.");
        precis_text_done(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(html_keeps_article_drops_chrome),
                cmocka_unit_test(html_drops_semantic_chrome),
                cmocka_unit_test(html_og_title_wins_over_title),
                cmocka_unit_test(html_title_loses_site_name),
                cmocka_unit_test(html_decodes_entities),
                cmocka_unit_test(html_ignores_meta_charset),
                cmocka_unit_test(html_deep_nesting_returns),
                cmocka_unit_test(html_only_scripts_is_empty),
                cmocka_unit_test(html_entity_heavy_is_bounded),
                cmocka_unit_test(html_internal_subset_is_skipped),
                cmocka_unit_test(html_link_dense_block_dropped),
                cmocka_unit_test(html_keeps_block_structure),
                cmocka_unit_test(html_body_level_text),
                cmocka_unit_test(html_layout_table_cells_are_blocks),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
