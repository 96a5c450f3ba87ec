/* Unit tests for the ROUGE scorer of tests/lib/rouge.c, on cases computed by
 * hand from the definitions (Lin 2004; rouge.py's conventions). */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rouge.h"

#define EPS 1e-12

struct fixture {
        struct rouge *plain; /* no stemming */
        struct rouge *stem;   /* NLTK's Porter, as rouge.py --stem */
        struct rouge *porter; /* libstemmer's original Porter */
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        if (f == NULL || rouge_new(ROUGE_STEM_NONE, &f->plain) != 0 ||
            rouge_new(ROUGE_STEM_NLTK, &f->stem) != 0 ||
            rouge_new(ROUGE_STEM_PORTER, &f->porter) != 0)
                return -1;
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        rouge_free(f->plain);
        rouge_free(f->stem);
        rouge_free(f->porter);
        free(f);
        return 0;
}

static struct rouge_scores score(struct rouge *r, const char *ref,
                                 const char *hyp)
{
        struct rouge_scores s;

        assert_int_equal(rouge_score(r, ref, strlen(ref), hyp, strlen(hyp),
                                     &s), 0);
        return s;
}

static void assert_prf(struct rouge_prf got, double p, double r, double f)
{
        assert_float_equal(got.p, p, EPS);
        assert_float_equal(got.r, r, EPS);
        assert_float_equal(got.f, f, EPS);
}

/* Tokens of @text joined by single spaces, for comparing with a string. */
static char *tokens(struct rouge *r, const char *text)
{
        uint32_t *ids = NULL;
        size_t n = 0, i, len = 0;
        char *out;

        assert_int_equal(rouge_tokenize(r, text, strlen(text), &ids, &n), 0);
        for (i = 0; i < n; i++)
                len += strlen(rouge_token_str(r, ids[i])) + 1;
        out = calloc(1, len + 1);
        assert_non_null(out);
        for (i = 0; i < n; i++) {
                if (i > 0)
                        strcat(out, " ");
                strcat(out, rouge_token_str(r, ids[i]));
        }
        rouge_ids_free(ids);
        return out;
}

static void identical_scores_one(void **state)
{
        struct fixture *f = *state;
        const char *t = "Police arrested two men.\nThey were released.";
        struct rouge_scores s = score(f->stem, t, t);
        int m;

        for (m = 0; m < ROUGE_N_METRICS; m++)
                assert_prf(s.m[m], 1.0, 1.0, 1.0);
}

static void disjoint_scores_zero(void **state)
{
        struct fixture *f = *state;
        struct rouge_scores s = score(f->stem, "alpha beta gamma",
                                      "delta epsilon");
        int m;

        for (m = 0; m < ROUGE_N_METRICS; m++)
                assert_prf(s.m[m], 0.0, 0.0, 0.0);
}

static void empty_hypothesis_scores_zero(void **state)
{
        struct fixture *f = *state;
        struct rouge_scores s = score(f->plain, "testing one two", "");
        int m;

        for (m = 0; m < ROUGE_N_METRICS; m++)
                assert_prf(s.m[m], 0.0, 0.0, 0.0);
        /* Punctuation alone has no tokens either. */
        s = score(f->plain, "testing one two", "-- ... !");
        for (m = 0; m < ROUGE_N_METRICS; m++)
                assert_prf(s.m[m], 0.0, 0.0, 0.0);
}

/* ref 'the cat sat on the mat', hyp 'the cat on the mat sat': every
 * unigram matches (6/6); bigrams ref {the cat, cat sat, sat on, on the,
 * the mat}, hyp {the cat, cat on, on the, the mat, mat sat}: 3 of 5; the
 * LCS is 'the cat on the mat', 5 of 6. */
static void permutation_by_hand(void **state)
{
        struct fixture *f = *state;
        struct rouge_scores s = score(f->plain, "the cat sat on the mat",
                                      "the cat on the mat sat");

        assert_prf(s.m[ROUGE_1], 1.0, 1.0, 1.0);
        assert_prf(s.m[ROUGE_2], 0.6, 0.6, 0.6);
        assert_prf(s.m[ROUGE_L], 5.0 / 6, 5.0 / 6, 5.0 / 6);
}

/* ref 'A b c d.' (4 tokens), hyp 'a, C e' (3 tokens): unigram hits a, c:
 * P = 2/3, R = 2/4, F = 2(2/3)(1/2) / (7/6) = 4/7.  Bigrams ref {a b, b c,
 * c d}, hyp {a c, c e}: none.  LCS 'a c' = 2: the same as ROUGE-1. */
static void unequal_lengths_by_hand(void **state)
{
        struct fixture *f = *state;
        struct rouge_scores s = score(f->plain, "A b c d.", "a, C e");

        assert_prf(s.m[ROUGE_1], 2.0 / 3, 0.5, 4.0 / 7);
        assert_prf(s.m[ROUGE_2], 0.0, 0.0, 0.0);
        assert_prf(s.m[ROUGE_L], 2.0 / 3, 0.5, 4.0 / 7);
}

/* ROUGE-L is the LCS, not the longest common substring: ref 'testing one
 * two', hyp 'testing two' share 'testing two' (2 tokens): P = 1, R = 2/3,
 * F = 0.8. */
static void lcs_skips_gaps(void **state)
{
        struct fixture *f = *state;
        struct rouge_scores s = score(f->plain, "testing one two",
                                      "testing two");

        assert_prf(s.m[ROUGE_L], 1.0, 2.0 / 3, 0.8);
}

/* A repeated n-gram counts at most as often as the other side has it. */
static void ngrams_are_clipped(void **state)
{
        struct fixture *f = *state;
        struct rouge_scores s;

        /* Unigram 'a': ref 2, hyp 4 -> 2 hits; P = 2/4, R = 2/3. */
        s = score(f->plain, "a a b", "a a a a");
        assert_prf(s.m[ROUGE_1], 0.5, 2.0 / 3, 4.0 / 7);
        /* Bigram 'a a': ref 2, hyp 4 -> 2 hits; P = 2/4, R = 2/2. */
        s = score(f->plain, "a a a", "a a a a a");
        assert_prf(s.m[ROUGE_2], 0.5, 1.0, 2.0 / 3);
}

/* Bigrams run across sentence (line) boundaries: 'b c' is a bigram of
 * the hypothesis 'a b\nc d'. */
static void bigrams_cross_lines(void **state)
{
        struct fixture *f = *state;
        struct rouge_scores s = score(f->plain, "b c", "a b\nc d");

        assert_prf(s.m[ROUGE_2], 1.0 / 3, 1.0, 0.5);
}

/* Lin (2004), section 3.2: ref w1..w5, hypothesis sentences 'w1 w2 w6 w7
 * w8' and 'w1 w3 w8 w9 w5'.  The union of the LCS positions is {w1, w2,
 * w3, w5}: 4 hits, R = 4/5, P = 4/10. */
static void lsum_lin_example(void **state)
{
        struct fixture *f = *state;
        struct rouge_scores s = score(f->plain, "w1 w2 w3 w4 w5",
                                      "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5");

        assert_prf(s.m[ROUGE_LSUM], 0.4, 0.8, 2 * 0.4 * 0.8 / 1.2);
}

/* Lines end at '\n', '\r\n' or '\r' (Python's universal newlines).  Ref
 * 'a b' and hyp sentences 'b' and 'a': the union of the two LCSs is {a, b},
 * so ROUGE-Lsum is 1; on one line 'b a' has an LCS of 1 only. */
static void lsum_line_ends(void **state)
{
        struct fixture *f = *state;

        assert_prf(score(f->plain, "a b", "b\na").m[ROUGE_LSUM], 1, 1, 1);
        assert_prf(score(f->plain, "a b", "b\r\na\r\n").m[ROUGE_LSUM],
                   1, 1, 1);
        assert_prf(score(f->plain, "a b", "b\ra").m[ROUGE_LSUM], 1, 1, 1);
        assert_prf(score(f->plain, "a b", "b a").m[ROUGE_LSUM],
                   0.5, 0.5, 0.5);
        /* ROUGE-L ignores lines: 'b a' either way. */
        assert_prf(score(f->plain, "a b", "b\na").m[ROUGE_L],
                   0.5, 0.5, 0.5);
}

/* A union token is a hit only while unused in both texts: ref 'a b' and
 * hyp 'a b\na b' give 2 hits, not 4. */
static void lsum_consumes_tokens(void **state)
{
        struct fixture *f = *state;
        struct rouge_scores s = score(f->plain, "a b", "a b\na b");

        assert_prf(s.m[ROUGE_LSUM], 0.5, 1.0, 2.0 / 3);
}

static void tokenizer_keeps_ascii_alnum(void **state)
{
        struct fixture *f = *state;
        char *t = tokens(f->plain, "Hello, World! It's 3.5%--ok");

        assert_string_equal(t, "hello world it s 3 5 ok");
        free(t);
        /* Non-ASCII letters separate tokens, as [^a-z0-9] does after
         * Python's lower(); U+0130 lower-cases to 'i' + U+0307. */
        t = tokens(f->plain, "caf\xc3\xa9 na\xc3\xafve \xc4\xb0stanbul");
        assert_string_equal(t, "caf na ve i stanbul");
        free(t);
        /* U+212A (Kelvin sign) lower-cases to an ASCII 'k'. */
        t = tokens(f->plain, "\xe2\x84\xaa" "elvin");
        assert_string_equal(t, "kelvin");
        free(t);
        /* Invalid UTF-8 is a separator too. */
        t = tokens(f->plain, "ab\xff\xfe" "cd");
        assert_string_equal(t, "ab cd");
        free(t);
}

static void stemming_merges_inflections(void **state)
{
        struct fixture *f = *state;
        char *t;
        struct rouge_scores s;

        assert_string_equal(rouge_stem(f->stem, "running"), "run");
        assert_string_equal(rouge_stem(f->stem, "runs"), "run");
        t = tokens(f->stem, "The runners were running quickly");
        assert_string_equal(t, "the runner were run quickli");
        free(t);
        /* Tokens of 3 characters or fewer are never stemmed. */
        t = tokens(f->stem, "Ran runs is was");
        assert_string_equal(t, "ran run is was");
        free(t);
        s = score(f->stem, "summaries", "summary");
        assert_prf(s.m[ROUGE_1], 1.0, 1.0, 1.0);
        s = score(f->plain, "summaries", "summary");
        assert_prf(s.m[ROUGE_1], 0.0, 0.0, 0.0);
}

/* Where NLTK's default mode departs from Porter's original algorithm
 * (libstemmer's "porter"), the scorer follows NLTK, as rouge.py does;
 * each pair below is NLTK's output, checked against nltk 3.8. */
static void stemming_follows_nltk(void **state)
{
        struct fixture *f = *state;
        static const char *const cases[][3] = {
                /* word, NLTK, original Porter */
                { "news", "news", "new" },       /* irregular form */
                { "dying", "die", "dy" },        /* irregular form */
                { "used", "use", "us" },         /* 2-letter *o */
                { "ones", "one", "on" },
                { "they", "they", "thei" },      /* y after a vowel */
                { "played", "play", "plai" },
                { "trying", "tri", "try" },      /* y after a consonant */
                { "died", "die", "di" },         /* 4-letter 'ied' */
                { "ties", "tie", "ti" },         /* 4-letter 'ies' */
                { "technology", "technolog", "technologi" }, /* 'logi' */
                { "possibly", "possibl", "possibli" },       /* 'bli' */
                { "carefully", "care", "carefulli" },        /* 'fulli' */
                { "traditionally", "tradit", "tradition" },  /* 'alli' */
        };
        size_t i;

        for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                assert_string_equal(rouge_stem(f->stem, cases[i][0]),
                                    cases[i][1]);
                assert_string_equal(rouge_stem(f->porter, cases[i][0]),
                                    cases[i][2]);
        }
        /* Words both agree on. */
        assert_string_equal(rouge_stem(f->stem, "generalizations"),
                            "gener");
        assert_string_equal(rouge_stem(f->stem, "relational"), "relat");
        /* 'news' and 'new' stay apart, as in rouge.py. */
        assert_prf(score(f->stem, "news", "new").m[ROUGE_1], 0, 0, 0);
        assert_prf(score(f->porter, "news", "new").m[ROUGE_1], 1, 1, 1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(identical_scores_one),
                cmocka_unit_test(disjoint_scores_zero),
                cmocka_unit_test(empty_hypothesis_scores_zero),
                cmocka_unit_test(permutation_by_hand),
                cmocka_unit_test(unequal_lengths_by_hand),
                cmocka_unit_test(lcs_skips_gaps),
                cmocka_unit_test(ngrams_are_clipped),
                cmocka_unit_test(bigrams_cross_lines),
                cmocka_unit_test(lsum_lin_example),
                cmocka_unit_test(lsum_line_ends),
                cmocka_unit_test(lsum_consumes_tokens),
                cmocka_unit_test(tokenizer_keeps_ascii_alnum),
                cmocka_unit_test(stemming_merges_inflections),
                cmocka_unit_test(stemming_follows_nltk),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
