#include "rouge.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "porter-nltk.h"

const char *const rouge_metric_key[ROUGE_N_METRICS] = {
        "rouge1", "rouge2", "rougeL", "rougeLsum",
};
const char *const rouge_metric_label[ROUGE_N_METRICS] = {
        "R-1", "R-2", "R-L", "R-Lsum",
};

/* Open-addressing map from a string to a uint32 value. */
struct rouge_map {
        char **keys;   /* owned strings; NULL = empty slot */
        uint32_t *val; /* value of each slot */
        size_t cap;    /* slots, a power of two */
        size_t n;      /* used slots */
};

struct rouge {
        enum rouge_stemmer stem;    /* how to stem */
        struct sb_stemmer *stemmer; /* owned; for ROUGE_STEM_PORTER */
        struct rouge_map words;     /* surface token -> token id */
        struct rouge_map stems;     /* token string -> token id */
        char **strs;                /* borrowed from stems: id -> string */
        size_t n_strs;              /* ids handed out */
        size_t cap_strs;            /* allocated entries of strs */
        char *stem_buf;             /* owned: result of rouge_stem() */
        size_t stem_cap;            /* bytes of stem_buf */
        uint32_t *ref_left;         /* per-id counts for ROUGE-Lsum */
        uint32_t *hyp_left;         /* per-id counts for ROUGE-Lsum */
        size_t cap_left;            /* entries of ref_left and hyp_left */
        uint32_t *table;            /* LCS table scratch */
        size_t cap_table;           /* entries of table */
};

static uint64_t rouge_hash(const char *s, size_t len)
{
        uint64_t h = 1469598103934665603ULL; /* FNV-1a */
        size_t i;

        for (i = 0; i < len; i++) {
                h ^= (unsigned char)s[i];
                h *= 1099511628211ULL;
        }
        return h;
}

/* Slot of @key (@len bytes) in @m: the slot holding it or the empty slot
 * where it belongs. */
static size_t rouge_map_slot(const struct rouge_map *m, const char *key,
                             size_t len)
{
        size_t i = rouge_hash(key, len) & (m->cap - 1);

        while (m->keys[i] != NULL) {
                if (strncmp(m->keys[i], key, len) == 0 &&
                    m->keys[i][len] == '\0')
                        return i;
                i = (i + 1) & (m->cap - 1);
        }
        return i;
}

static int rouge_map_grow(struct rouge_map *m)
{
        struct rouge_map g;
        size_t i;

        g.cap = m->cap ? 2 * m->cap : 1024;
        g.n = m->n;
        g.keys = calloc(g.cap, sizeof(*g.keys));
        g.val = calloc(g.cap, sizeof(*g.val));
        if (g.keys == NULL || g.val == NULL) {
                free(g.keys);
                free(g.val);
                return -ENOMEM;
        }
        for (i = 0; i < m->cap; i++) {
                size_t j;

                if (m->keys[i] == NULL)
                        continue;
                j = rouge_map_slot(&g, m->keys[i], strlen(m->keys[i]));
                g.keys[j] = m->keys[i];
                g.val[j] = m->val[i];
        }
        free(m->keys);
        free(m->val);
        *m = g;
        return 0;
}

/* Find @key in @m; returns true and sets *val when present. */
static bool rouge_map_get(const struct rouge_map *m, const char *key,
                          size_t len, uint32_t *val)
{
        size_t i;

        if (m->cap == 0)
                return false;
        i = rouge_map_slot(m, key, len);
        if (m->keys[i] == NULL)
                return false;
        *val = m->val[i];
        return true;
}

/* Insert @key (absent) with @val; *ret_key gets the owned copy. */
static int rouge_map_put(struct rouge_map *m, const char *key, size_t len,
                         uint32_t val, char **ret_key)
{
        size_t i;
        char *copy;

        /* Keep the load under one half so probes stay short. */
        if (2 * (m->n + 1) > m->cap) {
                int rc = rouge_map_grow(m);

                if (rc != 0)
                        return rc;
        }
        copy = malloc(len + 1);
        if (copy == NULL)
                return -ENOMEM;
        memcpy(copy, key, len);
        copy[len] = '\0';
        i = rouge_map_slot(m, key, len);
        m->keys[i] = copy;
        m->val[i] = val;
        m->n++;
        if (ret_key != NULL)
                *ret_key = copy;
        return 0;
}

static void rouge_map_done(struct rouge_map *m)
{
        size_t i;

        for (i = 0; i < m->cap; i++)
                free(m->keys[i]);
        free(m->keys);
        free(m->val);
        memset(m, 0, sizeof(*m));
}

int rouge_stemmer_parse(const char *name, enum rouge_stemmer *ret)
{
        if (strcmp(name, "nltk") == 0)
                *ret = ROUGE_STEM_NLTK;
        else if (strcmp(name, "porter") == 0)
                *ret = ROUGE_STEM_PORTER;
        else if (strcmp(name, "none") == 0)
                *ret = ROUGE_STEM_NONE;
        else
                return -EINVAL;
        return 0;
}

int rouge_new(enum rouge_stemmer stem, struct rouge **ret)
{
        struct rouge *r = calloc(1, sizeof(*r));

        if (r == NULL)
                return -ENOMEM;
        r->stem = stem;
        if (stem == ROUGE_STEM_PORTER) {
                const char **names = sb_stemmer_list();
                bool found = false;

                for (; *names != NULL; names++)
                        if (strcmp(*names, "porter") == 0)
                                found = true;
                if (!found) {
                        free(r);
                        return -ENOENT;
                }
                r->stemmer = sb_stemmer_new("porter", "UTF_8");
                if (r->stemmer == NULL) {
                        free(r);
                        return -ENOMEM;
                }
        }
        *ret = r;
        return 0;
}

struct rouge *rouge_free(struct rouge *r)
{
        if (r == NULL)
                return NULL;
        if (r->stemmer != NULL)
                sb_stemmer_delete(r->stemmer);
        rouge_map_done(&r->words);
        rouge_map_done(&r->stems);
        free(r->strs);
        free(r->stem_buf);
        free(r->ref_left);
        free(r->hyp_left);
        free(r->table);
        free(r);
        return NULL;
}

const char *rouge_token_str(const struct rouge *r, uint32_t id)
{
        return id < r->n_strs ? r->strs[id] : NULL;
}

static int rouge_stem_reserve(struct rouge *r, size_t len)
{
        char *p;
        size_t cap;

        if (len + 1 <= r->stem_cap)
                return 0;
        cap = len + 64;
        p = realloc(r->stem_buf, cap);
        if (p == NULL)
                return -ENOMEM;
        r->stem_buf = p;
        r->stem_cap = cap;
        return 0;
}

const char *rouge_stem(struct rouge *r, const char *word)
{
        const sb_symbol *out;
        size_t len = strlen(word);

        if (r->stem == ROUGE_STEM_NONE)
                return word;
        if (r->stem == ROUGE_STEM_NLTK) {
                if (rouge_stem_reserve(r, len) != 0)
                        return NULL;
                memcpy(r->stem_buf, word, len + 1);
                porter_nltk_stem(r->stem_buf, len);
                return r->stem_buf;
        }
        out = sb_stemmer_stem(r->stemmer, (const sb_symbol *)word, (int)len);
        if (out == NULL)
                return NULL;
        len = (size_t)sb_stemmer_length(r->stemmer);
        if (rouge_stem_reserve(r, len) != 0)
                return NULL;
        memcpy(r->stem_buf, out, len);
        r->stem_buf[len] = '\0';
        return r->stem_buf;
}

/* Id of token string @s (@len bytes), interning it when new. */
static int rouge_intern(struct rouge *r, const char *s, size_t len,
                        uint32_t *ret_id)
{
        uint32_t id;
        char *key;
        int rc;

        if (rouge_map_get(&r->stems, s, len, &id)) {
                *ret_id = id;
                return 0;
        }
        if (r->n_strs == r->cap_strs) {
                size_t cap = r->cap_strs ? 2 * r->cap_strs : 1024;
                char **p = realloc(r->strs, cap * sizeof(*p));

                if (p == NULL)
                        return -ENOMEM;
                r->strs = p;
                r->cap_strs = cap;
        }
        id = (uint32_t)r->n_strs;
        rc = rouge_map_put(&r->stems, s, len, id, &key);
        if (rc != 0)
                return rc;
        r->strs[r->n_strs++] = key;
        *ret_id = id;
        return 0;
}

/* Id of surface token @w (@len bytes, lower-case ASCII): stemmed when it is
 * longer than 3 characters, as rouge.py does.  Surface forms are cached so
 * each distinct word is stemmed once. */
static int rouge_word_id(struct rouge *r, const char *w, size_t len,
                         uint32_t *ret_id)
{
        const char *stem;
        uint32_t id;
        int rc;

        if (rouge_map_get(&r->words, w, len, &id)) {
                *ret_id = id;
                return 0;
        }
        if (r->stem != ROUGE_STEM_NONE && len > 3) {
                char buf[256];
                char *word = len < sizeof(buf) ? buf : malloc(len + 1);

                if (word == NULL)
                        return -ENOMEM;
                memcpy(word, w, len);
                word[len] = '\0';
                stem = rouge_stem(r, word);
                rc = stem == NULL ? -ENOMEM
                                  : rouge_intern(r, stem, strlen(stem), &id);
                if (word != buf)
                        free(word);
        } else {
                rc = rouge_intern(r, w, len, &id);
        }
        if (rc != 0)
                return rc;
        rc = rouge_map_put(&r->words, w, len, id, NULL);
        if (rc != 0)
                return rc;
        *ret_id = id;
        return 0;
}

struct rouge_ids {
        uint32_t *v; /* owned */
        size_t n;    /* used entries */
        size_t cap;  /* allocated entries */
};

static int rouge_ids_push(struct rouge_ids *a, uint32_t id)
{
        if (a->n == a->cap) {
                size_t cap = a->cap ? 2 * a->cap : 256;
                uint32_t *p = realloc(a->v, cap * sizeof(*p));

                if (p == NULL)
                        return -ENOMEM;
                a->v = p;
                a->cap = cap;
        }
        a->v[a->n++] = id;
        return 0;
}

/* Tokenize @text into @toks; when @lines is not NULL it receives, for each
 * non-empty line, the index in @toks where the line's tokens end, so that
 * ROUGE-Lsum can see sentences.
 *
 * rouge.py lower-cases with Python's str.lower() and then keeps only
 * [a-z0-9].  Every non-ASCII character is therefore a separator except the
 * two whose lower-case form is ASCII: U+0130 (I with dot, lower-cases to
 * "i" + U+0307, so the token ends after the "i") and U+212A (Kelvin sign,
 * lower-cases to "k").  Python reads files in universal-newline mode, so
 * '\r' ends a line as '\n' does. */
static int rouge_tokens(struct rouge *r, const char *text, size_t len,
                        struct rouge_ids *toks, struct rouge_ids *lines)
{
        char buf[256];
        char *word = buf;
        size_t wcap = sizeof(buf);
        size_t wlen = 0;
        size_t line_chars = 0; /* characters on the current line */
        size_t i = 0;
        int rc = 0;

        while (i <= len) {
                unsigned char c = i < len ? (unsigned char)text[i] : '\n';
                char keep = 0;  /* ASCII char to append to the word */
                bool end = true; /* does this character end the word? */
                size_t step = 1;

                if (c >= 'A' && c <= 'Z') {
                        keep = (char)(c - 'A' + 'a');
                } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                        keep = (char)c;
                } else if (c == 0xC4 && i + 1 < len &&
                           (unsigned char)text[i + 1] == 0xB0) {
                        keep = 'i';
                        step = 2;
                } else if (c == 0xE2 && i + 2 < len &&
                           (unsigned char)text[i + 1] == 0x84 &&
                           (unsigned char)text[i + 2] == 0xAA) {
                        keep = 'k';
                        step = 3;
                }
                if (keep != 0) {
                        if (wlen + 1 >= wcap) {
                                size_t cap = 2 * wcap;
                                char *p = word == buf ? malloc(cap)
                                                      : realloc(word, cap);

                                if (p == NULL) {
                                        rc = -ENOMEM;
                                        goto out;
                                }
                                if (word == buf)
                                        memcpy(p, buf, wlen);
                                word = p;
                                wcap = cap;
                        }
                        word[wlen++] = keep;
                        end = step == 2; /* U+0130 ends after its "i" */
                }
                if (end && wlen > 0) {
                        uint32_t id;

                        rc = rouge_word_id(r, word, wlen, &id);
                        if (rc == 0)
                                rc = rouge_ids_push(toks, id);
                        if (rc != 0)
                                goto out;
                        wlen = 0;
                }
                if (c == '\n' || c == '\r') {
                        /* rouge.py drops empty lines only; a line of
                         * punctuation is a sentence with no tokens, which
                         * adds nothing to ROUGE-Lsum either way. */
                        if (lines != NULL && line_chars > 0) {
                                rc = rouge_ids_push(lines, (uint32_t)toks->n);
                                if (rc != 0)
                                        goto out;
                        }
                        line_chars = 0;
                } else {
                        line_chars++;
                }
                i += step;
        }
out:
        if (word != buf)
                free(word);
        return rc;
}

int rouge_tokenize(struct rouge *r, const char *text, size_t len,
                   uint32_t **ret_ids, size_t *ret_n)
{
        struct rouge_ids toks = { 0 };
        int rc = rouge_tokens(r, text, len, &toks, NULL);

        if (rc != 0) {
                free(toks.v);
                return rc;
        }
        *ret_ids = toks.v;
        *ret_n = toks.n;
        return 0;
}

void rouge_ids_free(uint32_t *ids)
{
        free(ids);
}

static struct rouge_prf rouge_prf(size_t hits, size_t hyp_total,
                                  size_t ref_total)
{
        struct rouge_prf s;

        s.p = hyp_total > 0 ? (double)hits / (double)hyp_total : 0.0;
        s.r = ref_total > 0 ? (double)hits / (double)ref_total : 0.0;
        s.f = s.p + s.r > 0 ? 2 * s.p * s.r / (s.p + s.r) : 0.0;
        return s;
}

static int rouge_cmp_u64(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *)a;
        uint64_t y = *(const uint64_t *)b;

        return x < y ? -1 : x > y;
}

/* Sorted n-grams (n = 1 or 2) of @t packed into 64-bit keys. */
static uint64_t *rouge_ngrams(const struct rouge_ids *t, unsigned n,
                              size_t *ret_n)
{
        size_t count = t->n >= n ? t->n - n + 1 : 0;
        uint64_t *g = malloc((count ? count : 1) * sizeof(*g));
        size_t i;

        if (g == NULL)
                return NULL;
        for (i = 0; i < count; i++)
                g[i] = n == 1 ? t->v[i]
                              : ((uint64_t)t->v[i] << 32) | t->v[i + 1];
        qsort(g, count, sizeof(*g), rouge_cmp_u64);
        *ret_n = count;
        return g;
}

/* Clipped n-gram overlap: each n-gram counts min(ref count, hyp count);
 * a merge of the two sorted lists gives exactly that. */
static int rouge_n(const struct rouge_ids *ref, const struct rouge_ids *hyp,
                   unsigned n, struct rouge_prf *out)
{
        size_t nr, nh, i = 0, j = 0, hits = 0;
        uint64_t *gr = rouge_ngrams(ref, n, &nr);
        uint64_t *gh = gr ? rouge_ngrams(hyp, n, &nh) : NULL;

        if (gh == NULL) {
                free(gr);
                return -ENOMEM;
        }
        while (i < nr && j < nh) {
                if (gr[i] < gh[j]) {
                        i++;
                } else if (gr[i] > gh[j]) {
                        j++;
                } else {
                        hits++;
                        i++;
                        j++;
                }
        }
        free(gr);
        free(gh);
        *out = rouge_prf(hits, nh, nr);
        return 0;
}

static int rouge_table_reserve(struct rouge *r, size_t entries)
{
        uint32_t *p;

        if (entries <= r->cap_table)
                return 0;
        p = realloc(r->table, entries * sizeof(*p));
        if (p == NULL)
                return -ENOMEM;
        r->table = p;
        r->cap_table = entries;
        return 0;
}

/* LCS dynamic-programming table of @a (rows) and @b (columns) into
 * r->table, (na + 1) x (nb + 1), row-major. */
static int rouge_lcs_table(struct rouge *r, const uint32_t *a, size_t na,
                           const uint32_t *b, size_t nb)
{
        size_t w = nb + 1, i, j;
        uint32_t *t;
        int rc = rouge_table_reserve(r, (na + 1) * w);

        if (rc != 0)
                return rc;
        t = r->table;
        for (j = 0; j <= nb; j++)
                t[j] = 0;
        for (i = 1; i <= na; i++) {
                uint32_t *prev = t + (i - 1) * w, *cur = t + i * w;

                cur[0] = 0;
                for (j = 1; j <= nb; j++) {
                        if (a[i - 1] == b[j - 1])
                                cur[j] = prev[j - 1] + 1;
                        else
                                cur[j] = cur[j - 1] > prev[j] ? cur[j - 1]
                                                              : prev[j];
                }
        }
        return 0;
}

/* LCS length of @a and @b in two rows of the table scratch. */
static int rouge_lcs_length(struct rouge *r, const uint32_t *a, size_t na,
                            const uint32_t *b, size_t nb, size_t *ret)
{
        uint32_t *prev, *cur;
        size_t i, j;
        int rc = rouge_table_reserve(r, 2 * (nb + 1));

        if (rc != 0)
                return rc;
        prev = r->table;
        cur = r->table + nb + 1;
        memset(prev, 0, (nb + 1) * sizeof(*prev));
        for (i = 0; i < na; i++) {
                uint32_t *tmp;

                cur[0] = 0;
                for (j = 1; j <= nb; j++) {
                        if (a[i] == b[j - 1])
                                cur[j] = prev[j - 1] + 1;
                        else
                                cur[j] = cur[j - 1] > prev[j] ? cur[j - 1]
                                                              : prev[j];
                }
                tmp = prev;
                prev = cur;
                cur = tmp;
        }
        *ret = prev[nb];
        return 0;
}

static int rouge_left_reserve(struct rouge *r)
{
        size_t cap;
        uint32_t *a, *b;

        if (r->n_strs <= r->cap_left)
                return 0;
        cap = r->n_strs + 1024;
        a = realloc(r->ref_left, cap * sizeof(*a));
        if (a == NULL)
                return -ENOMEM;
        r->ref_left = a;
        b = realloc(r->hyp_left, cap * sizeof(*b));
        if (b == NULL)
                return -ENOMEM;
        r->hyp_left = b;
        memset(a + r->cap_left, 0, (cap - r->cap_left) * sizeof(*a));
        memset(b + r->cap_left, 0, (cap - r->cap_left) * sizeof(*b));
        r->cap_left = cap;
        return 0;
}

/* Summary-level LCS (ROUGE-Lsum).  For each reference sentence, the union
 * of its LCS positions with every hypothesis sentence; each union token is
 * a hit while it is still unused in both texts.  The LCS is read back from
 * the table preferring, on ties, to drop a reference token, as rouge.py and
 * rouge-score do, since that decides which tokens enter the union. */
static int rouge_lsum(struct rouge *r, const struct rouge_ids *ref,
                      const struct rouge_ids *ref_lines,
                      const struct rouge_ids *hyp,
                      const struct rouge_ids *hyp_lines, struct rouge_prf *out)
{
        size_t k, l, i, hits = 0;
        size_t rs_start = 0;
        bool *mark = NULL;
        int rc;

        if (ref->n == 0 || hyp->n == 0) {
                *out = rouge_prf(0, 0, 0);
                return 0;
        }
        rc = rouge_left_reserve(r);
        if (rc != 0)
                return rc;
        mark = malloc(ref->n * sizeof(*mark));
        if (mark == NULL)
                return -ENOMEM;
        for (i = 0; i < ref->n; i++)
                r->ref_left[ref->v[i]]++;
        for (i = 0; i < hyp->n; i++)
                r->hyp_left[hyp->v[i]]++;
        for (k = 0; k < ref_lines->n; k++) {
                const uint32_t *rs = ref->v + rs_start;
                size_t nrs = ref_lines->v[k] - rs_start;
                size_t hs_start = 0;

                memset(mark, 0, nrs * sizeof(*mark));
                for (l = 0; l < hyp_lines->n; l++) {
                        const uint32_t *hs = hyp->v + hs_start;
                        size_t nhs = hyp_lines->v[l] - hs_start;
                        size_t w = nhs + 1, a = nrs, b = nhs;

                        hs_start = hyp_lines->v[l];
                        if (nrs == 0 || nhs == 0)
                                continue;
                        rc = rouge_lcs_table(r, rs, nrs, hs, nhs);
                        if (rc != 0)
                                goto out;
                        while (a > 0 && b > 0) {
                                if (rs[a - 1] == hs[b - 1]) {
                                        mark[a - 1] = true;
                                        a--;
                                        b--;
                                } else if (r->table[a * w + b - 1] >
                                           r->table[(a - 1) * w + b]) {
                                        b--;
                                } else {
                                        a--;
                                }
                        }
                }
                for (i = 0; i < nrs; i++) {
                        uint32_t t = rs[i];

                        if (mark[i] && r->ref_left[t] > 0 &&
                            r->hyp_left[t] > 0) {
                                hits++;
                                r->ref_left[t]--;
                                r->hyp_left[t]--;
                        }
                }
                rs_start = ref_lines->v[k];
        }
        *out = rouge_prf(hits, hyp->n, ref->n);
out:
        /* Leave the count arrays all zero for the next document. */
        for (i = 0; i < ref->n; i++)
                r->ref_left[ref->v[i]] = 0;
        for (i = 0; i < hyp->n; i++)
                r->hyp_left[hyp->v[i]] = 0;
        free(mark);
        return rc;
}

int rouge_score(struct rouge *r, const char *ref, size_t ref_len,
                const char *hyp, size_t hyp_len, struct rouge_scores *out)
{
        struct rouge_ids rt = { 0 }, rl = { 0 }, ht = { 0 }, hl = { 0 };
        size_t lcs;
        int rc;

        rc = rouge_tokens(r, ref, ref_len, &rt, &rl);
        if (rc == 0)
                rc = rouge_tokens(r, hyp, hyp_len, &ht, &hl);
        if (rc == 0)
                rc = rouge_n(&rt, &ht, 1, &out->m[ROUGE_1]);
        if (rc == 0)
                rc = rouge_n(&rt, &ht, 2, &out->m[ROUGE_2]);
        if (rc == 0)
                rc = rouge_lcs_length(r, rt.v, rt.n, ht.v, ht.n, &lcs);
        if (rc == 0) {
                out->m[ROUGE_L] = rouge_prf(lcs, ht.n, rt.n);
                rc = rouge_lsum(r, &rt, &rl, &ht, &hl, &out->m[ROUGE_LSUM]);
        }
        free(rt.v);
        free(rl.v);
        free(ht.v);
        free(hl.v);
        return rc;
}
