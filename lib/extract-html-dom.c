/* HTML front end, part 1: DOM helpers over the libxml2 tree, the
 * per-element state, text measures, class hints, visibility and the
 * document preparation every attempt starts with. */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <precis/array.h>

#include "extract-html.h"

/* ---- small helpers ------------------------------------------------------ */

bool hx_is_elem(const xmlNode *n)
{
        return n != NULL && n->type == XML_ELEMENT_NODE;
}

bool hx_is_text(const xmlNode *n)
{
        return n != NULL &&
               (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE);
}

bool hx_tag(const xmlNode *n, const char *tag)
{
        return hx_is_elem(n) && strcmp((const char *) n->name, tag) == 0;
}

bool hx_tag_in(const xmlNode *n, const char *const *tags)
{
        size_t i;

        if (!hx_is_elem(n))
                return false;
        for (i = 0; tags[i] != NULL; i++)
                if (strcmp((const char *) n->name, tags[i]) == 0)
                        return true;
        return false;
}

xmlNodePtr hx_parent_elem(const xmlNode *n)
{
        return hx_is_elem(n->parent) ? n->parent : NULL;
}

/* The first element among @c and its following siblings. */
static xmlNodePtr hx_elem_from(xmlNodePtr c)
{
        while (c != NULL && !hx_is_elem(c))
                c = c->next;
        return c;
}

xmlNodePtr hx_first_elem(const xmlNode *n)
{
        return hx_elem_from(n->children);
}

xmlNodePtr hx_next_elem(const xmlNode *n)
{
        return hx_elem_from(n->next);
}

size_t hx_count_elems(const xmlNode *n)
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
xmlNodePtr hx_walk(xmlNodePtr n, const xmlNode *root, bool skip_kids)
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
const char *hx_attr(const xmlNode *n, const char *name)
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

char hx_lower(char c)
{
        return c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c;
}

/* Case-insensitive (ASCII) substring search. */
bool hx_contains(const char *hay, const char *needle)
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

bool hx_contains_any(const char *hay, const char *const *words)
{
        size_t i;

        if (hay == NULL || hay[0] == '\0')
                return false;
        for (i = 0; words[i] != NULL; i++)
                if (hx_contains(hay, words[i]))
                        return true;
        return false;
}

bool hx_word_char(char c)
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
const char *const hx_unlikely[] = {
        "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment",
        "community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
        "header", "legends", "menu", "related", "remark", "replies", "rss",
        "shoutbox", "sidebar", "skyscraper", "social", "sponsor",
        "supplemental", "ad-break", "agegate", "pagination", "pager",
        "popup", "yom-remote", NULL,
};

const char *const hx_maybe[] = {
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

const char *const hx_byline_hints[] = {
        "byline", "author", "dateline", "writtenby", "p-author", NULL,
};

const char *const hx_unlikely_roles[] = {
        "menu", "menubar", "complementary", "navigation", "alert",
        "alertdialog", "dialog", NULL,
};

/* Block-level children that keep a <div> from being a paragraph. */
const char *const hx_div_to_p[] = {
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

const char *const hx_to_score[] = {
        "section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre", NULL,
};

/* ---- per-element state ------------------------------------------------- */

static struct hx_info *hx_info_at(struct hx *h, uintptr_t i)
{
        if (i == 0 || i > h->n_info)
                return NULL;
        return &h->blocks[(i - 1) / HX_BLOCK][(i - 1) % HX_BLOCK];
}

struct hx_info *hx_info_get(struct hx *h, xmlNodePtr n)
{
        return hx_info_at(h, (uintptr_t) n->_private);
}

/* The state of @n, created zeroed on first use.  NULL when out of
 * memory.  The pointer stays valid until hx_reset(). */
struct hx_info *hx_info_new(struct hx *h, xmlNodePtr n)
{
        struct hx_info *in = hx_info_get(h, n);

        if (in != NULL)
                return in;
        if (h->n_info == h->n_blocks * HX_BLOCK) {
                struct hx_info *b = NULL;

                if (PRECIS_GROW(h->blocks, h->n_blocks, h->cap_blocks, 8) ==
                    0)
                        b = malloc(HX_BLOCK * sizeof(*b));
                if (b == NULL) {
                        h->oom = true;
                        return NULL;
                }
                h->blocks[h->n_blocks++] = b;
        }
        h->n_info++;
        in = hx_info_at(h, h->n_info);
        memset(in, 0, sizeof(*in));
        n->_private = (void *) (uintptr_t) h->n_info;
        return in;
}

void hx_nodes_push(struct hx *h, struct hx_nodes *l, xmlNodePtr n)
{
        if (PRECIS_GROW(l->v, l->n, l->cap, 64) != 0) {
                h->oom = true;
                return;
        }
        l->v[l->n++] = n;
}

void hx_nodes_done(struct hx_nodes *l)
{
        free(l->v);
        memset(l, 0, sizeof(*l));
}

/* Element descendants of @root whose tag is in @tags, in document order. */
void hx_collect(struct hx *h, xmlNodePtr root, const char *const *tags,
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

/* Unlink @n, keeping the cached summaries of its old ancestors right. */
void hx_unlink(struct hx *h, xmlNodePtr n)
{
        hx_dirty(h, n->parent);
        xmlUnlinkNode(n);
}

void hx_remove(struct hx *h, xmlNodePtr n)
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
void hx_dirty(struct hx *h, xmlNodePtr n)
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
        if (PRECIS_GROW(st, n, cap, 64) != 0) {
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
                        /* @f may move: it is not used again. */
                        if (PRECIS_GROW(st, n, cap, 64) != 0)
                                goto fail;
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
struct hx_measure hx_measure(struct hx *h, xmlNodePtr root)
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

size_t hx_text_len(struct hx *h, xmlNodePtr n)
{
        return hx_measure(h, n).len;
}

/* A text node with nothing but spaces. */
bool hx_blank_text(const xmlNode *n)
{
        return hx_is_text(n) && !hx_sum_str(n->content).text;
}

void hx_buf_add(struct hx *h, struct hx_buf *b, const char *s,
                size_t n)
{
        if (PRECIS_RESERVE(b->p, b->n, n + 1, b->cap, 256) != 0) {
                h->oom = true;
                return;
        }
        memcpy(b->p + b->n, s, n);
        b->n += n;
        b->p[b->n] = '\0';
}

/* Text of @root's subtree, trimmed, whitespace runs collapsed to one space.
 * Returns an owned string (free()) or NULL when out of memory. */
char *hx_text(struct hx *h, const xmlNode *root)
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
double hx_link_density(struct hx *h, xmlNodePtr e)
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

int hx_class_weight(struct hx *h, xmlNodePtr n)
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
bool hx_share_hint(const char *s)
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

bool hx_visible(const xmlNode *n)
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

xmlNodePtr hx_body(xmlDocPtr doc)
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
void hx_remove_tags(struct hx *h, xmlNodePtr root,
                    const char *const *tags)
{
        struct hx_nodes l = { 0 };
        size_t i;

        hx_collect(h, root, tags, &l);
        for (i = l.n; i-- > 0;)
                hx_remove(h, l.v[i]);
        hx_nodes_done(&l);
}

bool hx_is_whitespace_node(const xmlNode *n)
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

bool hx_is_phrasing(const xmlNode *root)
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

void hx_set_tag(xmlNodePtr n, const char *tag)
{
        xmlNodeSetName(n, (const xmlChar *) tag);
}

/* Clear @n from the entries of @l after the @i-th, so that a walk over
 * @l does not visit a node removed under it. */
static void hx_nodes_forget(struct hx_nodes *l, size_t i, const xmlNode *n)
{
        size_t j;

        for (j = i + 1; j < l->n; j++)
                if (l->v[j] == n) {
                        l->v[j] = NULL;
                        return;
                }
}

/* Turn runs of two or more <br> into paragraph breaks: the phrasing
 * content after such a run moves into a new <p>. */
void hx_replace_brs(struct hx *h, xmlNodePtr body)
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

                        hx_nodes_forget(&l, i, next);
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

                        hx_nodes_forget(&l, i, last);
                        hx_remove(h, last);
                }
                if (hx_tag(p->parent, "p"))
                        hx_set_tag(p->parent, "div");
                /* The <br>s that moved into @p stay in the list; their
                 * runs are handled when their turn comes. */
        }
        hx_nodes_done(&l);
}
