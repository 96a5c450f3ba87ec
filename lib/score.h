#ifndef PRECIS_SCORE_INTERNAL_H
#define PRECIS_SCORE_INTERNAL_H

/* Internal: the parameters of the default scorer, exposed to the
 * evaluation tools so that they can measure how sensitive the results are
 * to each one.  Not part of the public API. */

struct precis__score_params {
        double forward;     /* weight of edges to later sentences */
        double backward;    /* weight of edges to earlier sentences */
        double min_words;   /* below this, a sentence is a fragment */
        double max_words;   /* above this, a sentence is over-long */
        double redundancy;  /* cosine above which a pick is redundant */
        double lead;        /* lead prior: adds lead / (1 + i) */
        double idf;         /* 1: TF-IDF weights, 0: TF only */
        int window;         /* graph neighbours on each side, long inputs */
        double roles;       /* 1: only body sentences are candidates and
                             * only prose is in the graph; 0: every
                             * sentence counts as body (for measuring) */
        double guard;       /* 1: the validity guard is on; 0: off */
        double guard_chars; /* a sentence has at least this many
                             * characters */
        double guard_words; /* ... and this many words */
        double guard_bare_words; /* ... or this many without sentence
                                  * punctuation */
        double guard_title; /* share of capitalised long words that makes
                             * a line without punctuation a heading */
        double guard_numeric_bare; /* share of numeric tokens that makes
                                    * a line without punctuation a
                                    * timestamp or table row */
        double guard_numeric; /* the same share with punctuation */
};

/* The defaults, as shipped. */
void precis__score_params_default(struct precis__score_params *p);

/* Set one parameter from "name=value" (names as the fields above).
 * Returns 0 or PRECIS_E_INVAL. */
int precis__score_params_parse(struct precis__score_params *p,
                               const char *assignment);

/* Replace the parameters used by the "default" algorithm (eval tools
 * only; not thread-safe). NULL restores the defaults. */
void precis__score_params_set(const struct precis__score_params *p);

/* The validity guard: whether @text reads as a sentence a summary may
 * show.  Rejects fragments (under 25 bytes, under 5 words in scripts that
 * space words, or under 8 words with no sentence punctuation), headings
 * (no sentence punctuation and mostly capitalised words, or no lower-case
 * letter at all), timestamps and table rows (many numeric tokens), and
 * lines that are mostly URLs.  Returns 1 or 0. */
int precis__sentence_valid(const char *text);

/* The same with the guard parameters of @p. */
int precis__sentence_valid_p(const struct precis__score_params *p,
                             const char *text);

#endif /* PRECIS_SCORE_INTERNAL_H */
