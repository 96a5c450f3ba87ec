#ifndef PRECIS_STOPWORDS_H
#define PRECIS_STOPWORDS_H

#include <stddef.h>
#include <stdint.h>

/* Internal: the built-in stopword lists behind precis_lang_is_stopword().
 * The words are in lib/gen/stopwords-lists.c; here each list is known by
 * its language, and a word by the set of lists holding it. */

struct precis__stopwords {
        const char *lang;          /* Snowball name of the language */
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
