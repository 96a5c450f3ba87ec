/* HTML front end, part 2: the metadata (<meta> titles, authors and site
 * name) and the article title with the site name stripped. */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <precis/array.h>

#include "extract-html.h"

/* ---- metadata ----------------------------------------------------------- */

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
void hx_read_meta(struct hx *h, xmlNodePtr root, struct hx_meta *m)
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
char *hx_doc_title(struct hx *h, xmlNodePtr root)
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
char *hx_strip_site(struct hx *h, char *title, xmlNodePtr root,
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
                        if (PRECIS_GROW(v, n, cap, 16) != 0)
                                break;
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
double hx_similarity(const char *a, const char *b)
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
