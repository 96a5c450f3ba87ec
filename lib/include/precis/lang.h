#ifndef PRECIS_LANG_H
#define PRECIS_LANG_H

#include <stddef.h>

#include <precis/error.h>

/* Languages: Snowball stemmers (libstemmer), stopword lists and language
 * detection.  A struct precis_lang holds a stemmer, which is not
 * thread-safe: use one per thread. */

struct precis_lang;

/* Canonical Snowball name ("english", "german", ...) for @name, which may
 * be a Snowball name, an ISO 639-1/639-3 code ("en", "deu") or an English
 * language name in any case.  Returns 0 and sets *ret_name (static string),
 * or PRECIS_E_LANG with a message listing the supported names. */
int precis_lang_resolve(const char *name, const char **ret_name,
                        struct precis_error *err);

/* NULL-terminated list of the supported canonical names (static). */
const char *const *precis_lang_names(void);

/* Guess the language of UTF-8 text @s (@len bytes) from stopword and
 * character statistics; returns a canonical name, "english" when unsure. */
const char *precis_lang_detect(const char *s, size_t len);

/* Open language @name (resolved as above).  *ret owns a new handle (free
 * with precis_lang_close()).  Errors: PRECIS_E_LANG, -ENOMEM. */
int precis_lang_open(const char *name, struct precis_lang **ret,
                     struct precis_error *err);

/* Close @l (NULL is a no-op); returns NULL. */
struct precis_lang *precis_lang_close(struct precis_lang *l);

/* Canonical name of @l (static string). */
const char *precis_lang_name(const struct precis_lang *l);

/* Whether lower-cased UTF-8 word @w (@len bytes) is a stopword of @l.
 * Languages without a list have no stopwords. */
int precis_lang_is_stopword(const struct precis_lang *l, const char *w,
                            size_t len);

/* Stem lower-cased UTF-8 word @w (@len bytes).  Returns a pointer owned by
 * @l, valid until the next call on @l, and its length in *ret_len; NULL on
 * -ENOMEM. */
const char *precis_lang_stem(struct precis_lang *l, const char *w, size_t len,
                             size_t *ret_len);

#endif /* PRECIS_LANG_H */
