/* Unit tests for the metadata and title part of the HTML front end
 * (lib/extract-html-meta.c), called through the internal header: <meta>
 * ranking, the site name, and the <title> heuristics. */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract-html.h"

/* A parsed page and the extractor state the title code runs with. */
struct page {
        struct hx h;
        xmlNodePtr root;
};

static void page_open(struct page *p, const char *html)
{
        memset(p, 0, sizeof(*p));
        /* libxml2 is loaded on first use (lib/xml-dl.c). */
        assert_int_equal(precis_xml_load(NULL), 0);
        p->h.doc = htmlReadMemory(html, (int) strlen(html), NULL, "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                          HTML_PARSE_NONET |
                                          HTML_PARSE_RECOVER);
        assert_non_null(p->h.doc);
        p->root = xmlDocGetRootElement(p->h.doc);
        assert_non_null(p->root);
}

static void page_close(struct page *p)
{
        size_t i;

        assert_false(p->h.oom);
        for (i = 0; i < p->h.n_blocks; i++)
                free(p->h.blocks[i]);
        free(p->h.blocks);
        xmlFreeDoc(p->h.doc);
}

/* The <title> as hx_doc_title() reads it; the caller frees it. */
static char *doc_title(const char *html)
{
        struct page p;
        char *t;

        page_open(&p, html);
        t = hx_doc_title(&p.h, p.root);
        page_close(&p);
        return t;
}

static void meta_ranks_titles(void **state)
{
        struct page p;
        struct hx_meta m = { 0 };

        (void) state;
        /* dc.title (as a name, with a dot) outranks og:title, which
         * outranks twitter:title, whatever the order in the page. */
        page_open(&p, "<html><head>"
                      "<meta name=\"twitter:title\" content=\"Twitter\">"
                      "<meta property=\"og:title\" content=\" OG title\">"
                      "<meta name=\"DC.title\" content=\"Dublin Core\">"
                      "<meta property=\"og:site_name\" content=\"The Paper\">"
                      "</head><body><p>x</p></body></html>");
        hx_read_meta(&p.h, p.root, &m);
        assert_string_equal(m.title, "Dublin Core");
        assert_string_equal(m.site, "The Paper");
        free(m.title);
        free(m.site);
        page_close(&p);

        memset(&m, 0, sizeof(m));
        page_open(&p, "<html><head>"
                      "<meta name=\"twitter:title\" content=\"Twitter\">"
                      "<meta property=\"og:title\" content=\"  OG title\">"
                      "<meta property=\"og:title\" content=\"\">"
                      "</head><body></body></html>");
        hx_read_meta(&p.h, p.root, &m);
        /* Leading space trimmed; an empty content offers nothing. */
        assert_string_equal(m.title, "OG title");
        assert_null(m.site);
        free(m.title);
        page_close(&p);
}

static void meta_absent(void **state)
{
        struct page p;
        struct hx_meta m = { 0 };

        (void) state;
        page_open(&p, "<html><head><meta charset=\"utf-8\"></head>"
                      "<body><p>text</p></body></html>");
        hx_read_meta(&p.h, p.root, &m);
        assert_null(m.title);
        assert_null(m.site);
        page_close(&p);
        assert_null(doc_title("<html><body><p>no title</p></body></html>"));
}

static void title_drops_site_after_separator(void **state)
{
        char *t;

        (void) state;
        t = doc_title("<title>Markets fall as oil price jumps again | "
                      "The Daily Paper</title><p>x</p>");
        assert_string_equal(t, "Markets fall as oil price jumps again");
        free(t);
        /* Too few words after the cut: the part before the first
         * separator is the site instead. */
        t = doc_title("<title>Paper - Markets fall as oil price jumps"
                      "</title><p>x</p>");
        assert_string_equal(t, "Markets fall as oil price jumps");
        free(t);
}

static void title_colon_and_short(void **state)
{
        char *t;

        (void) state;
        t = doc_title("<title>Daily Paper: Markets fall as oil price "
                      "jumps again</title><p>x</p>");
        assert_string_equal(t, "Markets fall as oil price jumps again");
        free(t);
        /* A heading that repeats the whole title keeps the colon. */
        t = doc_title("<title>Oil: markets fall as the price jumps</title>"
                      "<h1>Oil: markets fall as the price jumps</h1>");
        assert_string_equal(t, "Oil: markets fall as the price jumps");
        free(t);
        /* Four words or fewer left is more likely the site's name. */
        t = doc_title("<title>Weather today | The Daily Paper</title>");
        assert_string_equal(t, "Weather today | The Daily Paper");
        free(t);
}

static void strip_site_by_h1_and_name(void **state)
{
        struct page p;
        char *t;

        (void) state;
        page_open(&p, "<html><body><h1>Markets fall as oil jumps</h1>"
                      "</body></html>");
        t = strdup("Daily Paper | Markets fall as oil jumps");
        assert_non_null(t);
        t = hx_strip_site(&p.h, t, p.root, NULL);
        assert_string_equal(t, "Markets fall as oil jumps");
        free(t);
        page_close(&p);

        /* No heading to match: a side equal to og:site_name goes. */
        page_open(&p, "<html><body><p>x</p></body></html>");
        t = strdup("Markets fall \xe2\x80\x94 daily paper");
        assert_non_null(t);
        t = hx_strip_site(&p.h, t, p.root, "Daily Paper");
        assert_string_equal(t, "Markets fall");
        free(t);
        t = strdup("Daily Paper :: Markets fall");
        assert_non_null(t);
        t = hx_strip_site(&p.h, t, p.root, "Daily Paper");
        assert_string_equal(t, "Markets fall");
        free(t);
        /* Neither: the title is kept whole. */
        t = strdup("Markets fall | Elsewhere");
        assert_non_null(t);
        t = hx_strip_site(&p.h, t, p.root, "Daily Paper");
        assert_string_equal(t, "Markets fall | Elsewhere");
        free(t);
        page_close(&p);
}

static void similarity(void **state)
{
        (void) state;
        assert_true(hx_similarity("Oil price jumps", "oil PRICE") == 1.0);
        assert_true(hx_similarity("Oil price jumps", "cats") == 0.0);
        assert_true(hx_similarity("", "cats") == 0.0);
        /* "oil" (3) shared, "dogs" (4) not, one joining space: 1 - 4/8. */
        assert_true(hx_similarity("oil", "oil dogs") == 0.5);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(meta_ranks_titles),
                cmocka_unit_test(meta_absent),
                cmocka_unit_test(title_drops_site_after_separator),
                cmocka_unit_test(title_colon_and_short),
                cmocka_unit_test(strip_site_by_h1_and_name),
                cmocka_unit_test(similarity),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
