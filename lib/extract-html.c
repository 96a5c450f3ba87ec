/* HTML front end: parse with libxml2's HTML parser, find the article's main
 * content and turn it into a title and paragraphs.
 *
 * Main-content extraction follows the algorithm of Mozilla's Readability
 * (itself after Arc90's readability): score the block elements that hold
 * prose by length and commas, propagate the scores to a few levels of
 * ancestors, discount link-heavy containers and containers whose class or
 * id hints at page chrome, pick the best container, add the siblings that
 * score close to it, then clean forms, tables, lists and divs that look like
 * widgets out of the result.  When the result is short, the extraction is
 * retried with fewer filters.  Everything here is re-implemented over the
 * libxml2 tree; no code is shared with Readability.
 *
 * Every walk over the tree is iterative.  libxml2 also caps the tree depth
 * at 256 when HTML_PARSE_HUGE is not given, which bounds the cost of the
 * ancestor walks.  Text lengths and link text of subtrees are cached and
 * combined bottom-up, so the scoring stays near-linear in the page size.
 *
 * Measured on ../shared/corpus/html-dev with tests/eval/extract-eval:
 * macro F1 0.960 (Readability.js 0.956, readability-lxml 0.857). */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract-html.h"

/* ---- driver ------------------------------------------------------------- */

/* Length of a document type declaration with an internal subset at the
 * start of @s ("<!DOCTYPE html [ <!ENTITY ...> ]>"), else 0.  libxml2's
 * HTML parser does not read internal subsets: it would end the
 * declaration at the first '>' and show the rest of the subset as body
 * text.  Entities declared there are not expanded in HTML anyway, so the
 * declaration is skipped whole. */
static size_t hx_internal_subset(const char *s, size_t len)
{
        size_t i = 0;
        char q = 0;

        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                           s[i] == '\r'))
                i++;
        if (len - i < 9 || strncasecmp(s + i, "<!DOCTYPE", 9) != 0)
                return 0;
        for (i += 9; i < len && s[i] != '['; i++)
                if (s[i] == '>')
                        return 0;
        /* Inside the subset, '>' ends markup declarations; only "]" then
         * '>' outside a quoted literal ends the subset. */
        for (i++; i < len; i++) {
                if (q != 0) {
                        if (s[i] == q)
                                q = 0;
                } else if (s[i] == '"' || s[i] == '\'') {
                        q = s[i];
                } else if (s[i] == ']') {
                        size_t k = i + 1;

                        while (k < len && (s[k] == ' ' || s[k] == '\t' ||
                                           s[k] == '\n' || s[k] == '\r'))
                                k++;
                        if (k < len && s[k] == '>')
                                return k + 1;
                }
        }
        return 0;
}

/* libxml2 reports some failures (no memory for a parser context) only
 * through its generic error handler, which prints to stderr; library code
 * never prints.  The handler is per thread in libxml2 2.9, so it is set
 * before every parse. */
static void hx_silent(void *ctx, const char *msg, ...)
{
        (void) ctx;
        (void) msg;
}

/* Parse @s.  Out of memory, libxml2 2.9 stops and returns the tree it had
 * so far, saying so only in the context's errNo: that half page must not
 * pass for the article, so h->oom is set and NULL returned.  (Found by
 * tests/unit/test-alloc-fail.c: a failed allocation cost the title.) */
static htmlDocPtr hx_parse(struct hx *h, const char *s, size_t len)
{
        size_t skip = hx_internal_subset(s, len);
        htmlParserCtxtPtr ctxt;
        htmlDocPtr doc;

        s += skip;
        len -= skip;
        if (len > INT32_MAX)
                return NULL;
        xmlSetGenericErrorFunc(NULL, hx_silent);
        ctxt = htmlNewParserCtxt();
        if (ctxt == NULL) {
                h->oom = true;
                return NULL;
        }
        doc = htmlCtxtReadMemory(ctxt, s, (int) len, NULL, "UTF-8",
                                 HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                         HTML_PARSE_NONET |
                                         HTML_PARSE_RECOVER |
                                         HTML_PARSE_COMPACT);
        /* No tree and no error at all: the input buffer could not be
         * allocated (htmlCtxtReadMemory() returns NULL then, silently). */
        if (ctxt->errNo == XML_ERR_NO_MEMORY ||
            (doc == NULL && ctxt->errNo == 0 && len > 0)) {
                h->oom = true;
                xmlFreeDoc(doc);
                doc = NULL;
        }
        htmlFreeParserCtxt(ctxt);
        return doc;
}

static void hx_free_blocks(struct hx *h)
{
        size_t i;

        for (i = 0; i < h->n_blocks; i++)
                free(h->blocks[i]);
        free(h->blocks);
        h->blocks = NULL;
        h->n_blocks = 0;
        h->cap_blocks = 0;
        h->n_info = 0;
}

static void hx_reset(struct hx *h)
{
        if (h->doc != NULL)
                xmlFreeDoc(h->doc);
        h->doc = NULL;
        h->n_info = 0;
}

/* One extraction attempt with the filters in h->flags.  Fills @out with
 * the paragraphs and returns the article's text length, or -1 with
 * h->oom set. */
static long hx_attempt(struct hx *h, const char *s, size_t len,
                       struct precis_text *out)
{
        static const char *const scripts[] = { "script", "noscript", "style",
                                               "template", NULL };
        static const char *const fonts[] = { "font", NULL };
        struct hx_nodes paras = { 0 }, cands = { 0 }, l = { 0 };
        xmlNodePtr root, body, best, article = NULL;
        long text_len = 0;
        size_t i;

        /* The first attempt works on the tree the metadata came from;
         * each later one needs a fresh parse. */
        if (!h->doc_fresh) {
                hx_reset(h);
                h->doc = hx_parse(h, s, len);
        }
        h->doc_fresh = false;
        if (h->doc == NULL)
                return h->oom ? -1 : 0;
        root = xmlDocGetRootElement(h->doc);
        body = hx_body(h->doc);
        if (root == NULL || body == NULL)
                return 0;
        hx_remove_tags(h, root, scripts);
        hx_replace_brs(h, body);
        hx_collect(h, root, fonts, &l);
        for (i = 0; i < l.n; i++)
                hx_set_tag(l.v[i], "span");
        hx_nodes_done(&l);

        hx_prepare_nodes(h, &paras);
        hx_score_paragraphs(h, &paras, &cands);
        if (!h->oom) {
                body = hx_body(h->doc);
                best = hx_top_candidate(h, &cands);
                if (body != NULL)
                        article = hx_gather(h, best, body);
        }
        if (article != NULL && !h->oom) {
                hx_prep_article(h, article);
                text_len = (long) hx_text_len(h, article);
                hx_emit(h, article, out);
        }
        if (article != NULL)
                xmlFreeNode(article);
        hx_nodes_done(&paras);
        hx_nodes_done(&cands);
        return h->oom ? -1 : text_len;
}

/* Whether paragraph @p says the same as the title (the page's headline
 * printed above the text). */
static bool hx_para_is_title(const char *p, const char *title)
{
        return title != NULL && hx_similarity(title, p) > 0.75 &&
               hx_similarity(p, title) > 0.75;
}

int precis_extract_html(const char *s, size_t len, struct precis_text *out,
                        struct precis_error *err)
{
        static const unsigned tries[] = {
                HX_STRIP_UNLIKELY | HX_WEIGHT_CLASSES | HX_CLEAN_CONDITIONALLY,
                HX_WEIGHT_CLASSES | HX_CLEAN_CONDITIONALLY,
                HX_CLEAN_CONDITIONALLY,
                0,
        };
        struct hx h = { 0 };
        struct hx_meta meta = { 0 };
        struct precis_text best = { 0 };
        long best_len = -1;
        char *title = NULL;
        size_t i;
        int rc = 0;

        memset(out, 0, sizeof(*out));
        out->format = PRECIS_FORMAT_HTML;
        rc = precis_xml_load(err);
        if (rc < 0)
                return rc;

        /* Metadata first, from an untouched tree. */
        h.doc = hx_parse(&h, s, len);
        h.doc_fresh = true;
        if (h.doc != NULL && xmlDocGetRootElement(h.doc) != NULL) {
                xmlNodePtr root = xmlDocGetRootElement(h.doc);

                hx_read_meta(&h, root, &meta);
                title = meta.title;
                meta.title = NULL;
                if (title == NULL)
                        title = hx_doc_title(&h, root);
                if (title != NULL)
                        title = hx_strip_site(&h, title, root, meta.site);
        }
        if (h.oom)
                goto oom;
        h.title = title;

        for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
                struct precis_text cur = { 0 };
                long n;

                h.flags = tries[i];
                n = hx_attempt(&h, s, len, &cur);
                if (n < 0) {
                        precis_text_done(&cur);
                        goto oom;
                }
                /* A less filtered attempt must find clearly more text to
                 * win, even when it passes the threshold: a few hundred
                 * more characters are usually the chrome that the filters
                 * removed from a short article. */
                if (best_len < 0 ||
                    (double) n > HX_RELAX_GAIN * (double) best_len) {
                        precis_text_done(&best);
                        best = cur;
                        best_len = n;
                } else {
                        precis_text_done(&cur);
                }
                if (n >= HX_CHAR_THRESHOLD)
                        break;
        }

        /* The article may start with its headline; the title is reported
         * apart, so drop it from the body. */
        if (best.n_paras > 0 && hx_para_is_title(best.paras[0], title))
                free(precis_text_take_para(&best, 0));
        /* @out owns the paragraphs from here: the error path below frees
         * both, so best must not hold them too (a double free when the
         * title could not be copied). */
        *out = best;
        memset(&best, 0, sizeof(best));
        out->format = PRECIS_FORMAT_HTML;
        if (title != NULL) {
                rc = precis_text_set_title(out, title, strlen(title));
                if (rc != 0)
                        goto oom;
        }
        if (out->n_paras == 0) {
                rc = precis_error_set(err, PRECIS_E_EMPTY,
                                      "no article text found in the HTML");
                precis_text_done(out);
                out->format = PRECIS_FORMAT_HTML;
        }
        hx_reset(&h);
        hx_free_blocks(&h);
        free(title);
        free(meta.site);
        return rc;

oom:
        precis_text_done(&best);
        precis_text_done(out);
        hx_reset(&h);
        hx_free_blocks(&h);
        free(title);
        free(meta.title);
        free(meta.site);
        return precis_error_set(err, -ENOMEM,
                                "out of memory extracting HTML");
}
