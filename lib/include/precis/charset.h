#ifndef PRECIS_CHARSET_H
#define PRECIS_CHARSET_H

#include <stddef.h>
#include <stdint.h>

#include <precis/error.h>

/* Charset decoding to valid UTF-8. */

enum precis_charset {
        PRECIS_CHARSET_UTF8 = 0,
        PRECIS_CHARSET_UTF16LE,
        PRECIS_CHARSET_UTF16BE,
        PRECIS_CHARSET_CP1252,
};

/* Decode @data (@len bytes): UTF-8 with or without BOM, UTF-16 with a BOM,
 * else Windows-1252.  The BOM is dropped; NUL bytes and other C0 controls
 * other than tab/newline are replaced by spaces.  On success *ret_out owns
 * a NUL-terminated UTF-8 string (free()), *ret_len its length, and
 * *ret_cs (nullable) the detected charset.  Errors: PRECIS_E_BINARY when
 * the bytes look like a binary file, -ENOMEM. */
int precis_charset_decode(const char *data, size_t len, char **ret_out,
                          size_t *ret_len, enum precis_charset *ret_cs,
                          struct precis_error *err);

/* Write code point @cp as UTF-8 to @out (room for 4 bytes); surrogates,
 * NUL and values above U+10FFFF become U+FFFD.  Returns the length. */
size_t precis_utf8_encode(uint32_t cp, char out[4]);

/* Decode the code point at @s (@n >= 1 bytes of UTF-8 as
 * precis_charset_decode() writes it) and set *ret_len to its length (at
 * least 1).  Lenient: a malformed lead byte reads as U+FFFD, one byte
 * long, so callers always advance. */
uint32_t precis_utf8_decode(const char *s, size_t n, size_t *ret_len);

/* Whether @s (@len bytes) is valid UTF-8. */
int precis_utf8_valid(const char *s, size_t len);

/* Length of the valid UTF-8 sequence at @s (at most @n bytes), 0 if there
 * is none: overlong forms, surrogates, code points above U+10FFFF and
 * truncated sequences are invalid.  The one validator. */
size_t precis_utf8_len(const char *s, size_t n);

/* The one escaping rule for text shown in a log line or on a terminal, so
 * that a hostile file name or title cannot forge lines or send terminal
 * controls.  Looks at the character at @s (@n >= 1 bytes left): newline,
 * tab, carriage return, backslash and @quote (0 for none) become \n \t \r
 * \\ and \<quote>; other control bytes and each byte of invalid UTF-8
 * become \xHH; a valid UTF-8 character is copied.  Writes at most 4 bytes
 * to @out and returns their number; *ret_used is the input consumed. */
size_t precis_escape_char(const char *s, size_t n, int quote, char out[4],
                          size_t *ret_used);

#endif /* PRECIS_CHARSET_H */
