#ifndef PRECIS_SEGMENT_H
#define PRECIS_SEGMENT_H

#include <stddef.h>

#include <precis/error.h>
#include <precis/extract.h>

/* Sentence segmentation of extracted text. */

struct precis_sentence {
        char *text;   /* owned UTF-8, exactly as in the paragraph (trimmed) */
        size_t para;  /* index of the paragraph it came from */
        size_t start; /* byte offset of text in that paragraph */
        unsigned char role; /* enum precis_role of the paragraph */
};

struct precis_sentences {
        struct precis_sentence *v; /* owned array */
        size_t n;                  /* sentences in v */
        size_t cap;                /* allocated entries */
};

/* Longest sentence in bytes; a longer run (no punctuation at all) is cut
 * at spaces into pieces of at most this size. */
#define PRECIS_SENTENCE_MAX 8192

/* Hard cap on sentences per article; more is PRECIS_E_TOOBIG. */
#define PRECIS_SENTENCES_MAX 200000

/* Split every paragraph of @t into sentences, appended to @out in article
 * order, each with its paragraph's role.  A news dateline opening the
 * first body paragraph ("HAYWARD, Calif. (AP) —", "(CNN)") is one unit
 * that belongs to no sentence: the first sentence starts after it.
 * Returns 0, PRECIS_E_TOOBIG or -ENOMEM. */
int precis_segment_text(const struct precis_text *t,
                        struct precis_sentences *out, struct precis_error *err);

/* Split one paragraph @p (@len bytes of UTF-8) as paragraph @para. */
int precis_segment_para(const char *p, size_t len, size_t para,
                        struct precis_sentences *out, struct precis_error *err);

/* Length in bytes of a news dateline at the start of @p (@len bytes),
 * spaces and the dash after it included, or 0 when @p does not open with
 * one.  Recognised: a place and an agency in brackets followed by a dash
 * or glued to the text ("LONDON (Reuters) -", "Baghdad, Iraq (CNN)The"),
 * a place in capitals followed by a dash ("WASHINGTON —"), and the Daily
 * Mail's "By . Name . PUBLISHED: ... | . UPDATED: ... 2014 ." header. */
size_t precis_dateline_len(const char *p, size_t len);

/* Free what @s owns and zero it. */
void precis_sentences_done(struct precis_sentences *s);

#endif /* PRECIS_SEGMENT_H */
