#ifndef PRECIS_SUMMARY_H
#define PRECIS_SUMMARY_H

#include <stddef.h>

#include <precis/error.h>
#include <precis/extract.h>
#include <precis/segment.h>

/* Extractive summarization: scores sentences and selects a summary. */

enum precis_length_unit {
        PRECIS_LENGTH_SENTENCES = 0, /* length = number of sentences */
        PRECIS_LENGTH_WORDS,         /* length = word budget */
        PRECIS_LENGTH_RATIO,         /* length = share of sentences, 0..1 */
};

struct precis_summary_opts {
        const char *algorithm;        /* borrowed; NULL or "default" */
        const char *language;         /* borrowed; NULL or "auto" detects */
        enum precis_length_unit unit; /* how to read length */
        double length;                /* see unit */
        unsigned keywords;            /* keywords to return */
};

struct precis_pick {
        size_t index;     /* sentence index in the article */
        double score;     /* the algorithm's score (higher is better) */
        const char *text; /* borrowed from the precis_sentences */
};

struct precis_keyword {
        char *term;    /* owned UTF-8: the most frequent surface form */
        double weight; /* higher is more characteristic */
};

struct precis_summary {
        char language[24];               /* language used, e.g. "english" */
        const char *algorithm;           /* static name of the algorithm */
        int algorithm_version;           /* bumped when its output changes */
        struct precis_pick *picks;       /* owned; article order */
        size_t n_picks;                  /* entries in picks */
        struct precis_keyword *keywords; /* owned; best first */
        size_t n_keywords;               /* entries in keywords */
};

/* Defaults: algorithm "default", language auto, 5 sentences, 10 keywords. */
void precis_summary_opts_init(struct precis_summary_opts *o);

/* The one length grammar (config file and command line).  A number of
 * sentences or words is whole, from 1 to 1,000,000; a ratio is a share in
 * (0, 1] or a percentage in (0%, 100%], stored as the share. */

/* Parse a length with its unit: "5" sentences, "120w" words, "20%" ratio.
 * Returns 0 or PRECIS_E_INVAL. */
int precis_summary_length_parse(const char *s, enum precis_length_unit *unit,
                                double *length);

/* Parse the number of a length whose unit is known (--sentences N,
 * --words N, --ratio 0.2 or 20%).  Returns 0 or PRECIS_E_INVAL. */
int precis_summary_length_value(const char *s, enum precis_length_unit unit,
                                double *length);

/* Names of the algorithms, NULL-terminated; the first is the default. */
const char *const *precis_summary_algorithms(void);

/* 0 if @name is an algorithm, else PRECIS_E_INVAL with "unknown algorithm
 * 'x'; did you mean 'y'? (choose a, b or c)" in @err. */
int precis_summary_algorithm_check(const char *name,
                                   struct precis_error *err);

/* Summarize sentences @s of text @t with options @o (nullable: defaults).
 * On success fills @out (release with precis_summary_done()); picks borrow
 * text from @s, which must outlive @out.  Errors: PRECIS_E_INVAL (unknown
 * algorithm, bad length), PRECIS_E_LANG (unknown language), PRECIS_E_EMPTY
 * (no sentences), -ENOMEM. */
int precis_summarize(const struct precis_text *t,
                     const struct precis_sentences *s,
                     const struct precis_summary_opts *o,
                     struct precis_summary *out, struct precis_error *err);

/* Free what @sum owns and zero it. */
void precis_summary_done(struct precis_summary *sum);

#endif /* PRECIS_SUMMARY_H */
