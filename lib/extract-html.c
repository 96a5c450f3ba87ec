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

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <precis/extract.h>

/* Filters that are dropped one by one when an attempt yields too little. */
#define HX_STRIP_UNLIKELY 0x1u
#define HX_WEIGHT_CLASSES 0x2u
#define HX_CLEAN_CONDITIONALLY 0x4u

/* An attempt shorter than this many characters is retried with fewer
 * filters; Readability's default, checked against html-dev. */
#define HX_CHAR_THRESHOLD 500

/* A paragraph or list whose link text is over this share of its text is
 * navigation, not prose.  html-dev F1 is flat from 0.5 to 0.9. */
#define HX_LINKY 0.5

/* When every attempt is short, a less filtered one replaces a more
 * filtered one only if its text is this many times longer.  Readability
 * takes the longest (1.0); html-dev F1 is flat from 1.25 to 3. */
#define HX_RELAX_GAIN 1.5

/* Per-element state is allocated in blocks of this many entries, so that
 * pointers to it stay valid while more is allocated. */
#define HX_BLOCK 1024

/* Candidates kept to look for a common ancestor of close runners-up. */
#define HX_N_TOP 5

/* The text of a subtree, summarised so that summaries of neighbours
 * combine: Readability's trimmed, space-collapsed length, and the link
 * text within it. */
struct hx_sum {
        size_t core;        /* code points from the first to the last
                             * non-space one, space runs counted as one */
        size_t commas;      /* ASCII commas */
        size_t all_commas;  /* commas of every script */
        double link;        /* text length inside <a>; #links count 0.3 */
        bool text;          /* holds a non-space character */
        bool lead;          /* space before the first non-space */
        bool trail;         /* space after the last non-space */
        bool space;         /* holds any space at all */
};

/* Per-element state, found through node->_private (index + 1). */
struct hx_info {
        double score;       /* content score once initialised */
        bool scored;        /* score initialised */
        bool datatable;     /* table judged to hold data, not layout */
        bool sum_valid;     /* @sum matches the subtree */
        struct hx_sum sum;  /* cached text summary of the subtree */
};

struct hx_nodes {
        xmlNodePtr *v;      /* owned array; nodes borrowed from the doc */
        size_t n;           /* entries used */
        size_t cap;         /* entries allocated */
};

struct hx {
        xmlDocPtr doc;              /* owned; one parse per attempt */
        bool doc_fresh;             /* @doc is unchanged since parsing */
        unsigned flags;             /* HX_* filters in force */
        const char *title;          /* borrowed; article title or NULL */
        struct hx_info **blocks;    /* owned; per-element state, in
                                     * blocks of HX_BLOCK that never move */
        size_t n_blocks;            /* blocks allocated */
        size_t n_info;              /* entries used */
        bool oom;                   /* an allocation failed */
};

/* Text measured as Readability measures it: trimmed, whitespace runs
 * counted as one character, length in code points. */
struct hx_measure {
        size_t len;         /* code points after normalisation */
        size_t commas;      /* ASCII commas */
        size_t all_commas;  /* commas of every script */
};

/* A growable byte buffer for text. */
struct hx_buf {
        char *p;            /* owned */
        size_t n;           /* bytes used */
        size_t cap;         /* bytes allocated */
};

/* ---- small helpers ------------------------------------------------------ */

static bool hx_is_elem(const xmlNode *n)
{
        return n != NULL && n->type == XML_ELEMENT_NODE;
}

static bool hx_is_text(const xmlNode *n)
{
        return n != NULL &&
               (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE);
}

static bool hx_tag(const xmlNode *n, const char *tag)
{
        return hx_is_elem(n) && strcmp((const char *) n->name, tag) == 0;
}

static bool hx_tag_in(const xmlNode *n, const char *const *tags)
{
        size_t i;

        if (!hx_is_elem(n))
                return false;
        for (i = 0; tags[i] != NULL; i++)
                if (strcmp((const char *) n->name, tags[i]) == 0)
                        return true;
        return false;
}

static xmlNodePtr hx_parent_elem(const xmlNode *n)
{
        return hx_is_elem(n->parent) ? n->parent : NULL;
}

static xmlNodePtr hx_first_elem(const xmlNode *n)
{
        xmlNodePtr c;

        for (c = n->children; c != NULL; c = c->next)
                if (hx_is_elem(c))
                        return c;
        return NULL;
}

static xmlNodePtr hx_next_elem(const xmlNode *n)
{
        xmlNodePtr c;

        for (c = n->next; c != NULL; c = c->next)
                if (hx_is_elem(c))
                        return c;
        return NULL;
}

static size_t hx_count_elems(const xmlNode *n)
{
        xmlNodePtr c;
        size_t k = 0;

        for (c = n->children; c != NULL; c = c->next)
                if (hx_is_elem(c))
                        k++;
        return k;
}

/* Next node of a pre-order walk of @root's subtree (@root excluded from the
 * result), skipping @n's children when @skip_kids.  NULL at the end. */
static xmlNodePtr hx_walk(xmlNodePtr n, const xmlNode *root, bool skip_kids)
{
        if (!skip_kids && n->children != NULL &&
            n->type == XML_ELEMENT_NODE)
                return n->children;
        while (n != NULL && n != root) {
                if (n->next != NULL)
                        return n->next;
                n = n->parent;
        }
        return NULL;
}

/* Value of attribute @name of @n, or NULL.  Borrowed from the tree. */
static const char *hx_attr(const xmlNode *n, const char *name)
{
        xmlAttrPtr a;

        if (!hx_is_elem(n))
                return NULL;
        for (a = n->properties; a != NULL; a = a->next) {
                if (a->name == NULL ||
                    strcasecmp((const char *) a->name, name) != 0)
                        continue;
                if (a->children != NULL && a->children->content != NULL)
                        return (const char *) a->children->content;
                return "";
        }
        return NULL;
}

static char hx_lower(char c)
{
        return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

/* Case-insensitive (ASCII) substring search. */
static bool hx_contains(const char *hay, const char *needle)
{
        size_t i, j, nl = strlen(needle);

        if (hay == NULL)
                return false;
        for (i = 0; hay[i] != '\0'; i++) {
                for (j = 0; j < nl; j++)
                        if (hx_lower(hay[i + j]) != needle[j])
                                break;
                if (j == nl)
                        return true;
        }
        return false;
}

static bool hx_contains_any(const char *hay, const char *const *words)
{
        size_t i;

        if (hay == NULL || hay[0] == '\0')
                return false;
        for (i = 0; words[i] != NULL; i++)
                if (hx_contains(hay, words[i]))
                        return true;
        return false;
}

static bool hx_word_char(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '_';
}

/* Whether @s holds @w as a whole space-separated token ("hid"). */
static bool hx_has_token(const char *s, const char *w)
{
        size_t wl = strlen(w), i = 0;

        if (s == NULL)
                return false;
        while (s[i] != '\0') {
                size_t j = i;

                while (s[j] != '\0' && s[j] != ' ')
                        j++;
                if (j - i == wl && strncasecmp(s + i, w, wl) == 0)
                        return true;
                i = s[j] == ' ' ? j + 1 : j;
        }
        return false;
}

/* Class and id hints, as substrings of the lower-cased attribute. */
static const char *const hx_unlikely[] = {
        "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment",
        "community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
        "header", "legends", "menu", "related", "remark", "replies", "rss",
        "shoutbox", "sidebar", "skyscraper", "social", "sponsor",
        "supplemental", "ad-break", "agegate", "pagination", "pager",
        "popup", "yom-remote", NULL,
};

static const char *const hx_maybe[] = {
        "and", "article", "body", "column", "content", "main", "shadow",
        NULL,
};

static const char *const hx_positive[] = {
        "article", "body", "content", "entry", "hentry", "h-entry", "main",
        "page", "pagination", "post", "text", "blog", "story", NULL,
};

static const char *const hx_negative[] = {
        "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact",
        "foot", "footer", "footnote", "gdpr", "masthead", "media", "meta",
        "outbrain", "promo", "related", "scroll", "share", "shoutbox",
        "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget",
        NULL,
};

static const char *const hx_byline_hints[] = {
        "byline", "author", "dateline", "writtenby", "p-author", NULL,
};

static const char *const hx_unlikely_roles[] = {
        "menu", "menubar", "complementary", "navigation", "alert",
        "alertdialog", "dialog", NULL,
};

/* Block-level children that keep a <div> from being a paragraph. */
static const char *const hx_div_to_p[] = {
        "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul",
        NULL,
};

static const char *const hx_phrasing[] = {
        "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data",
        "datalist", "dfn", "em", "embed", "i", "img", "input", "kbd",
        "label", "mark", "math", "meter", "noscript", "object", "output",
        "progress", "q", "ruby", "samp", "script", "select", "small",
        "span", "strong", "sub", "sup", "textarea", "time", "var", "wbr",
        NULL,
};

static const char *const hx_to_score[] = {
        "section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre", NULL,
};

/* ---- per-element state ------------------------------------------------- */

static struct hx_info *hx_info_at(struct hx *h, uintptr_t i)
{
        if (i == 0 || i > h->n_info)
                return NULL;
        return &h->blocks[(i - 1) / HX_BLOCK][(i - 1) % HX_BLOCK];
}

static struct hx_info *hx_info_get(struct hx *h, xmlNodePtr n)
{
        return hx_info_at(h, (uintptr_t) n->_private);
}

/* The state of @n, created zeroed on first use.  NULL when out of
 * memory.  The pointer stays valid until hx_reset(). */
static struct hx_info *hx_info_new(struct hx *h, xmlNodePtr n)
{
        struct hx_info *in = hx_info_get(h, n);

        if (in != NULL)
                return in;
        if (h->n_info == h->n_blocks * HX_BLOCK) {
                struct hx_info **v, *b;

                b = malloc(HX_BLOCK * sizeof(*b));
                if (b == NULL) {
                        h->oom = true;
                        return NULL;
                }
                v = realloc(h->blocks, (h->n_blocks + 1) * sizeof(*v));
                if (v == NULL) {
                        free(b);
                        h->oom = true;
                        return NULL;
                }
                v[h->n_blocks++] = b;
                h->blocks = v;
        }
        h->n_info++;
        in = hx_info_at(h, h->n_info);
        memset(in, 0, sizeof(*in));
        n->_private = (void *) (uintptr_t) h->n_info;
        return in;
}

static void hx_nodes_push(struct hx *h, struct hx_nodes *l, xmlNodePtr n)
{
        if (l->n == l->cap) {
                size_t cap = l->cap ? 2 * l->cap : 64;
                xmlNodePtr *v = realloc(l->v, cap * sizeof(*v));

                if (v == NULL) {
                        h->oom = true;
                        return;
                }
                l->v = v;
                l->cap = cap;
        }
        l->v[l->n++] = n;
}

static void hx_nodes_done(struct hx_nodes *l)
{
        free(l->v);
        memset(l, 0, sizeof(*l));
}

/* Element descendants of @root whose tag is in @tags, in document order. */
static void hx_collect(struct hx *h, xmlNodePtr root, const char *const *tags,
                       struct hx_nodes *out)
{
        xmlNodePtr n = root->children;

        out->n = 0;
        while (n != NULL) {
                if (hx_tag_in(n, tags))
                        hx_nodes_push(h, out, n);
                n = hx_walk(n, root, false);
        }
}

static void hx_dirty(struct hx *h, xmlNodePtr n);

/* Unlink @n, keeping the cached summaries of its old ancestors right. */
static void hx_unlink(struct hx *h, xmlNodePtr n)
{
        hx_dirty(h, n->parent);
        xmlUnlinkNode(n);
}

static void hx_remove(struct hx *h, xmlNodePtr n)
{
        hx_unlink(h, n);
        xmlFreeNode(n);
}

/* ---- text measures ------------------------------------------------------ */

/* Length in bytes of the whitespace character at @s, or 0: ASCII space,
 * and the Unicode spaces JavaScript's \s knows. */
static size_t hx_space_len(const unsigned char *s)
{
        if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r' ||
            s[0] == '\f' || s[0] == '\v')
                return 1;
        if (s[0] == 0xC2 && s[1] == 0xA0)
                return 2;
        if (s[0] == 0xE1 && s[1] == 0x9A && s[2] == 0x80)
                return 3;
        if (s[0] == 0xE2 && s[1] == 0x80 &&
            ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xA8 ||
             s[2] == 0xA9 || s[2] == 0xAF))
                return 3;
        if (s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
                return 3;
        if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
                return 3;
        if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
                return 3;
        return 0;
}

/* Commas of the scripts Readability counts: Latin, Arabic, the small,
 * vertical, reversed and full-width forms. */
static size_t hx_comma_len(const unsigned char *s)
{
        if (s[0] == ',')
                return 1;
        if (s[0] == 0xD8 && s[1] == 0x8C)
                return 2;
        if (s[0] == 0xEF && s[1] == 0xB9 && s[2] == 0x90)
                return 3;
        if (s[0] == 0xEF && s[1] == 0xB8 && (s[2] == 0x90 || s[2] == 0x91))
                return 3;
        if (s[0] == 0xE2 && s[1] == 0xB9 && s[2] == 0x81)
                return 3;
        if (s[0] == 0xE2 && s[1] == 0xB8 && (s[2] == 0xB4 || s[2] == 0xB2))
                return 3;
        if (s[0] == 0xEF && s[1] == 0xBC && s[2] == 0x8C)
                return 3;
        return 0;
}

/* Summary of the text @str. */
static struct hx_sum hx_sum_str(const xmlChar *str)
{
        const unsigned char *s = (const unsigned char *) str;
        struct hx_sum m = { 0 };
        bool pending = false;

        while (s != NULL && *s != '\0') {
                size_t k = hx_space_len(s);

                if (k > 0) {
                        m.space = true;
                        if (m.text)
                                pending = true;
                        else
                                m.lead = true;
                        /* A truncated multi-byte space cannot match: the
                         * NUL terminator differs from every trail byte. */
                        s += k;
                        continue;
                }
                k = hx_comma_len(s);
                if (k > 0) {
                        m.all_commas++;
                        if (k == 1)
                                m.commas++;
                }
                if (pending) {
                        m.core++;
                        pending = false;
                }
                m.text = true;
                if ((*s & 0xC0) != 0x80)
                        m.core++;
                s++;
        }
        m.trail = pending;
        return m;
}

/* Append summary @b to @a (the text of @b follows that of @a). */
static void hx_sum_add(struct hx_sum *a, const struct hx_sum *b)
{
        a->commas += b->commas;
        a->all_commas += b->all_commas;
        a->link += b->link;
        if (!b->text) {
                if (a->text && b->space)
                        a->trail = true;
                else if (b->space)
                        a->lead = true;
                a->space = a->space || b->space;
                return;
        }
        if (!a->text) {
                a->core = b->core;
                a->lead = a->space || b->lead;
                a->trail = b->trail;
                a->text = true;
                a->space = a->space || b->space;
                return;
        }
        a->core += b->core + (a->trail || b->lead ? 1 : 0);
        a->trail = b->trail;
        a->space = a->space || b->space;
}

/* Mark the cached summaries of @n and its ancestors stale: call before
 * changing @n's subtree.  Clean ancestors of a stale node do not occur,
 * so the walk stops at the first stale one. */
static void hx_dirty(struct hx *h, xmlNodePtr n)
{
        for (; n != NULL && hx_is_elem(n); n = n->parent) {
                struct hx_info *in = hx_info_get(h, n);

                if (in == NULL || !in->sum_valid)
                        break;
                in->sum_valid = false;
        }
}


/* Summary of @n's children, whose own summaries are current. */
static struct hx_sum hx_sum_children(struct hx *h, const xmlNode *n)
{
        struct hx_sum s = { 0 }, c;
        xmlNodePtr k;

        for (k = n->children; k != NULL; k = k->next) {
                if (hx_is_text(k)) {
                        c = hx_sum_str(k->content);
                        hx_sum_add(&s, &c);
                } else if (hx_is_elem(k)) {
                        hx_sum_add(&s, &hx_info_get(h, k)->sum);
                }
        }
        if (hx_is_elem(n) && strcmp((const char *) n->name, "a") == 0) {
                const char *href = NULL;
                xmlAttrPtr a;

                for (a = n->properties; a != NULL; a = a->next)
                        if (strcasecmp((const char *) a->name, "href") == 0 &&
                            a->children != NULL)
                                href = (const char *) a->children->content;
                s.link = (double) s.core *
                         (href != NULL && href[0] == '#' && href[1] != '\0'
                                  ? 0.3
                                  : 1.0);
        }
        return s;
}

/* Summary of the subtree of element @root, computed bottom-up where the
 * cache is stale; iterative, with an explicit stack. */
static struct hx_sum hx_sum_get(struct hx *h, xmlNodePtr root)
{
        struct frame {
                xmlNodePtr node;    /* element being summarised */
                xmlNodePtr next;    /* next child to look at */
        } *st = NULL;
        size_t n = 0, cap = 0;
        struct hx_info *in = hx_info_new(h, root);
        struct hx_sum empty = { 0 };

        if (in == NULL)
                return empty;
        if (in->sum_valid)
                return in->sum;
        cap = 64;
        st = malloc(cap * sizeof(*st));
        if (st == NULL) {
                h->oom = true;
                return empty;
        }
        st[n++] = (struct frame) { root, root->children };
        while (n > 0) {
                struct frame *f = &st[n - 1];
                xmlNodePtr c = f->next;

                while (c != NULL) {
                        if (hx_is_elem(c)) {
                                struct hx_info *ci = hx_info_new(h, c);

                                if (ci == NULL)
                                        goto fail;
                                if (!ci->sum_valid)
                                        break;
                        }
                        c = c->next;
                }
                if (c != NULL) {
                        f->next = c->next;
                        if (n == cap) {
                                struct frame *v;

                                cap *= 2;
                                v = realloc(st, cap * sizeof(*st));
                                if (v == NULL)
                                        goto fail;
                                st = v;
                        }
                        st[n++] = (struct frame) { c, c->children };
                        continue;
                }
                in = hx_info_get(h, f->node);
                in->sum = hx_sum_children(h, f->node);
                in->sum_valid = true;
                n--;
        }
        free(st);
        return hx_info_get(h, root)->sum;
fail:
        h->oom = true;
        free(st);
        return empty;
}

/* Measure the text of @root (an element or a text node). */
static struct hx_measure hx_measure(struct hx *h, xmlNodePtr root)
{
        struct hx_measure m = { 0 };
        struct hx_sum s;

        if (hx_is_text(root))
                s = hx_sum_str(root->content);
        else if (hx_is_elem(root))
                s = hx_sum_get(h, root);
        else
                return m;
        m.len = s.core;
        m.commas = s.commas;
        m.all_commas = s.all_commas;
        return m;
}

static size_t hx_text_len(struct hx *h, xmlNodePtr n)
{
        return hx_measure(h, n).len;
}

/* A text node with nothing but spaces. */
static bool hx_blank_text(const xmlNode *n)
{
        return hx_is_text(n) && !hx_sum_str(n->content).text;
}

static void hx_buf_add(struct hx *h, struct hx_buf *b, const char *s,
                       size_t n)
{
        if (b->n + n + 1 > b->cap) {
                size_t cap = b->cap ? b->cap : 256;
                char *p;

                while (cap < b->n + n + 1)
                        cap *= 2;
                p = realloc(b->p, cap);
                if (p == NULL) {
                        h->oom = true;
                        return;
                }
                b->p = p;
                b->cap = cap;
        }
        memcpy(b->p + b->n, s, n);
        b->n += n;
        b->p[b->n] = '\0';
}

/* Text of @root's subtree, trimmed, whitespace runs collapsed to one space.
 * Returns an owned string (free()) or NULL when out of memory. */
static char *hx_text(struct hx *h, const xmlNode *root)
{
        struct hx_buf b = { 0 };
        bool space = false;
        const xmlNode *n;

        hx_buf_add(h, &b, "", 0);
        n = hx_is_text(root) ? root : root->children;
        while (n != NULL && b.p != NULL) {
                if (hx_is_text(n) && n->content != NULL) {
                        const unsigned char *s = n->content;

                        while (*s != '\0') {
                                size_t k = hx_space_len(s);

                                if (k > 0) {
                                        space = b.n > 0;
                                        s += k;
                                        continue;
                                }
                                if (space)
                                        hx_buf_add(h, &b, " ", 1);
                                space = false;
                                hx_buf_add(h, &b, (const char *) s, 1);
                                s++;
                        }
                }
                if (n == root)
                        break;
                n = hx_walk((xmlNodePtr) n, root, false);
        }
        return b.p;
}

/* Share of @e's text inside links; in-page (#) links count 30%. */
static double hx_link_density(struct hx *h, xmlNodePtr e)
{
        struct hx_sum sm = hx_sum_get(h, e);

        if (sm.core == 0)
                return 0;
        return sm.link / (double) sm.core;
}

/* ---- class hints -------------------------------------------------------- */

static bool hx_negative_hint(const char *s)
{
        return hx_contains_any(s, hx_negative) || hx_has_token(s, "hid");
}

static int hx_class_weight(struct hx *h, xmlNodePtr n)
{
        const char *cls, *id;
        int w = 0;

        if (!(h->flags & HX_WEIGHT_CLASSES))
                return 0;
        cls = hx_attr(n, "class");
        id = hx_attr(n, "id");
        if (cls != NULL && cls[0] != '\0') {
                if (hx_negative_hint(cls))
                        w -= 25;
                if (hx_contains_any(cls, hx_positive))
                        w += 25;
        }
        if (id != NULL && id[0] != '\0') {
                if (hx_negative_hint(id))
                        w -= 25;
                if (hx_contains_any(id, hx_positive))
                        w += 25;
        }
        return w;
}

/* Whether "share"/"sharedaddy" stands as its own word in @s (word breaks
 * are non-word characters, the ends, or underscores). */
static bool hx_share_hint(const char *s)
{
        static const char *const words[] = { "sharedaddy", "share", NULL };
        size_t i, k;

        if (s == NULL)
                return false;
        for (i = 0; s[i] != '\0'; i++) {
                for (k = 0; words[k] != NULL; k++) {
                        size_t wl = strlen(words[k]);

                        if (strncasecmp(s + i, words[k], wl) != 0)
                                continue;
                        if (i > 0 && hx_word_char(s[i - 1]) &&
                            s[i - 1] != '_')
                                continue;
                        if (hx_word_char(s[i + wl]) && s[i + wl] != '_')
                                continue;
                        return true;
                }
        }
        return false;
}

/* ---- style and visibility ----------------------------------------------- */

/* Whether the inline style of @n sets @prop to a value starting @val. */
static bool hx_style_is(const xmlNode *n, const char *prop, const char *val)
{
        const char *s = hx_attr(n, "style");
        size_t pl = strlen(prop), vl = strlen(val);

        if (s == NULL)
                return false;
        while (*s != '\0') {
                const char *end = strchr(s, ';');
                const char *colon;
                size_t dl = end != NULL ? (size_t) (end - s) : strlen(s);

                colon = memchr(s, ':', dl);
                if (colon != NULL) {
                        const char *a = s, *b = colon;

                        while (a < b && (*a == ' ' || *a == '\t' ||
                                         *a == '\n' || *a == '\r'))
                                a++;
                        while (b > a && (b[-1] == ' ' || b[-1] == '\t' ||
                                         b[-1] == '\n' || b[-1] == '\r'))
                                b--;
                        if ((size_t) (b - a) == pl &&
                            strncasecmp(a, prop, pl) == 0) {
                                const char *v = colon + 1;

                                while (*v == ' ' || *v == '\t')
                                        v++;
                                if ((size_t) (s + dl - v) >= vl &&
                                    strncasecmp(v, val, vl) == 0)
                                        return true;
                        }
                }
                if (end == NULL)
                        break;
                s = end + 1;
        }
        return false;
}

static bool hx_visible(const xmlNode *n)
{
        const char *aria;

        if (hx_style_is(n, "display", "none") ||
            hx_style_is(n, "visibility", "hidden"))
                return false;
        if (hx_attr(n, "hidden") != NULL)
                return false;
        aria = hx_attr(n, "aria-hidden");
        if (aria != NULL && strcmp(aria, "true") == 0 &&
            !hx_contains(hx_attr(n, "class"), "fallback-image"))
                return false;
        return true;
}

/* ---- document preparation ----------------------------------------------- */

static xmlNodePtr hx_body(xmlDocPtr doc)
{
        xmlNodePtr root = xmlDocGetRootElement(doc), c;

        if (root == NULL)
                return NULL;
        if (hx_tag(root, "body"))
                return root;
        for (c = root->children; c != NULL; c = c->next)
                if (hx_tag(c, "body"))
                        return c;
        return NULL;
}

/* Remove every element of @tags from the document. */
static void hx_remove_tags(struct hx *h, xmlNodePtr root,
                           const char *const *tags)
{
        struct hx_nodes l = { 0 };
        size_t i;

        hx_collect(h, root, tags, &l);
        for (i = l.n; i-- > 0;)
                hx_remove(h, l.v[i]);
        hx_nodes_done(&l);
}

static bool hx_is_whitespace_node(const xmlNode *n)
{
        if (hx_is_text(n))
                return hx_blank_text(n);
        return hx_tag(n, "br");
}

/* Next sibling starting at @n that is an element or non-blank text. */
static xmlNodePtr hx_next_node(xmlNodePtr n)
{
        while (n != NULL && n->type != XML_ELEMENT_NODE &&
               (n->type != XML_TEXT_NODE || hx_blank_text(n)))
                n = n->next;
        return n;
}

static bool hx_is_phrasing(const xmlNode *root)
{
        const xmlNode *n;

        /* A, DEL and INS are phrasing when all they hold is; check their
         * subtree without recursion. */
        if (hx_is_text(root))
                return true;
        if (!hx_is_elem(root))
                return false;
        if (hx_tag_in(root, hx_phrasing))
                return true;
        if (!hx_tag(root, "a") && !hx_tag(root, "del") &&
            !hx_tag(root, "ins"))
                return false;
        n = root->children;
        while (n != NULL) {
                bool skip = false;

                if (hx_is_elem(n)) {
                        if (hx_tag_in(n, hx_phrasing))
                                skip = true;
                        else if (!hx_tag(n, "a") && !hx_tag(n, "del") &&
                                 !hx_tag(n, "ins"))
                                return false;
                } else if (!hx_is_text(n)) {
                        return false;
                }
                n = hx_walk((xmlNodePtr) n, root, skip);
        }
        return true;
}

static void hx_set_tag(xmlNodePtr n, const char *tag)
{
        xmlNodeSetName(n, (const xmlChar *) tag);
}

/* Turn runs of two or more <br> into paragraph breaks: the phrasing
 * content after such a run moves into a new <p>. */
static void hx_replace_brs(struct hx *h, xmlNodePtr body)
{
        static const char *const br[] = { "br", NULL };
        struct hx_nodes l = { 0 };
        size_t i;

        hx_collect(h, body, br, &l);
        for (i = 0; i < l.n; i++) {
                xmlNodePtr b = l.v[i], next, p;
                bool replaced = false;

                if (b == NULL || b->parent == NULL)
                        continue;
                next = b->next;
                while ((next = hx_next_node(next)) != NULL &&
                       hx_tag(next, "br")) {
                        xmlNodePtr sib = next->next;
                        size_t j;

                        /* Mark it in the list so it is not visited. */
                        for (j = i + 1; j < l.n; j++)
                                if (l.v[j] == next) {
                                        l.v[j] = NULL;
                                        break;
                                }
                        replaced = true;
                        hx_remove(h, next);
                        next = sib;
                }
                if (!replaced)
                        continue;
                p = xmlNewDocNode(b->doc, NULL, (const xmlChar *) "p", NULL);
                if (p == NULL) {
                        h->oom = true;
                        break;
                }
                hx_dirty(h, b->parent);
                xmlReplaceNode(b, p);
                xmlFreeNode(b);
                next = p->next;
                while (next != NULL) {
                        xmlNodePtr sib;

                        if (hx_tag(next, "br")) {
                                xmlNodePtr ne = hx_next_node(next->next);

                                if (ne != NULL && hx_tag(ne, "br"))
                                        break;
                        }
                        if (!hx_is_phrasing(next))
                                break;
                        sib = next->next;
                        hx_unlink(h, next);
                        /* xmlAddChild may merge text into the previous
                         * node and free @next; @sib was saved before. */
                        xmlAddChild(p, next);
                        next = sib;
                }
                while (p->last != NULL && hx_is_whitespace_node(p->last)) {
                        xmlNodePtr last = p->last;
                        size_t j;

                        for (j = i + 1; j < l.n; j++)
                                if (l.v[j] == last) {
                                        l.v[j] = NULL;
                                        break;
                                }
                        hx_remove(h, last);
                }
                if (hx_tag(p->parent, "p"))
                        hx_set_tag(p->parent, "div");
                /* The <br>s that moved into @p stay in the list; their
                 * runs are handled when their turn comes. */
        }
        hx_nodes_done(&l);
}

/* ---- metadata ----------------------------------------------------------- */

struct hx_meta {
        char *title;        /* owned; best metadata title or NULL */
        int title_rank;     /* lower is better; rank of @title */
        char *site;         /* owned; og:site_name or NULL */
};

static void hx_meta_offer(struct hx *h, struct hx_meta *m, int rank,
                          const char *val)
{
        char *copy;

        if (val == NULL || rank >= m->title_rank)
                return;
        while (*val == ' ' || *val == '\t' || *val == '\n' || *val == '\r')
                val++;
        if (*val == '\0')
                return;
        copy = strdup(val);
        if (copy == NULL) {
                h->oom = true;
                return;
        }
        free(m->title);
        m->title = copy;
        m->title_rank = rank;
}

/* Lower-case @s into @out (at most @cap - 1 bytes), dropping whitespace. */
static void hx_squash(const char *s, char *out, size_t cap)
{
        size_t n = 0;

        for (; *s != '\0' && n + 1 < cap; s++)
                if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
                        out[n++] = hx_lower(*s);
        out[n] = '\0';
}

/* Read <meta> titles and authors, ranked in the order Readability trusts
 * them: dc:title, dcterm:title, og:title, weibo titles, title,
 * twitter:title, parsely-title. */
static void hx_read_meta(struct hx *h, xmlNodePtr root, struct hx_meta *m)
{
        static const char *const meta[] = { "meta", NULL };
        static const char *const ranks[] = {
                "dc:title", "dcterm:title", "og:title",
                "weibo:article:title", "weibo:webpage:title", "title",
                "twitter:title", "parsely-title", NULL,
        };
        struct hx_nodes l = { 0 };
        size_t i, r;

        m->title_rank = 1000;
        hx_collect(h, root, meta, &l);
        for (i = 0; i < l.n; i++) {
                const char *content = hx_attr(l.v[i], "content");
                const char *keys[2];
                size_t k;

                if (content == NULL || content[0] == '\0')
                        continue;
                keys[0] = hx_attr(l.v[i], "property");
                keys[1] = hx_attr(l.v[i], "name");
                for (k = 0; k < 2; k++) {
                        char key[64];

                        if (keys[k] == NULL)
                                continue;
                        hx_squash(keys[k], key, sizeof(key));
                        /* name="dc.title" is the same as dc:title. */
                        if (k == 1) {
                                char *d;

                                for (d = key; *d != '\0'; d++)
                                        if (*d == '.')
                                                *d = ':';
                        }
                        for (r = 0; ranks[r] != NULL; r++)
                                if (strcmp(key, ranks[r]) == 0)
                                        hx_meta_offer(h, m, (int) r, content);
                        if (m->site == NULL &&
                            (strcmp(key, "og:site_name") == 0 ||
                             strcmp(key, "application-name") == 0)) {
                                m->site = strdup(content);
                                if (m->site == NULL)
                                        h->oom = true;
                        }
                }
        }
        hx_nodes_done(&l);
}

/* ---- title -------------------------------------------------------------- */

static size_t hx_word_count(const char *s)
{
        size_t n = 1;
        bool in = false;

        /* As str.split(/\s+/).length: leading or trailing space adds an
         * empty field, which Readability also counts. */
        for (; *s != '\0'; s++) {
                bool sp = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';

                if (sp && !in)
                        n++;
                in = sp;
        }
        return n;
}

/* Whether @s has a separator " X " with X one of @seps at byte @i. */
static bool hx_sep_at(const char *s, size_t i, const char *seps)
{
        size_t k;

        if (i == 0 || s[i - 1] != ' ')
                return false;
        /* » is two bytes in UTF-8; treat it like the ASCII separators. */
        if ((unsigned char) s[i] == 0xC2 && (unsigned char) s[i + 1] == 0xBB &&
            strchr(seps, '>') != NULL)
                return s[i + 2] == ' ';
        for (k = 0; seps[k] != '\0'; k++)
                if (s[i] == seps[k])
                        return s[i + 1] == ' ';
        return false;
}

static size_t hx_sep_len(const char *s, size_t i)
{
        return (unsigned char) s[i] == 0xC2 ? 2 : 1;
}

static char *hx_strndup(struct hx *h, const char *s, size_t n)
{
        char *p = malloc(n + 1);

        if (p == NULL) {
                h->oom = true;
                return NULL;
        }
        memcpy(p, s, n);
        p[n] = '\0';
        return p;
}

static char *hx_trim_dup(struct hx *h, const char *s, size_t n)
{
        while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
                s++;
                n--;
        }
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
                         s[n - 1] == '\n' || s[n - 1] == '\r'))
                n--;
        return hx_strndup(h, s, n);
}

/* The title from <title>, without the site name: "Story | Site",
 * "Site - Story", "Site: Story" and the like. */
static char *hx_doc_title(struct hx *h, xmlNodePtr root)
{
        static const char *const title_tag[] = { "title", NULL };
        static const char *const heads[] = { "h1", "h2", NULL };
        struct hx_nodes l = { 0 };
        char *orig, *cur = NULL;
        size_t i, n;
        bool hier = false;

        hx_collect(h, root, title_tag, &l);
        if (l.n == 0) {
                hx_nodes_done(&l);
                return NULL;
        }
        orig = hx_text(h, l.v[0]);
        if (orig == NULL || orig[0] == '\0') {
                hx_nodes_done(&l);
                free(orig);
                return NULL;
        }
        n = strlen(orig);
        {
                size_t last = SIZE_MAX, first = SIZE_MAX;

                for (i = 0; i < n; i++) {
                        if (hx_sep_at(orig, i, "|-\\/>")) {
                                if (first == SIZE_MAX)
                                        first = i;
                                last = i;
                                if (hx_sep_at(orig, i, "\\/>"))
                                        hier = true;
                        }
                }
                if (last != SIZE_MAX) {
                        /* Drop the part after the last separator; if that
                         * leaves under three words, drop the part before
                         * the first one instead. */
                        cur = hx_trim_dup(h, orig, last);
                        if (cur != NULL && hx_word_count(cur) < 3) {
                                size_t s = first + hx_sep_len(orig, first);

                                free(cur);
                                cur = hx_trim_dup(h, orig + s, n - s);
                        }
                } else if (strstr(orig, ": ") != NULL) {
                        struct hx_nodes hs = { 0 };
                        bool match = false;

                        hx_collect(h, root, heads, &hs);
                        for (i = 0; i < hs.n && !match; i++) {
                                char *t = hx_text(h, hs.v[i]);

                                match = t != NULL && strcmp(t, orig) == 0;
                                free(t);
                        }
                        hx_nodes_done(&hs);
                        if (!match) {
                                const char *lc = strrchr(orig, ':');
                                const char *fc = strchr(orig, ':');

                                cur = hx_trim_dup(h, lc + 1, strlen(lc + 1));
                                if (cur != NULL && hx_word_count(cur) < 3) {
                                        free(cur);
                                        cur = hx_trim_dup(h, fc + 1,
                                                          strlen(fc + 1));
                                } else if (cur != NULL) {
                                        char *pre = hx_strndup(
                                                h, orig, (size_t) (fc - orig));

                                        if (pre != NULL &&
                                            hx_word_count(pre) > 5) {
                                                free(cur);
                                                cur = hx_strndup(h, orig, n);
                                        }
                                        free(pre);
                                }
                        }
                } else if (n > 150 || n < 15) {
                        static const char *const h1[] = { "h1", NULL };
                        struct hx_nodes hs = { 0 };

                        hx_collect(h, root, h1, &hs);
                        if (hs.n == 1)
                                cur = hx_text(h, hs.v[0]);
                        hx_nodes_done(&hs);
                }
        }
        hx_nodes_done(&l);
        if (cur == NULL)
                return orig;
        /* Four words or fewer is more likely a site name than a headline,
         * unless a hierarchical separator removed exactly one part. */
        {
                size_t wc = hx_word_count(cur), owc = 0;
                char *stripped = hx_strndup(h, orig, n);

                if (stripped != NULL) {
                        size_t a, b = 0;

                        for (a = 0; stripped[a] != '\0'; a++) {
                                char c = stripped[a];

                                if (c == '|' || c == '-' || c == '\\' ||
                                    c == '/' || c == '>')
                                        continue;
                                if ((unsigned char) c == 0xC2 &&
                                    (unsigned char) stripped[a + 1] == 0xBB) {
                                        a++;
                                        continue;
                                }
                                stripped[b++] = c;
                        }
                        stripped[b] = '\0';
                        owc = hx_word_count(stripped);
                        free(stripped);
                }
                if (wc <= 4 && (!hier || wc != owc - 1)) {
                        free(cur);
                        return orig;
                }
        }
        free(orig);
        return cur;
}

/* Length of a title separator (" | ", " - ", " – ", " — ", " :: ",
 * " · ", " » ", " / ") starting at @s, or 0. */
static size_t hx_title_sep(const char *s)
{
        static const char *const seps[] = {
                " | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " :: ",
                " \xc2\xb7 ", " \xc2\xbb ", " / ", NULL,
        };
        size_t i;

        for (i = 0; seps[i] != NULL; i++)
                if (strncmp(s, seps[i], strlen(seps[i])) == 0)
                        return strlen(seps[i]);
        return 0;
}

/* Whether @a and @b (@n bytes of @a) are the same text, ignoring ASCII
 * case. */
static bool hx_same_ci(const char *a, size_t n, const char *b)
{
        return strlen(b) == n && strncasecmp(a, b, n) == 0;
}

/* Remove the site name from @title (owned, returned or replaced): when the
 * page's <h1> is one side of a separator, the title is that side; else a
 * part equal to the site's name is dropped. */
static char *hx_strip_site(struct hx *h, char *title, xmlNodePtr root,
                           const char *site)
{
        static const char *const h1[] = { "h1", NULL };
        struct hx_nodes l = { 0 };
        size_t n = strlen(title), i, k;
        char *res = NULL;

        hx_collect(h, root, h1, &l);
        for (k = 0; k < l.n && res == NULL; k++) {
                char *t = hx_text(h, l.v[k]);
                size_t tl = t != NULL ? strlen(t) : 0;

                /* The headline is the longer side: an <h1> that holds
                 * the site's logo must not win. */
                if (tl > 0 && tl < n && 2 * tl > n) {
                        if (strncasecmp(title, t, tl) == 0 &&
                            hx_title_sep(title + tl) > 0)
                                res = hx_strndup(h, title, tl);
                        else if (strcasecmp(title + n - tl, t) == 0) {
                                for (i = 0; i + tl < n; i++)
                                        if (hx_title_sep(title + i) ==
                                            n - tl - i) {
                                                res = hx_strndup(
                                                        h, title + n - tl,
                                                        tl);
                                                break;
                                        }
                        }
                }
                free(t);
        }
        hx_nodes_done(&l);
        if (res == NULL && site != NULL) {
                size_t sl = strlen(site);

                for (i = 0; i < n && res == NULL; i++) {
                        size_t k2 = hx_title_sep(title + i);

                        if (k2 == 0)
                                continue;
                        if (hx_same_ci(title + i + k2, n - i - k2, site))
                                res = hx_strndup(h, title, i);
                        else if (hx_same_ci(title, i, site) && sl > 0)
                                res = hx_strndup(h, title + i + k2,
                                                 n - i - k2);
                }
        }
        if (res == NULL)
                return title;
        free(title);
        return res;
}

/* Tokens of @s for title similarity: lower-cased ASCII word runs. */
static size_t hx_tokens(const char *s, char ***ret)
{
        size_t n = 0, cap = 0, i = 0;
        char **v = NULL;

        while (s[i] != '\0') {
                size_t j = i;

                while (s[j] != '\0' && hx_word_char(s[j]))
                        j++;
                if (j > i) {
                        if (n == cap) {
                                char **nv;

                                cap = cap ? 2 * cap : 16;
                                nv = realloc(v, cap * sizeof(*nv));
                                if (nv == NULL)
                                        break;
                                v = nv;
                        }
                        v[n] = malloc(j - i + 1);
                        if (v[n] == NULL)
                                break;
                        {
                                size_t k;

                                for (k = 0; k < j - i; k++)
                                        v[n][k] = hx_lower(s[i + k]);
                                v[n][j - i] = '\0';
                        }
                        n++;
                        i = j;
                } else {
                        i++;
                }
        }
        *ret = v;
        return n;
}

static void hx_tokens_free(char **v, size_t n)
{
        size_t i;

        for (i = 0; i < n; i++)
                free(v[i]);
        free(v);
}

/* How much of @b is made of words that also occur in @a: 1 when every
 * word does, 0 when none does (by the length of the joined words). */
static double hx_similarity(const char *a, const char *b)
{
        char **ta, **tb;
        size_t na = hx_tokens(a, &ta), nb = hx_tokens(b, &tb), i, j;
        size_t all = 0, uniq = 0, nu = 0;
        double r = 0;

        if (na > 0 && nb > 0) {
                for (i = 0; i < nb; i++) {
                        bool found = false;

                        for (j = 0; j < na && !found; j++)
                                found = strcmp(ta[j], tb[i]) == 0;
                        all += strlen(tb[i]);
                        if (!found) {
                                uniq += strlen(tb[i]);
                                nu++;
                        }
                }
                all += nb - 1;
                if (nu > 0)
                        uniq += nu - 1;
                r = 1.0 - (double) uniq / (double) all;
        }
        hx_tokens_free(ta, na);
        hx_tokens_free(tb, nb);
        return r;
}

/* ---- finding the article ------------------------------------------------ */

static bool hx_has_ancestor(xmlNodePtr n, const char *tag, int max_depth,
                            struct hx *h, bool need_datatable)
{
        int depth = 0;

        while (n->parent != NULL && hx_is_elem(n->parent)) {
                if (max_depth > 0 && depth > max_depth)
                        return false;
                if (hx_tag(n->parent, tag)) {
                        struct hx_info *in;

                        if (!need_datatable)
                                return true;
                        in = hx_info_get(h, n->parent);
                        if (in != NULL && in->datatable)
                                return true;
                }
                n = n->parent;
                depth++;
        }
        return false;
}

/* An element with no text and nothing but <br>/<hr> inside. */
static bool hx_without_content(struct hx *h, xmlNodePtr n)
{
        xmlNodePtr c;
        size_t kids = 0, brs = 0;

        if (hx_text_len(h, n) > 0)
                return false;
        for (c = n->children; c != NULL; c = c->next)
                if (hx_is_elem(c))
                        kids++;
        if (kids == 0)
                return true;
        c = n->children;
        while (c != NULL) {
                if (hx_tag(c, "br") || hx_tag(c, "hr"))
                        brs++;
                c = hx_walk(c, n, false);
        }
        return kids == brs;
}

static bool hx_has_child_block(xmlNodePtr e)
{
        xmlNodePtr n = e->children;

        while (n != NULL) {
                if (hx_tag_in(n, hx_div_to_p))
                        return true;
                n = hx_walk(n, e, false);
        }
        return false;
}

/* @e holds exactly one element, a @tag, and no text of its own. */
static bool hx_single_tag_inside(xmlNodePtr e, const char *tag)
{
        xmlNodePtr c;
        size_t kids = 0;

        for (c = e->children; c != NULL; c = c->next) {
                if (hx_is_elem(c)) {
                        if (++kids > 1 || !hx_tag(c, tag))
                                return false;
                } else if (hx_is_text(c) && !hx_blank_text(c)) {
                        return false;
                }
        }
        return kids == 1;
}

/* Whether @n is a byline, dateline or author box: its class, id, rel or
 * itemprop says so and it is shorter than an article.  Readability drops
 * the first one only, and only when the metadata names no author; all of
 * them are page chrome to a summarizer (html-dev F1 +0.0012, flat for caps
 * from 300 to 1000 characters). */
static bool hx_is_byline(struct hx *h, xmlNodePtr n, const char *cls,
                         const char *id)
{
        const char *rel, *itemprop;
        size_t len;

        rel = hx_attr(n, "rel");
        itemprop = hx_attr(n, "itemprop");
        if (!((rel != NULL && strcmp(rel, "author") == 0) ||
              (itemprop != NULL && strstr(itemprop, "author") != NULL) ||
              hx_contains_any(cls, hx_byline_hints) ||
              hx_contains_any(id, hx_byline_hints)))
                return false;
        len = hx_text_len(h, n);
        return len > 0 && len < HX_CHAR_THRESHOLD;
}

static bool hx_header_duplicates_title(struct hx *h, xmlNodePtr n)
{
        char *t;
        bool dup;

        if (h->title == NULL || (!hx_tag(n, "h1") && !hx_tag(n, "h2")))
                return false;
        t = hx_text(h, n);
        if (t == NULL)
                return false;
        dup = hx_similarity(h->title, t) > 0.75;
        free(t);
        return dup;
}

/* Wrap runs of phrasing content directly inside @div into <p>s. */
static void hx_wrap_phrasing(struct hx *h, xmlNodePtr div)
{
        xmlNodePtr c = div->children, p = NULL;

        while (c != NULL) {
                xmlNodePtr next = c->next;

                if (hx_is_phrasing(c)) {
                        if (p != NULL) {
                                hx_unlink(h, c);
                                xmlAddChild(p, c);
                        } else if (!hx_is_whitespace_node(c)) {
                                p = xmlNewDocNode(div->doc, NULL,
                                                  (const xmlChar *) "p",
                                                  NULL);
                                if (p == NULL) {
                                        h->oom = true;
                                        return;
                                }
                                hx_dirty(h, div);
                                xmlReplaceNode(c, p);
                                xmlAddChild(p, c);
                        }
                } else if (c->type == XML_COMMENT_NODE ||
                           c->type == XML_PI_NODE) {
                        /* Comments are invisible: they neither end nor
                         * join a paragraph. */
                } else if (p != NULL) {
                        while (p->last != NULL &&
                               hx_is_whitespace_node(p->last))
                                hx_remove(h, p->last);
                        p = NULL;
                }
                c = next;
        }
        if (p != NULL)
                while (p->last != NULL && hx_is_whitespace_node(p->last))
                        hx_remove(h, p->last);
}

/* Base score of a container by its tag, plus its class hints. */
static void hx_init_node(struct hx *h, xmlNodePtr n)
{
        static const char *const minus3[] = {
                "address", "ol", "ul", "dl", "dd", "dt", "li", "form", NULL,
        };
        static const char *const minus5[] = {
                "h1", "h2", "h3", "h4", "h5", "h6", "th", NULL,
        };
        static const char *const plus3[] = { "pre", "td", "blockquote",
                                             NULL };
        struct hx_info *in = hx_info_new(h, n);

        if (in == NULL)
                return;
        in->scored = true;
        in->score = 0;
        if (hx_tag(n, "div"))
                in->score += 5;
        else if (hx_tag_in(n, plus3))
                in->score += 3;
        else if (hx_tag_in(n, minus3))
                in->score -= 3;
        else if (hx_tag_in(n, minus5))
                in->score -= 5;
        in->score += hx_class_weight(h, n);
}

static bool hx_scored(struct hx *h, xmlNodePtr n)
{
        struct hx_info *in = hx_info_get(h, n);

        return in != NULL && in->scored;
}

static double hx_score(struct hx *h, xmlNodePtr n)
{
        struct hx_info *in = hx_info_get(h, n);

        return in != NULL && in->scored ? in->score : 0;
}

/* First pass: drop hidden and unlikely elements, the byline and the
 * heading that repeats the title, and collect the elements to score. */
static void hx_prepare_nodes(struct hx *h, struct hx_nodes *to_score)
{
        xmlNodePtr root = xmlDocGetRootElement(h->doc), n = root;
        bool title_header_removed = false;

        while (n != NULL && !h->oom) {
                const char *cls, *id, *role, *modal;
                xmlNodePtr next;
                size_t i;
                bool drop = false;

                if (!hx_is_elem(n)) {
                        n = hx_walk(n, root, false);
                        continue;
                }
                cls = hx_attr(n, "class");
                id = hx_attr(n, "id");
                role = hx_attr(n, "role");
                modal = hx_attr(n, "aria-modal");
                if (!hx_visible(n))
                        drop = true;
                else if (modal != NULL && strcmp(modal, "true") == 0 &&
                         role != NULL && strcmp(role, "dialog") == 0)
                        drop = true;
                else if (hx_is_byline(h, n, cls, id))
                        drop = true;
                else if (!title_header_removed &&
                         hx_header_duplicates_title(h, n)) {
                        title_header_removed = true;
                        drop = true;
                } else if (h->flags & HX_STRIP_UNLIKELY) {
                        if ((hx_contains_any(cls, hx_unlikely) ||
                             hx_contains_any(id, hx_unlikely)) &&
                            !hx_contains_any(cls, hx_maybe) &&
                            !hx_contains_any(id, hx_maybe) &&
                            !hx_has_ancestor(n, "table", 3, h, false) &&
                            !hx_has_ancestor(n, "code", 3, h, false) &&
                            !hx_tag(n, "body") && !hx_tag(n, "a"))
                                drop = true;
                        for (i = 0; !drop && role != NULL &&
                                    hx_unlikely_roles[i] != NULL;
                             i++)
                                if (strcmp(role, hx_unlikely_roles[i]) == 0)
                                        drop = true;
                }
                if (!drop &&
                    (hx_tag(n, "div") || hx_tag(n, "section") ||
                     hx_tag(n, "header") || hx_tag(n, "h1") ||
                     hx_tag(n, "h2") || hx_tag(n, "h3") ||
                     hx_tag(n, "h4") || hx_tag(n, "h5") ||
                     hx_tag(n, "h6")) &&
                    hx_without_content(h, n))
                        drop = true;
                if (drop && n != root) {
                        next = hx_walk(n, root, true);
                        hx_remove(h, n);
                        n = next;
                        continue;
                }
                if (hx_tag_in(n, hx_to_score))
                        hx_nodes_push(h, to_score, n);
                if (hx_tag(n, "div")) {
                        hx_wrap_phrasing(h, n);
                        if (hx_single_tag_inside(n, "p") &&
                            hx_link_density(h, n) < 0.25) {
                                /* A div around a single paragraph is that
                                 * paragraph. */
                                xmlNodePtr p = hx_first_elem(n);

                                hx_unlink(h, p);
                                hx_dirty(h, n->parent);
                                xmlReplaceNode(n, p);
                                xmlFreeNode(n);
                                n = p;
                                hx_nodes_push(h, to_score, n);
                        } else if (!hx_has_child_block(n)) {
                                hx_set_tag(n, "p");
                                hx_nodes_push(h, to_score, n);
                        }
                }
                n = hx_walk(n, root, false);
        }
}

/* Score the paragraphs and spread their scores to their ancestors; return
 * the scored containers in @cands. */
static void hx_score_paragraphs(struct hx *h, const struct hx_nodes *paras,
                                struct hx_nodes *cands)
{
        size_t i;

        for (i = 0; i < paras->n && !h->oom; i++) {
                xmlNodePtr p = paras->v[i], a;
                struct hx_measure m;
                double score;
                int level;

                if (!hx_is_elem(p->parent))
                        continue;
                m = hx_measure(h, p);
                if (m.len < 25)
                        continue;
                score = 1 + (double) (m.all_commas + 1) +
                        (double) (m.len / 100 < 3 ? m.len / 100 : 3);
                for (a = p->parent, level = 0; a != NULL && level < 5;
                     a = hx_parent_elem(a), level++) {
                        double div;

                        /* The root element has no element parent and is
                         * never a candidate. */
                        if (!hx_is_elem(a->parent))
                                break;
                        if (!hx_scored(h, a)) {
                                hx_init_node(h, a);
                                hx_nodes_push(h, cands, a);
                                if (h->oom)
                                        return;
                        }
                        div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
                        hx_info_get(h, a)->score += score / div;
                }
        }
}

/* Pick the container that holds the article among the scored @cands.
 * Returns it, or NULL when the body itself has to stand in. */
static xmlNodePtr hx_top_candidate(struct hx *h, struct hx_nodes *cands)
{
        xmlNodePtr top[HX_N_TOP] = { NULL }, best, parent;
        double last, threshold;
        size_t i, k, n_top = 0;

        for (i = 0; i < cands->n; i++) {
                xmlNodePtr c = cands->v[i];
                struct hx_info *in = hx_info_get(h, c);
                double s;

                in->score *= 1 - hx_link_density(h, c);
                s = in->score;
                for (k = 0; k < HX_N_TOP; k++) {
                        if (top[k] == NULL ||
                            s > hx_info_get(h, top[k])->score) {
                                memmove(&top[k + 1], &top[k],
                                        (HX_N_TOP - k - 1) * sizeof(top[0]));
                                top[k] = c;
                                break;
                        }
                }
        }
        for (k = 0; k < HX_N_TOP && top[k] != NULL; k++)
                n_top++;
        best = top[0];
        if (best == NULL || hx_tag(best, "body"))
                return NULL;

        /* When three or more runners-up score close to the best and share
         * an ancestor with it, the article is that ancestor. */
        {
                xmlNodePtr alt[HX_N_TOP];
                size_t n_alt = 0;

                for (k = 1; k < n_top; k++)
                        if (hx_score(h, top[k]) / hx_score(h, best) >= 0.75)
                                alt[n_alt++] = top[k];
                if (n_alt >= 3) {
                        for (parent = hx_parent_elem(best);
                             parent != NULL && !hx_tag(parent, "body");
                             parent = hx_parent_elem(parent)) {
                                size_t hits = 0;

                                for (k = 0; k < n_alt && hits < 3; k++) {
                                        xmlNodePtr a;

                                        for (a = hx_parent_elem(alt[k]);
                                             a != NULL;
                                             a = hx_parent_elem(a))
                                                if (a == parent) {
                                                        hits++;
                                                        break;
                                                }
                                }
                                if (hits >= 3) {
                                        best = parent;
                                        break;
                                }
                        }
                }
        }
        if (!hx_scored(h, best))
                hx_init_node(h, best);

        /* A parent scoring higher than the best is a better article root:
         * its content is spread over several children. */
        last = hx_score(h, best);
        threshold = last / 3;
        for (parent = hx_parent_elem(best);
             parent != NULL && !hx_tag(parent, "body");
             parent = hx_parent_elem(parent)) {
                double ps;

                if (!hx_scored(h, parent))
                        continue;
                ps = hx_score(h, parent);
                if (ps < threshold)
                        break;
                if (ps > last) {
                        best = parent;
                        break;
                }
                last = ps;
        }

        /* An only child stands for its parent, so that siblings of the
         * parent can join. */
        parent = hx_parent_elem(best);
        while (parent != NULL && !hx_tag(parent, "body") &&
               hx_count_elems(parent) == 1) {
                best = parent;
                parent = hx_parent_elem(best);
        }
        if (!hx_scored(h, best))
                hx_init_node(h, best);
        return best;
}

/* Whether @s has a full stop followed by a space or the end. */
static bool hx_has_sentence_end(const char *s)
{
        const char *p;

        for (p = strchr(s, '.'); p != NULL; p = strchr(p + 1, '.'))
                if (p[1] == ' ' || p[1] == '\0')
                        return true;
        return false;
}

/* Gather the best candidate and its qualifying siblings under a new,
 * detached div.  Returns it (free with xmlFreeNode()), or NULL. */
static xmlNodePtr hx_gather(struct hx *h, xmlNodePtr best, xmlNodePtr body)
{
        xmlNodePtr article, parent, sib, next;
        double threshold;
        const char *best_cls;

        article = xmlNewDocNode(h->doc, NULL, (const xmlChar *) "div", NULL);
        if (article == NULL) {
                h->oom = true;
                return NULL;
        }
        if (best == NULL) {
                /* No container stands out: take all of the body. */
                xmlNodePtr c = body->children;

                while (c != NULL) {
                        next = c->next;
                        hx_unlink(h, c);
                        xmlAddChild(article, c);
                        c = next;
                }
                return article;
        }
        threshold = hx_score(h, best) * 0.2;
        if (threshold < 10)
                threshold = 10;
        parent = hx_parent_elem(best);
        if (parent == NULL) {
                hx_unlink(h, best);
                xmlAddChild(article, best);
                return article;
        }
        best_cls = hx_attr(best, "class");
        for (sib = hx_first_elem(parent); sib != NULL; sib = next) {
                bool append = false;

                next = hx_next_elem(sib);
                if (sib == best) {
                        append = true;
                } else {
                        double bonus = 0;
                        const char *cls = hx_attr(sib, "class");

                        if (best_cls != NULL && best_cls[0] != '\0' &&
                            cls != NULL && strcmp(cls, best_cls) == 0)
                                bonus = hx_score(h, best) * 0.2;
                        if (hx_scored(h, sib) &&
                            hx_score(h, sib) + bonus >= threshold) {
                                append = true;
                        } else if (hx_tag(sib, "p")) {
                                double ld = hx_link_density(h, sib);
                                char *t = hx_text(h, sib);
                                size_t len = hx_text_len(h, sib);

                                if (len > 80 && ld < 0.25)
                                        append = true;
                                else if (len < 80 && len > 0 && ld == 0 &&
                                         t != NULL && hx_has_sentence_end(t))
                                        append = true;
                                free(t);
                        }
                }
                if (!append)
                        continue;
                if (!hx_tag(sib, "div") && !hx_tag(sib, "article") &&
                    !hx_tag(sib, "section") && !hx_tag(sib, "p"))
                        hx_set_tag(sib, "div");
                hx_unlink(h, sib);
                xmlAddChild(article, sib);
        }
        return article;
}

/* ---- cleaning the article ----------------------------------------------- */

static void hx_mark_data_tables(struct hx *h, xmlNodePtr root)
{
        static const char *const table[] = { "table", NULL };
        static const char *const data_kids[] = {
                "col", "colgroup", "tfoot", "thead", "th", NULL,
        };
        static const char *const tr[] = { "tr", NULL };
        static const char *const td[] = { "td", NULL };
        struct hx_nodes l = { 0 }, sub = { 0 };
        size_t i, j, k;

        hx_collect(h, root, table, &l);
        for (i = 0; i < l.n && !h->oom; i++) {
                xmlNodePtr t = l.v[i], c;
                struct hx_info *in = hx_info_new(h, t);
                const char *role = hx_attr(t, "role");
                const char *dt = hx_attr(t, "datatable");
                const char *summary = hx_attr(t, "summary");
                size_t rows = 0, cols = 0;

                if (in == NULL)
                        break;
                in->datatable = false;
                if (role != NULL && strcmp(role, "presentation") == 0)
                        continue;
                if (dt != NULL && strcmp(dt, "0") == 0)
                        continue;
                if (summary != NULL && summary[0] != '\0') {
                        in->datatable = true;
                        continue;
                }
                c = t->children;
                while (c != NULL) {
                        if (hx_tag(c, "caption") && c->children != NULL) {
                                in->datatable = true;
                                break;
                        }
                        c = hx_walk(c, t, false);
                }
                if (in->datatable)
                        continue;
                hx_collect(h, t, data_kids, &sub);
                if (sub.n > 0) {
                        in->datatable = true;
                        continue;
                }
                hx_collect(h, t, table, &sub);
                if (sub.n > 0)
                        continue;
                hx_collect(h, t, tr, &sub);
                for (j = 0; j < sub.n; j++) {
                        const char *rs = hx_attr(sub.v[j], "rowspan");
                        struct hx_nodes cells = { 0 };
                        size_t in_row = 0;
                        long v = rs != NULL ? strtol(rs, NULL, 10) : 0;

                        rows += v > 0 && v < 10000 ? (size_t) v : 1;
                        hx_collect(h, sub.v[j], td, &cells);
                        for (k = 0; k < cells.n; k++) {
                                const char *cs = hx_attr(cells.v[k],
                                                         "colspan");
                                long w = cs != NULL ? strtol(cs, NULL, 10)
                                                    : 0;

                                in_row += w > 0 && w < 10000 ? (size_t) w : 1;
                        }
                        hx_nodes_done(&cells);
                        if (in_row > cols)
                                cols = in_row;
                }
                if (cols == 1 || rows == 1)
                        continue;
                if (rows >= 10 || cols > 4) {
                        in->datatable = true;
                        continue;
                }
                in->datatable = rows * cols > 10;
        }
        hx_nodes_done(&sub);
        hx_nodes_done(&l);
}

static size_t hx_count_tag(xmlNodePtr root, const char *tag)
{
        xmlNodePtr n = root->children;
        size_t k = 0;

        while (n != NULL) {
                if (hx_tag(n, tag))
                        k++;
                n = hx_walk(n, root, false);
        }
        return k;
}

/* Summed text length of the descendants of @e with a tag in @tags (nested
 * ones count again, as in Readability) over @e's own. */
static double hx_text_density(struct hx *h, xmlNodePtr e,
                              const char *const *tags)
{
        struct hx_nodes l = { 0 };
        size_t total = hx_text_len(h, e), sum = 0, i;

        if (total == 0)
                return 0;
        hx_collect(h, e, tags, &l);
        for (i = 0; i < l.n; i++)
                sum += hx_text_len(h, l.v[i]);
        hx_nodes_done(&l);
        return (double) sum / (double) total;
}

/* Text that is only an advertisement or loading placeholder. */
static bool hx_placeholder_text(const char *t)
{
        static const char *const words[] = {
                "ad", "advertising", "advertisement", "pub", "publicité",
                "werb", "werbung", "广告", "реклама", "Реклама", "anuncio",
                "loading", "loading…", "loading...", "正在加载",
                "正在加载…", "正在加载...", "загрузка", "Загрузка",
                "загрузка…", "Загрузка…", "chargement", "chargement…",
                "chargement...", "cargando", "cargando…", "cargando...",
                NULL,
        };
        size_t i;

        for (i = 0; words[i] != NULL; i++)
                if (strcasecmp(t, words[i]) == 0)
                        return true;
        return false;
}

static bool hx_has_video(const xmlNode *n)
{
        static const char *const hosts[] = {
                "//www.youtube.com", "//youtube.com",
                "//www.youtube-nocookie.com", "//youtube-nocookie.com",
                "//www.dailymotion.com", "//dailymotion.com",
                "//player.vimeo.com", "//www.player.vimeo.com",
                "//v.qq.com", "//www.v.qq.com", "//archive.org",
                "//www.archive.org", "//upload.wikimedia.org",
                "//player.twitch.tv", NULL,
        };
        xmlAttrPtr a;

        for (a = n->properties; a != NULL; a = a->next)
                if (a->children != NULL &&
                    hx_contains_any((const char *) a->children->content,
                                    hosts))
                        return true;
        return false;
}

/* Whether @node (a @tag) looks like a widget rather than article text. */
static bool hx_is_fishy(struct hx *h, xmlNodePtr node, const char *tag)
{
        static const char *const lists[] = { "ul", "ol", NULL };
        static const char *const heads[] = { "h1", "h2", "h3", "h4", "h5",
                                             "h6", NULL };
        static const char *const textish[] = {
                "span", "li", "td", "blockquote", "dl", "div", "img", "ol",
                "p", "pre", "table", "ul", NULL,
        };
        static const char *const embeds_tags[] = { "object", "embed",
                                                   "iframe", NULL };
        static const char *const tables[] = { "table", NULL };
        struct hx_nodes l = { 0 };
        bool is_list = strcmp(tag, "ul") == 0 || strcmp(tag, "ol") == 0;
        bool fig, remove = false;
        struct hx_measure m;
        size_t i, p, img, input, embeds = 0, total;
        long li;
        int weight;
        double link_d, head_d, text_d;
        char *text;

        m = hx_measure(h, node);
        total = m.len;
        if (!is_list) {
                size_t list_len = 0;

                hx_collect(h, node, lists, &l);
                for (i = 0; i < l.n; i++)
                        list_len += hx_text_len(h, l.v[i]);
                is_list = total > 0 &&
                          (double) list_len / (double) total > 0.9;
        }
        if (strcmp(tag, "table") == 0) {
                struct hx_info *in = hx_info_get(h, node);

                if (in != NULL && in->datatable) {
                        hx_nodes_done(&l);
                        return false;
                }
        }
        if (hx_has_ancestor(node, "table", -1, h, true) ||
            hx_has_ancestor(node, "code", 3, h, false)) {
                hx_nodes_done(&l);
                return false;
        }
        hx_collect(h, node, tables, &l);
        for (i = 0; i < l.n; i++) {
                struct hx_info *in = hx_info_get(h, l.v[i]);

                if (in != NULL && in->datatable) {
                        hx_nodes_done(&l);
                        return false;
                }
        }
        weight = hx_class_weight(h, node);
        if (weight < 0) {
                hx_nodes_done(&l);
                return true;
        }
        if (m.commas >= 10) {
                hx_nodes_done(&l);
                return false;
        }
        p = hx_count_tag(node, "p");
        img = hx_count_tag(node, "img");
        li = (long) hx_count_tag(node, "li") - 100;
        input = hx_count_tag(node, "input");
        head_d = hx_text_density(h, node, heads);
        hx_collect(h, node, embeds_tags, &l);
        for (i = 0; i < l.n; i++) {
                if (hx_has_video(l.v[i])) {
                        hx_nodes_done(&l);
                        return false;
                }
                embeds++;
        }
        hx_nodes_done(&l);
        /* Placeholders are a single short word; skip building the text
         * of anything longer. */
        if (total <= 32) {
                text = hx_text(h, node);
                if (text != NULL && hx_placeholder_text(text)) {
                        free(text);
                        return true;
                }
                free(text);
        }
        link_d = hx_link_density(h, node);
        text_d = hx_text_density(h, node, textish);
        fig = hx_has_ancestor(node, "figure", 3, h, false);

        if (!fig && img > 1 && (double) p / (double) img < 0.5)
                remove = true;
        if (!is_list && li > (long) p)
                remove = true;
        if (input > p / 3)
                remove = true;
        if (!is_list && !fig && head_d < 0.9 && total < 25 &&
            (img == 0 || img > 2) && link_d > 0)
                remove = true;
        if (!is_list && weight < 25 && link_d > 0.2)
                remove = true;
        if (weight >= 25 && link_d > 0.5)
                remove = true;
        /* Unlike Readability, a list that is mostly links goes too:
         * "related" and "more from" lists inside the story are not prose
         * to summarise (costs 0.001 F1 on html-dev). */
        if (is_list && link_d > HX_LINKY)
                remove = true;
        if ((embeds == 1 && total < 75) || embeds > 1)
                remove = true;
        if (img == 0 && text_d == 0)
                remove = true;

        /* A list of images (one per item) may stay. */
        if (is_list && remove) {
                xmlNodePtr c;

                for (c = hx_first_elem(node); c != NULL;
                     c = hx_next_elem(c))
                        if (hx_count_elems(c) > 1)
                                return true;
                if (img == hx_count_tag(node, "li"))
                        return false;
        }
        return remove;
}

static void hx_clean_conditionally(struct hx *h, xmlNodePtr root,
                                   const char *tag)
{
        const char *tags[2] = { tag, NULL };
        struct hx_nodes l = { 0 };
        size_t i;

        if (!(h->flags & HX_CLEAN_CONDITIONALLY))
                return;
        hx_collect(h, root, tags, &l);
        for (i = l.n; i-- > 0 && !h->oom;)
                if (hx_is_fishy(h, l.v[i], tag))
                        hx_remove(h, l.v[i]);
        hx_nodes_done(&l);
}

/* Drop small elements whose class or id says they are share buttons. */
static void hx_clean_share(struct hx *h, xmlNodePtr article)
{
        xmlNodePtr top;

        for (top = hx_first_elem(article); top != NULL;
             top = hx_next_elem(top)) {
                xmlNodePtr n = top->children;

                while (n != NULL) {
                        if (hx_is_elem(n) &&
                            (hx_share_hint(hx_attr(n, "class")) ||
                             hx_share_hint(hx_attr(n, "id"))) &&
                            hx_text_len(h, n) < HX_CHAR_THRESHOLD) {
                                xmlNodePtr next = hx_walk(n, top, true);

                                hx_remove(h, n);
                                n = next;
                                continue;
                        }
                        n = hx_walk(n, top, false);
                }
        }
}

static void hx_clean_headers(struct hx *h, xmlNodePtr article)
{
        static const char *const heads[] = { "h1", "h2", NULL };
        struct hx_nodes l = { 0 };
        size_t i;

        hx_collect(h, article, heads, &l);
        for (i = l.n; i-- > 0;)
                if (hx_class_weight(h, l.v[i]) < 0)
                        hx_remove(h, l.v[i]);
        hx_nodes_done(&l);
}

/* Drop paragraphs that are mostly link text: "Read more", "Related:"
 * lines and link bars that Readability leaves in. */
static void hx_clean_linky(struct hx *h, xmlNodePtr article, double max)
{
        static const char *const paras[] = { "p", NULL };
        struct hx_nodes l = { 0 };
        size_t i;

        if (!(h->flags & HX_CLEAN_CONDITIONALLY))
                return;
        hx_collect(h, article, paras, &l);
        for (i = l.n; i-- > 0;)
                if (hx_link_density(h, l.v[i]) > max)
                        hx_remove(h, l.v[i]);
        hx_nodes_done(&l);
}

static void hx_prep_article(struct hx *h, xmlNodePtr article)
{
        /* Beyond Readability: <nav> is navigation by definition, and
         * <figcaption> holds captions and photo credits, which read as
         * fragments to a summarizer.  On html-dev dropping captions gains
         * 0.003 F1 on the hand-labelled aeb pages and 0.0015 on wcxb, and
         * costs 0.006 on moz, whose labels are Readability's own output. */
        static const char *const always[] = {
                "object", "embed", "footer", "link", "aside", "nav",
                "figcaption", NULL,
        };
        static const char *const controls[] = {
                "iframe", "input", "textarea", "select", "button", NULL,
        };

        hx_mark_data_tables(h, article);
        hx_clean_conditionally(h, article, "form");
        hx_clean_conditionally(h, article, "fieldset");
        hx_remove_tags(h, article, always);
        hx_clean_share(h, article);
        hx_remove_tags(h, article, controls);
        hx_clean_headers(h, article);
        hx_clean_conditionally(h, article, "table");
        hx_clean_conditionally(h, article, "ul");
        hx_clean_conditionally(h, article, "div");
        hx_clean_linky(h, article, HX_LINKY);
}

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
static void hx_emit(struct hx *h, xmlNodePtr root, struct precis_text *out)
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

static htmlDocPtr hx_parse(const char *s, size_t len)
{
        size_t skip = hx_internal_subset(s, len);

        s += skip;
        len -= skip;
        if (len > INT32_MAX)
                return NULL;
        return htmlReadMemory(s, (int) len, NULL, "UTF-8",
                              HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET | HTML_PARSE_RECOVER |
                                      HTML_PARSE_COMPACT);
}

static void hx_free_blocks(struct hx *h)
{
        size_t i;

        for (i = 0; i < h->n_blocks; i++)
                free(h->blocks[i]);
        free(h->blocks);
        h->blocks = NULL;
        h->n_blocks = 0;
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
                h->doc = hx_parse(s, len);
        }
        h->doc_fresh = false;
        if (h->doc == NULL)
                return 0;
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

        /* Metadata first, from an untouched tree. */
        h.doc = hx_parse(s, len);
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
        if (best.n_paras > 0 && hx_para_is_title(best.paras[0], title)) {
                free(best.paras[0]);
                memmove(&best.paras[0], &best.paras[1],
                        (best.n_paras - 1) * sizeof(best.paras[0]));
                best.n_paras--;
        }
        *out = best;
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
