#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <precis/segment.h>
#include <precis/token.h>

/* Split @p and check the sentences against the NULL-terminated @want. */
static void expect_split(const char *p, const char *const *want)
{
        struct precis_sentences s = { 0 };
        size_t i;

        assert_int_equal(precis_segment_para(p, strlen(p), 0, &s, NULL), 0);
        for (i = 0; want[i] != NULL; i++) {
                assert_true(i < s.n);
                assert_string_equal(s.v[i].text, want[i]);
        }
        assert_int_equal(s.n, i);
        precis_sentences_done(&s);
}

static void splits_plain_sentences(void **state)
{
        const char *const want[] = { "It rained.", "We stayed in!",
                                     "Did you?", NULL };

        (void) state;
        expect_split("It rained. We stayed in! Did you?", want);
}

static void keeps_titles_and_abbreviations(void **state)
{
        const char *const want[] = {
                "Mr. Smith met Dr. Jones and Prof. Lee at 5 p.m. today.",
                "They talked, e.g. about cars, etc. and more.", NULL,
        };

        (void) state;
        expect_split("Mr. Smith met Dr. Jones and Prof. Lee at 5 p.m. today. "
                     "They talked, e.g. about cars, etc. and more.", want);
}

static void keeps_initials_and_numbers(void **state)
{
        const char *const want[] = {
                "George W. Bush and J. K. Rowling paid 3.5 million, or "
                "1,000.50 each.",
                "Then they left.", NULL,
        };

        (void) state;
        expect_split("George W. Bush and J. K. Rowling paid 3.5 million, or "
                     "1,000.50 each. Then they left.", want);
}

static void handles_us_acronym(void **state)
{
        const char *const a[] = { "U.S. officials said so.", NULL };
        const char *const b[] = { "He flew to the U.S.",
                                  "The trip was long.", NULL };

        (void) state;
        expect_split("U.S. officials said so.", a);
        expect_split("He flew to the U.S. The trip was long.", b);
}

static void keeps_closing_quotes_and_brackets(void **state)
{
        const char *const want[] = {
                "\"We will win.\"", "She smiled (briefly.)",
                "\xE2\x80\x9CReally?\xE2\x80\x9D he asked.", NULL,
        };

        (void) state;
        expect_split("\"We will win.\" She smiled (briefly.) "
                     "\xE2\x80\x9CReally?\xE2\x80\x9D he asked.", want);
}

static void handles_ellipses_and_german_dates(void **state)
{
        const char *const a[] = { "He paused... and went on.",
                                  "Then\xE2\x80\xA6", "Nothing.", NULL };
        const char *const b[] = { "Am 29. Juli kam er an.",
                                  "Es regnete.", NULL };

        (void) state;
        expect_split("He paused... and went on. Then\xE2\x80\xA6 Nothing.", a);
        expect_split("Am 29. Juli kam er an. Es regnete.", b);
}

/* A caption glued to the next sentence without a full stop is split off;
 * Title Case and a capitalised pronoun after punctuation are left alone. */
static void splits_glued_captions(void **state)
{
        const char *const a[] = {
                "Greece has denied it will miss a repayment to pay its bills",
                "He said: 'We strive to pay on time.'", NULL,
        };
        const char *const b[] = {
                "Why He Left the Party is a book, and so, He said, was that.",
                NULL,
        };

        (void) state;
        expect_split("Greece has denied it will miss a repayment to pay its "
                     "bills He said: 'We strive to pay on time.'", a);
        expect_split("Why He Left the Party is a book, and so, He said, was "
                     "that.", b);
}

/* A run-on without punctuation is cut at spaces below the cap. */
static void caps_sentence_length(void **state)
{
        struct precis_sentences s = { 0 };
        size_t n = 5 * PRECIS_SENTENCE_MAX, i, total = 0;
        char *p = malloc(n + 1);

        (void) state;
        assert_non_null(p);
        for (i = 0; i < n; i++)
                p[i] = i % 6 == 5 ? ' ' : 'w';
        p[n] = '\0';
        assert_int_equal(precis_segment_para(p, n, 0, &s, NULL), 0);
        assert_true(s.n >= 5 && s.n <= 6);
        for (i = 0; i < s.n; i++) {
                size_t l = strlen(s.v[i].text);

                assert_true(l <= PRECIS_SENTENCE_MAX);
                assert_true(s.v[i].text[0] == 'w' && s.v[i].text[l - 1] == 'w');
                total += l;
        }
        assert_true(total >= n - s.n);
        precis_sentences_done(&s);
        free(p);
}

static void text_keeps_paragraph_index(void **state)
{
        struct precis_text t = { 0 };
        struct precis_sentences s = { 0 };

        (void) state;
        assert_int_equal(precis_text_add_para(&t, "Headline without stop", 21),
                         0);
        assert_int_equal(precis_text_add_para(&t, "One. Two.", 9), 0);
        assert_int_equal(precis_segment_text(&t, &s, NULL), 0);
        assert_int_equal(s.n, 3);
        assert_string_equal(s.v[0].text, "Headline without stop");
        assert_int_equal(s.v[0].para, 0);
        assert_int_equal(s.v[2].para, 1);
        precis_sentences_done(&s);
        precis_text_done(&t);
}

/* The tokens of @in, joined by '|'. */
static void expect_tokens(const char *in, const char *want)
{
        char buf[PRECIS_TOKEN_MAX + 1], got[512] = "";
        size_t pos = 0, len, off = 0, n = 0;

        while (precis_token_next(in, strlen(in), &pos, buf, &len, NULL)) {
                off += (size_t) snprintf(got + off, sizeof(got) - off, "%s%s",
                                         off > 0 ? "|" : "", buf);
                n++;
        }
        assert_string_equal(got, want);
        /* The counter finds the same words without building them, and
         * the bounded counter stops just past its bound. */
        assert_int_equal(precis_token_count(in, strlen(in)), n);
        for (size_t max = 0; max <= n + 1; max++)
                assert_int_equal(precis_token_count_max(in, strlen(in), max),
                                 n <= max ? n : max + 1);
}

/* Word classes and lower case come from Unicode for every script, not
 * only Latin, Greek and Cyrillic. */
static void tokens_every_script(void **state)
{
        (void) state;
        expect_tokens("Don't STOP", "don't|stop");
        expect_tokens("'quoted' it\u2019s rock'n'roll ' x' 'y", "quoted|it's|rock'n'roll|x|y");
        expect_tokens("ÉCOLE Ŵales", "école|ŵales");
        /* Greek with tonos, Ukrainian Ґ, Armenian, Georgian Mtavruli,
         * Cherokee, Deseret (outside the BMP). */
        expect_tokens("ΆΘΗΝΑ Ґрунт ԱՐԱՄ ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ", "άθηνα|ґрунт|արամ|საქართველო");
        expect_tokens("ᏣᎳᎩ \xf0\x90\x90\x80", "ꮳꮃꭹ|\xf0\x90\x90\xa8");
        /* Marks stay inside words (Devanagari vowel signs); the danda,
         * symbols and emoji separate them. */
        expect_tokens("नमस्ते। दुनिया", "नमस्ते|दुनिया");
        expect_tokens("a×b €5 x😀y", "a|b|5|x|y");
        /* Scripts without case keep their letters; CJK runs are words. */
        expect_tokens("東京、大阪", "東京|大阪");
        assert_int_equal(precis_char_case("Ωmega", 6), 1);
        assert_int_equal(precis_char_case("ωmega", 6), -1);
        assert_int_equal(precis_char_case("東", 3), 0);
        assert_int_equal(precis_char_case("ǅ", 2), 1); /* title case */
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(splits_plain_sentences),
                cmocka_unit_test(tokens_every_script),
                cmocka_unit_test(keeps_titles_and_abbreviations),
                cmocka_unit_test(keeps_initials_and_numbers),
                cmocka_unit_test(handles_us_acronym),
                cmocka_unit_test(keeps_closing_quotes_and_brackets),
                cmocka_unit_test(handles_ellipses_and_german_dates),
                cmocka_unit_test(splits_glued_captions),
                cmocka_unit_test(caps_sentence_length),
                cmocka_unit_test(text_keeps_paragraph_index),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
