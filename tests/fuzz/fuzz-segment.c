/* libFuzzer target: sentence segmentation (precis_segment_para,
 * precis_segment_text) and word tokens (precis_token_next,
 * precis_token_count). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <precis/charset.h>
#include <precis/error.h>
#include <precis/extract.h>
#include <precis/segment.h>
#include <precis/token.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every sentence is a non-empty, trimmed slice of its paragraph, in order
 * and without overlap. */
static void fuzz_check_sentences(const struct precis_sentences *s,
                                 size_t from, size_t to, const char *p,
                                 size_t len, size_t para)
{
        size_t i, end = 0;

        for (i = from; i < to; i++) {
                const struct precis_sentence *v = &s->v[i];
                size_t n;

                FUZZ_CHECK(v->text != NULL, "sentence %zu is NULL", i);
                n = strlen(v->text);
                FUZZ_CHECK(n > 0, "sentence %zu is empty", i);
                FUZZ_CHECK(v->para == para, "sentence %zu: para %zu, not %zu",
                           i, v->para, para);
                FUZZ_CHECK(v->start >= end, "sentence %zu overlaps", i);
                FUZZ_CHECK(v->start <= len && n <= len - v->start,
                           "sentence %zu beyond its paragraph", i);
                FUZZ_CHECK(memcmp(p + v->start, v->text, n) == 0,
                           "sentence %zu is not its slice", i);
                /* Trimmed of the white space the extractor leaves in a
                 * paragraph (the raw input may hold other controls). */
                FUZZ_CHECK(v->text[0] != ' ' && v->text[n - 1] != ' ' &&
                           v->text[0] != '\n' && v->text[n - 1] != '\n' &&
                           v->text[0] != '\t' && v->text[n - 1] != '\t',
                           "sentence %zu untrimmed", i);
                end = v->start + n;
        }
}

/* Tokens come in order, within the text, lower-cased, at most
 * PRECIS_TOKEN_MAX bytes, and precis_token_count() agrees. */
static void fuzz_check_tokens(const char *s, size_t len)
{
        char buf[PRECIS_TOKEN_MAX + 1];
        size_t pos = 0, n = 0, l, start, last = 0;

        while (precis_token_next(s, len, &pos, buf, &l, &start)) {
                FUZZ_CHECK(l > 0 && l <= PRECIS_TOKEN_MAX, "token length %zu",
                           l);
                FUZZ_CHECK(strlen(buf) == l, "token length %zu vs %zu",
                           strlen(buf), l);
                FUZZ_CHECK(start >= last && start < pos && pos <= len,
                           "token at %zu..%zu after %zu (len %zu)", start,
                           pos, last, len);
                FUZZ_CHECK(precis_utf8_valid(buf, l), "token not UTF-8");
                last = pos;
                n++;
        }
        FUZZ_CHECK(pos == len, "stopped at %zu of %zu", pos, len);
        FUZZ_CHECK(precis_token_count(s, len) == n, "count %zu, walked %zu",
                   precis_token_count(s, len), n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct precis_error err = { 0 };
        struct precis_sentences s = { 0 };
        struct precis_text t = { 0 };
        char *in, *dec = NULL;
        size_t len, i;
        int rc;

        if (size > FUZZ_MAX_INPUT)
                return 0;
        in = fuzz_copy(data, size);
        len = size;
        if (!precis_utf8_valid(in, len)) {
                if (precis_charset_decode(in, len, &dec, &len, NULL,
                                          NULL) != 0) {
                        free(in);
                        return 0;
                }
                free(in);
                in = fuzz_copy((const uint8_t *) dec, len);
                free(dec);
        }

        /* Paragraphs are C strings (struct precis_text), so a NUL never
         * reaches the segmenter: the decoder and precis_text_add_para()
         * turn it into a space, and so does this target. */
        for (i = 0; i < len; i++)
                if (in[i] == '\0')
                        in[i] = ' ';

        /* The raw input as one paragraph. */
        rc = precis_segment_para(in, len, 7, &s, &err);
        FUZZ_CHECK(rc == 0 || rc == PRECIS_E_TOOBIG, "rc %d", rc);
        if (rc == 0)
                fuzz_check_sentences(&s, 0, s.n, in, len, 7);
        precis_sentences_done(&s);
        fuzz_check_tokens(in, len);

        /* The same text through the extractor's paragraphs, the way the
         * pipeline segments it. */
        if (precis_extract_plain(in, len, &t, &err) == 0) {
                size_t from;

                rc = precis_segment_text(&t, &s, &err);
                FUZZ_CHECK(rc == 0 || rc == PRECIS_E_TOOBIG, "rc %d", rc);
                for (i = 0, from = 0; rc == 0 && i < t.n_paras; i++) {
                        size_t to = from;

                        while (to < s.n && s.v[to].para == i)
                                to++;
                        fuzz_check_sentences(&s, from, to, t.paras[i],
                                             strlen(t.paras[i]), i);
                        /* A paragraph of text has at least one sentence. */
                        FUZZ_CHECK(to > from, "paragraph %zu: no sentence",
                                   i);
                        for (; from < to; from++)
                                fuzz_check_tokens(s.v[from].text,
                                                  strlen(s.v[from].text));
                }
                if (rc == 0)
                        FUZZ_CHECK(from == s.n, "sentence %zu has para %zu",
                                   from, from < s.n ? s.v[from].para : 0);
                precis_sentences_done(&s);
                precis_text_done(&t);
        }
        free(in);
        return 0;
}
