#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <precis/array.h>
#include <precis/hash.h>
#include <precis/lang.h>
#include <precis/suggest.h>
#include <precis/summary.h>
#include <precis/token.h>

#include "arena.h"
#include "classify.h"
#include "lang-detect.h"
#include "score.h"

/* Extractive summarization over term-frequency vectors of stemmed,
 * stopword-free tokens (IDF is off by default: see README "What was
 * measured and decided").  Three algorithms share the vectors and the
 * selection step:
 *
 *  default   position-aware graph centrality: each sentence's summed
 *            cosine similarity to its neighbours (the forward/backward
 *            weights allow PacSum's directed form, Zheng and Lapata 2019,
 *            which measured worse on bbc-dev), scaled to [0, 1], plus a
 *            lead prior; a guard against fragments and over-long
 *            sentences (captions glued into the text), and redundancy
 *            control at selection.
 *  textrank  PageRank over the cosine similarity graph (Mihalcea and
 *            Tarau 2004).
 *  lead      the first sentences: the classic news baseline. */

/* The algorithms, listed once: name, scorer, and whether a sentence too
 * close to one already picked is skipped (params.redundancy; the baselines
 * take theirs as they come).  The first is the default. */
#define SUMMARY_ALGORITHMS(X)                                                \
        X("default", score_default, true)                                    \
        X("textrank", score_textrank, false)                                 \
        X("lead", score_lead, false)

#define SUMMARY_NAME(name, scorer, redundancy) name,
static const char *const summary_algorithms[] = {
        SUMMARY_ALGORITHMS(SUMMARY_NAME) NULL,
};
#undef SUMMARY_NAME

/* Bumped whenever an algorithm's output changes for the same input, so
 * that stored summaries can say which version made them. */
#define SUMMARY_VERSION 2

static struct precis__score_params summary_params;
static int summary_params_set;

void precis__score_params_default(struct precis__score_params *p)
{
        /* Chosen on the dev corpora for CNN/DailyMail first and BBC second;
         * README "Summary quality" reports how each moves the scores. */
        p->forward = 1.0;
        p->backward = 1.0;
        p->lead = 1.5;
        p->min_words = 8;
        p->max_words = 45;
        p->redundancy = 0.6;
        p->idf = 0;
        p->window = 60;
        /* The guard's bounds are those of a sentence a reader accepts as
         * one: ../shared/tools/summary_hygiene.py calls anything under 25
         * characters or 5 words a fragment.  README "What goes into a
         * summary" reports how each one moves the figures. */
        p->roles = 1;
        p->guard = 1;
        p->guard_chars = 25;
        p->guard_words = 5;
        p->guard_bare_words = 8;
        p->guard_title = 0.7;
        p->guard_numeric_bare = 0.4;
        p->guard_numeric = 0.7;
}

int precis__score_params_parse(struct precis__score_params *p,
                               const char *assignment)
{
        static const struct {
                const char *name;
                size_t off;
        } fields[] = {
                { "forward", offsetof(struct precis__score_params, forward) },
                { "backward",
                  offsetof(struct precis__score_params, backward) },
                { "lead", offsetof(struct precis__score_params, lead) },
                { "min_words",
                  offsetof(struct precis__score_params, min_words) },
                { "max_words",
                  offsetof(struct precis__score_params, max_words) },
                { "redundancy",
                  offsetof(struct precis__score_params, redundancy) },
                { "idf", offsetof(struct precis__score_params, idf) },
                { "roles", offsetof(struct precis__score_params, roles) },
                { "guard", offsetof(struct precis__score_params, guard) },
                { "guard_chars",
                  offsetof(struct precis__score_params, guard_chars) },
                { "guard_words",
                  offsetof(struct precis__score_params, guard_words) },
                { "guard_bare_words",
                  offsetof(struct precis__score_params, guard_bare_words) },
                { "guard_title",
                  offsetof(struct precis__score_params, guard_title) },
                { "guard_numeric_bare",
                  offsetof(struct precis__score_params,
                           guard_numeric_bare) },
                { "guard_numeric",
                  offsetof(struct precis__score_params, guard_numeric) },
        };
        const char *eq = strchr(assignment, '=');
        size_t i, n;
        char *end;
        double v;

        if (eq == NULL)
                return PRECIS_E_INVAL;
        n = (size_t) (eq - assignment);
        v = strtod(eq + 1, &end);
        if (end == eq + 1 || *end != '\0')
                return PRECIS_E_INVAL;
        if (n == 6 && strncmp(assignment, "window", 6) == 0) {
                if (v < 1 || v > 100000)
                        return PRECIS_E_INVAL;
                p->window = (int) v;
                return 0;
        }
        for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
                if (strlen(fields[i].name) == n &&
                    strncmp(fields[i].name, assignment, n) == 0) {
                        *(double *) ((char *) p + fields[i].off) = v;
                        return 0;
                }
        return PRECIS_E_INVAL;
}

void precis__score_params_set(const struct precis__score_params *p)
{
        if (p == NULL) {
                summary_params_set = 0;
                return;
        }
        summary_params = *p;
        summary_params_set = 1;
}

void precis_summary_opts_init(struct precis_summary_opts *o)
{
        memset(o, 0, sizeof(*o));
        o->algorithm = "default";
        o->language = "auto";
        o->unit = PRECIS_LENGTH_SENTENCES;
        o->length = 5;
        o->keywords = 10;
}

const char *const *precis_summary_algorithms(void)
{
        return summary_algorithms;
}

int precis_summary_algorithm_check(const char *name,
                                   struct precis_error *err)
{
        char list[128];
        const char *sugg;
        size_t i, off = 0;

        for (i = 0; summary_algorithms[i] != NULL; i++) {
                if (name != NULL && strcmp(name, summary_algorithms[i]) == 0)
                        return 0;
                off += (size_t) snprintf(list + off, sizeof(list) - off,
                                         "%s%s", i == 0 ? ""
                                         : summary_algorithms[i + 1] == NULL
                                                 ? " or "
                                                 : ", ",
                                         summary_algorithms[i]);
        }
        sugg = name != NULL ? precis_suggest(name, summary_algorithms) : NULL;
        return precis_error_set(err, PRECIS_E_INVAL,
                                "unknown algorithm '%s'%s%s%s (choose %s)",
                                name != NULL ? name : "(null)",
                                sugg != NULL ? "; did you mean '" : "",
                                sugg != NULL ? sugg : "",
                                sugg != NULL ? "'?" : "", list);
}

/* The number at the start of @s: a whole number from 1 to a million for
 * sentences and words; for a ratio a share in (0, 1], or a percentage in
 * (0, 100] when @percent. */
static int summary_length_number(const char *s, enum precis_length_unit unit,
                                 int percent, double *out)
{
        char *end;
        double v;

        if (s == NULL || *s == '\0')
                return PRECIS_E_INVAL;
        v = strtod(s, &end);
        if (end == s || *end != '\0' || !(v > 0))
                return PRECIS_E_INVAL;
        if (unit == PRECIS_LENGTH_RATIO) {
                if (percent)
                        v /= 100;
                if (v > 1)
                        return PRECIS_E_INVAL;
        } else if (v > 1000000 || v != floor(v)) {
                return PRECIS_E_INVAL;
        }
        *out = v;
        return 0;
}

int precis_summary_length_value(const char *s, enum precis_length_unit unit,
                                double *length)
{
        size_t n = s != NULL ? strlen(s) : 0;
        char num[64];
        int percent = unit == PRECIS_LENGTH_RATIO && n > 0 && s[n - 1] == '%';

        if (n == 0 || n >= sizeof(num))
                return PRECIS_E_INVAL;
        memcpy(num, s, n - (size_t) percent);
        num[n - (size_t) percent] = '\0';
        return summary_length_number(num, unit, percent, length);
}

int precis_summary_length_parse(const char *s, enum precis_length_unit *unit,
                                double *length)
{
        size_t n = s != NULL ? strlen(s) : 0;
        char num[64];
        enum precis_length_unit u = PRECIS_LENGTH_SENTENCES;
        int rc;

        if (n == 0 || n >= sizeof(num))
                return PRECIS_E_INVAL;
        memcpy(num, s, n + 1);
        if (num[n - 1] == 'w' || num[n - 1] == 'W') {
                u = PRECIS_LENGTH_WORDS;
                num[n - 1] = '\0';
        } else if (num[n - 1] == '%') {
                u = PRECIS_LENGTH_RATIO;
                num[n - 1] = '\0';
        }
        rc = summary_length_number(num, u, u == PRECIS_LENGTH_RATIO,
                                   length);
        if (rc == 0)
                *unit = u;
        return rc;
}

/* ---- vocabulary: stems to dense ids ---------------------------------- */

struct vocab_entry {
        char *stem;      /* in the model's arena */
        char *surface;   /* first lower-cased surface form, in the
                          * block of stem */
        char *cased;     /* in the arena: first capitalised form seen
                          * inside a sentence (not at its start), or
                          * NULL */
        uint32_t n_upper; /* inside-sentence uses starting upper-case */
        uint32_t n_lower; /* inside-sentence uses starting lower-case */
        int function;    /* a reporting verb or other news function
                          * word: never a keyword */
        uint32_t df;     /* sentences containing the stem */
        uint32_t tf;     /* occurrences in the article */
        uint32_t last;   /* last sentence counted in df, plus one */
        uint32_t first;  /* first sentence it occurs in */
        int in_title;    /* occurs in the title */
};

struct vocab {
        struct vocab_entry *v; /* owned; dense by id */
        size_t n, cap;
        uint32_t *slots;       /* owned hash table of id + 1, 0 = empty */
        size_t nslots;         /* power of two */
};

/* The summarizer's hash tables (vocabulary, phrases, token forms) are
 * open-addressing arrays of entry index + 1 (0 = empty) over a dense
 * array of entries.  Twice the slots (@first when none), entries 0 to
 * @n - 1 placed again by their hash(@ctx, i).  0 or -ENOMEM (the table
 * unchanged). */
static int slots_grow(uint32_t **slots, size_t *nslots, size_t first,
                      size_t n, size_t (*hash)(const void *ctx, size_t i),
                      const void *ctx)
{
        size_t ns = *nslots ? 2 * *nslots : first, i;
        uint32_t *v = calloc(ns, sizeof(*v));

        if (v == NULL)
                return -ENOMEM;
        for (i = 0; i < n; i++) {
                size_t h = hash(ctx, i) & (ns - 1);

                while (v[h] != 0)
                        h = (h + 1) & (ns - 1);
                v[h] = (uint32_t) i + 1;
        }
        free(*slots);
        *slots = v;
        *nslots = ns;
        return 0;
}

static size_t vocab_hash(const void *ctx, size_t i)
{
        const char *s = ((const struct vocab *) ctx)->v[i].stem;

        return precis_table_hash(s, strlen(s));
}

static int vocab_grow(struct vocab *vb)
{
        return slots_grow(&vb->slots, &vb->nslots, 1024, vb->n, vocab_hash,
                          vb);
}

/* Id of @stem, added when new.  Returns the id or -ENOMEM. */
static long vocab_id(struct vocab *vb, struct precis_arena *mem,
                     const char *stem, size_t n, const char *surface,
                     size_t sn)
{
        size_t h;
        struct vocab_entry *e;

        if (2 * (vb->n + 1) > vb->nslots && vocab_grow(vb) != 0)
                return -ENOMEM;
        h = precis_table_hash(stem, n) & (vb->nslots - 1);
        while (vb->slots[h] != 0) {
                e = &vb->v[vb->slots[h] - 1];
                if (strncmp(e->stem, stem, n) == 0 && e->stem[n] == '\0')
                        return (long) vb->slots[h] - 1;
                h = (h + 1) & (vb->nslots - 1);
        }
        if (PRECIS_GROW(vb->v, vb->n, vb->cap, 256) != 0)
                return -ENOMEM;
        e = &vb->v[vb->n];
        memset(e, 0, sizeof(*e));
        /* One block: the stem, then the surface form. */
        e->stem = precis_arena_alloc(mem, n + 1 + sn + 1);
        if (e->stem == NULL)
                return -ENOMEM;
        memcpy(e->stem, stem, n);
        e->stem[n] = '\0';
        e->surface = e->stem + n + 1;
        memcpy(e->surface, surface, sn);
        e->surface[sn] = '\0';
        vb->slots[h] = (uint32_t) vb->n + 1;
        return (long) vb->n++;
}

/* Id of @stem, or -1 when the article does not use it. */
static long vocab_find(const struct vocab *vb, const char *stem, size_t n)
{
        size_t h;

        if (vb->nslots == 0)
                return -1;
        h = precis_table_hash(stem, n) & (vb->nslots - 1);
        while (vb->slots[h] != 0) {
                const struct vocab_entry *e = &vb->v[vb->slots[h] - 1];

                if (strncmp(e->stem, stem, n) == 0 && e->stem[n] == '\0')
                        return (long) vb->slots[h] - 1;
                h = (h + 1) & (vb->nslots - 1);
        }
        return -1;
}

/* ---- phrases: recurring pairs of adjacent content words -------------- */

struct phrase {
        uint32_t a, b;   /* vocabulary ids of the two words */
        uint32_t n;      /* occurrences */
        uint32_t df;     /* sentences containing it */
        uint32_t last;   /* last sentence counted in df, plus one */
        uint32_t first;  /* first sentence it occurs in */
        char *surface;   /* in the model's arena: the words as first
                          * written inside a sentence (or at its start if
                          * never inside) */
        int at_start;    /* @surface comes from a sentence start */
};

struct phrases {
        struct phrase *v;      /* owned */
        size_t n, cap;
        uint32_t *slots;       /* owned hash table of index + 1 */
        size_t nslots;         /* power of two */
};

static size_t phrase_hash(uint32_t a, uint32_t b)
{
        uint64_t h = ((uint64_t) a << 32 | b) * 0x9E3779B97F4A7C15ULL;

        return (size_t) (h >> 17);
}

static size_t phrases_entry_hash(const void *ctx, size_t i)
{
        const struct phrase *e = &((const struct phrases *) ctx)->v[i];

        return phrase_hash(e->a, e->b);
}

static int phrases_grow(struct phrases *ph)
{
        return slots_grow(&ph->slots, &ph->nslots, 1024, ph->n,
                          phrases_entry_hash, ph);
}

/* Count the pair @a @b written as @text (@n bytes) in sentence @sent;
 * @at_start when it opens the sentence.  Returns 0 or -ENOMEM. */
static int phrases_add(struct phrases *ph, struct precis_arena *mem,
                       uint32_t a, uint32_t b, const char *text, size_t n,
                       size_t sent, int at_start)
{
        struct phrase *e;
        size_t h;

        if (2 * (ph->n + 1) > ph->nslots && phrases_grow(ph) != 0)
                return -ENOMEM;
        h = phrase_hash(a, b) & (ph->nslots - 1);
        while (ph->slots[h] != 0) {
                e = &ph->v[ph->slots[h] - 1];
                if (e->a == a && e->b == b)
                        break;
                h = (h + 1) & (ph->nslots - 1);
        }
        if (ph->slots[h] == 0) {
                if (PRECIS_GROW(ph->v, ph->n, ph->cap, 256) != 0)
                        return -ENOMEM;
                e = &ph->v[ph->n];
                memset(e, 0, sizeof(*e));
                e->a = a;
                e->b = b;
                e->first = (uint32_t) sent;
                ph->slots[h] = (uint32_t) ++ph->n;
        }
        e = &ph->v[ph->slots[h] - 1];
        e->n++;
        if (e->last != sent + 1) {
                e->df++;
                e->last = (uint32_t) sent + 1;
        }
        if (e->surface == NULL || (e->at_start && !at_start)) {
                char *c = precis_arena_strndup(mem, text, n);

                if (c == NULL)
                        return -ENOMEM;
                e->surface = c;
                e->at_start = at_start;
        }
        return 0;
}

static void phrases_done(struct phrases *ph)
{
        free(ph->v);
        free(ph->slots);
        memset(ph, 0, sizeof(*ph));
}

static void vocab_done(struct vocab *vb)
{
        free(vb->v);
        free(vb->slots);
        memset(vb, 0, sizeof(*vb));
}

/* ---- sentence vectors ------------------------------------------------ */

struct svec {
        uint32_t *ids;  /* in the model's arena, sorted; one block
                         * with w */
        float *w;       /* weights of ids, in the block of ids */
        uint32_t n;     /* entries */
        double norm;    /* Euclidean norm of w */
        size_t words;   /* all word tokens, stopwords included */
};

/* ---- tokens: every sentence tokenized once ---------------------------- */

/* The tokens of all sentences, as precis_token_next() finds them: the
 * language is detected from them and the sentence vectors are built from
 * them, so the text is tokenized once instead of twice. */
struct token {
        uint32_t start; /* in its sentence's text */
        uint32_t end;   /* just past it */
        uint32_t word;  /* its lower-cased form: an entry of tokens.words */
};

/* What is known of one distinct form.  An article uses each of its words
 * several times ("the" dozens): the stopword look-ups, the stem and the
 * vocabulary id are found once per form instead of once per token. */
enum {
        WORD_UNSEEN = -2, /* vocab: not looked up yet */
        WORD_SKIP = -1,   /* vocab: a stopword or a lone character */
};

struct token_word {
        uint32_t form;   /* tokens.forms + form */
        uint32_t len;
        uint32_t hash;   /* precis_table_hash() of the form */
        int32_t vocab;   /* vocabulary id, or WORD_UNSEEN, WORD_SKIP */
        uint32_t lists;  /* stopword lists holding it, once @listed */
        bool listed;
};

struct tokens {
        struct token *v;    /* owned */
        size_t n, cap;
        char *forms;        /* owned: each distinct form once, back to
                             * back */
        size_t flen, fcap;
        struct token_word *words; /* owned: the distinct forms */
        size_t nw, wcap;
        uint32_t *slots;    /* owned hash table of words index + 1 */
        size_t nslots;      /* power of two, over 2 * nw */
        size_t *first;      /* owned: per sentence, its first token; the
                             * entry after the last sentence is n */
};

static size_t tokens_word_hash(const void *ctx, size_t i)
{
        return ((const struct tokens *) ctx)->words[i].hash;
}

static int tokens_rehash(struct tokens *tk)
{
        return slots_grow(&tk->slots, &tk->nslots, 512, tk->nw,
                          tokens_word_hash, tk);
}

/* The entry of form @w (@len bytes), added when new: its index, or
 * -ENOMEM. */
static long tokens_word(struct tokens *tk, const char *w, size_t len)
{
        uint32_t hash = (uint32_t) precis_table_hash(w, len);
        struct token_word *e;
        size_t h;

        if (2 * (tk->nw + 1) > tk->nslots && tokens_rehash(tk) != 0)
                return -ENOMEM;
        h = hash & (tk->nslots - 1);
        while (tk->slots[h] != 0) {
                e = &tk->words[tk->slots[h] - 1];
                if (e->hash == hash && e->len == len &&
                    memcmp(tk->forms + e->form, w, len) == 0)
                        return (long) tk->slots[h] - 1;
                h = (h + 1) & (tk->nslots - 1);
        }
        if (PRECIS_GROW(tk->words, tk->nw, tk->wcap, 256) != 0 ||
            PRECIS_RESERVE(tk->forms, tk->flen, len, tk->fcap, 4096) != 0 ||
            tk->flen + len > UINT32_MAX || tk->nw >= UINT32_MAX - 1)
                return -ENOMEM;
        e = &tk->words[tk->nw];
        e->form = (uint32_t) tk->flen;
        e->len = (uint32_t) len;
        e->hash = hash;
        e->vocab = WORD_UNSEEN;
        e->lists = 0;
        e->listed = false;
        memcpy(tk->forms + tk->flen, w, len);
        tk->flen += len;
        tk->slots[h] = (uint32_t) ++tk->nw;
        return (long) tk->nw - 1;
}

static int tokens_build(struct tokens *tk, const struct precis_sentences *s)
{
        char buf[PRECIS_TOKEN_MAX + 1];
        size_t i;

        tk->first = malloc((s->n + 1) * sizeof(*tk->first));
        if (tk->first == NULL)
                return -ENOMEM;
        for (i = 0; i < s->n; i++) {
                const char *text = s->v[i].text;
                size_t len = strlen(text), pos = 0, tl, start;

                tk->first[i] = tk->n;
                if (len > UINT32_MAX)
                        return -ENOMEM; /* no sentence is that long */
                while (precis_token_next(text, len, &pos, buf, &tl, &start)) {
                        struct token *t;
                        long w = tokens_word(tk, buf, tl);

                        if (w < 0 ||
                            PRECIS_GROW(tk->v, tk->n, tk->cap, 256) != 0)
                                return -ENOMEM;
                        t = &tk->v[tk->n++];
                        t->start = (uint32_t) start;
                        t->end = (uint32_t) pos;
                        t->word = (uint32_t) w;
                }
        }
        tk->first[s->n] = tk->n;
        return 0;
}

static void tokens_done(struct tokens *tk)
{
        free(tk->v);
        free(tk->forms);
        free(tk->words);
        free(tk->slots);
        free(tk->first);
        memset(tk, 0, sizeof(*tk));
}

struct model {
        struct precis_lang *lang; /* owned */
        struct tokens tk;         /* owned: every sentence's tokens */
        struct vocab vb;          /* owned */
        struct svec *sv;          /* owned, one per sentence */
        size_t n;                 /* sentences */
        unsigned char *tier;      /* owned, per sentence: SUMMARY_TIER_* */
        unsigned char *in_graph;  /* owned, per sentence: article prose */
        size_t *pos;              /* owned, per sentence: body sentences
                                   * before it (the lead prior's index) */
        struct phrases ph;        /* owned: pairs of adjacent words */
        uint32_t *scratch;        /* owned: a sentence's ids, unsorted */
        size_t scratch_cap;
        struct precis_arena mem;  /* owned: vocabulary and phrase text,
                                   * sentence vectors */
        const struct precis__score_params *p; /* borrowed */
};

/* How eligible a sentence is for the summary.  Body sentences that pass
 * the validity guard come first; valid list items, quotes and table rows
 * fill in when the body runs short; anything else only when nothing at
 * all would be chosen otherwise (a page of headings), since an empty
 * summary helps no one. */
enum {
        SUMMARY_TIER_BODY = 0,
        SUMMARY_TIER_OTHER = 1,
        SUMMARY_TIER_LAST = 2,
};

static int cmp_u32(const void *a, const void *b)
{
        uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;

        return x < y ? -1 : x > y;
}

/* Sort @n ids in place.  A sentence has a few dozen words: insertion
 * sort, without qsort()'s call per comparison and its buffer, was a
 * tenth of summarizing one short article; qsort() for anything longer. */
static void sort_u32(uint32_t *v, size_t n)
{
        size_t i, j;

        if (n > 64) {
                qsort(v, n, sizeof(*v), cmp_u32);
                return;
        }
        for (i = 1; i < n; i++) {
                uint32_t x = v[i];

                for (j = i; j > 0 && v[j - 1] > x; j--)
                        v[j] = v[j - 1];
                v[j] = x;
        }
}

/* Length of the word or words at @s (@n bytes) without a possessive
 * "'s" or "’s" at the end: keywords name the thing, not its owner. */
static size_t surface_len(const char *s, size_t n)
{
        if (n > 3 && s[n - 1] == 's' && s[n - 2] == '\'')
                return n - 2;
        if (n > 5 && s[n - 1] == 's' && (unsigned char) s[n - 2] == 0x99 &&
            (unsigned char) s[n - 3] == 0x80 &&
            (unsigned char) s[n - 4] == 0xE2)
                return n - 4;
        return n;
}

/* Whether the word at byte @at of @text is the sentence's first: only
 * quotes, brackets and spaces before it. */
static int initial_at(const char *text, size_t at)
{
        size_t i;

        for (i = 0; i < at; i++)
                if (strchr(" \"'(['", text[i]) == NULL &&
                    (unsigned char) text[i] < 0x80)
                        return 0;
        return 1;
}

/* Record how word @id is written at text[start, end): inside a sentence
 * its case says whether it is a name ("Trump") or a common word. */
static int model_note_surface(struct model *m, uint32_t id, const char *text,
                              size_t start, size_t end, int initial)
{
        struct vocab_entry *e = &m->vb.v[id];
        int upper, lower, c;

        if (initial || end <= start)
                return 0;
        /* Upper or lower case in any cased script. */
        c = precis_char_case(text + start, end - start);
        upper = c > 0;
        lower = c < 0;
        e->n_upper += upper;
        e->n_lower += lower;
        if (upper && e->cased == NULL) {
                e->cased = precis_arena_strndup(
                        &m->mem, text + start,
                        surface_len(text + start, end - start));
                if (e->cased == NULL)
                        return -ENOMEM;
        }
        return 0;
}

/* What the validity guard counts of a sentence's words (see
 * precis__sentence_valid_p()): counted while the sentence is tokenized
 * for its vector, so that it is tokenized once. */
struct guard_words {
        size_t words;   /* all word tokens */
        size_t numeric; /* tokens holding a digit */
        size_t cased;   /* tokens of 4+ bytes opening with an ASCII letter */
        size_t capital; /* of those, opening upper-case */
};

static void guard_count(struct guard_words *g, const char *buf, size_t tl,
                        unsigned char first)
{
        size_t i;

        g->words++;
        for (i = 0; i < tl; i++)
                if (buf[i] >= '0' && buf[i] <= '9')
                        break;
        g->numeric += i < tl;
        /* Title Case leaves short function words in lower case
         * ("Strategist vs. Futurist in the Industry"): judge it by the
         * longer words. */
        if (tl >= 4 && ((first >= 'A' && first <= 'Z') ||
                        (first >= 'a' && first <= 'z'))) {
                g->cased++;
                g->capital += first >= 'A' && first <= 'Z';
        }
}

static int sentence_valid_counted(const struct precis__score_params *p,
                                  const char *text,
                                  const struct guard_words *g);

/* Tokenize @text into the sorted id list of @out (term counts in w), and
 * count its words for the guard into @g (nullable). */
static int model_vectorize(struct model *m, const char *text, size_t sent,
                           int count_df, struct svec *out,
                           struct guard_words *g)
{
        char buf[PRECIS_TOKEN_MAX + 1];
        size_t pos = 0, len = strlen(text), tl, n = 0, k, j, start;
        size_t prev_start = 0, prev_end = 0;
        long prev = -1;
        uint32_t *ids;
        /* Sentence @sent's tokens come from m->tk; other text (the title,
         * @count_df 0) is tokenized here. */
        struct tokens *tk = count_df ? &m->tk : NULL;
        size_t ti = tk != NULL ? tk->first[sent] : 0;
        size_t tend = tk != NULL ? tk->first[sent + 1] : 0;

        memset(out, 0, sizeof(*out));
        if (g != NULL)
                memset(g, 0, sizeof(*g));
        for (;;) {
                const char *st, *form = buf;
                struct token_word *word = NULL;
                size_t sl;
                long id;
                int initial = out->words == 0, adjacent;

                if (tk != NULL) {
                        const struct token *t;

                        if (ti >= tend)
                                break;
                        t = &tk->v[ti++];
                        word = &tk->words[t->word];
                        form = tk->forms + word->form;
                        tl = word->len;
                        start = t->start;
                        pos = t->end;
                } else if (!precis_token_next(text, len, &pos, buf, &tl,
                                              &start)) {
                        break;
                }

                out->words++;
                if (g != NULL)
                        guard_count(g, form, tl, (unsigned char) text[start]);
                /* Two words are adjacent when only spaces part them. */
                for (adjacent = prev >= 0, k = prev_end;
                     adjacent && k < start; k++)
                        adjacent = text[k] == ' ';
                if (word != NULL && word->vocab == WORD_SKIP) {
                        prev = -1;
                        continue;
                }
                if (word != NULL && word->vocab >= 0) {
                        id = word->vocab;
                } else if (precis_lang_is_stopword(m->lang, form, tl) ||
                           (tl == 1 &&
                            !(form[0] >= '0' && form[0] <= '9'))) {
                        /* One-character tokens other than digits carry
                         * nothing either. */
                        if (word != NULL)
                                word->vocab = WORD_SKIP;
                        prev = -1;
                        continue;
                } else {
                        st = precis_lang_stem(m->lang, form, tl, &sl);
                        if (st == NULL)
                                return -ENOMEM;
                        id = vocab_id(&m->vb, &m->mem, st, sl, form, tl);
                        if (id < 0 || id > INT32_MAX)
                                return -ENOMEM;
                        if (word != NULL)
                                word->vocab = (int32_t) id;
                }
                if (count_df) {
                        int rc = model_note_surface(m, (uint32_t) id, text,
                                                    start, pos, initial);

                        if (rc == 0 && adjacent && prev != id)
                                rc = phrases_add(
                                        &m->ph, &m->mem, (uint32_t) prev,
                                        (uint32_t) id,
                                        text + prev_start,
                                        surface_len(text + prev_start,
                                                    pos - prev_start),
                                        sent, prev_start == 0 ||
                                                      initial_at(text,
                                                                 prev_start));
                        if (rc != 0)
                                return -ENOMEM;
                }
                prev = id;
                prev_start = start;
                prev_end = pos;
                /* Collected in the model's scratch array, reused from
                 * sentence to sentence. */
                if (PRECIS_GROW(m->scratch, n, m->scratch_cap, 64) != 0)
                        return -ENOMEM;
                m->scratch[n++] = (uint32_t) id;
        }
        if (n == 0)
                return 0;
        ids = m->scratch;
        sort_u32(ids, n);
        /* The ids and their weights in one block, sized for the worst
         * case (no repeats). */
        out->ids = precis_arena_alloc(&m->mem,
                                      n * (sizeof(*out->ids) +
                                           sizeof(*out->w)));
        if (out->ids == NULL)
                return -ENOMEM;
        out->w = (float *) (out->ids + n);
        /* Collapse repeats into counts. */
        for (k = 0, j = 0; k < n; j++) {
                size_t e = k;

                while (e < n && ids[e] == ids[k])
                        e++;
                out->ids[j] = ids[k];
                out->w[j] = (float) (e - k);
                if (count_df) {
                        struct vocab_entry *ve = &m->vb.v[ids[k]];

                        ve->tf += (uint32_t) (e - k);
                        if (ve->last != sent + 1) {
                                if (ve->df == 0)
                                        ve->first = (uint32_t) sent;
                                ve->df++;
                                ve->last = (uint32_t) sent + 1;
                        }
                }
                k = e;
        }
        out->n = (uint32_t) j;
        return 0;
}

/* Turn counts into TF-IDF weights with sentence-level document
 * frequencies: tf = 1 + ln(count), idf = ln((N + 1) / df). */
static void model_weigh(struct model *m, struct svec *v)
{
        double nn = 0;
        uint32_t k;

        for (k = 0; k < v->n; k++) {
                struct vocab_entry *e = &m->vb.v[v->ids[k]];
                double df = e->df > 0 ? e->df : 1;
                double w = (1 + log(v->w[k])) *
                           (m->p->idf > 0 ? log((m->n + 1.0) / df) : 1);

                v->w[k] = (float) w;
                nn += w * w;
        }
        v->norm = sqrt(nn);
}

static double svec_cos(const struct svec *a, const struct svec *b)
{
        uint32_t i = 0, j = 0;
        double dot = 0;

        if (a->norm == 0 || b->norm == 0)
                return 0;
        while (i < a->n && j < b->n) {
                if (a->ids[i] < b->ids[j]) {
                        i++;
                } else if (a->ids[i] > b->ids[j]) {
                        j++;
                } else {
                        dot += (double) a->w[i++] * b->w[j++];
                }
        }
        return dot / (a->norm * b->norm);
}

static void model_done(struct model *m)
{
        free(m->tier);
        free(m->in_graph);
        free(m->pos);
        free(m->scratch);
        tokens_done(&m->tk);
        phrases_done(&m->ph);

        free(m->sv);
        vocab_done(&m->vb);
        precis_arena_done(&m->mem);
        m->lang = precis_lang_close(m->lang);
}

static int model_build(struct model *m, const struct precis_text *t,
                       const struct precis_sentences *s)
{
        size_t i;
        int rc;

        size_t body = 0;

        m->n = s->n;
        m->sv = calloc(s->n, sizeof(*m->sv));
        m->tier = calloc(s->n, 1);
        m->in_graph = calloc(s->n, 1);
        m->pos = calloc(s->n, sizeof(*m->pos));
        if (m->sv == NULL || m->tier == NULL || m->in_graph == NULL ||
            m->pos == NULL)
                return -ENOMEM;
        for (i = 0; i < s->n; i++) {
                unsigned role = s->v[i].role;
                int valid;

                struct guard_words g;

                rc = model_vectorize(m, s->v[i].text, i, 1, &m->sv[i], &g);
                if (rc != 0)
                        return rc;
                /* Headings, captions, bylines and notices are not article
                 * prose: they stay out of the centrality graph (their
                 * words still count for keywords). */
                if (!(m->p->roles > 0))
                        role = PRECIS_ROLE_BODY;
                m->in_graph[i] = role == PRECIS_ROLE_BODY ||
                                 role == PRECIS_ROLE_LIST ||
                                 role == PRECIS_ROLE_QUOTE ||
                                 role == PRECIS_ROLE_TABLE;
                valid = sentence_valid_counted(m->p, s->v[i].text, &g);
                if (role == PRECIS_ROLE_BODY && valid)
                        m->tier[i] = SUMMARY_TIER_BODY;
                else if (m->in_graph[i] && valid)
                        m->tier[i] = SUMMARY_TIER_OTHER;
                else
                        m->tier[i] = SUMMARY_TIER_LAST;
                m->pos[i] = body;
                body += role == PRECIS_ROLE_BODY;
        }
        if (t != NULL && t->title != NULL) {
                struct svec title;

                /* The title only marks keywords; it is not a sentence. */
                rc = model_vectorize(m, t->title, 0, 0, &title, NULL);
                if (rc != 0)
                        return rc;
                for (i = 0; i < title.n; i++)
                        m->vb.v[title.ids[i]].in_title = 1;
        }
        for (i = 0; i < s->n; i++)
                model_weigh(m, &m->sv[i]);
        return 0;
}

/* Neighbours compared on each side: all of them for ordinary articles,
 * a window on long ones so the work stays linear in the length. */
static size_t model_window(const struct model *m)
{
        size_t w = m->p->window > 0 ? (size_t) m->p->window : 1;

        return m->n <= 2 * w + 1 ? m->n : w;
}

/* ---- the validity guard --------------------------------------------- */

/* Whether @s (@n bytes) is one bracketed aside, maybe followed by
 * punctuation and spaces. */
static int guard_bracketed(const char *s, size_t n)
{
        char close;
        size_t i, depth = 0;

        if (s[0] != '(' && s[0] != '[')
                return 0;
        close = s[0] == '(' ? ')' : ']';
        for (i = 0; i < n; i++) {
                if (s[i] == s[0])
                        depth++;
                else if (s[i] == close && --depth == 0)
                        break;
        }
        if (i == n)
                return 0;
        for (i++; i < n; i++)
                if (strchr(" .,;:!?", s[i]) == NULL)
                        return 0;
        return 1;
}

/* Whether the @n bytes at @s hold "://". */
static int guard_has_scheme(const char *s, size_t n)
{
        const char *c = s, *end = s + n;

        while ((c = memchr(c, ':', (size_t) (end - c))) != NULL) {
                if (end - c >= 3 && c[1] == '/' && c[2] == '/')
                        return 1;
                c++;
        }
        return 0;
}

int precis__sentence_valid(const char *text)
{
        struct precis__score_params p;

        if (summary_params_set)
                p = summary_params;
        else
                precis__score_params_default(&p);
        return precis__sentence_valid_p(&p, text);
}

/* What the validity guard's byte loop tells apart: ASCII letters, the
 * space, UTF-8 continuation bytes and the lead bytes of unspaced scripts
 * (see sentence_valid_counted()).  Every other byte is 0: a character of
 * a word, like a letter but neither case. */
enum {
        GUARD_LOWER = 1,
        GUARD_UPPER = 2,
        GUARD_SPACE = 4,
        GUARD_CONT = 8,
        GUARD_CJK = 16,
        GUARD_E0 = 32,
};

static const unsigned char guard_class[256] = {
        ['a' ... 'z'] = GUARD_LOWER,
        ['A' ... 'Z'] = GUARD_UPPER,
        [' '] = GUARD_SPACE,
        [0x80 ... 0xBF] = GUARD_CONT,
        [0xE0] = GUARD_E0,
        [0xE3 ... 0xE9] = GUARD_CJK,
};

/* precis__sentence_valid_p() on a sentence whose words @g has counted. */
static int sentence_valid_counted(const struct precis__score_params *p,
                                  const char *text,
                                  const struct guard_words *g)
{
        size_t len = strlen(text), i;
        size_t words = g->words, numeric = g->numeric;
        size_t capital = g->capital, cased = g->cased;
        size_t upper = 0, lower = 0, url = 0, unspaced = 0, chars = 0;
        size_t seps = 0, spaced = 0;
        int ends = precis__ends_sentence(text, len), in_word = 0;

        /* An aside in brackets stands for no sentence of its own:
         * "(or arXiv:... for this version)", "[Breaking news update,
         * posted 9:04 p.m. ET] .". */
        if (len == 0 || guard_bracketed(text, len))
                return 0;
        for (i = 0; i < len; i++) {
                unsigned char c = (unsigned char) text[i];
                unsigned k = guard_class[c];

                /* A letter, or any byte of class 0: most of any
                 * sentence, counted in one step. */
                if (k <= GUARD_UPPER) {
                        chars++;
                        lower += k & GUARD_LOWER;
                        upper += (k & GUARD_UPPER) != 0;
                        spaced += !in_word;
                        in_word = 1;
                        continue;
                }
                chars += !(k & GUARD_CONT);
                if (k & GUARD_SPACE) {
                        in_word = 0;
                } else if (!in_word) {
                        in_word = 1;
                        spaced++;
                }
                /* Field separators of metadata lines and menus: " - ",
                 * " | ", " • ", " / ". */
                if ((k & GUARD_SPACE) && i + 2 < len &&
                    (((text[i + 1] == '-' || text[i + 1] == '|' ||
                       text[i + 1] == '/') && text[i + 2] == ' ') ||
                     (i + 4 < len &&
                      memcmp(text + i + 1, "\xe2\x80\xa2 ", 4) == 0)))
                        seps++;
                /* Characters of scripts that do not space their words:
                 * CJK ideographs, kana and their punctuation (U+3000 to
                 * U+9FFF, lead bytes E3 to E9) and Thai (U+0E00 to
                 * U+0E7F).  Hangul spaces its words like Latin. */
                if ((k & GUARD_CJK) ||
                    ((k & GUARD_E0) && i + 1 < len &&
                     ((unsigned char) text[i + 1] == 0xB8 ||
                      (unsigned char) text[i + 1] == 0xB9)))
                        unspaced++;
        }
        if (!(p->guard > 0))
                return 1;
        if ((double) chars < p->guard_chars)
                return 0;
        /* URLs: the bytes of every space-separated run holding "://" or
         * starting "www.". */
        for (i = 0; i < len;) {
                const char *sp = memchr(text + i, ' ', len - i);
                size_t e = sp != NULL ? (size_t) (sp - text) : len;

                if (e - i > 4 && (guard_has_scheme(text + i, e - i) ||
                                  strncmp(text + i, "www.", 4) == 0))
                        url += e - i;
                i = e + 1;
        }
        if (2 * url > len)
                return 0;
        /* Text without spaces between words (Chinese, Japanese, Thai)
         * has few words; judge it by its length instead. */
        if (2 * unspaced > chars)
                return ends || chars >= 40;
        if ((double) spaced < p->guard_words ||
            (double) words < p->guard_words)
                return 0;
        /* "Updated 7 days a week": a timestamp line's opening word. */
        if (precis__is_dateline_line(text))
                return 0;
        /* Timestamps, scores and table rows: numbers are much of a line
         * without sentence punctuation, or most of one with it (figures
         * in a sentence of financial news are still a sentence). */
        if ((!ends && (double) numeric >= p->guard_numeric_bare *
                                                  (double) words) ||
            (double) numeric >= p->guard_numeric * (double) words)
                return 0;
        /* Capitals only: a heading or a label set in upper case. */
        if (upper >= 2 && lower == 0)
                return 0;
        if (!ends) {
                /* No sentence punctuation: a short line is a fragment,
                 * and Title Case marks a heading or a menu. */
                if ((double) words < p->guard_bare_words)
                        return 0;
                /* Fields: "05/10/2018 - Posted by: Jane Doe - Category:
                 * Health", "Bars • Business • Travel". */
                if (seps >= 2 && capital * 10 >= cased * 4)
                        return 0;
                if (cased > 0 &&
                    (double) capital >= p->guard_title * (double) cased)
                        return 0;
        }
        /* A site notice inside a paragraph of text. */
        if (words <= 40 && precis__is_notice(text))
                return 0;
        return 1;
}

int precis__sentence_valid_p(const struct precis__score_params *p,
                             const char *text)
{
        char buf[PRECIS_TOKEN_MAX + 1];
        size_t len = strlen(text), pos = 0, tl, start;
        struct guard_words g = { 0 };

        while (precis_token_next(text, len, &pos, buf, &tl, &start))
                guard_count(&g, buf, tl, (unsigned char) text[start]);
        return sentence_valid_counted(p, text, &g);
}

/* ---- scorers ---------------------------------------------------------- */

/* Length guard: fragments and over-long sentences (photo captions glued
 * to the next sentence, lists run together) are poor summary sentences
 * even when they look central. */
static double score_length_factor(const struct model *m, size_t i)
{
        double w = (double) m->sv[i].words;

        if (w < m->p->min_words)
                return (w / m->p->min_words) * (w / m->p->min_words);
        if (w > m->p->max_words)
                return m->p->max_words / w;
        return 1;
}

/* Call @fn for every pair of sentences at most the window apart with a
 * positive cosine similarity.  Sentence i's weights are scattered into a
 * dense array once, so each pair costs one pass over the shorter list.
 * Returns 0 or -ENOMEM. */
static int model_walk(const struct model *m,
                      void (*fn)(void *ctx, size_t i, size_t j, double sim),
                      void *ctx)
{
        size_t i, j, win = model_window(m);
        uint32_t k;
        double *dense = calloc(m->vb.n > 0 ? m->vb.n : 1, sizeof(*dense));

        if (dense == NULL)
                return -ENOMEM;
        for (i = 0; i < m->n; i++) {
                const struct svec *a = &m->sv[i];

                if (a->norm == 0 || !m->in_graph[i])
                        continue;
                for (k = 0; k < a->n; k++)
                        dense[a->ids[k]] = a->w[k];
                for (j = i + 1; j < m->n && j <= i + win; j++) {
                        const struct svec *b = &m->sv[j];
                        double dot = 0;

                        if (b->norm == 0 || !m->in_graph[j])
                                continue;
                        for (k = 0; k < b->n; k++)
                                dot += dense[b->ids[k]] * b->w[k];
                        if (dot > 0)
                                fn(ctx, i, j, dot / (a->norm * b->norm));
                }
                for (k = 0; k < a->n; k++)
                        dense[a->ids[k]] = 0;
        }
        free(dense);
        return 0;
}

struct centrality {
        double *c;                            /* owned by score_default */
        const struct precis__score_params *p; /* borrowed */
};

static void centrality_edge(void *ctx, size_t i, size_t j, double sim)
{
        struct centrality *ce = ctx;

        ce->c[i] += ce->p->forward * sim;
        ce->c[j] += ce->p->backward * sim;
}

static int score_default(const struct model *m, double *score)
{
        struct centrality ce = { .p = m->p };
        double cmin = INFINITY, cmax = -INFINITY;
        size_t i;
        int rc;

        ce.c = calloc(m->n, sizeof(*ce.c));
        if (ce.c == NULL)
                return -ENOMEM;
        rc = model_walk(m, centrality_edge, &ce);
        if (rc != 0)
                goto out;
        for (i = 0; i < m->n; i++) {
                if (!m->in_graph[i])
                        continue;
                cmin = ce.c[i] < cmin ? ce.c[i] : cmin;
                cmax = ce.c[i] > cmax ? ce.c[i] : cmax;
        }
        /* Centrality scaled to [0, 1] so that the lead prior's weight means
         * the same on every article, whatever its length. */
        for (i = 0; i < m->n; i++) {
                double cn = cmax > cmin ? (ce.c[i] - cmin) / (cmax - cmin)
                                        : 1;
                double lead = m->p->lead / (1.0 + (double) m->pos[i]);

                score[i] = (cn + lead) * score_length_factor(m, i);
        }
out:
        free(ce.c);
        return rc;
}

struct edges {
        uint32_t *i, *j; /* owned: endpoints */
        float *w;        /* owned: similarity */
        size_t n, cap;
        int rc;          /* -ENOMEM once an append failed */
};

static void edges_add(void *ctx, size_t i, size_t j, double sim)
{
        struct edges *e = ctx;

        if (e->rc != 0)
                return;
        {
                /* Three arrays, one capacity: i and j grow first, on
                 * copies of it, so that a failure leaves them larger than
                 * needed, never smaller. */
                size_t cap_i = e->cap, cap_j = e->cap;

                if (PRECIS_GROW(e->i, e->n, cap_i, 1024) != 0 ||
                    PRECIS_GROW(e->j, e->n, cap_j, 1024) != 0 ||
                    PRECIS_GROW(e->w, e->n, e->cap, 1024) != 0) {
                        e->rc = -ENOMEM;
                        return;
                }
        }
        e->i[e->n] = (uint32_t) i;
        e->j[e->n] = (uint32_t) j;
        e->w[e->n] = (float) sim;
        e->n++;
}

static int score_textrank(const struct model *m, double *score)
{
        struct edges e = { 0 };
        double *deg = calloc(m->n, sizeof(double));
        double *next = calloc(m->n, sizeof(double));
        size_t i, k, it;
        int rc;

        if (deg == NULL || next == NULL) {
                rc = -ENOMEM;
                goto out;
        }
        rc = model_walk(m, edges_add, &e);
        if (rc == 0)
                rc = e.rc;
        if (rc != 0)
                goto out;
        for (k = 0; k < e.n; k++) {
                deg[e.i[k]] += e.w[k];
                deg[e.j[k]] += e.w[k];
        }
        for (i = 0; i < m->n; i++)
                score[i] = 1.0 / (double) m->n;
        /* Power iteration with damping 0.85; 30 rounds converge on news
         * lengths, and the loop stops early once the ranks settle. */
        for (it = 0; it < 30; it++) {
                double delta = 0;

                for (i = 0; i < m->n; i++)
                        next[i] = 0;
                for (k = 0; k < e.n; k++) {
                        next[e.i[k]] += e.w[k] / deg[e.j[k]] * score[e.j[k]];
                        next[e.j[k]] += e.w[k] / deg[e.i[k]] * score[e.i[k]];
                }
                for (i = 0; i < m->n; i++) {
                        double v = 0.15 / (double) m->n + 0.85 * next[i];

                        delta += fabs(v - score[i]);
                        score[i] = v;
                }
                if (delta < 1e-7)
                        break;
        }
out:
        free(e.i);
        free(e.j);
        free(e.w);
        free(deg);
        free(next);
        return rc;
}

static int score_lead(const struct model *m, double *score)
{
        size_t i;

        for (i = 0; i < m->n; i++)
                score[i] = 1.0 / (1.0 + (double) m->pos[i]);
        return 0;
}

/* ---- selection ------------------------------------------------------- */

struct rank {
        size_t i;
        double s;
};

static int cmp_rank(const void *a, const void *b)
{
        const struct rank *x = a, *y = b;

        if (x->s != y->s)
                return x->s > y->s ? -1 : 1;
        return x->i < y->i ? -1 : x->i > y->i;
}

static int cmp_pick(const void *a, const void *b)
{
        const struct precis_pick *x = a, *y = b;

        return x->index < y->index ? -1 : x->index > y->index;
}

/* Choose sentences best-first: up to @want sentences, or until @words
 * words are reached when @words > 0.  Valid body sentences come first,
 * then other valid prose (see SUMMARY_TIER_*).  A candidate too similar
 * to a chosen sentence is passed over while others remain. */
static int select_picks(const struct model *m,
                        const struct precis_sentences *s, const double *score,
                        size_t want, size_t words, double redundancy,
                        struct precis_summary *out)
{
        struct rank *r = malloc(m->n * sizeof(*r));
        unsigned char *taken = calloc(m->n, 1);
        size_t i, k, pass, got = 0, nwords = 0;
        unsigned tier;
        int rc = 0;

        out->picks = calloc(want, sizeof(*out->picks));
        if (r == NULL || taken == NULL || out->picks == NULL) {
                rc = -ENOMEM;
                goto out;
        }
        for (i = 0; i < m->n; i++) {
                r[i].i = i;
                r[i].s = score[i];
        }
        qsort(r, m->n, sizeof(*r), cmp_rank);
        for (tier = SUMMARY_TIER_BODY; tier <= SUMMARY_TIER_LAST; tier++) {
                if (got >= want || (tier == SUMMARY_TIER_LAST && got > 0))
                        break;
                for (pass = 0; pass < 2 && got < want; pass++) {
                        for (k = 0; k < m->n && got < want; k++) {
                                size_t c = r[k].i, q;
                                int dup = 0;

                                if (taken[c] || m->tier[c] > tier)
                                        continue;
                                for (q = 0; pass == 0 && q < got; q++)
                                        if (svec_cos(&m->sv[c],
                                                     &m->sv[out->picks[q]
                                                                    .index]) >
                                            redundancy)
                                                dup = 1;
                                if (dup)
                                        continue;
                                /* Over a word budget: skip a sentence that
                                 * does not fit, unless nothing is chosen
                                 * yet. */
                                if (words > 0 && got > 0 &&
                                    nwords + m->sv[c].words > words)
                                        continue;
                                taken[c] = 1;
                                out->picks[got].index = c;
                                out->picks[got].score = r[k].s;
                                out->picks[got].text = s->v[c].text;
                                nwords += m->sv[c].words;
                                got++;
                        }
                }
        }
        out->n_picks = got;
        qsort(out->picks, got, sizeof(*out->picks), cmp_pick);
out:
        free(r);
        free(taken);
        return rc;
}

/* ---- keywords -------------------------------------------------------- */

static int cmp_kw(const void *a, const void *b)
{
        const struct precis_keyword *x = a, *y = b;

        if (x->weight != y->weight)
                return x->weight > y->weight ? -1 : 1;
        return strcmp(x->term, y->term);
}

/* Reporting verbs and other words of news prose that say nothing about
 * the topic, per language (lower-case; compared by stem, so "said" also
 * covers "says" where the stemmer joins them).  Small on purpose: the
 * stopword lists already hold the grammatical words. */
static const struct {
        const char *lang;
        const char *const *words;
} keyword_function_words[] = {
        { "english", (const char *const[]) {
                  "said", "say", "says", "saying", "told", "tell", "tells",
                  "according", "added", "asked", "reported", "stated",
                  "noted", "claimed", "explained", "discussed", "described",
                  "announced", "spokesman", "spokeswoman", "mr", "mrs", "ms",
                  "dr", "also", "would", "could", "year", "years", "week",
                  "monday", "tuesday", "wednesday", "thursday", "friday",
                  "saturday", "sunday", "today", "yesterday", NULL } },
        { "german", (const char *const[]) {
                  "sagte", "sagt", "sagten", "erklärte", "berichtete",
                  "laut", "teilte", "hieß", "jahr", "jahre", NULL } },
        { "french", (const char *const[]) {
                  "dit", "déclaré", "selon", "affirmé", "indiqué",
                  "expliqué", "annoncé", "année", "ans", NULL } },
        { "spanish", (const char *const[]) {
                  "dijo", "afirmó", "según", "señaló", "explicó",
                  "aseguró", "indicó", "año", "años", NULL } },
        { "portuguese", (const char *const[]) {
                  "disse", "afirmou", "segundo", "explicou", "disseram",
                  "informou", "ano", "anos", NULL } },
        { "italian", (const char *const[]) {
                  "detto", "dichiarato", "secondo", "spiegato", "affermato",
                  "anno", "anni", NULL } },
        { "dutch", (const char *const[]) {
                  "zei", "zegt", "volgens", "aldus", "jaar", NULL } },
};

/* Mark the function words of the article's language in the vocabulary. */
static int keywords_mark_function(struct model *m)
{
        const char *lang = precis_lang_name(m->lang);
        size_t i, k;

        for (i = 0; i < sizeof(keyword_function_words) /
                                sizeof(keyword_function_words[0]);
             i++) {
                const char *const *w = keyword_function_words[i].words;

                if (strcmp(lang, keyword_function_words[i].lang) != 0)
                        continue;
                for (k = 0; w[k] != NULL; k++) {
                        size_t sl;
                        const char *st = precis_lang_stem(m->lang, w[k],
                                                          strlen(w[k]), &sl);
                        long id;

                        if (st == NULL)
                                return -ENOMEM;
                        id = vocab_find(&m->vb, st, sl);
                        if (id >= 0)
                                m->vb.v[id].function = 1;
                }
        }
        return 0;
}

/* The form of word @e a keyword shows: as written inside sentences when
 * it is mostly capitalised there (a name: "Trump", "NATO"), else the
 * lower-cased form. */
static const char *keyword_surface(const struct vocab_entry *e)
{
        if (e->cased != NULL && e->n_upper > e->n_lower)
                return e->cased;
        return e->surface;
}

/* Whether a word may be a keyword, alone or in a phrase. */
static int keyword_word_ok(const struct vocab_entry *e)
{
        const char *sf = e->surface;
        size_t digits = 0, k;

        for (k = 0; sf[k] != '\0'; k++)
                digits += sf[k] >= '0' && sf[k] <= '9';
        return e->tf > 0 && digits < k && k >= 3 && !e->function;
}

/* Keywords: stems weighted by how often and how widely they occur in the
 * article (tf times the share of sentences using them, damped), earlier
 * first use and a title mention counting extra.  A pair of adjacent words
 * that recurs ("White House", "safe zones") is a keyword of its own,
 * weighted the same way and doubled for naming one thing in two words; a
 * word used only inside such a pair is not listed alone.  Article-internal
 * statistics only, so results do not depend on a shipped corpus. */
/* Move the @want best of the @n keywords at @v, best first, to its front;
 * returns how many there are.  A partial insertion sort: an article has
 * hundreds of candidates for ten places, and sorting them all was 2% of
 * `precis import`. */
static size_t keywords_top(struct precis_keyword *v, size_t n, size_t want)
{
        size_t i, j, k = 0;

        for (i = 0; i < n; i++) {
                struct precis_keyword x = v[i];

                if (k == want && cmp_kw(&x, &v[k - 1]) >= 0)
                        continue;
                /* v[i] is saved: k <= i, so nothing unread is written. */
                j = k < want ? k++ : k - 1;
                while (j > 0 && cmp_kw(&x, &v[j - 1]) < 0) {
                        v[j] = v[j - 1];
                        j--;
                }
                v[j] = x;
        }
        return k;
}

static int keywords_pick(struct model *m, unsigned want,
                         struct precis_summary *out)
{
        struct precis_keyword *v;
        uint32_t *inside = NULL;
        size_t i, n = 0;
        int rc;

        if (want == 0 || m->vb.n == 0)
                return 0;
        rc = keywords_mark_function(m);
        if (rc != 0)
                return rc;
        v = calloc(m->vb.n + m->ph.n, sizeof(*v));
        inside = calloc(m->vb.n, sizeof(*inside));
        if (v == NULL || inside == NULL) {
                free(v);
                free(inside);
                return -ENOMEM;
        }
        for (i = 0; i < m->ph.n; i++) {
                struct phrase *p = &m->ph.v[i];
                const struct vocab_entry *a = &m->vb.v[p->a];
                const struct vocab_entry *b = &m->vb.v[p->b];

                if (p->n < 2 || !keyword_word_ok(a) || !keyword_word_ok(b))
                        continue;
                /* Seen only opening sentences: "Safe zones" is "safe
                 * zones" when its second word is in lower case. */
                if (p->at_start && p->surface[0] >= 'A' &&
                    p->surface[0] <= 'Z') {
                        const char *sp = strchr(p->surface, ' ');

                        if (sp != NULL && sp[1] >= 'a' && sp[1] <= 'z')
                                p->surface[0] = (char) (p->surface[0] + 32);
                }
                v[n].term = p->surface;
                v[n].weight = 2.0 * (double) p->n *
                              log(1.0 + (double) p->df) *
                              (1.0 + 1.0 / (1.0 + p->first)) *
                              (a->in_title && b->in_title ? 2.0 : 1.0);
                inside[p->a] += p->n;
                inside[p->b] += p->n;
                n++;
        }
        for (i = 0; i < m->vb.n; i++) {
                const struct vocab_entry *e = &m->vb.v[i];

                if (!keyword_word_ok(e) || inside[i] >= e->tf)
                        continue;
                v[n].term = (char *) keyword_surface(e);
                v[n].weight = (double) e->tf *
                              log(1.0 + (double) e->df) *
                              (1.0 + 1.0 / (1.0 + e->first)) *
                              (e->in_title ? 2.0 : 1.0);
                n++;
        }
        free(inside);
        n = keywords_top(v, n, want);
        for (i = 0; i < n; i++) {
                v[i].term = strdup(v[i].term);
                if (v[i].term == NULL) {
                        while (i-- > 0)
                                free(v[i].term);
                        free(v);
                        return -ENOMEM;
                }
        }
        out->keywords = v;
        out->n_keywords = n;
        return 0;
}

/* ---- entry point ----------------------------------------------------- */

/* Whether no token of @p (@plen bytes) can run across byte offset @e:
 * the text ends or starts there, or whitespace is on one side. */
static bool detect_boundary_ok(const char *p, size_t plen, size_t e)
{
        static const char ws[] = " \t\n\r\f\v";

        return e == 0 || e >= plen || strchr(ws, p[e - 1]) != NULL ||
               strchr(ws, p[e]) != NULL;
}

/* Count the stopword hits of the paragraphs from the sentences' tokens,
 * plus those of the text between sentences (a dateline, say).  The same
 * counts as tokenizing the paragraphs, provided each sentence is its
 * paragraph's text at its start and is cut from the rest at whitespace;
 * false (and @hits to be thrown away) when they are not. */
static bool detect_count_tokens(const struct precis_text *t,
                                const struct precis_sentences *s,
                                struct tokens *tk,
                                size_t hits[PRECIS__LANG_LISTS])
{
        size_t j = 0, pi, k;

        for (pi = 0; pi < t->n_paras; pi++) {
                const char *p = t->paras[pi];
                size_t plen = strlen(p), at = 0;

                for (; j < s->n && s->v[j].para == pi; j++) {
                        const struct precis_sentence *v = &s->v[j];
                        size_t len = strlen(v->text);

                        if (v->start < at || v->start > plen ||
                            len > plen - v->start ||
                            memcmp(p + v->start, v->text, len) != 0 ||
                            !detect_boundary_ok(p, plen, v->start) ||
                            !detect_boundary_ok(p, plen, v->start + len))
                                return false;
                        precis__lang_count_text(hits, p + at, v->start - at);
                        for (k = tk->first[j]; k < tk->first[j + 1]; k++) {
                                const struct token *w = &tk->v[k];
                                struct token_word *tw = &tk->words[w->word];

                                /* As precis__lang_count_token(), with the
                                 * lists looked up once per word. */
                                if (tw->len == 1 && v->text[w->end] == '.')
                                        continue;
                                if (!tw->listed) {
                                        tw->lists = precis__lang_token_lists(
                                                tk->forms + tw->form,
                                                tw->len);
                                        tw->listed = true;
                                }
                                precis__lang_count_lists(hits, tw->lists);
                        }
                        at = v->start + len;
                }
                precis__lang_count_text(hits, p + at, plen - at);
        }
        return j == s->n;
}

/* The language of the article: its paragraphs' script, then, where the
 * script leaves a choice, their stopwords (precis_lang_detect() on the
 * paragraphs joined by newlines, at most 64 KiB).  The stopwords are
 * counted from the sentences' tokens when those cover the whole text
 * exactly: tokenizing it a second time was 6% of `precis import`. */
static const char *summary_detect(const struct precis_text *t,
                                  const struct precis_sentences *s,
                                  struct tokens *tk)
{
        struct precis__lang_guess g;
        size_t hits[PRECIS__LANG_LISTS] = { 0 };
        char *buf;
        size_t i, n = 0, cap = 65536, total = 0;

        buf = malloc(cap);
        if (buf == NULL)
                return "english";
        for (i = 0; i < t->n_paras; i++)
                total += strlen(t->paras[i]) + 1;
        for (i = 0; i < t->n_paras && n + 1 < cap; i++) {
                size_t l = strlen(t->paras[i]);

                if (l > cap - n - 1)
                        l = cap - n - 1;
                memcpy(buf + n, t->paras[i], l);
                n += l;
                if (n + 1 < cap)
                        buf[n++] = '\n';
        }
        precis__lang_guess_script(buf, n, &g);
        if (g.name != NULL) {
                free(buf);
                return g.name;
        }
        /* Every paragraph whole in the buffer, and nothing cut by the
         * 64 KiB limit: the tokens are the buffer's tokens. */
        if (total >= cap || !detect_count_tokens(t, s, tk, hits)) {
                memset(hits, 0, sizeof(hits));
                precis__lang_count_text(hits, buf, n);
        }
        free(buf);
        return precis__lang_choose(&g, hits);
}

static const struct summary_algorithm {
        const char *name;
        int (*score)(const struct model *m, double *score);
        bool redundancy;
} summary_table[] = {
#define SUMMARY_ENTRY(name, scorer, redundancy) { name, scorer, redundancy },
        SUMMARY_ALGORITHMS(SUMMARY_ENTRY)
#undef SUMMARY_ENTRY
};

int precis_summarize(const struct precis_text *t,
                     const struct precis_sentences *s,
                     const struct precis_summary_opts *o,
                     struct precis_summary *out, struct precis_error *err)
{
        struct precis_summary_opts def;
        struct precis__score_params params;
        struct model m = { 0 };
        const struct summary_algorithm *algo;
        const char *alg, *lang;
        double *score = NULL;
        size_t want, words = 0, i;
        int rc;

        memset(out, 0, sizeof(*out));
        if (o == NULL) {
                precis_summary_opts_init(&def);
                o = &def;
        }
        alg = o->algorithm != NULL ? o->algorithm : "default";
        for (i = 0; i < sizeof(summary_table) / sizeof(summary_table[0]);
             i++)
                if (strcmp(alg, summary_table[i].name) == 0)
                        break;
        if (i == sizeof(summary_table) / sizeof(summary_table[0]))
                return precis_summary_algorithm_check(alg, err);
        algo = &summary_table[i];
        out->algorithm = algo->name;
        out->algorithm_version = SUMMARY_VERSION;
        if (!(o->length > 0))
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "summary length must be positive");
        if (o->unit == PRECIS_LENGTH_RATIO && o->length > 1)
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "ratio must be at most 100%%");
        if (s->n == 0)
                return precis_error_set(err, PRECIS_E_EMPTY,
                                        "no sentences to summarize");
        rc = tokens_build(&m.tk, s);
        if (rc != 0)
                goto fail;
        if (o->language == NULL || strcmp(o->language, "auto") == 0) {
                lang = summary_detect(t, s, &m.tk);
        } else {
                rc = precis_lang_resolve(o->language, &lang, err);
        }
        if (rc == 0)
                rc = precis_lang_open(lang, &m.lang, err);
        if (rc != 0) {
                /* @err says which language, and why. */
                model_done(&m);
                return rc;
        }
        snprintf(out->language, sizeof(out->language), "%s", lang);
        if (summary_params_set)
                params = summary_params;
        else
                precis__score_params_default(&params);
        m.p = &params;
        rc = model_build(&m, t, s);
        if (rc != 0)
                goto fail;
        score = calloc(s->n, sizeof(*score));
        if (score == NULL) {
                rc = -ENOMEM;
                goto fail;
        }
        rc = algo->score(&m, score);
        if (rc != 0)
                goto fail;
        switch (o->unit) {
        case PRECIS_LENGTH_WORDS:
                want = s->n;
                words = (size_t) o->length;
                break;
        case PRECIS_LENGTH_RATIO: {
                /* A share of the article's prose, not of its chrome. */
                size_t prose = 0;

                for (i = 0; i < m.n; i++)
                        prose += m.tier[i] != SUMMARY_TIER_LAST;
                want = (size_t) ceil(o->length *
                                     (double) (prose > 0 ? prose : s->n));
                break;
        }
        default:
                want = (size_t) o->length;
                break;
        }
        if (want < 1)
                want = 1;
        if (want > s->n)
                want = s->n;
        rc = select_picks(&m, s, score, want, words,
                          algo->redundancy ? params.redundancy : 2.0,
                          out);
        if (rc != 0)
                goto fail;
        rc = keywords_pick(&m, o->keywords, out);
        if (rc != 0)
                goto fail;
        free(score);
        model_done(&m);
        return 0;
fail:
        free(score);
        model_done(&m);
        precis_summary_done(out);
        return precis_error_set(err, rc, NULL);
}

void precis_summary_done(struct precis_summary *sum)
{
        size_t i;

        for (i = 0; i < sum->n_keywords; i++)
                free(sum->keywords[i].term);
        free(sum->keywords);
        free(sum->picks);
        memset(sum, 0, sizeof(*sum));
}
