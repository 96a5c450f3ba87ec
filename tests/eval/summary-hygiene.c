/* summary-hygiene: how many summary sentences a reader would reject, over
 * a folder of pages with their expected article text.
 *
 *   summary-hygiene DIR... [--sentences N] [--algorithm A]
 *                          [--max-bad-pct P] [--show] [--roles]
 *                          [--no-expected] [--param NAME=VALUE]...
 *
 * For every DIR/<id>.<ext> (html, htm, md, markdown, txt) that has a
 * DIR/<id>.expected.txt, runs the whole pipeline (precis_doc_build(), as
 * `precis summarize` does) asking for N sentences (default 3) and puts
 * each chosen sentence in at most one class, in this order, with the rules
 * of ../shared/tools/summary_hygiene.py:
 *
 *   leak      fewer than 60% of its word tokens (runs of Unicode letters
 *             and digits, lower-cased) occur in the expected text;
 *   dateline  a timestamp, byline or dateline line ("Updated ...",
 *             "Published ...", "By NAME |", "(AP) —" opening, a bare date,
 *             a clock time);
 *   fragment  under 25 characters, under 5 space-separated words (unless
 *             it has CJK or Hangul), or cased letters without a lower-case
 *             one.
 *
 * With --no-expected every page of the folders counts (a corpus of bare
 * articles, such as CNN/DailyMail's), and only the dateline and fragment
 * classes apply.
 *
 * --param sets a parameter of the default scorer, its validity guard or
 * its use of roles (lib/score.h), to measure how sensitive the figures
 * are to it.
 *
 * Prints one summary line in the Python tool's format, plus (with --show)
 * each bad sentence, and (with --roles) how many paragraphs of each role
 * extraction found.  A page the pipeline refuses counts as refused.
 * Exit status: 1 when the bad share exceeds P (default 100) or a page is
 * refused, 2 on usage or I/O errors, else 0. */

#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <precis/doc.h>
#include <precis/init.h>

#include "score.h"

struct counts {
        size_t pages, sentences, leak, dateline, fragment, refused;
        size_t roles[PRECIS_ROLE_COUNT_];
};

/* A set of lower-cased tokens, as a sorted array. */
struct tokset {
        char **v;
        size_t n, cap;
};

static void *xrealloc(void *p, size_t n)
{
        p = realloc(p, n ? n : 1);
        if (p == NULL) {
                fprintf(stderr, "summary-hygiene: out of memory\n");
                exit(2);
        }
        return p;
}

/* Python's [^\W_]: letters and numbers of every script. */
static bool word_char(UChar32 c)
{
        int8_t t = (int8_t) u_charType(c);

        return t == U_UPPERCASE_LETTER || t == U_LOWERCASE_LETTER ||
               t == U_TITLECASE_LETTER || t == U_MODIFIER_LETTER ||
               t == U_OTHER_LETTER || t == U_DECIMAL_DIGIT_NUMBER ||
               t == U_LETTER_NUMBER || t == U_OTHER_NUMBER;
}

/* Call @fn for every token of @s, lower-cased, NUL-terminated. */
static void tokens(const char *s, void (*fn)(void *ctx, const char *tok),
                   void *ctx)
{
        int32_t i = 0, len = (int32_t) strlen(s);
        char *buf = NULL;
        size_t n = 0, cap = 0;

        while (i < len) {
                UChar32 c;

                U8_NEXT(s, i, len, c);
                if (c >= 0 && word_char(c)) {
                        uint8_t tmp[4];
                        int32_t k = 0;
                        UBool err = false;

                        U8_APPEND(tmp, k, 4, u_tolower(c), err);
                        if (err)
                                continue;
                        if (n + 5 > cap) {
                                cap = cap ? 2 * cap : 64;
                                buf = xrealloc(buf, cap);
                        }
                        memcpy(buf + n, tmp, (size_t) k);
                        n += (size_t) k;
                        continue;
                }
                if (n > 0) {
                        buf[n] = '\0';
                        fn(ctx, buf);
                        n = 0;
                }
        }
        if (n > 0) {
                buf[n] = '\0';
                fn(ctx, buf);
        }
        free(buf);
}

static void tokset_add(void *ctx, const char *tok)
{
        struct tokset *t = ctx;

        if (t->n == t->cap) {
                t->cap = t->cap ? 2 * t->cap : 256;
                t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
        }
        t->v[t->n] = strdup(tok);
        if (t->v[t->n] == NULL) {
                fprintf(stderr, "summary-hygiene: out of memory\n");
                exit(2);
        }
        t->n++;
}

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *) a, *(char *const *) b);
}

static bool tokset_has(const struct tokset *t, const char *tok)
{
        return bsearch(&tok, t->v, t->n, sizeof(*t->v), cmp_str) != NULL;
}

static void tokset_done(struct tokset *t)
{
        size_t i;

        for (i = 0; i < t->n; i++)
                free(t->v[i]);
        free(t->v);
        memset(t, 0, sizeof(*t));
}

struct leak_ctx {
        const struct tokset *expected;
        size_t n, in;
};

static void leak_count(void *ctx, const char *tok)
{
        struct leak_ctx *l = ctx;

        l->n++;
        l->in += tokset_has(l->expected, tok);
}

/* The Python tool's DATELINE pattern, case-insensitive, in POSIX ERE with
 * the GNU \s and \w (C.UTF-8 locale, so \w spans every script). */
static const char *const dateline_res[] = {
        "^[[:space:]]*(updated|published|posted|last (updated|modified)|"
        "first published)([^[:alnum:]_]|$)",
        "^[[:space:]]*by[[:space:]]+[A-Za-z][[:alnum:]_.'-]+"
        "([[:space:]]+[A-Za-z][[:alnum:]_.'-]+){0,3}[[:space:]]*"
        "(\\||,|$)",
        "^[[:space:]]*\\((AP|Reuters|AFP|CNN)\\)[[:space:]]*"
        "(\xe2\x80\x94|\xe2\x80\x93|-)",
        "^[[:space:]]*[[:alnum:]_]{3,9}\\.? [0-9]{1,2},? [0-9]{4}"
        "[[:space:]]*$",
        "^[[:space:]]*[0-9]{1,2}:[0-9]{2}[[:space:]]*"
        "(am|pm|a\\.m\\.|p\\.m\\.)",
};
#define N_DATELINE (sizeof(dateline_res) / sizeof(dateline_res[0]))
static regex_t dateline_re[N_DATELINE];

static bool is_dateline(const char *s)
{
        size_t i;

        for (i = 0; i < N_DATELINE; i++)
                if (regexec(&dateline_re[i], s, 0, NULL, 0) == 0)
                        return true;
        return false;
}

static bool is_fragment(const char *s)
{
        int32_t i = 0, len = (int32_t) strlen(s), chars = 0;
        size_t words = 0;
        bool upper = false, lower = false, cjk = false, in_word = false;
        const char *b = s, *e = s + strlen(s);

        /* Python's len(text.strip()): code points without the white
         * space at either end. */
        while (b < e && (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r'))
                b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
                         e[-1] == '\r'))
                e--;
        while (i < len) {
                UChar32 c;
                int32_t at = i;

                U8_NEXT(s, i, len, c);
                if (s + at >= b && s + at < e)
                        chars++;
                if (c < 0)
                        continue;
                upper |= u_isupper(c);
                lower |= u_islower(c);
                cjk |= (c >= 0x3000 && c <= 0x9FFF) ||
                       (c >= 0xAC00 && c <= 0xD7AF);
                if (u_isUWhiteSpace(c)) {
                        in_word = false;
                } else if (!in_word) {
                        in_word = true;
                        words++;
                }
        }
        return chars < 25 || (upper && !lower) || (!cjk && words < 5);
}

/* Whether @name ends in @suffix. */
static bool ends_with(const char *name, const char *suffix)
{
        size_t n = strlen(name), k = strlen(suffix);

        return n > k && strcmp(name + n - k, suffix) == 0;
}

static char *read_all(const char *path, size_t *len)
{
        char *data = NULL;

        if (precis_file_read(path, 0, &data, len, NULL) != 0)
                return NULL;
        return data;
}

/* Algorithm to summarize with (NULL: the default). */
static const char *algorithm;

/* --no-expected: pages need no expected text; no leak class. */
static bool no_expected;

static void page(const char *dir, const char *name, const char *stem,
                 unsigned want, bool show, struct counts *c)
{
        char path[4096], exp_path[4096];
        char *data, *exp;
        size_t len, elen, i;
        struct tokset expected = { 0 };
        struct precis_summary_opts o;
        struct precis_doc d;
        struct precis_error err = { 0 };

        snprintf(exp_path, sizeof(exp_path), "%s/%s.expected.txt", dir, stem);
        exp = no_expected ? NULL : read_all(exp_path, &elen);
        if (exp == NULL && !no_expected)
                return;
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        data = read_all(path, &len);
        c->pages++;
        if (exp != NULL) {
                tokens(exp, tokset_add, &expected);
                qsort(expected.v, expected.n, sizeof(*expected.v), cmp_str);
        }
        precis_summary_opts_init(&o);
        o.length = want;
        if (algorithm != NULL)
                o.algorithm = algorithm;
        if (data == NULL ||
            precis_doc_build(data, len, &o, &d, &err) != 0) {
                c->refused++;
                if (show)
                        printf("refused  %s: %s\n", name, err.msg);
                if (data != NULL)
                        precis_doc_done(&d);
                goto out;
        }
        for (i = 0; i < d.text.n_paras; i++)
                c->roles[d.text.roles[i]]++;
        for (i = 0; i < d.summary.n_picks; i++) {
                const char *t = d.summary.picks[i].text;
                struct leak_ctx l = { .expected = &expected };
                const char *bad = NULL;

                c->sentences++;
                if (exp != NULL)
                        tokens(t, leak_count, &l);
                if (l.n > 0 && (double) l.in / (double) l.n < 0.6) {
                        c->leak++;
                        bad = "leak";
                } else if (is_dateline(t)) {
                        c->dateline++;
                        bad = "dateline";
                } else if (is_fragment(t)) {
                        c->fragment++;
                        bad = "fragment";
                }
                if (bad != NULL && show)
                        printf("%-8s %s: %.150s\n", bad, name, t);
        }
        precis_doc_done(&d);
out:
        tokset_done(&expected);
        free(data);
        free(exp);
}

static int folder(const char *dir, unsigned want, bool show, struct counts *c)
{
        static const char *const exts[] = { ".html", ".htm", ".md",
                                            ".markdown", ".txt", NULL };
        struct dirent **list;
        int n, i;

        n = scandir(dir, &list, NULL, alphasort);
        if (n < 0) {
                fprintf(stderr, "summary-hygiene: '%s': %s\n", dir,
                        strerror(errno));
                return -1;
        }
        for (i = 0; i < n; i++) {
                const char *name = list[i]->d_name;
                size_t k;

                if (name[0] == '.' || ends_with(name, ".expected.txt"))
                        goto next;
                for (k = 0; exts[k] != NULL; k++) {
                        if (ends_with(name, exts[k])) {
                                char stem[1024];
                                size_t sl = strlen(name) - strlen(exts[k]);

                                if (sl >= sizeof(stem))
                                        break;
                                memcpy(stem, name, sl);
                                stem[sl] = '\0';
                                page(dir, name, stem, want, show, c);
                                break;
                        }
                }
next:
                free(list[i]);
        }
        free(list);
        return 0;
}

int main(int argc, char **argv)
{
        struct counts c = { 0 };
        unsigned want = 3;
        double max_bad = 100, pct;
        bool show = false, roles = false;
        size_t i, bad, ndirs = 0;
        struct precis__score_params params;
        int a;

        precis__score_params_default(&params);
        for (a = 1; a < argc; a++) {
                if (strcmp(argv[a], "--show") == 0) {
                        show = true;
                } else if (strcmp(argv[a], "--roles") == 0) {
                        roles = true;
                } else if (strcmp(argv[a], "--no-expected") == 0) {
                        no_expected = true;
                } else if (strcmp(argv[a], "--param") == 0 && a + 1 < argc) {
                        if (precis__score_params_parse(&params, argv[++a]) !=
                            0) {
                                fprintf(stderr, "summary-hygiene: bad "
                                                "--param '%s'\n",
                                        argv[a]);
                                return 2;
                        }
                        precis__score_params_set(&params);
                } else if (strcmp(argv[a], "--sentences") == 0 &&
                           a + 1 < argc) {
                        want = (unsigned) strtoul(argv[++a], NULL, 10);
                } else if (strcmp(argv[a], "--max-bad-pct") == 0 &&
                           a + 1 < argc) {
                        max_bad = strtod(argv[++a], NULL);
                } else if (strcmp(argv[a], "--algorithm") == 0 &&
                           a + 1 < argc) {
                        algorithm = argv[++a];
                } else if (argv[a][0] == '-') {
                        fprintf(stderr, "usage: summary-hygiene DIR... "
                                        "[--sentences N] [--algorithm A] "
                                        "[--max-bad-pct P] [--show] "
                                        "[--roles] [--no-expected] "
                                        "[--param N=V]...\n");
                        return 2;
                } else {
                        ndirs++;
                }
        }
        if (ndirs == 0 || want == 0) {
                fprintf(stderr, "usage: summary-hygiene DIR... "
                                "[--sentences N] [--algorithm A] "
                                "[--max-bad-pct P] [--show] [--roles] "
                                "[--no-expected] [--param N=V]...\n");
                return 2;
        }
        /* \w and the classes span every script only in a UTF-8 locale. */
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
                (void) setlocale(LC_CTYPE, "");
        for (i = 0; i < N_DATELINE; i++)
                if (regcomp(&dateline_re[i], dateline_res[i],
                            REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0) {
                        fprintf(stderr, "summary-hygiene: bad pattern %zu\n",
                                i);
                        return 2;
                }
        if (precis_init() != 0)
                return 2;
        for (a = 1; a < argc; a++) {
                if (argv[a][0] == '-') {
                        if (strcmp(argv[a], "--sentences") == 0 ||
                            strcmp(argv[a], "--max-bad-pct") == 0 ||
                            strcmp(argv[a], "--algorithm") == 0 ||
                            strcmp(argv[a], "--param") == 0)
                                a++;
                        continue;
                }
                if (folder(argv[a], want, show, &c) != 0)
                        return 2;
        }
        for (i = 0; i < N_DATELINE; i++)
                regfree(&dateline_re[i]);
        bad = c.leak + c.dateline + c.fragment;
        pct = 100.0 * (double) bad / (double) (c.sentences ? c.sentences : 1);
        if (roles) {
                printf("paragraph roles:");
                for (i = 0; i < PRECIS_ROLE_COUNT_; i++)
                        printf(" %s %zu", precis_role_name(
                                                  (enum precis_role) i),
                               c.roles[i]);
                printf("\n");
        }
        printf("summary hygiene: %zu pages, %zu sentences, %zu bad (%.1f%%): "
               "%zu leaked chrome, %zu datelines, %zu fragments; %zu pages "
               "refused\n",
               c.pages, c.sentences, bad, pct, c.leak, c.dateline, c.fragment,
               c.refused);
        return pct > max_bad || c.refused > 0 ? 1 : 0;
}
