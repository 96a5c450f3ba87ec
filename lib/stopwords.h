#ifndef PRECIS_STOPWORDS_H
#define PRECIS_STOPWORDS_H

#include <stddef.h>

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

/* Whether the @len bytes at @w are a word of @sw (NULL: never).  A binary
 * search: it runs once per token of every document. */
int precis__stopwords_has(const struct precis__stopwords *sw, const char *w,
                          size_t len);

#endif /* PRECIS_STOPWORDS_H */
