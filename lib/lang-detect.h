#ifndef PRECIS_LANG_DETECT_H
#define PRECIS_LANG_DETECT_H

#include <stddef.h>
#include <stdint.h>

/* Internal: precis_lang_detect() in its steps, so that the summarizer,
 * which tokenizes every sentence anyway, can count stopwords from its own
 * tokens instead of tokenizing the text a second time. */

/* Stopword lists counted at most (a list is a bit of a 32-bit mask). */
#define PRECIS__LANG_LISTS 32

struct precis__lang_guess {
        const char *name;     /* decided by the script; NULL: by stopwords */
        const char *only;     /* lists allowed then, space-separated (NULL:
                               * all but Hindi and Nepali) */
        const char *fallback; /* when no list has enough hits */
};

/* Step 1: the script of the first 64 KiB of @s (@len bytes). */
void precis__lang_guess_script(const char *s, size_t len,
                               struct precis__lang_guess *g);

/* Step 2: count token @w (@len bytes, lower-cased as precis_token_next()
 * writes it), followed in its text by byte @next ('\0' at the end). */
void precis__lang_count_token(size_t hits[PRECIS__LANG_LISTS], const char *w,
                              size_t len, char next);

/* Step 2 in two halves, for a caller that meets the same word often:
 * the lists holding token @w (a bit each), computed once per word ... */
uint32_t precis__lang_token_lists(const char *w, size_t len);

/* ... and added to @hits at every occurrence that counts (not an initial:
 * a one-letter token followed by '.'). */
void precis__lang_count_lists(size_t hits[PRECIS__LANG_LISTS],
                              uint32_t lists);

/* Step 2 over a whole text: every token of @s (@len bytes). */
void precis__lang_count_text(size_t hits[PRECIS__LANG_LISTS], const char *s,
                             size_t len);

/* Step 3: the language of the list with the most hits among those @g
 * allows (ties to the earlier list), or g->fallback below the minimum. */
const char *precis__lang_choose(const struct precis__lang_guess *g,
                                const size_t hits[PRECIS__LANG_LISTS]);

#endif /* PRECIS_LANG_DETECT_H */
