#ifndef PRECIS_TOKEN_H
#define PRECIS_TOKEN_H

#include <stddef.h>

/* Word tokens of UTF-8 text: runs of letters, marks and digits of any
 * script as Unicode classes them (an apostrophe or a right single quote
 * between two letters stays inside the word), lower-cased with Unicode's
 * case mapping (libunistring). */

/* Longest token kept; longer runs are cut to this many bytes. */
#define PRECIS_TOKEN_MAX 64

/* Find the next word in @s (@len bytes) from *pos.  On success writes its
 * lower-cased form (NUL-terminated, at most PRECIS_TOKEN_MAX bytes) to
 * @buf, sets *ret_len, its start offset in *ret_start (nullable), advances
 * *pos past it and returns 1; returns 0 at the end of the text. */
int precis_token_next(const char *s, size_t len, size_t *pos,
                      char buf[PRECIS_TOKEN_MAX + 1], size_t *ret_len,
                      size_t *ret_start);

/* Number of words in @s (@len bytes). */
size_t precis_token_count(const char *s, size_t len);

/* The same, but stops counting past @max: returns @max + 1 for any text
 * of more than @max words.  For "is this line short?" checks, which need
 * not read a long paragraph to the end. */
size_t precis_token_count_max(const char *s, size_t len, size_t max);

/* The case of the character at @s (@n >= 1 bytes of UTF-8): 1 upper or
 * title case, -1 lower case, 0 uncased (digits, CJK, punctuation). */
int precis_char_case(const char *s, size_t n);

#endif /* PRECIS_TOKEN_H */
