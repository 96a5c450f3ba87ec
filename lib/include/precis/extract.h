#ifndef PRECIS_EXTRACT_H
#define PRECIS_EXTRACT_H

#include <stddef.h>

#include <precis/error.h>

/* Text extraction: raw article bytes in, a title and clean UTF-8 paragraphs
 * out.  The format is sniffed from the bytes; the charset is decoded first
 * (see precis/charset.h).  Synchronous, no global state: any thread. */

enum precis_format {
        PRECIS_FORMAT_TEXT = 0,
        PRECIS_FORMAT_MARKDOWN,
        PRECIS_FORMAT_HTML,
};

struct precis_text {
        enum precis_format format; /* what the bytes were sniffed as */
        char *title;               /* owned UTF-8; NULL when none found */
        char **paras;              /* owned array of owned UTF-8 strings */
        size_t n_paras;            /* entries in paras */
        size_t cap_paras;          /* allocated entries in paras */
};

/* Name of @f: "text", "markdown" or "html". */
const char *precis_format_name(enum precis_format f);

/* Guess the format of UTF-8 text @s (@len bytes). */
enum precis_format precis_format_sniff(const char *s, size_t len);

/* Extract title and paragraphs from raw bytes @data (@len bytes, any of the
 * supported charsets, not necessarily NUL-terminated).  On success fills
 * @out (release with precis_text_done()) and returns 0.  Errors:
 * PRECIS_E_BINARY, PRECIS_E_EMPTY, -ENOMEM; @out is then left empty. */
int precis_extract(const char *data, size_t len, struct precis_text *out,
                   struct precis_error *err);

/* Format-specific front ends over UTF-8 input @s of @len bytes.  Same
 * contract as precis_extract(). */
int precis_extract_html(const char *s, size_t len, struct precis_text *out,
                        struct precis_error *err);
int precis_extract_markdown(const char *s, size_t len, struct precis_text *out,
                            struct precis_error *err);
int precis_extract_plain(const char *s, size_t len, struct precis_text *out,
                         struct precis_error *err);

/* Append a copy of the @len bytes at @p as a new paragraph, collapsing
 * whitespace runs to one space and trimming; empty results are skipped.
 * Returns 0 or -ENOMEM. */
int precis_text_add_para(struct precis_text *t, const char *p, size_t len);

/* Replace the title with a whitespace-normalised copy of @p (@len bytes);
 * an empty result sets NULL.  Returns 0 or -ENOMEM. */
int precis_text_set_title(struct precis_text *t, const char *p, size_t len);

/* Free everything @t owns and zero it; @t itself is the caller's. */
void precis_text_done(struct precis_text *t);

#endif /* PRECIS_EXTRACT_H */
