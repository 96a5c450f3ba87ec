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
        size_t role_bytes[PRECIS_ROLE_COUNT_]; /* bytes of @b by role */
        struct precis_text *out;        /* borrowed; receives paragraphs */
};

/* Class and id hints of paragraph roles, as substrings of the lower-cased
 * attribute.  They count only on elements with little text (below), so
 * that a container named "post-author-123" cannot tag a whole article. */
static const char *const hx_caption_hints[] = {
        "caption", "credit", NULL,
};
static const char *const hx_dateline_hints[] = {
        "byline", "author", "dateline", "writtenby", "timestamp", "pubdate",
        "publish", "posted", "updated", "date", NULL,
};
static const char *const hx_notice_hints[] = {
        "newsletter", "subscri", "signup", "sign-up", "promo", "disclaimer",
        "disclosure", "affiliate", "sponsor", "advert", "cookie", NULL,
};

/* Most text an element tagged by its class alone may hold: a caption is a
 * few sentences, a byline or a notice a line or two. */
#define HX_ROLE_CAPTION_MAX 600
#define HX_ROLE_LINE_MAX 250

/* The role that element @n gives the text inside it, or PRECIS_ROLE_BODY
 * when it gives none. */
static enum precis_role hx_elem_role(struct hx *h, xmlNodePtr n)
{
        static const char *const heads[] = { "h1", "h2", "h3", "h4", "h5",
                                             "h6", NULL };
        static const char *const lists[] = { "li", "dt", "dd", NULL };
        const char *cls, *id, *prop;
        size_t len;

        if (hx_tag_in(n, heads))
                return PRECIS_ROLE_HEADING;
        if (hx_tag(n, "figcaption") || hx_tag(n, "caption"))
                return PRECIS_ROLE_CAPTION;
        if (hx_tag(n, "time") || hx_tag(n, "address"))
                return PRECIS_ROLE_BYLINE;
        if (hx_tag(n, "blockquote"))
                return PRECIS_ROLE_QUOTE;
        if (hx_tag_in(n, lists))
                return PRECIS_ROLE_LIST;
        if (hx_tag(n, "td") || hx_tag(n, "th")) {
                struct hx_info *in;
                xmlNodePtr t = hx_parent_elem(n);

                while (t != NULL && !hx_tag(t, "table"))
                        t = hx_parent_elem(t);
                in = t != NULL ? hx_info_get(h, t) : NULL;
                if (in != NULL && in->datatable)
                        return PRECIS_ROLE_TABLE;
        }
        cls = hx_attr(n, "class");
        id = hx_attr(n, "id");
        prop = hx_attr(n, "itemprop");
        if (cls == NULL && id == NULL && prop == NULL)
                return PRECIS_ROLE_BODY;
        len = hx_text_len(h, n);
        if (prop != NULL && len < HX_ROLE_LINE_MAX &&
            (hx_contains(prop, "date") || hx_contains(prop, "author")))
                return PRECIS_ROLE_BYLINE;
        if (len < HX_ROLE_CAPTION_MAX &&
            (hx_contains_any(cls, hx_caption_hints) ||
             hx_contains_any(id, hx_caption_hints)))
                return PRECIS_ROLE_CAPTION;
        if (len < HX_ROLE_LINE_MAX &&
            (hx_contains_any(cls, hx_dateline_hints) ||
             hx_contains_any(id, hx_dateline_hints)))
                return PRECIS_ROLE_BYLINE;
        if (len < HX_ROLE_LINE_MAX &&
            (hx_contains_any(cls, hx_notice_hints) ||
             hx_contains_any(id, hx_notice_hints)))
                return PRECIS_ROLE_BOILERPLATE;
        return PRECIS_ROLE_BODY;
}

/* The role element @e gives the text inside it: its own, else its
 * parent's, up to @root.  Cached per element, so that a deep tree costs
 * one look per element rather than one walk per text node. */
static enum precis_role hx_elem_role_in(struct hx *h, xmlNodePtr e,
                                        const xmlNode *root)
{
        struct hx_info *in;
        enum precis_role r;

        if (e == NULL || e == root)
                return PRECIS_ROLE_BODY;
        in = hx_info_new(h, e);
        if (in != NULL && in->role_set)
                return (enum precis_role) in->role;
        r = hx_elem_role(h, e);
        /* libxml2 caps the depth at 256, which bounds the recursion. */
        if (r == PRECIS_ROLE_BODY)
                r = hx_elem_role_in(h, hx_parent_elem(e), root);
        if (in != NULL) {
                in->role = (unsigned char) r;
                in->role_set = true;
        }
        return r;
}

/* The role of text node @n: that of its innermost ancestor below @root
 * that gives one. */
static enum precis_role hx_text_role(struct hx *h, const xmlNode *n,
                                     const xmlNode *root)
{
        return hx_elem_role_in(h, hx_parent_elem(n), root);
}

/* Bytes of @s (@n bytes) other than ASCII spaces: what a role weighs in
 * its paragraph. */
static size_t hx_ink(const char *s, size_t n)
{
        size_t i, k = 0;

        for (i = 0; i < n; i++)
                k += s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
                     s[i] != '\r';
        return k;
}

/* A paragraph takes the role of most of its text: a <time> inside a
 * sentence leaves it body text, a caption made of spans does not. */
static void hx_flush(struct hx *h, struct hx_emitter *e)
{
        enum precis_role role = PRECIS_ROLE_BODY;
        size_t r, all = 0;

        for (r = 0; r < PRECIS_ROLE_COUNT_; r++)
                all += e->role_bytes[r];
        for (r = 1; r < PRECIS_ROLE_COUNT_; r++)
                if (2 * e->role_bytes[r] > all)
                        role = (enum precis_role) r;
        if (e->b.n > 0 &&
            precis_text_add_para_role(e->out, e->b.p, e->b.n, role) != 0)
                h->oom = true;
        e->b.n = 0;
        e->br_at = SIZE_MAX;
        memset(e->role_bytes, 0, sizeof(e->role_bytes));
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

static void hx_emit_text(struct hx *h, struct hx_emitter *e, const char *s,
                         enum precis_role role)
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
                        e->role_bytes[role] += hx_ink(s, (size_t) (nl - s));
                        hx_flush(h, e);
                        s = nl + 1;
                }
        }
        hx_buf_add(h, &e->b, s, strlen(s));
        e->role_bytes[role] += hx_ink(s, strlen(s));
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
                        hx_emit_text(h, &e, (const char *) n->content,
                                     hx_text_role(h, n, root));
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
