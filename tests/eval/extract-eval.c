/* extract-eval: score HTML main-content extraction over a corpus directory.
 *
 *   extract-eval CORPUS_DIR [--out DIR] [--per-doc FILE] [--by-source]
 *
 * Runs precis_extract() (the full entry point: charset decoding, format
 * sniffing, HTML extraction) over every CORPUS_DIR/<id>.html and compares
 * the paragraphs with <id>.expected.txt by bag of words, exactly as
 * ../shared/tools/extract_score.py does: NFKC, lower case, tokens are runs
 * of Unicode word characters (letters, numbers, '_' as Python's \w), with
 * CJK, kana, Thai, Lao, Myanmar and Khmer characters one per token.  P, R
 * and F1 per page come from the multiset overlap; the macro means over
 * pages are printed, with the count of pages under F1 0.5 and the share of
 * exact title matches over the pages whose <id>.meta.json has a title.
 *
 * --out DIR writes <id>.txt (paragraphs, blank-line separated) and
 * <id>.title in the layout extract_score.py reads, so the two scorers can
 * be compared on the same outputs.  Exit status: 0, or 1 on usage or I/O
 * errors. */

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <precis/extract.h>

struct toks {
        char **v;           /* owned token strings */
        size_t n;           /* tokens */
        size_t cap;         /* allocated */
};

struct row {
        char id[256];       /* document id */
        double p, r, f1;    /* body scores */
        bool has_title;     /* meta.json has a title */
        bool title_exact;   /* tokenised titles equal */
};

static void *xmalloc(size_t n)
{
        void *p = malloc(n ? n : 1);

        if (p == NULL) {
                fprintf(stderr, "extract-eval: out of memory\n");
                exit(1);
        }
        return p;
}

static void *xrealloc(void *p, size_t n)
{
        p = realloc(p, n ? n : 1);
        if (p == NULL) {
                fprintf(stderr, "extract-eval: out of memory\n");
                exit(1);
        }
        return p;
}

static char *read_file(const char *path, size_t *ret_len)
{
        FILE *f = fopen(path, "rb");
        char *buf = NULL;
        size_t n = 0, cap = 0, k;

        if (f == NULL)
                return NULL;
        do {
                if (cap - n < 65536) {
                        cap = cap ? 2 * cap : 131072;
                        buf = xrealloc(buf, cap + 1);
                }
                k = fread(buf + n, 1, cap - n, f);
                n += k;
        } while (k > 0);
        fclose(f);
        buf[n] = '\0';
        *ret_len = n;
        return buf;
}

static void toks_push(struct toks *t, const char *s, size_t n)
{
        if (n == 0)
                return;
        if (t->n == t->cap) {
                t->cap = t->cap ? 2 * t->cap : 256;
                t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
        }
        t->v[t->n] = xmalloc(n + 1);
        memcpy(t->v[t->n], s, n);
        t->v[t->n][n] = '\0';
        t->n++;
}

static void toks_free(struct toks *t)
{
        size_t i;

        for (i = 0; i < t->n; i++)
                free(t->v[i]);
        free(t->v);
        memset(t, 0, sizeof(*t));
}

/* Python's \w: str.isalnum() (letters Lu Ll Lt Lm Lo, anything with a
 * numeric value) or '_'. */
static bool is_word(UChar32 c)
{
        int8_t cat = u_charType(c);

        if (c == '_')
                return true;
        if (cat == U_UPPERCASE_LETTER || cat == U_LOWERCASE_LETTER ||
            cat == U_TITLECASE_LETTER || cat == U_MODIFIER_LETTER ||
            cat == U_OTHER_LETTER)
                return true;
        return u_getIntPropertyValue(c, UCHAR_NUMERIC_TYPE) != U_NT_NONE;
}

/* Scripts written without spaces: one token per character. */
static bool is_cjk(UChar32 c)
{
        return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3040 && c <= 0x30FF) ||
               (c >= 0x3100 && c <= 0x312F) || (c >= 0x31A0 && c <= 0x31FF) ||
               (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
               (c >= 0xF900 && c <= 0xFAFF) ||
               (c >= 0x20000 && c <= 0x3134F) ||
               (c >= 0x0E00 && c <= 0x0E7F) || (c >= 0x0E80 && c <= 0x0EFF) ||
               (c >= 0x1000 && c <= 0x109F) || (c >= 0x1780 && c <= 0x17FF);
}

/* UTF-8 @s (@len bytes; invalid bytes become U+FFFD) to tokens. */
static void tokenize(const char *s, size_t len, struct toks *out)
{
        UErrorCode ec = U_ZERO_ERROR;
        const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&ec);
        UChar *u16, *norm, *low;
        int32_t n16 = 0, nn, nl, i;
        char *word;
        size_t wn = 0;

        if (U_FAILURE(ec)) {
                fprintf(stderr, "extract-eval: ICU: %s\n", u_errorName(ec));
                exit(1);
        }
        if (len > (size_t) INT32_MAX / 4) {
                fprintf(stderr, "extract-eval: text too long\n");
                exit(1);
        }
        u16 = xmalloc((len + 1) * sizeof(UChar));
        u_strFromUTF8WithSub(u16, (int32_t) len + 1, &n16, s, (int32_t) len,
                             0xFFFD, NULL, &ec);
        nn = 3 * n16 + 16;
        norm = xmalloc((size_t) nn * sizeof(UChar));
        nn = unorm2_normalize(nfkc, u16, n16, norm, nn, &ec);
        if (ec == U_BUFFER_OVERFLOW_ERROR) {
                ec = U_ZERO_ERROR;
                norm = xrealloc(norm, ((size_t) nn + 1) * sizeof(UChar));
                nn = unorm2_normalize(nfkc, u16, n16, norm, nn + 1, &ec);
        }
        nl = 2 * nn + 16;
        low = xmalloc((size_t) nl * sizeof(UChar));
        nl = u_strToLower(low, nl, norm, nn, "", &ec);
        if (U_FAILURE(ec)) {
                fprintf(stderr, "extract-eval: ICU: %s\n", u_errorName(ec));
                exit(1);
        }
        word = xmalloc(4 * (size_t) nl + 8);
        for (i = 0; i < nl;) {
                UChar32 c;

                U16_NEXT(low, i, nl, c);
                if (!is_word(c)) {
                        toks_push(out, word, wn);
                        wn = 0;
                        continue;
                }
                if (is_cjk(c)) {
                        char one[8];
                        size_t k = 0;

                        toks_push(out, word, wn);
                        wn = 0;
                        U8_APPEND_UNSAFE(one, k, c);
                        toks_push(out, one, k);
                        continue;
                }
                U8_APPEND_UNSAFE(word, wn, c);
        }
        toks_push(out, word, wn);
        free(word);
        free(low);
        free(norm);
        free(u16);
}

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Multiset overlap of two token bags (sorted in place). */
static size_t overlap(struct toks *a, struct toks *b)
{
        size_t i = 0, j = 0, k = 0;

        qsort(a->v, a->n, sizeof(*a->v), cmp_str);
        qsort(b->v, b->n, sizeof(*b->v), cmp_str);
        while (i < a->n && j < b->n) {
                int c = strcmp(a->v[i], b->v[j]);

                if (c == 0) {
                        k++;
                        i++;
                        j++;
                } else if (c < 0) {
                        i++;
                } else {
                        j++;
                }
        }
        return k;
}

static bool toks_equal(const struct toks *a, const struct toks *b)
{
        size_t i;

        if (a->n != b->n)
                return false;
        for (i = 0; i < a->n; i++)
                if (strcmp(a->v[i], b->v[i]) != 0)
                        return false;
        return true;
}

static int cmp_name(const void *a, const void *b)
{
        return strcmp(*(char *const *) a, *(char *const *) b);
}

static char *join_paras(const struct precis_text *t)
{
        size_t i, n = 0, k = 0;
        char *s;

        for (i = 0; i < t->n_paras; i++)
                n += strlen(t->paras[i]) + 2;
        s = xmalloc(n + 1);
        for (i = 0; i < t->n_paras; i++) {
                size_t l = strlen(t->paras[i]);

                memcpy(s + k, t->paras[i], l);
                k += l;
                s[k++] = '\n';
                if (i + 1 < t->n_paras)
                        s[k++] = '\n';
        }
        s[k] = '\0';
        return s;
}

static int write_file(const char *dir, const char *id, const char *ext,
                      const char *text)
{
        char path[4096];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s%s", dir, id, ext);
        f = fopen(path, "wb");
        if (f == NULL) {
                fprintf(stderr, "extract-eval: cannot write '%s': %s\n", path,
                        strerror(errno));
                return -1;
        }
        fputs(text, f);
        if (fclose(f) != 0) {
                fprintf(stderr, "extract-eval: cannot write '%s': %s\n", path,
                        strerror(errno));
                return -1;
        }
        return 0;
}

static void print_row(const char *name, const struct row *rows, size_t n,
                      const char *source)
{
        double p = 0, r = 0, f = 0;
        size_t i, k = 0, bad = 0, tn = 0, te = 0;

        for (i = 0; i < n; i++) {
                size_t sl = source != NULL ? strlen(source) : 0;

                if (source != NULL && (strncmp(rows[i].id, source, sl) != 0 ||
                                       rows[i].id[sl] != '-'))
                        continue;
                k++;
                p += rows[i].p;
                r += rows[i].r;
                f += rows[i].f1;
                if (rows[i].f1 < 0.5)
                        bad++;
                if (rows[i].has_title) {
                        tn++;
                        if (rows[i].title_exact)
                                te++;
                }
        }
        if (k == 0)
                return;
        printf("%-10s docs=%zu P=%.4f R=%.4f F1=%.4f F1<0.5=%zu", name, k,
               p / (double) k, r / (double) k, f / (double) k, bad);
        if (tn > 0)
                printf(" title_exact=%.3f (n=%zu)", (double) te / (double) tn,
                       tn);
        printf("\n");
}

static void usage(void)
{
        fprintf(stderr, "usage: extract-eval CORPUS_DIR [--out DIR] "
                        "[--per-doc FILE] [--by-source]\n");
}

int main(int argc, char **argv)
{
        const char *corpus = NULL, *outdir = NULL, *perdoc = NULL;
        bool by_source = false;
        char **names = NULL;
        size_t n_names = 0, cap_names = 0, i;
        struct row *rows;
        struct dirent *de;
        FILE *pd = NULL;
        DIR *d;
        double secs;
        struct timespec t0, t1;
        int a;

        for (a = 1; a < argc; a++) {
                if (strcmp(argv[a], "--out") == 0 && a + 1 < argc) {
                        outdir = argv[++a];
                } else if (strcmp(argv[a], "--per-doc") == 0 && a + 1 < argc) {
                        perdoc = argv[++a];
                } else if (strcmp(argv[a], "--by-source") == 0) {
                        by_source = true;
                } else if (argv[a][0] == '-' || corpus != NULL) {
                        usage();
                        return 1;
                } else {
                        corpus = argv[a];
                }
        }
        if (corpus == NULL) {
                usage();
                return 1;
        }
        d = opendir(corpus);
        if (d == NULL) {
                fprintf(stderr, "extract-eval: cannot open '%s': %s\n", corpus,
                        strerror(errno));
                return 1;
        }
        while ((de = readdir(d)) != NULL) {
                size_t l = strlen(de->d_name);

                if (l <= 5 || strcmp(de->d_name + l - 5, ".html") != 0 ||
                    l - 5 >= sizeof(rows->id))
                        continue;
                if (n_names == cap_names) {
                        cap_names = cap_names ? 2 * cap_names : 256;
                        names = xrealloc(names, cap_names * sizeof(*names));
                }
                names[n_names] = xmalloc(l - 4);
                memcpy(names[n_names], de->d_name, l - 5);
                names[n_names][l - 5] = '\0';
                n_names++;
        }
        closedir(d);
        if (n_names == 0) {
                fprintf(stderr, "extract-eval: no *.html in '%s'\n", corpus);
                return 1;
        }
        qsort(names, n_names, sizeof(*names), cmp_name);
        if (outdir != NULL && mkdir(outdir, 0777) != 0 && errno != EEXIST) {
                fprintf(stderr, "extract-eval: cannot create '%s': %s\n",
                        outdir, strerror(errno));
                return 1;
        }
        if (perdoc != NULL) {
                pd = fopen(perdoc, "w");
                if (pd == NULL) {
                        fprintf(stderr, "extract-eval: cannot write '%s'\n",
                                perdoc);
                        return 1;
                }
                fprintf(pd, "id\tp\tr\tf1\tpred_tokens\tref_tokens\n");
        }
        rows = xmalloc(n_names * sizeof(*rows));
        secs = 0;
        for (i = 0; i < n_names; i++) {
                struct precis_text t = { 0 };
                struct precis_error err = { 0 };
                struct toks pt = { 0 }, rt = { 0 };
                struct row *row = &rows[i];
                char path[4096], *html, *exp, *body;
                size_t hl, el, ov;
                json_t *meta;
                int rc;

                memset(row, 0, sizeof(*row));
                snprintf(row->id, sizeof(row->id), "%s", names[i]);
                snprintf(path, sizeof(path), "%s/%s.html", corpus, names[i]);
                html = read_file(path, &hl);
                if (html == NULL) {
                        fprintf(stderr, "extract-eval: cannot read '%s'\n",
                                path);
                        return 1;
                }
                clock_gettime(CLOCK_MONOTONIC, &t0);
                rc = precis_extract(html, hl, &t, &err);
                clock_gettime(CLOCK_MONOTONIC, &t1);
                secs += (double) (t1.tv_sec - t0.tv_sec) +
                        (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
                free(html);
                if (rc != 0)
                        memset(&t, 0, sizeof(t));
                body = join_paras(&t);

                snprintf(path, sizeof(path), "%s/%s.expected.txt", corpus,
                         names[i]);
                exp = read_file(path, &el);
                if (exp == NULL) {
                        exp = xmalloc(1);
                        exp[0] = '\0';
                        el = 0;
                }
                tokenize(body, strlen(body), &pt);
                tokenize(exp, el, &rt);
                if (pt.n > 0 && rt.n > 0) {
                        size_t np = pt.n, nr = rt.n;

                        ov = overlap(&pt, &rt);
                        row->p = (double) ov / (double) np;
                        row->r = (double) ov / (double) nr;
                        row->f1 = row->p + row->r > 0
                                          ? 2 * row->p * row->r /
                                                    (row->p + row->r)
                                          : 0;
                }
                if (pd != NULL)
                        fprintf(pd, "%s\t%.4f\t%.4f\t%.4f\t%zu\t%zu\n",
                                row->id, row->p, row->r, row->f1, pt.n, rt.n);
                toks_free(&pt);
                toks_free(&rt);
                free(exp);

                snprintf(path, sizeof(path), "%s/%s.meta.json", corpus,
                         names[i]);
                meta = json_load_file(path, 0, NULL);
                if (meta != NULL) {
                        json_t *jt = json_object_get(meta, "title");

                        if (json_is_string(jt) &&
                            json_string_length(jt) > 0) {
                                struct toks ta = { 0 }, tb = { 0 };

                                row->has_title = true;
                                tokenize(json_string_value(jt),
                                         json_string_length(jt), &ta);
                                if (t.title != NULL)
                                        tokenize(t.title, strlen(t.title),
                                                 &tb);
                                row->title_exact = tb.n > 0 &&
                                                   toks_equal(&ta, &tb);
                                toks_free(&ta);
                                toks_free(&tb);
                        }
                        json_decref(meta);
                }
                if (outdir != NULL) {
                        if (write_file(outdir, names[i], ".txt", body) != 0)
                                return 1;
                        if (t.title != NULL) {
                                char *tl = xmalloc(strlen(t.title) + 2);

                                sprintf(tl, "%s\n", t.title);
                                if (write_file(outdir, names[i], ".title",
                                               tl) != 0)
                                        return 1;
                                free(tl);
                        }
                }
                free(body);
                precis_text_done(&t);
                free(names[i]);
        }
        if (pd != NULL)
                fclose(pd);
        print_row("all", rows, n_names, NULL);
        if (by_source) {
                /* One row per source: the id prefix before the first '-'. */
                for (i = 0; i < n_names; i++) {
                        char src[256];
                        size_t j, l = strcspn(rows[i].id, "-");
                        bool seen = false;

                        for (j = 0; j < i && !seen; j++)
                                seen = strncmp(rows[j].id, rows[i].id, l) ==
                                               0 &&
                                       rows[j].id[l] == rows[i].id[l];
                        if (seen || rows[i].id[l] != '-')
                                continue;
                        memcpy(src, rows[i].id, l);
                        src[l] = '\0';
                        print_row(src, rows, n_names, src);
                }
        }
        printf("extraction time: %.3f s for %zu pages\n", secs, n_names);
        free(rows);
        free(names);
        return 0;
}
