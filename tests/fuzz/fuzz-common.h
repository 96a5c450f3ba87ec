#ifndef PRECIS_FUZZ_COMMON_H
#define PRECIS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <precis/charset.h>
#include <precis/extract.h>

/* Shared pieces of the libFuzzer targets.  Each target checks the
 * documented output contract of the function it feeds, not only that it
 * does not crash: a broken promise aborts with a message, which libFuzzer
 * reports as a crash and saves. */

/* Largest input any target looks at.  The daemon caps files at max_bytes
 * (16 MiB by default); 1 MiB reaches every code path while keeping each
 * run fast enough to fuzz. */
#define FUZZ_MAX_INPUT (1u << 20)

#define FUZZ_CHECK(cond, ...)                                                  \
        do {                                                                   \
                if (!(cond)) {                                                 \
                        fprintf(stderr, "%s:%d: broken promise: %s: ",         \
                                __FILE__, __LINE__, #cond);                    \
                        fprintf(stderr, __VA_ARGS__);                          \
                        fputc('\n', stderr);                                   \
                        abort();                                               \
                }                                                              \
        } while (0)

/* An exact-size heap copy of the input, without a terminating NUL, so
 * that AddressSanitizer catches any read past @size. */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
        char *p = malloc(size > 0 ? size : 1);

        if (p == NULL)
                abort();
        if (size > 0)
                memcpy(p, data, size);
        return p;
}

/* Whether UTF-8 string @s has leading or trailing whitespace as
 * precis_text_add_para() trims it (ASCII white space and U+00A0). */
static inline int fuzz_untrimmed(const char *s)
{
        size_t n = strlen(s);
        unsigned char a = (unsigned char) s[0];
        unsigned char z = n > 0 ? (unsigned char) s[n - 1] : 0;

        if (n == 0)
                return 0;
        if (a == ' ' || a == '\t' || a == '\n' || a == '\r' || a == '\f' ||
            a == '\v')
                return 1;
        if (n >= 2 && a == 0xC2 && (unsigned char) s[1] == 0xA0)
                return 1;
        if (z == ' ' || z == '\t' || z == '\n' || z == '\r' || z == '\f' ||
            z == '\v')
                return 1;
        if (n >= 2 && (unsigned char) s[n - 2] == 0xC2 && z == 0xA0)
                return 1;
        return 0;
}

/* The contract of a filled struct precis_text (precis/extract.h): a
 * known format, an optional non-empty title, and paragraphs that are
 * non-empty, trimmed, whitespace-collapsed UTF-8 (valid when the input
 * was). */
static inline void fuzz_check_text(const struct precis_text *t,
                                   int input_valid_utf8)
{
        size_t i, n;

        FUZZ_CHECK(t->format == PRECIS_FORMAT_TEXT ||
                   t->format == PRECIS_FORMAT_MARKDOWN ||
                   t->format == PRECIS_FORMAT_HTML, "format %d",
                   (int) t->format);
        FUZZ_CHECK(t->n_paras <= t->cap_paras, "%zu paras, cap %zu",
                   t->n_paras, t->cap_paras);
        FUZZ_CHECK(t->n_paras == 0 || t->paras != NULL, "no paras array");
        if (t->title != NULL) {
                n = strlen(t->title);
                FUZZ_CHECK(n > 0, "empty title instead of NULL");
                FUZZ_CHECK(!fuzz_untrimmed(t->title), "title '%s'",
                           t->title);
                if (input_valid_utf8)
                        FUZZ_CHECK(precis_utf8_valid(t->title, n),
                                   "title not UTF-8");
        }
        for (i = 0; i < t->n_paras; i++) {
                const char *p = t->paras[i];

                FUZZ_CHECK(p != NULL, "paragraph %zu is NULL", i);
                FUZZ_CHECK(t->roles != NULL &&
                                   t->roles[i] < PRECIS_ROLE_COUNT_,
                           "paragraph %zu has no valid role", i);
                n = strlen(p);
                FUZZ_CHECK(n > 0, "paragraph %zu is empty", i);
                FUZZ_CHECK(!fuzz_untrimmed(p), "paragraph %zu untrimmed", i);
                FUZZ_CHECK(strpbrk(p, "\t\n\r\f\v") == NULL,
                           "paragraph %zu keeps a line break or tab", i);
                FUZZ_CHECK(strstr(p, "  ") == NULL,
                           "paragraph %zu has a run of spaces", i);
                if (input_valid_utf8)
                        FUZZ_CHECK(precis_utf8_valid(p, n),
                                   "paragraph %zu is not UTF-8", i);
        }
}

#endif /* PRECIS_FUZZ_COMMON_H */
