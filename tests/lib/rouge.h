#ifndef PRECIS_TEST_ROUGE_H
#define PRECIS_TEST_ROUGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum (Lin 2004) with the conventions
 * of ../shared/tools/rouge.py (and so of Google's rouge-score package):
 *
 * - tokens: lower-case, every run of characters outside [a-z0-9] is a
 *   separator; with stemming, tokens longer than 3 characters go through the
 *   Porter stemmer, by default as NLTK's PorterStemmer runs it (its default
 *   mode, which rouge.py --stem uses);
 * - ROUGE-N: clipped n-gram overlap over the whole token stream;
 * - ROUGE-L: LCS of the two whole token streams;
 * - ROUGE-Lsum: summary-level LCS over newline-separated sentences;
 * - F = 2PR / (P + R), 0 when P + R = 0.
 *
 * The scorer interns tokens as integer ids so that n-gram and LCS work is
 * on integers; it is not thread-safe (one per thread). */

enum rouge_metric {
        ROUGE_1 = 0,
        ROUGE_2,
        ROUGE_L,
        ROUGE_LSUM,
        ROUGE_N_METRICS,
};

struct rouge_prf {
        double p; /* precision, 0..1 */
        double r; /* recall, 0..1 */
        double f; /* F1, 0..1 */
};

struct rouge_scores {
        struct rouge_prf m[ROUGE_N_METRICS]; /* indexed by enum rouge_metric */
};

/* How tokens longer than 3 characters are stemmed. */
enum rouge_stemmer {
        ROUGE_STEM_NONE = 0, /* not at all */
        ROUGE_STEM_NLTK,     /* NLTK's PorterStemmer, default mode */
        ROUGE_STEM_PORTER,   /* libstemmer's "porter": Porter's original */
};

struct rouge;

/* Short names of the metrics as rouge.py's JSON spells them ("rouge1", ...)
 * and as printed ("R-1", ...). */
extern const char *const rouge_metric_key[ROUGE_N_METRICS];
extern const char *const rouge_metric_label[ROUGE_N_METRICS];

/* Create a scorer stemming with @stem.  On success *ret owns it (release
 * with rouge_free()).  Returns 0, -ENOMEM, or -ENOENT for
 * ROUGE_STEM_PORTER when libstemmer has no "porter" algorithm. */
int rouge_new(enum rouge_stemmer stem, struct rouge **ret);

/* The stemmer named @name ("nltk", "porter" or "none"); returns 0 or
 * -EINVAL. */
int rouge_stemmer_parse(const char *name, enum rouge_stemmer *ret);

/* Free @r (NULL is a no-op); returns NULL. */
struct rouge *rouge_free(struct rouge *r);

/* Tokenize @len bytes of @text (UTF-8; invalid bytes are separators).  On
 * success *ret_ids is an array of *ret_n token ids (the caller owns it and
 * releases it with rouge_ids_free(); NULL when there are no tokens).
 * Returns 0 or -ENOMEM. */
int rouge_tokenize(struct rouge *r, const char *text, size_t len,
                   uint32_t **ret_ids, size_t *ret_n);

/* Free an id array from rouge_tokenize() (NULL is a no-op).  A function
 * of its own so that callers built with cmocka's allocation checks, which
 * redefine free() in their own file, release it with the matching free. */
void rouge_ids_free(uint32_t *ids);

/* The string of token @id (borrowed from @r; valid until rouge_free()). */
const char *rouge_token_str(const struct rouge *r, uint32_t id);

/* Stem one lower-case ASCII word with the scorer's stemmer, whatever its
 * length (the tokenizer only stems words longer than 3 characters).
 * Returns a string borrowed from @r, valid until the next call, or NULL on
 * -ENOMEM. */
const char *rouge_stem(struct rouge *r, const char *word);

/* Score hypothesis @hyp against reference @ref (both UTF-8, one sentence
 * per line for ROUGE-Lsum).  Returns 0 or -ENOMEM. */
int rouge_score(struct rouge *r, const char *ref, size_t ref_len,
                const char *hyp, size_t hyp_len, struct rouge_scores *out);

#endif /* PRECIS_TEST_ROUGE_H */
