/* Allocation failure (issue 8 item 7): for every N, fail the Nth
 * allocation while a small document of each format (plain text, HTML,
 * Markdown) goes through the pipeline (precis_record_build: charset,
 * extraction, segmentation, scoring, the flat record and its options
 * JSON).  Each run must end cleanly: -ENOMEM, or the very record of a
 * run without the failure (a failure the code could absorb must not
 * change the result).  Leaks are caught by the AddressSanitizer pass
 * (ctest under PRECIS_SANITIZE).  What the allocator sees: failalloc.h. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <precis/ingest.h>
#include <precis/init.h>

#include "failalloc.h"

static const char html_doc[] =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Bakery chain expands | Daily Post</title>"
        "<meta property=\"og:title\" content=\"Bakery chain expands\">"
        "</head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a>"
        "</nav><article><h1>Bakery chain expands</h1>"
        "<p class=\"byline\">By Anna Reid</p>"
        "<p>A regional bakery chain plans to open forty shops in railway "
        "stations over the next two years, its owners said on Tuesday.</p>"
        "<p>Crumb &amp; Co now runs 63 outlets. The new sites will be "
        "leased from the rail operator under a ten-year agreement.</p>"
        "<p>Analysts said station rents were high but footfall made up for "
        "it. Some warned that fewer office days could hurt trade.</p>"
        "</article><footer>Share this story</footer></body></html>\n";

static const char md_doc[] =
        "# Course record falls at city marathon\n\n"
        "A 24-year-old runner broke the *course record* at the city "
        "marathon on Sunday, finishing in 2:04:11.\n\n"
        "- Amina Yusuf led from halfway.\n- The old record stood for nine "
        "years.\n\n"
        "Cool weather and a new, flatter route helped the runners. More "
        "than 18,000 people finished the race.\n\n"
        "> At thirty kilometres I felt strong, so I kept going.\n\n"
        "Organisers said they would keep the new route next year.\n";

static void same_string(const char *what, const char *a, const char *b)
{
        if (a == NULL && b == NULL)
                return;
        if (a == NULL || b == NULL || strcmp(a, b) != 0)
                fail_msg("%s differs after an allocation failure: '%s', "
                         "expected '%s'", what, a != NULL ? a : "(null)",
                         b != NULL ? b : "(null)");
}

/* A run that survived an allocation failure must give the same record. */
static void assert_same_record(const struct precis_record *a,
                               const struct precis_record *b)
{
        size_t i;

        same_string("hash", a->hash, b->hash);
        same_string("title", a->title, b->title);
        same_string("language", a->language, b->language);
        same_string("format", a->format, b->format);
        same_string("body", a->body, b->body);
        same_string("options", a->options, b->options);
        assert_int_equal(a->sentences, b->sentences);
        assert_int_equal(a->words, b->words);
        assert_int_equal(a->n_summary, b->n_summary);
        for (i = 0; i < a->n_summary; i++) {
                assert_int_equal(a->summary[i].index, b->summary[i].index);
                same_string("summary", a->summary[i].text,
                            b->summary[i].text);
        }
        assert_int_equal(a->n_keywords, b->n_keywords);
        for (i = 0; i < a->n_keywords; i++)
                same_string("keyword", a->keywords[i].term,
                            b->keywords[i].term);
}

static void build_with_failures(const char *doc, const char *what)
{
        struct precis_record ref = { 0 };
        struct precis_error err = { 0 };
        long n, total, absorbed = 0;

        failalloc_arm(0);
        assert_int_equal(precis_record_build(doc, strlen(doc), NULL, &ref,
                                             &err), 0);
        total = failalloc_count();
        assert_true(total > 0);
        for (n = 1;; n++) {
                struct precis_record r = { 0 };
                int rc;

                memset(&err, 0, sizeof(err));
                failalloc_arm(n);
                bool hit;

                rc = precis_record_build(doc, strlen(doc), NULL, &r, &err);
                hit = failalloc_hit();
                failalloc_arm(0);
                if (!hit) {
                        /* Past the last allocation: a plain run. */
                        assert_int_equal(rc, 0);
                        precis_record_done(&r);
                        break;
                }
                if (rc != 0 && rc != -ENOMEM)
                        fail_msg("%s: allocation %ld of %ld failed: rc %d "
                                 "(%s), expected -ENOMEM", what, n, total,
                                 rc, err.msg);
                if (rc == 0) {
                        absorbed++;
                        assert_same_record(&r, &ref);
                }
                precis_record_done(&r);
        }
        print_message("%s: %ld allocations, each failed once (%ld absorbed "
                      "with the same result, the rest -ENOMEM)\n", what,
                      n - 1, absorbed);
        precis_record_done(&ref);
}

static void pipeline_plain(void **state)
{
        (void) state;
        build_with_failures(failalloc_plain_doc, "plain text");
}

static void pipeline_html(void **state)
{
        (void) state;
        /* libxml2 2.9 cannot take its own allocation failures (see
         * failalloc.h); precis's own, around and after the parse, are all
         * failed here. */
        failalloc_libxml2(false);
        build_with_failures(html_doc, "HTML");
        failalloc_libxml2(true);
}

static void pipeline_markdown(void **state)
{
        (void) state;
        build_with_failures(md_doc, "Markdown");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(pipeline_plain),
                cmocka_unit_test(pipeline_html),
                cmocka_unit_test(pipeline_markdown),
        };

        failalloc_install();
        if (precis_init() != 0)
                return 1;
        return cmocka_run_group_tests(tests, NULL, NULL);
}
