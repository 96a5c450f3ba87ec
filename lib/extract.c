#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <precis/array.h>
#include <precis/charset.h>
#include <precis/extract.h>

const char *precis_format_name(enum precis_format f)
{
        switch (f) {
        case PRECIS_FORMAT_HTML:
                return "html";
        case PRECIS_FORMAT_MARKDOWN:
                return "markdown";
        case PRECIS_FORMAT_TEXT:
        default:
                return "text";
        }
}

static int extract_starts_with_ci(const char *s, size_t len, const char *pfx)
{
        size_t n = strlen(pfx), i;

        if (len < n)
                return 0;
        for (i = 0; i < n; i++) {
                char c = s[i];

                if (c >= 'A' && c <= 'Z')
                        c = (char) (c - 'A' + 'a');
                if (c != pfx[i])
                        return 0;
        }
        return 1;
}

/* Whether a line (without its newline) looks like Markdown syntax that
 * plain prose would not use: ATX headings, fences, setext underlines,
 * list bullets followed by text, block quotes, link definitions. */
static int extract_md_line(const char *l, size_t n)
{
        size_t i = 0;

        while (i < n && i < 3 && l[i] == ' ')
                i++;
        if (i >= n)
                return 0;
        if (l[i] == '#') {
                size_t h = i;

                while (h < n && l[h] == '#')
                        h++;
                return h - i <= 6 && h < n && l[h] == ' ';
        }
        if (n - i >= 3 && (memcmp(l + i, "```", 3) == 0 ||
                           memcmp(l + i, "~~~", 3) == 0))
                return 1;
        if ((l[i] == '=' || l[i] == '-') && n - i >= 3) {
                size_t k = i;

                while (k < n && l[k] == l[i])
                        k++;
                if (k == n)
                        return 1;
        }
        if ((l[i] == '*' || l[i] == '-' || l[i] == '+') && i + 1 < n &&
            l[i + 1] == ' ')
                return 1;
        if (l[i] == '>' && i + 1 < n && l[i + 1] == ' ')
                return 1;
        if (l[i] == '[') {
                const char *p = memchr(l + i, ']', n - i);

                if (p != NULL && p + 1 < l + n && p[1] == ':')
                        return 1;
        }
        return 0;
}

/* The bytes that open inline Markdown: a link's "](" and "**" or "__". */
static const unsigned char sniff_marks[256] = {
        [']'] = 1, ['*'] = 1, ['_'] = 1,
};

enum precis_format precis_format_sniff(const char *s, size_t len)
{
        size_t i = 0, lines = 0, md = 0, links = 0, emph = 0;
        size_t scan = len < 65536 ? len : 65536;

        while (i < scan && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                            s[i] == '\r'))
                i++;
        if (extract_starts_with_ci(s + i, scan - i, "<!doctype html") ||
            extract_starts_with_ci(s + i, scan - i, "<html") ||
            extract_starts_with_ci(s + i, scan - i, "<?xml") ||
            extract_starts_with_ci(s + i, scan - i, "<head") ||
            extract_starts_with_ci(s + i, scan - i, "<!--"))
                return PRECIS_FORMAT_HTML;
        /* Without a prologue, count tags that only HTML pages carry. */
        {
                static const char *const tags[] = {
                        "<body", "<div", "<p>", "<p ", "<meta", "<title>",
                        "<script", "<article", "<br", NULL,
                };
                size_t hits = 0, t, k;

                for (k = 0; k + 1 < scan; k++) {
                        const char *lt = memchr(s + k, '<', scan - 1 - k);

                        if (lt == NULL)
                                break;
                        k = (size_t) (lt - s);
                        for (t = 0; tags[t] != NULL; t++)
                                if (extract_starts_with_ci(s + k, scan - k,
                                                           tags[t]))
                                        hits++;
                }
                if (hits >= 3)
                        return PRECIS_FORMAT_HTML;
        }
        /* Markdown: a few lines of Markdown syntax or inline link markup. */
        i = 0;
        while (i < scan) {
                const char *nl = memchr(s + i, '\n', scan - i);
                size_t n = nl != NULL ? (size_t) (nl - (s + i)) : scan - i;

                lines++;
                if (extract_md_line(s + i, n))
                        md++;
                i += n + 1;
        }
        for (i = 0; i + 1 < scan; i++) {
                /* Most bytes are none of the three: one look-up each. */
                if (!sniff_marks[(unsigned char) s[i]])
                        continue;
                if (s[i] == ']' && s[i + 1] == '(')
                        links++;
                if ((s[i] == '*' && s[i + 1] == '*') ||
                    (s[i] == '_' && s[i + 1] == '_'))
                        emph++;
        }
        if (md >= 2 || (md >= 1 && (links > 0 || emph > 1)) || links >= 2)
                return PRECIS_FORMAT_MARKDOWN;
        /* A document that opens with an ATX heading ("# Budget") is
         * Markdown even when nothing else in it is marked up. */
        i = 0;
        while (i < scan && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r'))
                i++;
        if (i < scan && s[i] == '#') {
                const char *nl = memchr(s + i, '\n', scan - i);
                size_t n = nl != NULL ? (size_t) (nl - (s + i)) : scan - i;

                if (extract_md_line(s + i, n))
                        return PRECIS_FORMAT_MARKDOWN;
        }
        return PRECIS_FORMAT_TEXT;
}

const char *precis_role_name(enum precis_role r)
{
        static const char *const names[PRECIS_ROLE_COUNT_] = {
                "body", "heading", "caption", "byline", "list", "quote",
                "table", "boilerplate",
        };

        return (unsigned) r < PRECIS_ROLE_COUNT_ ? names[r] : "body";
}

int precis_text_add_para(struct precis_text *t, const char *p, size_t len)
{
        return precis_text_add_para_role(t, p, len, PRECIS_ROLE_BODY);
}

/* The bytes precis_text_add_para_role() looks at: whitespace, NUL and
 * 0xC2, the first byte of U+00A0. */
static const unsigned char para_blank[256] = {
        [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\f'] = 1,
        ['\v'] = 1, ['\0'] = 1, [0xC2] = 1,
};

int precis_text_add_para_role(struct precis_text *t, const char *p,
                              size_t len, enum precis_role role)
{
        char *q;
        size_t i, n = 0, roles_cap;
        int space = 0;

        q = malloc(len + 1);
        if (q == NULL)
                return -ENOMEM;
        for (i = 0; i < len; i++) {
                unsigned char c = (unsigned char) p[i];

                if (!para_blank[c]) {
                        /* A run of ordinary bytes: copied with one table
                         * look-up each. */
                        if (space)
                                q[n++] = ' ';
                        space = 0;
                        do
                                q[n++] = p[i++];
                        while (i < len && !para_blank[(unsigned char) p[i]]);
                        i--;
                        continue;
                }
                /* U+00A0 (no-break space) counts as whitespace too. */
                if (c == 0xC2 && i + 1 < len &&
                    (unsigned char) p[i + 1] == 0xA0) {
                        i++;
                        c = ' ';
                }
                /* A NUL would cut the C string short (Markdown code
                 * spans pass them through), so it separates words too. */
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                    c == '\f' || c == '\v' || c == '\0') {
                        space = n > 0;
                        continue;
                }
                if (space)
                        q[n++] = ' ';
                space = 0;
                q[n++] = (char) c;
        }
        q[n] = '\0';
        if (n == 0) {
                free(q);
                return 0;
        }
        /* The roles grow first, on a copy of the shared capacity: if the
         * paragraphs then fail, roles is only larger than it needs be. */
        roles_cap = t->cap_paras;
        if (PRECIS_GROW(t->roles, t->n_paras, roles_cap, 16) != 0 ||
            PRECIS_GROW(t->paras, t->n_paras, t->cap_paras, 16) != 0) {
                free(q);
                return -ENOMEM;
        }
        t->roles[t->n_paras] = (unsigned char) role;
        t->paras[t->n_paras++] = q;
        return 0;
}

char *precis_text_take_para(struct precis_text *t, size_t idx)
{
        char *p = t->paras[idx];

        memmove(t->paras + idx, t->paras + idx + 1,
                (t->n_paras - idx - 1) * sizeof(*t->paras));
        memmove(t->roles + idx, t->roles + idx + 1, t->n_paras - idx - 1);
        t->n_paras--;
        return p;
}

int precis_text_set_title(struct precis_text *t, const char *p, size_t len)
{
        struct precis_text tmp = { 0 };
        int rc;

        rc = precis_text_add_para(&tmp, p, len);
        if (rc != 0) {
                /* The paragraph array may have grown before the roles
                 * array failed to. */
                precis_text_done(&tmp);
                return rc;
        }
        free(t->title);
        t->title = tmp.n_paras > 0 ? tmp.paras[0] : NULL;
        free(tmp.paras);
        free(tmp.roles);
        return 0;
}

void precis_text_done(struct precis_text *t)
{
        size_t i;

        for (i = 0; i < t->n_paras; i++)
                free(t->paras[i]);
        free(t->paras);
        free(t->roles);
        free(t->title);
        memset(t, 0, sizeof(*t));
}

int precis_extract(const char *data, size_t len, struct precis_text *out,
                   struct precis_error *err)
{
        char *utf8 = NULL;
        size_t n = 0;
        int rc;

        memset(out, 0, sizeof(*out));
        rc = precis_charset_decode(data, len, &utf8, &n, NULL, err);
        if (rc != 0)
                return rc;
        switch (precis_format_sniff(utf8, n)) {
        case PRECIS_FORMAT_HTML:
                rc = precis_extract_html(utf8, n, out, err);
                break;
        case PRECIS_FORMAT_MARKDOWN:
                rc = precis_extract_markdown(utf8, n, out, err);
                break;
        default:
                rc = precis_extract_plain(utf8, n, out, err);
                break;
        }
        free(utf8);
        if (rc == 0)
                precis_text_classify(out);
        if (rc == 0 && out->n_paras == 0)
                rc = precis_error_set(err, PRECIS_E_EMPTY,
                                      "no text found in the %s input",
                                      precis_format_name(out->format));
        if (rc != 0)
                precis_text_done(out);
        return rc;
}
