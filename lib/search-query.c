#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "search-query.h"

#define sq_term precis__sq_term

/* ASCII space only: bytes of UTF-8 sequences are never separators. */
static int sq_space(char c)
{
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
               c == '\v';
}

int precis__search_next(const char **pp, struct sq_term *t)
{
        const char *p = *pp, *q;

        while (sq_space(*p))
                p++;
        if (*p == '\0')
                return 0;
        memset(t, 0, sizeof(*t));
        if (*p == '-' && p[1] != '\0' && !sq_space(p[1])) {
                t->neg = 1;
                p++;
        }
        if (strncasecmp(p, "title:", 6) == 0 && p[6] != '\0' &&
            !sq_space(p[6])) {
                t->title = 1;
                p += 6;
        }
        if (*p == '"') {
                /* A phrase runs to the closing quote; a missing one is
                 * forgiven (the end of the input closes it). */
                q = strchr(p + 1, '"');
                t->s = p + 1;
                t->n = q != NULL ? (size_t) (q - p - 1) : strlen(p + 1);
                *pp = q != NULL ? q + 1 : p + 1 + t->n;
                return 1;
        }
        /* A word runs to a space or to a quote, which starts a phrase. */
        for (q = p; *q != '\0' && !sq_space(*q) && *q != '"'; q++)
                ;
        t->s = p;
        t->n = (size_t) (q - p);
        if (t->n > 1 && p[t->n - 1] == '*') {
                t->prefix = 1;
                t->n--;
        }
        *pp = q;
        return 1;
}

static char *sq_cat(char *w, const char *s)
{
        size_t n = strlen(s);

        memcpy(w, s, n);
        return w + n;
}

/* Append @t to @out (room checked by the caller) as an FTS5 string. */
static char *sq_put(char *w, const struct sq_term *t)
{
        size_t i;

        if (t->title) {
                memcpy(w, "title : ", 8);
                w += 8;
        }
        *w++ = '"';
        for (i = 0; i < t->n; i++) {
                if (t->s[i] == '"')
                        *w++ = '"';
                *w++ = t->s[i];
        }
        *w++ = '"';
        if (t->prefix) {
                memcpy(w, " *", 2);
                w += 2;
        }
        return w;
}

int precis__search_query(const char *input, precis__has_token_fn has_token,
                         void *ctx, char **ret, struct precis_error *err)
{
        struct sq_term t;
        const char *p;
        char *out, *w;
        size_t cap, npos = 0, nneg = 0;
        int pass, r;

        /* The output is at most: each input byte doubled (quotes), plus
         * per term its quotes, "title : ", " *", " AND " or " OR ", and
         * the brackets around the groups. */
        cap = 2 * strlen(input) + 32;
        for (p = input; *p != '\0'; p++)
                cap += sq_space(*p) || *p == '"' ? 24 : 0;
        cap += 24;
        out = malloc(cap);
        if (out == NULL)
                return -ENOMEM;
        w = out;
        /* First the words to find, then those to exclude:
         * (a AND b) NOT (c OR d). */
        for (pass = 0; pass < 2; pass++) {
                size_t k = 0;

                p = input;
                while (precis__search_next(&p, &t)) {
                        if (t.neg != pass)
                                continue;
                        r = has_token(ctx, t.s, t.n);
                        if (r < 0) {
                                free(out);
                                return r;
                        }
                        if (r == 0)
                                continue;
                        if (k == 0)
                                w = sq_cat(w, pass ? " NOT (" : "(");
                        else
                                w = sq_cat(w, pass ? " OR " : " AND ");
                        w = sq_put(w, &t);
                        k++;
                }
                if (k > 0)
                        *w++ = ')';
                if (pass == 0)
                        npos = k;
                else
                        nneg = k;
                if (pass == 0 && npos == 0)
                        break;
        }
        *w = '\0';
        if (npos == 0) {
                free(out);
                p = input;
                while (precis__search_next(&p, &t))
                        if (t.neg)
                                nneg++;
                return precis_error_set(
                        err, PRECIS_E_QUERY,
                        /* The reason first: a long query is cut. */
                        nneg > 0 ? "the search query only excludes words "
                                   "(-word); add a word to look for: '%s'"
                                 : "the search query has no words to look "
                                   "for: '%s'",
                        input);
        }
        *ret = out;
        return 0;
}
