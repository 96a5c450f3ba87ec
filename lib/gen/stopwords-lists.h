#ifndef PRECIS_GEN_STOPWORDS_LISTS_H
#define PRECIS_GEN_STOPWORDS_LISTS_H

#include <stddef.h>

/* The built-in stopword lists, as written: read at build time by
 * gen-stopwords.c, which turns them into the constant hash table that
 * lib/stopwords.c looks words up in, and by the unit tests.  Not linked
 * into the programs.  Each list holds lower-case NFC UTF-8 words, with
 * ASCII apostrophes as precis_token_next() writes them, sorted by byte
 * value and unique (tests/unit/test-lang.c checks it). */

struct stopword_list {
        const char *lang;          /* Snowball name of the language */
        const char *const *words;  /* sorted, unique; static */
        size_t n;                  /* entries in words */
};

/* Every list, terminated by an entry whose lang is NULL.  At most 32:
 * a word's lists are a 32-bit mask. */
extern const struct stopword_list stopword_lists[];

#endif /* PRECIS_GEN_STOPWORDS_LISTS_H */
