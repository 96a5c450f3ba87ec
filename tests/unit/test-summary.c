#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <precis/init.h>
#include <precis/doc.h>
#include <precis/lang.h>
#include <precis/summary.h>

static const char article[] =
        "Council approves new bridge\n\n"
        "The city council approved a new bridge over the river on Monday "
        "after years of debate.\n\n"
        "The bridge will cost 40 million pounds and open in 2027, the "
        "council said.\n\n"
        "Residents have asked for a second river crossing since the old "
        "bridge closed in 2019.\n\n"
        "Some council members argued the money should go to schools "
        "instead of the bridge.\n\n"
        "Construction of the bridge starts in the spring, and the river "
        "will stay open to boats.\n\n"
        "Ok.\n\n"
        "The mayor called the vote on the bridge a historic day for the "
        "city and its residents.\n";

static void build(const char *alg, enum precis_length_unit unit,
                  double length, struct precis_doc *d)
{
        struct precis_summary_opts o;

        precis_summary_opts_init(&o);
        o.algorithm = alg;
        o.unit = unit;
        o.length = length;
        assert_int_equal(precis_doc_build(article, sizeof(article) - 1, &o, d,
                                          NULL),
                         0);
}

/* Picks are in article order, keep the sentence text exactly, and there
 * are as many as asked for, never more than the article has sentences
 * that pass the validity guard ("Ok." does not). */
static void picks_are_ordered_exact_and_bounded(void **state)
{
        const char *const *algs = precis_summary_algorithms();
        size_t a, i;

        (void) state;
        for (a = 0; algs[a] != NULL; a++) {
                struct precis_doc d;

                build(algs[a], PRECIS_LENGTH_SENTENCES, 3, &d);
                assert_int_equal(d.summary.n_picks, 3);
                for (i = 0; i < d.summary.n_picks; i++) {
                        size_t k = d.summary.picks[i].index;

                        assert_true(k < d.sents.n);
                        assert_ptr_equal(d.summary.picks[i].text,
                                         d.sents.v[k].text);
                        if (i > 0)
                                assert_true(k > d.summary.picks[i - 1].index);
                }
                precis_doc_done(&d);
                build(algs[a], PRECIS_LENGTH_SENTENCES, 100, &d);
                assert_int_equal(d.sents.n, 7);
                assert_int_equal(d.summary.n_picks, 6);
                precis_doc_done(&d);
        }
}

static void lead_takes_the_first_sentences(void **state)
{
        struct precis_doc d;

        (void) state;
        build("lead", PRECIS_LENGTH_SENTENCES, 2, &d);
        assert_string_equal(d.text.title, "Council approves new bridge");
        assert_int_equal(d.summary.picks[0].index, 0);
        assert_int_equal(d.summary.picks[1].index, 1);
        precis_doc_done(&d);
}

/* The default passes over a fragment ("Ok.") even though it is early. */
static void default_skips_fragments(void **state)
{
        struct precis_doc d;
        size_t i;

        (void) state;
        build("default", PRECIS_LENGTH_SENTENCES, 5, &d);
        for (i = 0; i < d.summary.n_picks; i++)
                assert_string_not_equal(d.summary.picks[i].text, "Ok.");
        precis_doc_done(&d);
}

static void words_and_ratio_lengths(void **state)
{
        struct precis_doc d;

        (void) state;
        /* A budget smaller than any sentence still yields one sentence. */
        build("default", PRECIS_LENGTH_WORDS, 1, &d);
        assert_int_equal(d.summary.n_picks, 1);
        precis_doc_done(&d);
        build("default", PRECIS_LENGTH_WORDS, 40, &d);
        assert_true(d.summary.n_picks >= 1 && d.summary.n_picks <= 3);
        precis_doc_done(&d);
        /* 30% of the 6 sentences that may be chosen, rounded up. */
        build("default", PRECIS_LENGTH_RATIO, 0.3, &d);
        assert_int_equal(d.sents.n, 7);
        assert_int_equal(d.summary.n_picks, 2);
        precis_doc_done(&d);
}

static void deterministic_output(void **state)
{
        struct precis_doc a, b;
        size_t i;

        (void) state;
        build("default", PRECIS_LENGTH_SENTENCES, 4, &a);
        build("default", PRECIS_LENGTH_SENTENCES, 4, &b);
        assert_int_equal(a.summary.n_picks, b.summary.n_picks);
        for (i = 0; i < a.summary.n_picks; i++)
                assert_int_equal(a.summary.picks[i].index,
                                 b.summary.picks[i].index);
        precis_doc_done(&a);
        precis_doc_done(&b);
}

static void keywords_name_the_topic(void **state)
{
        struct precis_doc d;

        (void) state;
        build("default", PRECIS_LENGTH_SENTENCES, 3, &d);
        assert_true(d.summary.n_keywords >= 3);
        assert_string_equal(d.summary.keywords[0].term, "bridge");
        assert_string_equal(d.summary.language, "english");
        precis_doc_done(&d);
}

static void bad_options_are_errors(void **state)
{
        struct precis_summary_opts o;
        struct precis_error err = { 0 };
        struct precis_doc d;
        enum precis_length_unit u;
        double v;

        (void) state;
        precis_summary_opts_init(&o);
        o.algorithm = "magic";
        assert_int_equal(precis_doc_build(article, sizeof(article) - 1, &o,
                                          &d, &err),
                         PRECIS_E_INVAL);
        assert_non_null(strstr(err.msg, "magic"));
        precis_doc_done(&d);
        precis_summary_opts_init(&o);
        o.language = "klingon";
        assert_int_equal(precis_doc_build(article, sizeof(article) - 1, &o,
                                          &d, &err),
                         PRECIS_E_LANG);
        precis_doc_done(&d);
        assert_int_equal(precis_summary_length_parse("120w", &u, &v), 0);
        assert_int_equal(u, PRECIS_LENGTH_WORDS);
        assert_true(v == 120);
        assert_int_equal(precis_summary_length_parse("20%", &u, &v), 0);
        assert_int_equal(u, PRECIS_LENGTH_RATIO);
        assert_int_equal(precis_summary_length_parse("0", &u, &v),
                         PRECIS_E_INVAL);
        assert_int_equal(precis_summary_length_parse("5x", &u, &v),
                         PRECIS_E_INVAL);
        assert_int_equal(precis_summary_length_parse("2.5", &u, &v),
                         PRECIS_E_INVAL);
        assert_int_equal(precis_summary_length_parse("101%", &u, &v),
                         PRECIS_E_INVAL);
        /* The same grammar for a number whose unit the option names. */
        assert_int_equal(precis_summary_length_value("0.2",
                                                     PRECIS_LENGTH_RATIO, &v),
                         0);
        assert_true(v == 0.2);
        assert_int_equal(precis_summary_length_value("20%",
                                                     PRECIS_LENGTH_RATIO, &v),
                         0);
        assert_true(v == 0.2);
        assert_int_equal(precis_summary_length_value("1.5",
                                                     PRECIS_LENGTH_RATIO, &v),
                         PRECIS_E_INVAL);
        assert_int_equal(precis_summary_length_value("7",
                                                     PRECIS_LENGTH_WORDS, &v),
                         0);
        assert_true(v == 7);
        assert_int_equal(precis_summary_length_value("7w",
                                                     PRECIS_LENGTH_WORDS, &v),
                         PRECIS_E_INVAL);
        assert_int_equal(precis_summary_length_value("20%",
                                                     PRECIS_LENGTH_SENTENCES,
                                                     &v),
                         PRECIS_E_INVAL);
        assert_int_equal(precis_summary_length_value("1000001",
                                                     PRECIS_LENGTH_SENTENCES,
                                                     &v),
                         PRECIS_E_INVAL);
        /* One table of algorithms: its names, a suggestion, the list. */
        assert_int_equal(precis_summary_algorithm_check("lead", &err), 0);
        assert_int_equal(precis_summary_algorithm_check("textrnk", &err),
                         PRECIS_E_INVAL);
        assert_non_null(strstr(err.msg, "did you mean 'textrank'?"));
        assert_non_null(strstr(err.msg, "(choose default, textrank or "
                                        "lead)"));
}

/* A long input with no punctuation and one with many short lines both
 * summarize (the graph is windowed, so this stays fast). */
static void long_inputs_summarize(void **state)
{
        size_t n = 2000000, i;
        char *big = malloc(n + 1);
        struct precis_summary_opts o;
        struct precis_doc d;

        (void) state;
        assert_non_null(big);
        for (i = 0; i < n; i++)
                big[i] = (i % 7 == 6) ? ' ' : (char) ('a' + i % 5);
        big[n] = '\0';
        precis_summary_opts_init(&o);
        assert_int_equal(precis_doc_build(big, n, &o, &d, NULL), 0);
        /* One run-on line: cut into capped pieces, so the summary is five
         * pieces, not the whole input. */
        assert_int_equal(d.summary.n_picks, 5);
        for (i = 0; i < d.summary.n_picks; i++)
                assert_true(strlen(d.summary.picks[i].text) <=
                            PRECIS_SENTENCE_MAX);
        precis_doc_done(&d);
        for (i = 0; i < n; i++)
                big[i] = (i % 10 == 9) ? '\n' : (char) ('a' + i % 3);
        assert_int_equal(precis_doc_build(big, n, &o, &d, NULL), 0);
        assert_int_equal(d.summary.n_picks, 5);
        precis_doc_done(&d);
        free(big);
}

/* What precis_lang_detect() says of @d's paragraphs joined by newlines
 * (at most 64 KiB): the definition of the summarizer's language. */
static const char *paragraphs_language(const struct precis_doc *d)
{
        static char buf[65536];
        size_t i, n = 0;

        for (i = 0; i < d->text.n_paras && n + 1 < sizeof(buf); i++) {
                size_t l = strlen(d->text.paras[i]);

                if (l > sizeof(buf) - n - 1)
                        l = sizeof(buf) - n - 1;
                memcpy(buf + n, d->text.paras[i], l);
                n += l;
                if (n + 1 < sizeof(buf))
                        buf[n++] = '\n';
        }
        return precis_lang_detect(buf, n);
}

static void expect_language(const char *in, size_t len, const char *want)
{
        struct precis_summary_opts o;
        struct precis_doc d;

        precis_summary_opts_init(&o);
        assert_int_equal(precis_doc_build(in, len, &o, &d, NULL), 0);
        assert_string_equal(paragraphs_language(&d), want);
        assert_string_equal(d.summary.language, want);
        precis_doc_done(&d);
}

/* The summarizer counts stopwords from its sentence tokens: it must find
 * what detection on the paragraphs finds, also for the text between
 * sentences (a dateline, whose one French stopword tips a tie here), a
 * word cut in two by the sentence length cap, and an article over 64 KiB
 * (only its start counts). */
static void language_as_on_paragraphs(void **state)
{
        static const char dateline[] =
                "LE HAVRE, France (Reuters) - The cat and the dog sat in "
                "the sun on the hill today. Le chat et le chien sont dans "
                "le jardin.\n";
        static const char tie[] =
                "The cat and the dog sat in the sun on the hill today. Le "
                "chat et le chien sont dans le jardin.\n";
        size_t n = 200000, i, k;
        char *big = malloc(n + 1);

        (void) state;
        assert_non_null(big);
        expect_language(dateline, sizeof(dateline) - 1, "french");
        expect_language(tie, sizeof(tie) - 1, "english");
        expect_language(article, sizeof(article) - 1, "english");
        /* German prose for the first 64 KiB, English after it. */
        for (i = 0, k = 0; i < n; k++) {
                const char *w = i < 70000 ? "Der Hund und die Katze sind "
                                            "nicht in dem Haus. "
                                          : "The dog and the cat are not "
                                            "in the house. ";
                size_t l = strlen(w);

                if (l > n - i)
                        l = n - i;
                memcpy(big + i, w, l);
                i += l;
        }
        big[n] = '\0';
        expect_language(big, n, "german");
        /* A French sentence with a 5,000-letter word in it: the length
         * cap cuts it, mid-word. */
        i = (size_t) snprintf(big, n, "Le chat et le chien sont dans le "
                                      "jardin avec la famille ");
        memset(big + i, 'x', 5000);
        i += 5000;
        i += (size_t) snprintf(big + i, n - i, " et le pain est sur la "
                                               "table.\n");
        expect_language(big, i, "french");
        free(big);
}

static int setup(void **state)
{
        (void) state;
        return precis_init();
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(picks_are_ordered_exact_and_bounded),
                cmocka_unit_test(lead_takes_the_first_sentences),
                cmocka_unit_test(default_skips_fragments),
                cmocka_unit_test(words_and_ratio_lengths),
                cmocka_unit_test(deterministic_output),
                cmocka_unit_test(keywords_name_the_topic),
                cmocka_unit_test(bad_options_are_errors),
                cmocka_unit_test(long_inputs_summarize),
                cmocka_unit_test(language_as_on_paragraphs),
        };

        return cmocka_run_group_tests(tests, setup, NULL);
}
