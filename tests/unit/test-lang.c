/* Unit tests for lib/lang.c and lib/stopwords.c: name resolution, the
 * unknown-language message, stemmers, stopword lists and detection. */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libstemmer.h>

#include <precis/lang.h>

#include "../../lib/gen/stopwords-lists.h"
#include "../../lib/lang-detect.h"
#include "../../lib/stopwords.h"

static const char *resolve(const char *name)
{
        struct precis_error err = { 0 };
        const char *canon = NULL;

        assert_int_equal(precis_lang_resolve(name, &canon, &err), 0);
        assert_non_null(canon);
        return canon;
}

static void resolve_names_codes_and_case(void **state)
{
        (void) state;
        assert_string_equal(resolve("english"), "english");
        assert_string_equal(resolve("English"), "english");
        assert_string_equal(resolve("ENGLISH"), "english");
        assert_string_equal(resolve("en"), "english");
        assert_string_equal(resolve("EN"), "english");
        assert_string_equal(resolve("eng"), "english");
        assert_string_equal(resolve("de"), "german");
        assert_string_equal(resolve("deu"), "german");
        assert_string_equal(resolve("ger"), "german");
        assert_string_equal(resolve("German"), "german");
        assert_string_equal(resolve(" french "), "french");
        assert_string_equal(resolve("fra"), "french");
        assert_string_equal(resolve("es"), "spanish");
        assert_string_equal(resolve("spa"), "spanish");
        assert_string_equal(resolve("it"), "italian");
        assert_string_equal(resolve("pt"), "portuguese");
        assert_string_equal(resolve("pt-BR"), "portuguese");
        assert_string_equal(resolve("en_GB"), "english");
        assert_string_equal(resolve("nl"), "dutch");
        assert_string_equal(resolve("NLD"), "dutch");
        assert_string_equal(resolve("nb"), "norwegian");
        assert_string_equal(resolve("sv"), "swedish");
        assert_string_equal(resolve("fi"), "finnish");
        assert_string_equal(resolve("ru"), "russian");
        assert_string_equal(resolve("el"), "greek");
        assert_string_equal(resolve("ar"), "arabic");
        assert_string_equal(resolve("hy"), "armenian");
        assert_string_equal(resolve("ga"), "irish");
        assert_string_equal(resolve("ne"), "nepali");
        assert_string_equal(resolve("Porter"), "porter");
}

/* Every algorithm libstemmer lists is a name precis accepts and opens, and
 * precis_lang_names() lists exactly those. */
static void every_snowball_name_opens(void **state)
{
        const char **sb;
        const char *const *n;
        size_t n_sb = 0, n_names = 0;

        (void) state;
        for (sb = sb_stemmer_list(); *sb != NULL; sb++) {
                struct precis_error err = { 0 };
                struct precis_lang *l = NULL;
                size_t len = 0;

                assert_string_equal(resolve(*sb), *sb);
                assert_int_equal(precis_lang_open(*sb, &l, &err), 0);
                assert_string_equal(precis_lang_name(l), *sb);
                assert_non_null(precis_lang_stem(l, "a", 1, &len));
                assert_null(precis_lang_close(l));
                n_sb++;
        }
        for (n = precis_lang_names(); *n != NULL; n++) {
                int found = 0;

                for (sb = sb_stemmer_list(); *sb != NULL; sb++)
                        found |= strcmp(*sb, *n) == 0;
                assert_true(found);
                n_names++;
        }
        assert_int_equal(n_names, n_sb);
        assert_true(n_sb >= 29);
}

static void unknown_language_error(void **state)
{
        struct precis_error err = { 0 };
        const char *canon = "unchanged";
        struct precis_lang *l = NULL;
        char longname[600];

        (void) state;
        assert_int_equal(precis_lang_resolve("klingon", &canon, &err),
                         PRECIS_E_LANG);
        assert_string_equal(canon, "unchanged");
        assert_int_equal(err.code, PRECIS_E_LANG);
        assert_non_null(strstr(err.msg, "unknown language 'klingon'"));
        assert_non_null(strstr(err.msg, "english"));
        assert_non_null(strstr(err.msg, "german"));
        assert_true(strlen(err.msg) < sizeof(err.msg));

        /* The message stays whole when the input is long: the name is cut
         * and the list points to the help text. */
        memset(longname, 'x', sizeof(longname) - 1);
        longname[sizeof(longname) - 1] = '\0';
        memset(&err, 0, sizeof(err));
        assert_int_equal(precis_lang_resolve(longname, &canon, &err),
                         PRECIS_E_LANG);
        assert_non_null(strstr(err.msg, "unknown language 'xxxx"));
        assert_non_null(strstr(err.msg, "arabic"));
        assert_non_null(strstr(err.msg, "see precis summarize --help"));

        assert_int_equal(precis_lang_resolve("", &canon, NULL), PRECIS_E_LANG);
        assert_int_equal(precis_lang_resolve("e", &canon, NULL),
                         PRECIS_E_LANG);
        assert_int_equal(precis_lang_resolve("en-", &canon, NULL),
                         PRECIS_E_LANG);
        assert_int_equal(precis_lang_resolve("english-x", &canon, NULL),
                         PRECIS_E_LANG);
        assert_int_equal(precis_lang_open("tlh", &l, &err), PRECIS_E_LANG);
        assert_null(l);
        assert_null(precis_lang_close(NULL));
}

static void assert_stem(const char *lang, const char *word, const char *want)
{
        struct precis_lang *l = NULL;
        const char *s;
        size_t len = 0;

        assert_int_equal(precis_lang_open(lang, &l, NULL), 0);
        s = precis_lang_stem(l, word, strlen(word), &len);
        assert_non_null(s);
        assert_int_equal(len, strlen(want));
        assert_memory_equal(s, want, len);
        precis_lang_close(l);
}

static void stems(void **state)
{
        (void) state;
        assert_stem("english", "running", "run");
        assert_stem("english", "connections", "connect");
        assert_stem("english", "connected", "connect");
        assert_stem("english", "happiness", "happi");
        assert_stem("porter", "generalizations", "gener");
        assert_stem("german", "häuser", "haus");
        assert_stem("german", "katzen", "katz");
        assert_stem("french", "continuellement", "continuel");
        assert_stem("spanish", "corriendo", "corr");
        assert_stem("russian", "книги", "книг");
        /* Words are not NUL-terminated: only @len bytes count. */
        {
                struct precis_lang *l = NULL;
                const char *s;
                size_t len = 0;

                assert_int_equal(precis_lang_open("en", &l, NULL), 0);
                s = precis_lang_stem(l, "runningXYZ", 7, &len);
                assert_int_equal(len, 3);
                assert_memory_equal(s, "run", 3);
                precis_lang_close(l);
        }
}

/* Each list is sorted and unique, which the binary search relies on, and
 * every word in it is found through the public API. */
static void stopword_lists_sorted(void **state)
{
        const struct stopword_list *sw;
        size_t n_lists = 0;

        (void) state;
        for (sw = stopword_lists; sw->lang != NULL; sw++) {
                struct precis_lang *l = NULL;
                size_t i;

                assert_true(sw->n >= 60);
                assert_int_equal(precis_lang_open(sw->lang, &l, NULL), 0);
                for (i = 0; i < sw->n; i++) {
                        if (i > 0 && strcmp(sw->words[i - 1],
                                            sw->words[i]) >= 0)
                                fail_msg("%s: '%s' before '%s'", sw->lang,
                                         sw->words[i - 1], sw->words[i]);
                        assert_true(precis_lang_is_stopword(
                                l, sw->words[i], strlen(sw->words[i])));
                }
                precis_lang_close(l);
                /* The generated table knows the lists in this order. */
                assert_non_null(precis__stopword_lists[n_lists].lang);
                assert_string_equal(precis__stopword_lists[n_lists].lang,
                                    sw->lang);
                n_lists++;
        }
        assert_null(precis__stopword_lists[n_lists].lang);
}

struct sw_case {
        const char *lang;
        const char *yes; /* space-separated stopwords */
        const char *no;  /* space-separated content words */
};

static const struct sw_case sw_cases[] = {
        { "english", "the and of is don't it's s t don which would",
          "bridge council spring said running" },
        { "german", "der die das und ist nicht über würden dass",
          "brücke stadtrat frühjahr haus" },
        { "french", "le la les et est été à être qu d l",
          "pont conseil printemps maison" },
        { "spanish", "el la los y es está más también",
          "puente ayuntamiento primavera casa" },
        { "italian", "il lo gli e è della perché anche",
          "ponte consiglio primavera casa" },
        { "portuguese", "o a os e é não também você",
          "ponte câmara primavera casa" },
        { "dutch", "de het een en van niet zijn ook",
          "brug gemeenteraad voorjaar huis" },
        { "swedish", "och det att inte också är",
          "bron kommunen tisdagen" },
        { "danish", "og det at ikke også af",
          "broen kommunen tirsdag" },
        { "norwegian", "og det at ikke også av",
          "brua kommunen tirsdag" },
        { "finnish", "ja että on ei hän se", "silta kaupunki kevät" },
        { "russian", "и в не что он это", "мост совет весна" },
        { "porter", "the and of", "bridge" },
};

static void stopword_membership(void **state)
{
        size_t c;

        (void) state;
        for (c = 0; c < sizeof(sw_cases) / sizeof(sw_cases[0]); c++) {
                struct precis_lang *l = NULL;
                char words[256], *w, *save = NULL;

                assert_int_equal(precis_lang_open(sw_cases[c].lang, &l, NULL),
                                 0);
                snprintf(words, sizeof(words), "%s", sw_cases[c].yes);
                for (w = strtok_r(words, " ", &save); w != NULL;
                     w = strtok_r(NULL, " ", &save))
                        if (!precis_lang_is_stopword(l, w, strlen(w)))
                                fail_msg("%s: '%s' should be a stopword",
                                         sw_cases[c].lang, w);
                snprintf(words, sizeof(words), "%s", sw_cases[c].no);
                for (w = strtok_r(words, " ", &save); w != NULL;
                     w = strtok_r(NULL, " ", &save))
                        if (precis_lang_is_stopword(l, w, strlen(w)))
                                fail_msg("%s: '%s' is not a stopword",
                                         sw_cases[c].lang, w);
                precis_lang_close(l);
        }
        /* Only @len bytes count: "there" is not "the". */
        {
                struct precis_lang *l = NULL;

                assert_int_equal(precis_lang_open("english", &l, NULL), 0);
                assert_true(precis_lang_is_stopword(l, "there", 3));
                assert_false(precis_lang_is_stopword(l, "th", 2));
                assert_false(precis_lang_is_stopword(l, "", 0));
                precis_lang_close(l);
        }
        /* Languages without a list have no stopwords. */
        {
                struct precis_lang *l = NULL;

                assert_int_equal(precis_lang_open("turkish", &l, NULL), 0);
                assert_false(precis_lang_is_stopword(l, "ve", 2));
                assert_false(precis_lang_is_stopword(l, "the", 3));
                precis_lang_close(l);
        }
}

struct detect_case {
        const char *lang;
        const char *text;
};

/* Short news-style sentences written for these tests. */
static const struct detect_case detect_cases[] = {
        { "english",
          "The council said on Tuesday that the new bridge would not open "
          "until the spring. Engineers had found cracks in two of the "
          "supports, and they want more time to check them." },
        { "german",
          "Der Stadtrat hat am Dienstag beschlossen, dass die neue Brücke "
          "erst im Frühjahr eröffnet wird. Die Ingenieure hatten Risse in "
          "zwei Pfeilern gefunden und wollen sie noch einmal prüfen." },
        { "french",
          "Le conseil municipal a annoncé mardi que le nouveau pont ne "
          "serait pas ouvert avant le printemps. Les ingénieurs ont trouvé "
          "des fissures dans deux des piliers et ils veulent les examiner "
          "de nouveau." },
        { "spanish",
          "El ayuntamiento anunció el martes que el nuevo puente no se "
          "abrirá hasta la primavera. Los ingenieros encontraron grietas en "
          "dos de los pilares y quieren revisarlos otra vez." },
        { "italian",
          "Il consiglio comunale ha detto martedì che il nuovo ponte non "
          "sarà aperto prima della primavera. Gli ingegneri hanno trovato "
          "delle crepe in due dei piloni e vogliono controllarli ancora." },
        { "portuguese",
          "A câmara municipal disse na terça-feira que a nova ponte só vai "
          "abrir na primavera. Os engenheiros encontraram fissuras em dois "
          "dos pilares e querem verificá-los de novo." },
        { "dutch",
          "De gemeenteraad heeft dinsdag gezegd dat de nieuwe brug pas in "
          "het voorjaar open gaat. De ingenieurs hebben scheuren in twee van "
          "de pijlers gevonden en willen die nog een keer controleren." },
        { "swedish",
          "Kommunen sa på tisdagen att den nya bron inte öppnar förrän i "
          "vår. Ingenjörerna har hittat sprickor i två av pelarna och vill "
          "undersöka dem igen." },
        { "danish",
          "Kommunen sagde tirsdag, at den nye bro ikke åbner før til "
          "foråret. Ingeniørerne har fundet revner i to af søjlerne, og de "
          "vil undersøge dem igen." },
        { "norwegian",
          "Kommunen sa tirsdag at den nye brua ikke åpner før til våren. "
          "Ingeniørene har funnet sprekker i to av søylene, og de vil "
          "undersøke dem på nytt." },
        { "finnish",
          "Kaupunginvaltuusto kertoi tiistaina, että uusi silta avataan "
          "vasta keväällä. Insinöörit löysivät halkeamia kahdesta "
          "tukipilarista, ja he haluavat tutkia ne vielä kerran." },
        { "russian",
          "Городской совет во вторник сообщил, что новый мост откроют только "
          "весной. Инженеры нашли трещины в двух опорах и хотят проверить их "
          "ещё раз." },
        { "serbian",
          "Градско веће је у уторак саопштило да ће нови мост бити отворен "
          "тек на пролеће. Инжењери су пронашли пукотине на два стуба." },
        { "greek",
          "Το δημοτικό συμβούλιο ανακοίνωσε την Τρίτη ότι η νέα γέφυρα θα "
          "ανοίξει την άνοιξη." },
        { "arabic",
          "قال المجلس البلدي يوم الثلاثاء إن الجسر الجديد لن يفتح قبل "
          "الربيع." },
        { "hindi",
          "नगर परिषद ने मंगलवार को कहा कि नया पुल वसंत से पहले नहीं खुलेगा। "
          "इंजीनियरों को दो खंभों में दरारें मिली हैं और वे उनकी फिर से जांच "
          "करना चाहते हैं।" },
        { "nepali",
          "नगर परिषदले मंगलबार नयाँ पुल वसन्तभन्दा पहिले खुल्ने छैन भनेको छ। "
          "इन्जिनियरहरूले दुई खम्बामा चिरा फेला पारेका छन् र उनीहरू फेरि "
          "जाँच गर्न चाहन्छन्।" },
};

static void detect_languages(void **state)
{
        size_t c;

        (void) state;
        for (c = 0; c < sizeof(detect_cases) / sizeof(detect_cases[0]); c++) {
                const char *got =
                        precis_lang_detect(detect_cases[c].text,
                                           strlen(detect_cases[c].text));

                if (strcmp(got, detect_cases[c].lang) != 0)
                        fail_msg("detected '%s' instead of '%s'", got,
                                 detect_cases[c].lang);
        }
}

/* Without evidence the answer is English, and it never varies. */
static void detect_defaults_to_english(void **state)
{
        static const char *const unsure[] = {
                "", "12345 678 -- 3.5%", "Tokio", "Bridge closed",
                "??? !!! ...", "\xff\xfe\x00 garbage",
        };
        size_t i;

        (void) state;
        assert_string_equal(precis_lang_detect(NULL, 0), "english");
        for (i = 0; i < sizeof(unsure) / sizeof(unsure[0]); i++)
                assert_string_equal(precis_lang_detect(unsure[i],
                                                       strlen(unsure[i])),
                                    "english");
}

/* Only the start of a long text counts, and a cut inside a multi-byte
 * character is harmless: 1 MB of German after 64 KB of French is
 * French. */
static void detect_samples_the_start(void **state)
{
        const char *fr = "Le pont ne sera pas ouvert avant le printemps. ";
        const char *de = "Die Brücke wird erst im Frühjahr eröffnet. ";
        size_t n = (1u << 20) + 65536, off = 0;
        char *buf = malloc(n + 64);

        (void) state;
        assert_non_null(buf);
        while (off < 65536 - 1) {
                size_t k = strlen(fr);

                memcpy(buf + off, fr, k);
                off += k;
        }
        while (off < n) {
                size_t k = strlen(de);

                memcpy(buf + off, de, k);
                off += k;
        }
        assert_string_equal(precis_lang_detect(buf, off), "french");
        assert_string_equal(precis_lang_detect(buf + 65536, off - 65536),
                            "german");
        free(buf);
}

/* The script count takes ASCII eight bytes at a time: every letter
 * counts, nothing else does, whatever the alignment.  Latin and Cyrillic
 * letters one apart decide the script either way. */
static void script_counts_every_ascii_letter(void **state)
{
        /* Every ASCII byte that is not a letter, the neighbours of the
         * letter ranges first. */
        char others[128];
        const char *letters = "aAzZmMbY";
        size_t no = 0, c, off, latin, k;

        (void) state;
        others[no++] = '@';
        others[no++] = '[';
        others[no++] = '`';
        others[no++] = '{';
        for (c = 1; c < 128; c++)
                if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
                    c != '@' && c != '[' && c != '`' && c != '{')
                        others[no++] = (char) c;
        for (off = 0; off < 16; off++) {
                for (latin = 37; latin <= 38; latin++) {
                        char buf[1024];
                        struct precis__lang_guess g;
                        size_t n = 0, i;

                        for (i = 0; i < off; i++)
                                buf[n++] = others[(i * 7) % no];
                        /* 37 or 38 letters, each after 0 to 2 others. */
                        for (i = 0; i < latin; i++) {
                                for (k = 0; k < i % 3; k++)
                                        buf[n++] = others[(i + k) % no];
                                buf[n++] = letters[i % 8];
                        }
                        /* 38 Cyrillic letters (д, in no Serbian or Russian
                         * test). */
                        for (i = 0; i < 38; i++) {
                                buf[n++] = (char) 0xD0;
                                buf[n++] = (char) 0xB4;
                        }
                        precis__lang_guess_script(buf, n, &g);
                        if (latin < 38) {
                                assert_non_null(g.name);
                                assert_string_equal(g.name, "russian");
                        } else {
                                /* A tie goes to Latin: stopwords decide. */
                                assert_null(g.name);
                        }
                }
        }
}

/* Detection returns a name that precis_lang_open() accepts, never
 * "porter", for every case. */
static void detect_returns_openable_names(void **state)
{
        size_t c;

        (void) state;
        for (c = 0; c < sizeof(detect_cases) / sizeof(detect_cases[0]); c++) {
                const char *got =
                        precis_lang_detect(detect_cases[c].text,
                                           strlen(detect_cases[c].text));
                struct precis_lang *l = NULL;

                assert_string_not_equal(got, "porter");
                assert_int_equal(precis_lang_open(got, &l, NULL), 0);
                precis_lang_close(l);
        }
}

/* Stems come from a per-thread cache after the first time: they must be
 * what libstemmer itself gives, for the same word in two languages in
 * turn (the cache is shared by every handle of the thread), and still
 * after the cache has filled and been emptied many times over. */
static void stems_cached_match_libstemmer(void **state)
{
        static const char *const langs[] = { "english", "german", "porter" };
        struct precis_lang *l[3] = { NULL, NULL, NULL };
        struct sb_stemmer *sb[3];
        size_t k, i, round;
        char w[64];

        (void) state;
        for (k = 0; k < 3; k++) {
                assert_int_equal(precis_lang_open(langs[k], &l[k], NULL), 0);
                sb[k] = sb_stemmer_new(langs[k], "UTF_8");
                assert_non_null(sb[k]);
        }
        /* 30,000 distinct words (several times the cache's size), each
         * asked twice per round: once new, once from the cache. */
        for (round = 0; round < 2; round++) {
                for (i = 0; i < 30000; i++) {
                        static const char *const ends[] = {
                                "ing", "ed", "s", "ation", "ly", "ness",
                                "en", "ungen",
                        };
                        int n = snprintf(w, sizeof(w), "w%zxrun%s", i * 7,
                                         ends[i % 8]);

                        for (k = 0; k < 3; k++) {
                                size_t got_len = 0, rep;
                                const sb_symbol *want = sb_stemmer_stem(
                                        sb[k], (const sb_symbol *) w, n);
                                int want_len = sb_stemmer_length(sb[k]);

                                for (rep = 0; rep < 2; rep++) {
                                        const char *got = precis_lang_stem(
                                                l[k], w, (size_t) n,
                                                &got_len);

                                        assert_non_null(got);
                                        assert_int_equal(got_len,
                                                         (size_t) want_len);
                                        assert_memory_equal(got, want,
                                                            got_len);
                                }
                        }
                }
        }
        for (k = 0; k < 3; k++) {
                precis_lang_close(l[k]);
                sb_stemmer_delete(sb[k]);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(resolve_names_codes_and_case),
                cmocka_unit_test(every_snowball_name_opens),
                cmocka_unit_test(unknown_language_error),
                cmocka_unit_test(stems),
                cmocka_unit_test(stems_cached_match_libstemmer),
                cmocka_unit_test(stopword_lists_sorted),
                cmocka_unit_test(stopword_membership),
                cmocka_unit_test(detect_languages),
                cmocka_unit_test(detect_defaults_to_english),
                cmocka_unit_test(detect_samples_the_start),
                cmocka_unit_test(script_counts_every_ascii_letter),
                cmocka_unit_test(detect_returns_openable_names),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
