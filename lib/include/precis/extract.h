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

/* What a paragraph is in the article.  Extraction tags each paragraph
 * from the markup (HTML elements and classes, Markdown blocks) and from
 * its text (precis_text_classify()); only body sentences are summary
 * candidates.  The stored body keeps every paragraph whatever its role. */
enum precis_role {
        PRECIS_ROLE_BODY = 0,    /* running text of the article */
        PRECIS_ROLE_HEADING,     /* a heading inside the text */
        PRECIS_ROLE_CAPTION,     /* photo or video caption, credit */
        PRECIS_ROLE_BYLINE,      /* byline, dateline, timestamp block */
        PRECIS_ROLE_LIST,        /* list item */
        PRECIS_ROLE_QUOTE,       /* block quotation */
        PRECIS_ROLE_TABLE,       /* row or cell of a table */
        PRECIS_ROLE_BOILERPLATE, /* site notices: newsletter, affiliate
                                  * links, "Media playback ..." */
        PRECIS_ROLE_COUNT_,      /* number of roles, not a role */
};

struct precis_text {
        enum precis_format format; /* what the bytes were sniffed as */
        char *title;               /* owned UTF-8; NULL when none found */
        char **paras;              /* owned array of owned UTF-8 strings */
        unsigned char *roles;      /* owned; enum precis_role of each of
                                    * paras (same length; room for
                                    * cap_paras at least) */
        size_t n_paras;            /* entries in paras */
        size_t cap_paras;          /* allocated entries in paras */
};

/* Name of role @r: "body", "heading", "caption", "byline", "list",
 * "quote", "table" or "boilerplate". */
const char *precis_role_name(enum precis_role r);

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

/* The same with role @role for the new paragraph (precis_text_add_para()
 * adds body text). */
int precis_text_add_para_role(struct precis_text *t, const char *p,
                              size_t len, enum precis_role role);

/* Remove paragraph @idx (< t->n_paras) and return its text, which the
 * caller then owns (free()). */
char *precis_text_take_para(struct precis_text *t, size_t idx);

/* Tag body paragraphs of @t by their text alone, for every format:
 * timestamp and byline lines ("Updated 10:01 pm PST, ...", "By Jane Doe |
 * 11/18/19"), site notices (newsletter pitches, affiliate-link
 * disclosures, "Media playback is unsupported on your device"), and in
 * plain text Markdown-style headings, bullets and table rows.  Paragraphs
 * already tagged by the markup keep their role.  Cannot fail. */
void precis_text_classify(struct precis_text *t);

/* Replace the title with a whitespace-normalised copy of @p (@len bytes);
 * an empty result sets NULL.  Returns 0 or -ENOMEM. */
int precis_text_set_title(struct precis_text *t, const char *p, size_t len);

/* Free everything @t owns and zero it; @t itself is the caller's. */
void precis_text_done(struct precis_text *t);

#endif /* PRECIS_EXTRACT_H */
