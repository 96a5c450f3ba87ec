#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <md4c.h>

#include "xml-dl.h"

#include <precis/array.h>
#include <precis/charset.h>
#include <precis/extract.h>

/* Markdown through md4c.  Every paragraph, list item, quoted paragraph and
 * heading becomes one paragraph of text; code blocks, raw HTML, tables and
 * images are dropped, links keep their text.  The title is YAML/TOML front
 * matter's "title", else the first H1, else a heading that opens the
 * document. */

/* CommonMark plus the GitHub extensions that change what is text: tables
 * (so that they can be dropped), strikethrough and task lists (so that
 * their markers do not show).  Permissive autolinks are left out: a bare
 * URL is not a link text worth keeping either way, and plain text keeps
 * it as the author wrote it. */
#define MD_FLAGS (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS)

/* Front matter is looked for in the first bytes only. */
#define MD_FRONT_MAX 65536

struct md_ctx {
        struct precis_text *out; /* borrowed; receives the paragraphs */
        char *buf;               /* owned; text of the current block */
        size_t n;                /* bytes used in buf */
        size_t cap;              /* bytes allocated in buf */
        unsigned skip;           /* depth of dropped blocks (code, HTML) */
        unsigned img;            /* depth of image spans (alt text) */
        unsigned link;           /* depth of link spans */
        size_t link_start;       /* buf offset where the link text began */
        char *link_href;         /* owned copy of the open link's URL */
        int seen_block;          /* a block other than the document began */
        int top_heading;         /* the current heading opens the document */
        unsigned h_level;        /* level of the open heading, 0 if none */
        unsigned li_depth;       /* open list items */
        unsigned quote_depth;    /* open block quotes */
        size_t h1_idx;           /* paragraph index of the first H1 */
        size_t top_idx;          /* paragraph index of an opening heading */
        int rc;                  /* first error, 0 if none */
        size_t in_len;           /* bytes given to md4c */
};

#define MD_NONE ((size_t) -1)

static int md_append(struct md_ctx *c, const char *s, size_t len)
{
        int rc = PRECIS_RESERVE(c->buf, c->n, len, c->cap, 256);

        if (rc != 0)
                return rc;
        memcpy(c->buf + c->n, s, len);
        c->n += len;
        return 0;
}

/* Append the decoding of entity @e (@len bytes, "&...;" as md4c reports
 * it).  Numeric references become their character (U+FFFD when invalid,
 * as CommonMark says); named ones are looked up in libxml2's HTML 4 table;
 * an unknown name stays as written. */
static int md_entity(struct md_ctx *c, const char *e, size_t len)
{
        char o[4], name[40];
        unsigned long cp = 0;
        size_t i;

        if (len >= 4 && e[1] == '#') {
                int hex = e[2] == 'x' || e[2] == 'X';

                for (i = hex ? 3 : 2; i + 1 < len; i++) {
                        char d = e[i];
                        unsigned v;

                        if (d >= '0' && d <= '9')
                                v = (unsigned) (d - '0');
                        else if (hex && d >= 'a' && d <= 'f')
                                v = (unsigned) (d - 'a' + 10);
                        else if (hex && d >= 'A' && d <= 'F')
                                v = (unsigned) (d - 'A' + 10);
                        else
                                return md_append(c, e, len);
                        cp = cp * (hex ? 16 : 10) + v;
                        if (cp > 0x10FFFF)
                                cp = 0x110000;
                }
                return md_append(c, o, precis_utf8_encode((uint32_t) cp, o));
        }
        if (len >= 3 && len - 2 < sizeof(name)) {
                const htmlEntityDesc *d;

                memcpy(name, e + 1, len - 2);
                name[len - 2] = '\0';
                /* libxml2 knows the HTML entity names; without it a named
                 * entity stays as written. */
                d = precis_xml_load(NULL) == 0
                            ? htmlEntityLookup((const xmlChar *) name)
                            : NULL;
                if (d != NULL)
                        return md_append(c, o, precis_utf8_encode(d->value, o));
        }
        return md_append(c, e, len);
}

/* Whether inline HTML tag @s (@len bytes) separates words, as <br> or a
 * block tag does; <b>, <span> and the like do not. */
static int md_tag_breaks(const char *s, size_t len)
{
        static const char *const tags[] = {
                "br", "p", "div", "li", "hr", "tr", "td", "th", "ul",
                "ol", "blockquote", "table", "h1", "h2", "h3", "h4", "h5",
                "h6", "img", NULL,
        };
        size_t i = 1, k;

        if (len < 3 || s[0] != '<')
                return 0;
        if (s[i] == '/')
                i++;
        for (k = 0; tags[k] != NULL; k++) {
                size_t n = strlen(tags[k]);

                if (i + n < len && strncasecmp(s + i, tags[k], n) == 0 &&
                    (s[i + n] == '>' || s[i + n] == ' ' || s[i + n] == '/' ||
                     s[i + n] == '\t' || s[i + n] == '\n'))
                        return 1;
        }
        return 0;
}

/* End the current block: its text, if any, becomes a paragraph. */
static int md_flush(struct md_ctx *c)
{
        int rc = 0;

        if (c->n > 0) {
                enum precis_role role = PRECIS_ROLE_BODY;

                if (c->h_level > 0)
                        role = PRECIS_ROLE_HEADING;
                else if (c->quote_depth > 0)
                        role = PRECIS_ROLE_QUOTE;
                else if (c->li_depth > 0)
                        role = PRECIS_ROLE_LIST;
                rc = precis_text_add_para_role(c->out, c->buf, c->n, role);
        }
        c->n = 0;
        return rc;
}

static int md_fail(struct md_ctx *c, int rc)
{
        if (c->rc == 0)
                c->rc = rc;
        return 1;
}

static int md_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
        struct md_ctx *c = userdata;
        int rc = 0;

        switch (type) {
        case MD_BLOCK_DOC:
                return 0;
        case MD_BLOCK_CODE:
        case MD_BLOCK_HTML:
        case MD_BLOCK_TABLE:
                rc = md_flush(c);
                c->skip++;
                break;
        case MD_BLOCK_H:
                rc = md_flush(c);
                c->h_level = ((MD_BLOCK_H_DETAIL *) detail)->level;
                c->top_heading = !c->seen_block;
                break;
        case MD_BLOCK_THEAD:
        case MD_BLOCK_TBODY:
        case MD_BLOCK_TR:
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
                break;
        default:
                /* Text before a nested block (a tight list item's text
                 * before its sub-list) is a paragraph of its own. */
                rc = md_flush(c);
                if (type == MD_BLOCK_LI)
                        c->li_depth++;
                else if (type == MD_BLOCK_QUOTE)
                        c->quote_depth++;
                break;
        }
        c->seen_block = 1;
        return rc != 0 ? md_fail(c, rc) : 0;
}

static int md_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
        struct md_ctx *c = userdata;
        size_t before;
        int rc = 0;

        (void) detail;
        switch (type) {
        case MD_BLOCK_CODE:
        case MD_BLOCK_HTML:
        case MD_BLOCK_TABLE:
                c->skip--;
                break;
        case MD_BLOCK_H:
                before = c->out->n_paras;
                rc = md_flush(c);
                if (rc == 0 && c->out->n_paras > before) {
                        if (c->h_level == 1 && c->h1_idx == MD_NONE)
                                c->h1_idx = before;
                        if (c->top_heading && c->top_idx == MD_NONE)
                                c->top_idx = before;
                }
                c->h_level = 0;
                c->top_heading = 0;
                break;
        case MD_BLOCK_P:
                rc = md_flush(c);
                break;
        case MD_BLOCK_LI:
                rc = md_flush(c);
                if (c->li_depth > 0)
                        c->li_depth--;
                break;
        case MD_BLOCK_QUOTE:
                rc = md_flush(c);
                if (c->quote_depth > 0)
                        c->quote_depth--;
                break;
        default:
                break;
        }
        return rc != 0 ? md_fail(c, rc) : 0;
}

static int md_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
        struct md_ctx *c = userdata;

        if (type == MD_SPAN_IMG) {
                c->img++;
        } else if (type == MD_SPAN_A) {
                const MD_ATTRIBUTE *href = &((MD_SPAN_A_DETAIL *) detail)->href;

                /* Remember where the text starts and the URL, so that an
                 * autolink (<https://...>), whose text is its URL, can be
                 * taken back out. */
                if (c->link++ == 0) {
                        c->link_start = c->n;
                        free(c->link_href);
                        /* An empty destination ("[x]()") has no text
                         * pointer at all. */
                        c->link_href = href->text != NULL
                                               ? strndup(href->text,
                                                         href->size)
                                               : strdup("");
                        if (c->link_href == NULL)
                                return md_fail(c, -ENOMEM);
                }
        }
        return 0;
}

static int md_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
        struct md_ctx *c = userdata;

        (void) detail;
        if (type == MD_SPAN_IMG) {
                c->img--;
        } else if (type == MD_SPAN_A && --c->link == 0) {
                const char *h = c->link_href;
                size_t n = c->n - c->link_start, k = strlen(h);

                if (n > 0 &&
                    ((n == k && memcmp(c->buf + c->link_start, h, n) == 0) ||
                     (k == n + 7 && strncmp(h, "mailto:", 7) == 0 &&
                      memcmp(c->buf + c->link_start, h + 7, n) == 0)))
                        c->n = c->link_start;
                free(c->link_href);
                c->link_href = NULL;
        }
        return 0;
}

static int md_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size,
                   void *userdata)
{
        struct md_ctx *c = userdata;
        int rc = 0;

        if (c->skip > 0 || c->img > 0)
                return 0;
        /* No span of the input is longer than the input: such a size is
         * md4c misreading (see precis_extract_markdown()), never copied. */
        if (size > c->in_len)
                return 0;
        switch (type) {
        case MD_TEXT_NORMAL:
        case MD_TEXT_CODE:
                rc = md_append(c, text, size);
                break;
        case MD_TEXT_NULLCHAR:
                rc = md_append(c, "\xEF\xBF\xBD", 3);
                break;
        case MD_TEXT_BR:
        case MD_TEXT_SOFTBR:
                rc = md_append(c, " ", 1);
                break;
        case MD_TEXT_ENTITY:
                rc = md_entity(c, text, size);
                break;
        case MD_TEXT_HTML:
                /* Raw inline HTML is dropped; a line break or block tag
                 * still separates the words around it. */
                if (md_tag_breaks(text, size))
                        rc = md_append(c, " ", 1);
                break;
        default:
                break;
        }
        return rc != 0 ? md_fail(c, rc) : 0;
}

/* Length of the line at @s (up to @len bytes) without its end of line; sets
 * *next to the offset after it. */
static size_t md_line(const char *s, size_t len, size_t *next)
{
        const char *nl = memchr(s, '\n', len);
        size_t n = nl != NULL ? (size_t) (nl - s) : len;

        *next = nl != NULL ? n + 1 : len;
        while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' ||
                         s[n - 1] == '\t'))
                n--;
        return n;
}

/* Skip YAML ("---") or TOML ("+++") front matter at the start of @s.
 * Returns the offset where the Markdown begins (0 when there is none) and
 * points *title and *title_len at its "title" value, unquoted, if any. */
static size_t md_front_matter(const char *s, size_t len, const char **title,
                              size_t *title_len)
{
        size_t pos, next, n, scan = len < MD_FRONT_MAX ? len : MD_FRONT_MAX;
        const char *fence;

        *title = NULL;
        *title_len = 0;
        n = md_line(s, scan, &pos);
        if (n != 3 || (memcmp(s, "---", 3) != 0 && memcmp(s, "+++", 3) != 0))
                return 0;
        fence = s;
        while (pos < scan) {
                const char *l = s + pos;
                size_t k, sep;

                n = md_line(l, scan - pos, &next);
                if ((n == 3 && memcmp(l, fence, 3) == 0) ||
                    (fence[0] == '-' && n == 3 && memcmp(l, "...", 3) == 0))
                        return pos + next;
                /* title: value (YAML) or title = "value" (TOML). */
                if (n > 5 && strncasecmp(l, "title", 5) == 0) {
                        for (sep = 5; sep < n && (l[sep] == ' ' ||
                                                  l[sep] == '\t'); sep++)
                                ;
                        if (sep < n && (l[sep] == ':' || l[sep] == '=')) {
                                for (k = sep + 1; k < n && (l[k] == ' ' ||
                                                            l[k] == '\t');
                                     k++)
                                        ;
                                if (n - k >= 2 &&
                                    (l[k] == '"' || l[k] == '\'') &&
                                    l[n - 1] == l[k]) {
                                        k++;
                                        n--;
                                }
                                *title = l + k;
                                *title_len = n - k;
                        }
                }
                pos += next;
        }
        /* No closing fence: not front matter after all. */
        *title = NULL;
        *title_len = 0;
        return 0;
}

int precis_extract_markdown(const char *s, size_t len, struct precis_text *out,
                            struct precis_error *err)
{
        MD_PARSER parser = {
                .abi_version = 0,
                .flags = MD_FLAGS,
                .enter_block = md_enter_block,
                .leave_block = md_leave_block,
                .enter_span = md_enter_span,
                .leave_span = md_leave_span,
                .text = md_text,
        };
        struct md_ctx c = {
                .out = out,
                .h1_idx = MD_NONE,
                .top_idx = MD_NONE,
        };
        const char *fm_title;
        size_t fm_len, body, idx;
        char *copy;
        int rc;

        memset(out, 0, sizeof(*out));
        out->format = PRECIS_FORMAT_MARKDOWN;
        if (len > UINT_MAX)
                return precis_error_set(err, PRECIS_E_TOOBIG,
                                        "Markdown input of %zu bytes is too "
                                        "large", len);
        body = md_front_matter(s, len, &fm_title, &fm_len);
        /* md4c 0.4.8 (Debian 12) reads a byte past the end of its input on
         * some links, and with some bytes there reports a text span of
         * gigabytes (tests/fuzz, regress/markdown/overread-*.md).  Give it
         * a NUL-terminated copy, as precis_charset_decode()'s output is. */
        copy = malloc(len - body + 1);
        if (copy == NULL) {
                rc = -ENOMEM;
                goto err;
        }
        memcpy(copy, s + body, len - body);
        copy[len - body] = '\0';
        c.in_len = len - body;
        rc = md_parse(copy, (MD_SIZE) (len - body), &parser, &c);
        free(copy);
        if (c.rc != 0)
                rc = c.rc;
        else if (rc != 0)
                rc = -ENOMEM; /* md4c fails only when malloc() does */
        if (rc == 0)
                rc = md_flush(&c);
        free(c.buf);
        free(c.link_href);
        if (rc != 0)
                goto err;

        idx = c.h1_idx != MD_NONE ? c.h1_idx : c.top_idx;
        if (fm_title != NULL) {
                rc = precis_text_set_title(out, fm_title, fm_len);
                if (rc != 0)
                        goto err;
                /* The heading usually repeats the front matter's title;
                 * only then is it not text. */
                if (idx != MD_NONE && out->title != NULL &&
                    strcmp(out->paras[idx], out->title) == 0)
                        free(precis_text_take_para(out, idx));
        } else if (idx != MD_NONE) {
                out->title = precis_text_take_para(out, idx);
        }
        if (out->n_paras == 0) {
                rc = precis_error_set(err, PRECIS_E_EMPTY,
                                      "no text found in the markdown input");
                goto err;
        }
        return 0;

err:
        if (rc == -ENOMEM)
                precis_error_set(err, rc, NULL);
        precis_text_done(out);
        out->format = PRECIS_FORMAT_MARKDOWN;
        return rc;
}
