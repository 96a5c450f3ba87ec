#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <precis/array.h>
#include <precis/extract.h>
#include <precis/token.h>

/* Plain text: paragraphs are blocks separated by blank lines; inside a
 * block, hard-wrapped lines are joined and unwrapped lines (one paragraph
 * per line) stay apart.  The first short line is the title.  Short lines of
 * page chrome (comment counters, share prompts, "Via ..." credits, menu
 * residue) are dropped. */

struct plain_line {
        const char *s; /* borrowed from the input */
        size_t n;      /* bytes, without the newline, trimmed */
        int blank;     /* only whitespace */
};

/* Hard-wrapped lines are at most this long; a block with a longer line is
 * one paragraph per line.  80 columns plus slack for wide characters. */
#define PLAIN_WRAP_MAX 100
/* Lines of hard-wrapped text average at least this many bytes. */
#define PLAIN_WRAP_MIN 40
/* A title or a chrome line is short: at most this many words. */
#define PLAIN_SHORT_WORDS 20

/* Prefixes that, on a short line of their own, mark page chrome rather
 * than article text.  Compared case-insensitively at the line start. */
static const char *const plain_chrome_prefixes[] = {
        "additional reporting by", "reporting by", "editing by",
        "writing by", "compiled by", "via ", "share this", "share on",
        "share with", "follow us", "follow @", "subscribe", "sign up",
        "click here", "read more", "related:", "related articles",
        "related stories", "more on this", "advertisement", "image copyright",
        "image caption", "image source", "photo:", "photograph:", "copyright",
        "©", "all rights reserved", "leave a comment", "leave a reply",
        "post a comment", "add a comment", "view comments", "show comments",
        "no comments", "comments", "print this", "email this", "tweet",
        "published:", "updated:", "last updated", "posted by",
        "posted on", "scroll down for", "watch the video", "skip to",
        "jump to", "back to top", NULL,
};

static int plain_prefix(const char *s, size_t n, const char *p)
{
        size_t k = strlen(p);

        return n >= k && strncasecmp(s, p, k) == 0;
}

static int plain_ends_sentence(const char *s, size_t n);

/* Whether a short line is navigation or a widget, not article text. */
static int plain_is_chrome(const char *s, size_t n)
{
        size_t i, words = precis_token_count_max(s, n, PLAIN_SHORT_WORDS),
               bars = 0;

        if (words > PLAIN_SHORT_WORDS)
                return 0;
        /* A prefix marks chrome on a line that is not a sentence of its
         * own ("Comments from the minister drew ...." is text). */
        for (i = 0; plain_chrome_prefixes[i] != NULL; i++)
                if (plain_prefix(s, n, plain_chrome_prefixes[i]) &&
                    (words <= 8 || !plain_ends_sentence(s, n)))
                        return 1;
        /* "12 comments", "3 Comments": a counter on its own. */
        for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
                ;
        if (i > 0 && i < n && s[i] == ' ' &&
            (plain_prefix(s + i + 1, n - i - 1, "comment") ||
             plain_prefix(s + i + 1, n - i - 1, "share")))
                return 1;
        /* Menu residue: "Home | World | Business". */
        for (i = 0; i < n; i++)
                bars += s[i] == '|';
        if (bars >= 2 && words <= 3 * (bars + 1))
                return 1;
        /* A byline: "By Jane Smith" (two to five words). */
        if (plain_prefix(s, n, "by ") && words >= 3 && words <= 6 &&
            memchr(s, '.', n) == NULL)
                return 1;
        return 0;
}

static int plain_ends_sentence(const char *s, size_t n)
{
        const unsigned char *u = (const unsigned char *) s;

        while (n > 0 && (u[n - 1] == '"' || u[n - 1] == '\'' ||
                         u[n - 1] == ')'))
                n--;
        if (n == 0)
                return 0;
        if (u[n - 1] == '.' || u[n - 1] == '!' || u[n - 1] == '?' ||
            u[n - 1] == ':')
                return 1;
        /* ” ’ … */
        return n >= 3 && u[n - 3] == 0xE2 && u[n - 2] == 0x80 &&
               (u[n - 1] == 0x9D || u[n - 1] == 0x99 || u[n - 1] == 0xA6);
}

/* A title candidate: a short single line that does not end a sentence. */
static int plain_is_title(const struct plain_line *l)
{
        size_t w = precis_token_count_max(l->s, l->n, PLAIN_SHORT_WORDS);

        return w > 0 && w <= PLAIN_SHORT_WORDS && l->n <= 200 &&
               !plain_ends_sentence(l->s, l->n);
}

static int plain_split_lines(const char *s, size_t len,
                             struct plain_line **ret, size_t *ret_n)
{
        struct plain_line *v = NULL;
        size_t n = 0, cap = 0, i = 0;

        while (i <= len) {
                const char *nl = i < len ? memchr(s + i, '\n', len - i) : NULL;
                size_t e = nl != NULL ? (size_t) (nl - s) : len, b = i;
                size_t k;

                if (PRECIS_GROW(v, n, cap, 64) != 0) {
                        free(v);
                        return -ENOMEM;
                }
                while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\f'))
                        b++;
                k = e;
                while (k > b && (s[k - 1] == ' ' || s[k - 1] == '\t' ||
                                 s[k - 1] == '\f'))
                        k--;
                v[n].s = s + b;
                v[n].n = k - b;
                v[n].blank = k == b;
                n++;
                if (nl == NULL)
                        break;
                i = e + 1;
        }
        *ret = v;
        *ret_n = n;
        return 0;
}

/* Whether @a ends with the text of @b: navigation glued to a headline, as
 * in "HomeWorld Select" + "Headline" on one line above the headline. */
static int plain_glued_to(const struct plain_line *a,
                          const struct plain_line *b)
{
        return b->n > 0 && a->n > b->n &&
               memcmp(a->s + a->n - b->n, b->s, b->n) == 0;
}

/* Add one block (lines [from, to), no blanks inside) as paragraphs. */
static int plain_add_block(struct precis_text *t, struct plain_line *v,
                           size_t from, size_t to)
{
        size_t i, maxlen = 0, sum = 0;
        int rc;

        for (i = from; i < to; i++) {
                if (v[i].n > maxlen)
                        maxlen = v[i].n;
                if (i + 1 < to)
                        sum += v[i].n;
        }
        /* Wrapped lines are filled close to the wrap width; a block of
         * short lines (a list, one word per line) is one item per line. */
        if (maxlen > PLAIN_WRAP_MAX || to - from == 1 ||
            sum < PLAIN_WRAP_MIN * (to - from - 1)) {
                for (i = from; i < to; i++) {
                        rc = precis_text_add_para(t, v[i].s, v[i].n);
                        if (rc != 0)
                                return rc;
                }
                return 0;
        }
        /* Hard-wrapped: the lines lie in one buffer with only newlines and
         * indentation between them, which add_para folds into spaces. */
        return precis_text_add_para(t, v[from].s,
                                    (size_t) (v[to - 1].s + v[to - 1].n -
                                              v[from].s));
}

int precis_extract_plain(const char *s, size_t len, struct precis_text *out,
                         struct precis_error *err)
{
        struct plain_line *v = NULL;
        size_t n = 0, i, first = 0;
        int rc;

        out->format = PRECIS_FORMAT_TEXT;
        rc = plain_split_lines(s, len, &v, &n);
        if (rc != 0)
                return precis_error_set(err, rc, NULL);
        /* Drop chrome lines and navigation glued to the next line. */
        for (i = 0; i < n; i++) {
                size_t j = i + 1;

                if (v[i].blank)
                        continue;
                while (j < n && v[j].blank)
                        j++;
                if (plain_is_chrome(v[i].s, v[i].n) ||
                    (j < n && plain_glued_to(&v[i], &v[j]) &&
                     plain_is_title(&v[j])))
                        v[i].blank = 1;
        }
        while (first < n && v[first].blank)
                first++;
        /* The title: the first line, when it is short and stands alone
         * (followed by a blank line or by a longer line). */
        if (first < n && plain_is_title(&v[first]) &&
            (first + 1 >= n || v[first + 1].blank ||
             v[first + 1].n > 2 * v[first].n)) {
                rc = precis_text_set_title(out, v[first].s, v[first].n);
                if (rc != 0)
                        goto out;
                first++;
        }
        for (i = first; i < n;) {
                size_t j;

                if (v[i].blank) {
                        i++;
                        continue;
                }
                for (j = i; j < n && !v[j].blank; j++)
                        ;
                rc = plain_add_block(out, v, i, j);
                if (rc != 0)
                        goto out;
                i = j;
        }
out:
        free(v);
        if (rc != 0)
                return precis_error_set(err, rc, NULL);
        return 0;
}
