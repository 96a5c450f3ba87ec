/* HTML front end, part 5: emitting the article's text as paragraphs. */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract-html.h"

/* ---- output ------------------------------------------------------------- */

/* Elements that end the paragraph before them and start a new one. */
static const char *const hx_blocks[] = {
        "address", "article", "aside", "blockquote", "body", "caption",
        "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p",
        "pre", "section", "summary", "table", "tbody", "tfoot", "thead",
        "tr", "ul", "br", "menu", "legend", "option", NULL,
};

/* Paragraph assembly for hx_emit(). */
struct hx_emitter {
        struct hx_buf b;        /* owned; the paragraph being built */
        size_t br_at;           /* bytes of @b before a pending <br>, or
                                 * SIZE_MAX */
        size_t pre_depth;       /* open <pre> elements */
        struct precis_text *out;        /* borrowed; receives paragraphs */
};

static void hx_flush(struct hx *h, struct hx_emitter *e)
{
        if (e->b.n > 0 && precis_text_add_para(e->out, e->b.p, e->b.n) != 0)
                h->oom = true;
        e->b.n = 0;
        e->br_at = SIZE_MAX;
}

/* Whether the text in @b ends a sentence or is empty. */
static bool hx_ends_sentence(const struct hx_buf *b)
{
        const unsigned char *p = (const unsigned char *) b->p;
        size_t i = b->n;

        while (i > 0 && (p[i - 1] == ' ' || p[i - 1] == '\t' ||
                         p[i - 1] == '\n' || p[i - 1] == '\r'))
                i--;
        /* Closing quotes and brackets may follow the stop: ASCII ones,
         * and U+2019 and U+201D (E2 80 99, E2 80 9D). */
        for (;;) {
                if (i > 0 && (p[i - 1] == '"' || p[i - 1] == '\'' ||
                              p[i - 1] == ')'))
                        i--;
                else if (i >= 3 && p[i - 3] == 0xE2 && p[i - 2] == 0x80 &&
                         (p[i - 1] == 0x99 || p[i - 1] == 0x9D))
                        i -= 3;
                else
                        break;
        }
        if (i == 0)
                return true;
        return p[i - 1] == '.' || p[i - 1] == '!' || p[i - 1] == '?' ||
               p[i - 1] == ':' || p[i - 1] == ';';
}

/* A single <br> ends a line.  It ends the paragraph too, unless the line
 * stops mid-sentence and the next one goes on in lower case: then the
 * break only wrapped a sentence. */
static void hx_emit_br(struct hx *h, struct hx_emitter *e)
{
        if (hx_ends_sentence(&e->b)) {
                hx_flush(h, e);
                return;
        }
        e->br_at = e->b.n;
        hx_buf_add(h, &e->b, " ", 1);
}

static void hx_emit_text(struct hx *h, struct hx_emitter *e, const char *s)
{
        if (e->br_at != SIZE_MAX) {
                const char *t = s;

                while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
                        t++;
                if (*t == '\0') {
                        hx_buf_add(h, &e->b, s, strlen(s));
                        return;
                }
                if (!(*t >= 'a' && *t <= 'z')) {
                        e->b.n = e->br_at;
                        hx_flush(h, e);
                }
                e->br_at = SIZE_MAX;
        }
        if (e->pre_depth > 0) {
                const char *nl;

                while ((nl = strchr(s, '\n')) != NULL) {
                        hx_buf_add(h, &e->b, s, (size_t) (nl - s));
                        hx_flush(h, e);
                        s = nl + 1;
                }
        }
        hx_buf_add(h, &e->b, s, strlen(s));
}

/* Whether cell @n belongs to a table judged to hold data. */
static bool hx_in_data_table(struct hx *h, const xmlNode *n)
{
        for (n = n->parent; n != NULL && hx_is_elem(n); n = n->parent) {
                if (hx_tag(n, "table")) {
                        struct hx_info *in = hx_info_get(h, (xmlNodePtr) n);

                        return in != NULL && in->datatable;
                }
        }
        return false;
}

/* Open (@enter) or close an element. */
static void hx_emit_elem(struct hx *h, struct hx_emitter *e, xmlNodePtr n,
                         bool enter)
{
        if (hx_tag(n, "br")) {
                if (enter)
                        hx_emit_br(h, e);
        } else if (hx_tag_in(n, hx_blocks)) {
                hx_flush(h, e);
        } else if (hx_tag(n, "td") || hx_tag(n, "th")) {
                /* Cells of a data table are joined into one line per
                 * row; cells of a layout table are blocks of their own. */
                if (hx_in_data_table(h, n))
                        hx_buf_add(h, &e->b, " ", 1);
                else
                        hx_flush(h, e);
        }
        if (hx_tag(n, "pre")) {
                if (enter)
                        e->pre_depth++;
                else if (e->pre_depth > 0)
                        e->pre_depth--;
        }
}

/* Emit the text under @root as paragraphs: block elements break, cells
 * are joined with a space, lines of <pre> are paragraphs of their own. */
void hx_emit(struct hx *h, xmlNodePtr root, struct precis_text *out)
{
        struct hx_emitter e = { .br_at = SIZE_MAX, .out = out };
        xmlNodePtr n = root->children;

        while (n != NULL && !h->oom) {
                if (hx_is_text(n) && n->content != NULL)
                        hx_emit_text(h, &e, (const char *) n->content);
                else if (hx_is_elem(n))
                        hx_emit_elem(h, &e, n, true);
                if (hx_is_elem(n) && n->children != NULL) {
                        n = n->children;
                        continue;
                }
                /* Climb out of finished elements, closing each. */
                while (n != NULL && n != root) {
                        if (hx_is_elem(n))
                                hx_emit_elem(h, &e, n, false);
                        if (n->next != NULL) {
                                n = n->next;
                                break;
                        }
                        n = n->parent;
                }
                if (n == root)
                        break;
        }
        hx_flush(h, &e);
        free(e.b.p);
}
