#ifndef PRECIS_STOPWORDS_H
#define PRECIS_STOPWORDS_H

#include <stddef.h>
#include <stdint.h>

/* Internal: the built-in stopword lists behind precis_lang_is_stopword().
 * Each list is sorted by byte value (strcmp order) and holds lower-case
 * NFC UTF-8 words, with ASCII apostrophes as precis_token_next() writes
 * them. */

struct precis__stopwords {
        const char *lang;          /* Snowball name of the language */
        const char *const *words;  /* sorted, unique; static */
        size_t n;                  /* entries in words */
};

/* Every list, terminated by an entry whose lang is NULL. */
extern const struct precis__stopwords precis__stopword_lists[];

/* The list of Snowball language @lang, or NULL when there is none. */
const struct precis__stopwords *precis__stopwords_find(const char *lang);

/* The lists holding the @len bytes at @w: bit i stands for
 * precis__stopword_lists[i] (at most 32 lists).  One hash probe; safe from
 * any thread. */
uint32_t precis__stopwords_mask(const char *w, size_t len);

/* Whether the @len bytes at @w are a word of @sw (NULL: never). */
int precis__stopwords_has(const struct precis__stopwords *sw, const char *w,
                          size_t len);

#endif /* PRECIS_STOPWORDS_H */
