/* libFuzzer target: the whole pipeline (precis_doc_build): hash, charset,
 * format sniffing, extraction, segmentation, language detection, scoring
 * and selection, with small summary lengths. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <precis/init.h>
#include <precis/doc.h>
#include <precis/summary.h>
#include <precis/token.h>

#include "fuzz-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        (void) argc;
        (void) argv;
        if (precis_init() != 0)
                abort();
        return 0;
}

/* Summary options chosen by the first input byte, so that every
 * algorithm, length unit and language mode is exercised. */
static void fuzz_opts(const uint8_t *data, size_t size,
                      struct precis_summary_opts *o)
{
        static const char *const algs[] = { "default", "textrank", "lead" };
        static const char *const langs[] = { "auto", "english", "de" };
        unsigned b = size > 0 ? data[0] : 0;

        precis_summary_opts_init(o);
        o->algorithm = algs[b % 3];
        o->language = langs[(b / 3) % 3];
        switch ((b / 9) % 3) {
        case 0:
                o->unit = PRECIS_LENGTH_SENTENCES;
                o->length = 1 + (b / 27) % 3;
                break;
        case 1:
                o->unit = PRECIS_LENGTH_WORDS;
                o->length = 30;
                break;
        default:
                o->unit = PRECIS_LENGTH_RATIO;
                o->length = 0.2;
                break;
        }
        o->keywords = 1 + (b / 27) % 5;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct precis_summary_opts o;
        struct precis_error err = { 0 };
        struct precis_doc d;
        unsigned char hash[PRECIS_HASH_BYTES];
        char hex[2 * PRECIS_HASH_BYTES + 1], *in, *sum, *body;
        size_t i, words = 0;
        int rc;

        if (size > FUZZ_MAX_INPUT)
                return 0;
        in = fuzz_copy(data, size);
        fuzz_opts(data, size, &o);
        rc = precis_doc_build(in, size, &o, &d, &err);
        FUZZ_CHECK(rc <= 0, "rc %d", rc);

        /* The hash is set whatever happened, so failures can be filed. */
        precis_hash(in, size, hash, hex);
        FUZZ_CHECK(memcmp(hash, d.hash, sizeof(hash)) == 0 &&
                   strcmp(hex, d.hash_hex) == 0, "hash differs");
        FUZZ_CHECK(d.bytes == size, "bytes %zu of %zu", d.bytes, size);

        if (rc == 0) {
                const struct precis_summary *s = &d.summary;

                fuzz_check_text(&d.text, 1);
                for (i = 0; i < d.text.n_paras; i++)
                        words += precis_token_count(d.text.paras[i],
                                                    strlen(d.text.paras[i]));
                FUZZ_CHECK(d.words == words, "words %zu, counted %zu",
                           d.words, words);
                /* Never empty, in article order, borrowed from sents. */
                FUZZ_CHECK(s->n_picks >= 1, "empty summary");
                FUZZ_CHECK(s->n_picks <= d.sents.n, "%zu picks of %zu",
                           s->n_picks, d.sents.n);
                if (o.unit == PRECIS_LENGTH_SENTENCES)
                        FUZZ_CHECK(s->n_picks <= (size_t) o.length,
                                   "%zu picks for %g sentences", s->n_picks,
                                   o.length);
                for (i = 0; i < s->n_picks; i++) {
                        size_t k = s->picks[i].index;

                        FUZZ_CHECK(k < d.sents.n, "pick %zu: index %zu", i,
                                   k);
                        FUZZ_CHECK(i == 0 || k > s->picks[i - 1].index,
                                   "pick %zu out of order", i);
                        FUZZ_CHECK(s->picks[i].text == d.sents.v[k].text,
                                   "pick %zu: not sentence %zu", i, k);
                }
                FUZZ_CHECK(s->n_keywords <= o.keywords, "%zu keywords of %u",
                           s->n_keywords, o.keywords);
                for (i = 0; i < s->n_keywords; i++)
                        FUZZ_CHECK(s->keywords[i].term != NULL &&
                                   s->keywords[i].term[0] != '\0',
                                   "keyword %zu empty", i);
                FUZZ_CHECK(s->language[0] != '\0', "no language");
                FUZZ_CHECK(s->algorithm != NULL &&
                           strcmp(s->algorithm, o.algorithm) == 0,
                           "algorithm %s", s->algorithm);

                sum = precis_doc_summary_text(&d);
                body = precis_doc_body_text(&d);
                FUZZ_CHECK(sum != NULL && body != NULL, "join failed");
                FUZZ_CHECK(sum[0] != '\0', "empty summary text");
                FUZZ_CHECK(precis_utf8_valid(sum, strlen(sum)),
                           "summary not UTF-8");
                free(sum);
                free(body);
        }
        precis_doc_done(&d);
        free(in);
        return 0;
}
