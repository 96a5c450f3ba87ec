#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include <precis/array.h>
#include <precis/charset.h>
#include <precis/hash.h>
#include <precis/lang.h>
#include <precis/token.h>

#include "lang-detect.h"
#include "stopwords.h"

/* One Snowball language: its canonical (Snowball) name and the other names
 * it answers to: ISO 639-1, 639-3 (and 639-2/B where it differs) codes and
 * English names, lower-case, space-separated. */
struct lang_def {
        const char *name;    /* Snowball algorithm name */
        const char *aliases; /* space-separated, lower-case */
};

/* Sorted by name; every name that libstemmer 2.2 lists.  "porter" is the
 * original English algorithm, kept by name for the ROUGE evaluator; it is
 * never the result of detection. */
static const struct lang_def lang_defs[] = {
        { "arabic", "ar ara" },
        { "armenian", "hy hye arm" },
        { "basque", "eu eus baq" },
        { "catalan", "ca cat valencian" },
        { "danish", "da dan" },
        { "dutch", "nl nld dut flemish" },
        { "english", "en eng" },
        { "finnish", "fi fin" },
        { "french", "fr fra fre" },
        { "german", "de deu ger" },
        { "greek", "el ell gre" },
        { "hindi", "hi hin" },
        { "hungarian", "hu hun magyar" },
        { "indonesian", "id ind bahasa" },
        { "irish", "ga gle gaelic" },
        { "italian", "it ita" },
        { "lithuanian", "lt lit" },
        { "nepali", "ne nep npi" },
        { "norwegian", "no nor nb nob nn nno bokmal bokmål nynorsk" },
        { "porter", "" },
        { "portuguese", "pt por" },
        { "romanian", "ro ron rum moldavian" },
        { "russian", "ru rus" },
        { "serbian", "sr srp" },
        { "spanish", "es spa castilian" },
        { "swedish", "sv swe" },
        { "tamil", "ta tam" },
        { "turkish", "tr tur" },
        { "yiddish", "yi yid" },
};

#define LANG_N (sizeof(lang_defs) / sizeof(lang_defs[0]))

/* Longest stem kept in the stem cache and handed out from a handle. */
#define LANG_STEM_MAX 255

struct precis_lang {
        const char *name;                   /* static canonical name */
        const struct precis__stopwords *sw; /* static; NULL: no list */
        struct sb_stemmer *stemmer;         /* owned; not thread-safe */
        char stem[LANG_STEM_MAX + 1];       /* the last stem handed out */
};

const char *const *precis_lang_names(void)
{
        static const char *const names[LANG_N + 1] = {
                "arabic", "armenian", "basque", "catalan", "danish",
                "dutch", "english", "finnish", "french", "german",
                "greek", "hindi", "hungarian", "indonesian", "irish",
                "italian", "lithuanian", "nepali", "norwegian", "porter",
                "portuguese", "romanian", "russian", "serbian", "spanish",
                "swedish", "tamil", "turkish", "yiddish", NULL,
        };

        return names;
}

/* Whether space-separated @list holds the word @w. */
static int lang_list_has(const char *list, const char *w)
{
        size_t n = strlen(w);

        while (*list != '\0') {
                const char *end = strchr(list, ' ');
                size_t k = end != NULL ? (size_t) (end - list) : strlen(list);

                if (k == n && memcmp(list, w, n) == 0)
                        return 1;
                if (end == NULL)
                        break;
                list = end + 1;
        }
        return 0;
}

/* The canonical name for lower-case @key, or NULL. */
static const char *lang_lookup(const char *key)
{
        const char **sb;
        size_t i;

        for (i = 0; i < LANG_N; i++)
                if (strcmp(lang_defs[i].name, key) == 0 ||
                    lang_list_has(lang_defs[i].aliases, key))
                        return lang_defs[i].name;
        /* A newer libstemmer may know languages this table does not. */
        for (sb = sb_stemmer_list(); *sb != NULL; sb++)
                if (strcmp(*sb, key) == 0)
                        return *sb;
        return NULL;
}

/* Fill @msg with the "unknown language" message for @name.  The list of
 * names does not fit in struct precis_error's 256 bytes with a long input
 * name, so it is cut at a name boundary and points to the help text. */
static void lang_unknown_msg(const char *name, char *msg, size_t size)
{
        const char *const *n;
        const char *more = ", ... (see precis summarize --help)";
        size_t len;
        int rc;

        rc = snprintf(msg, size, "unknown language '%.40s'; use one of: ",
                      name);
        if (rc < 0 || (size_t) rc >= size)
                return;
        len = (size_t) rc;
        for (n = precis_lang_names(); *n != NULL; n++) {
                const char *sep = n == precis_lang_names() ? "" : ", ";
                size_t k = strlen(*n) + strlen(sep);

                /* "porter" is an algorithm, not a language to suggest. */
                if (strcmp(*n, "porter") == 0)
                        continue;
                if (len + k + strlen(more) + 1 > size) {
                        snprintf(msg + len, size - len, "%s", more);
                        return;
                }
                snprintf(msg + len, size - len, "%s%s", sep, *n);
                len += k;
        }
        snprintf(msg + len, size - len, " or an ISO 639 code");
}

int precis_lang_resolve(const char *name, const char **ret_name,
                        struct precis_error *err)
{
        char key[32];
        const char *found = NULL;
        size_t i = 0, n;

        if (name == NULL)
                name = "";
        while (*name == ' ' || *name == '\t')
                name++;
        n = strlen(name);
        while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
                n--;
        if (n > 0 && n < sizeof(key)) {
                /* ASCII lower-casing is enough: every name and code is
                 * ASCII except "bokmål", whose å has no upper-case
                 * spelling anyone types. */
                for (i = 0; i < n; i++) {
                        char c = name[i];

                        key[i] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
                }
                key[n] = '\0';
                found = lang_lookup(key);
                /* Locale tags: "en-US", "pt_BR" name the language first. */
                if (found == NULL) {
                        size_t k = strcspn(key, "-_");

                        if (k >= 2 && k <= 3 && k + 1 < n) {
                                key[k] = '\0';
                                found = lang_lookup(key);
                        }
                }
        }
        if (found == NULL) {
                if (err != NULL) {
                        err->code = PRECIS_E_LANG;
                        lang_unknown_msg(name, err->msg, sizeof(err->msg));
                }
                return PRECIS_E_LANG;
        }
        *ret_name = found;
        return 0;
}

int precis_lang_open(const char *name, struct precis_lang **ret,
                     struct precis_error *err)
{
        struct precis_lang *l;
        const char *canon;
        int rc;

        rc = precis_lang_resolve(name, &canon, err);
        if (rc != 0)
                return rc;
        l = calloc(1, sizeof(*l));
        if (l == NULL)
                return precis_error_set(err, -ENOMEM, NULL);
        l->name = canon;
        /* Porter is an English algorithm: it shares English's list. */
        l->sw = precis__stopwords_find(strcmp(canon, "porter") == 0 ?
                                       "english" : canon);
        l->stemmer = sb_stemmer_new(canon, "UTF_8");
        if (l->stemmer == NULL) {
                /* sb_stemmer_new() fails for an unknown algorithm and for
                 * lack of memory alike; the name is known, so it is the
                 * latter unless this libstemmer lacks the language. */
                const char **sb;
                int known = 0;

                for (sb = sb_stemmer_list(); *sb != NULL; sb++)
                        known |= strcmp(*sb, canon) == 0;
                free(l);
                if (!known)
                        return precis_error_set(err, PRECIS_E_LANG,
                                                "language '%s' has no stemmer "
                                                "in this libstemmer",
                                                canon);
                return precis_error_set(err, -ENOMEM, NULL);
        }
        *ret = l;
        return 0;
}

struct precis_lang *precis_lang_close(struct precis_lang *l)
{
        if (l == NULL)
                return NULL;
        sb_stemmer_delete(l->stemmer);
        free(l);
        return NULL;
}

const char *precis_lang_name(const struct precis_lang *l)
{
        return l->name;
}

int precis_lang_is_stopword(const struct precis_lang *l, const char *w,
                            size_t len)
{
        return precis__stopwords_has(l->sw, w, len);
}

/* Stems this thread has computed, for every document it summarizes.
 *
 * A Snowball stemmer always gives the same stem for the same word, and
 * news repeats its vocabulary from article to article, but stemming one
 * word costs about as much as tokenizing a whole sentence: it was a fifth
 * of `precis import`'s CPU time.  Each thread keeps a table of (language,
 * word) -> stem that grows with use up to a bound and is emptied whenever
 * it fills, so that memory stays flat however much a thread reads (and a
 * one-file run touches only the little it needs).  Thread-local, so that
 * no lock is taken per word; freed when its thread exits (the main
 * thread's lives as long as the process). */
#define STEM_CACHE_ENTRIES 32768         /* words remembered at most */
#define STEM_CACHE_BYTES (512u << 10)    /* of records, at most */
#define STEM_CACHE_LANGS 32              /* languages told apart at once */

/* A slot holds the offset of its record in chars plus one in the low
 * STEM_SLOT_OFF_BITS bits (0 = empty), and above them bits of the word's
 * hash that the slot's position does not use: a probe reads the record
 * only when they match, so a look-up usually touches two cache lines, the
 * slot's and the record's. */
#define STEM_SLOT_OFF_BITS 20
#define STEM_SLOT_OFF_MASK ((1u << STEM_SLOT_OFF_BITS) - 1)

/* A record in chars: the language's index in langs, the word's length,
 * the stem's length, the word, the stem. */
#define STEM_RECORD_HEAD 3

/* Every record's offset plus one fits the slot's offset bits. */
_Static_assert(STEM_CACHE_BYTES < STEM_SLOT_OFF_MASK,
               "stem cache offsets overflow their slot bits");

struct stem_cache {
        uint32_t *slots;        /* owned; see STEM_SLOT_OFF_BITS */
        size_t nslots;          /* power of two, over 2 * n */
        size_t n;               /* records */
        unsigned char *chars;   /* owned: the records back to back */
        size_t len, ccap;
        const char *langs[STEM_CACHE_LANGS]; /* static canonical names */
        size_t nlangs;
};

static pthread_key_t stem_cache_key;
static pthread_once_t stem_cache_once = PTHREAD_ONCE_INIT;
static int stem_cache_key_ok;
static __thread struct stem_cache *stem_cache;

static void stem_cache_free(void *p)
{
        struct stem_cache *c = p;

        free(c->slots);
        free(c->chars);
        free(c);
}

static void stem_cache_key_make(void)
{
        stem_cache_key_ok =
                pthread_key_create(&stem_cache_key, stem_cache_free) == 0;
}

/* This thread's cache, made on first use; NULL without memory (the words
 * are then stemmed every time, which is only slower). */
static struct stem_cache *stem_cache_get(void)
{
        if (stem_cache != NULL)
                return stem_cache;
        (void) pthread_once(&stem_cache_once, stem_cache_key_make);
        if (!stem_cache_key_ok)
                return NULL;
        stem_cache = calloc(1, sizeof(*stem_cache));
        if (stem_cache != NULL &&
            pthread_setspecific(stem_cache_key, stem_cache) != 0) {
                free(stem_cache);
                stem_cache = NULL;
        }
        return stem_cache;
}

static uint32_t stem_cache_tag(uint64_t hash)
{
        return (uint32_t) (hash >> (64 - (32 - STEM_SLOT_OFF_BITS)))
               << STEM_SLOT_OFF_BITS;
}

/* The slot of word @w (@len bytes, hashed to @hash) of language @lang:
 * where it is, or the empty slot it would take (the table has slots). */
static size_t stem_cache_slot(const struct stem_cache *c, unsigned lang,
                              const char *w, size_t len, uint64_t hash)
{
        /* The word alone picks the slot: its languages share a chain. */
        size_t h = hash & (c->nslots - 1);
        uint32_t tag = stem_cache_tag(hash), k;

        while ((k = c->slots[h]) != 0) {
                if ((k & ~STEM_SLOT_OFF_MASK) == tag) {
                        const unsigned char *r =
                                c->chars + (k & STEM_SLOT_OFF_MASK) - 1;

                        if (r[0] == lang && r[1] == len &&
                            memcmp(r + STEM_RECORD_HEAD, w, len) == 0)
                                break;
                }
                h = (h + 1) & (c->nslots - 1);
        }
        return h;
}

static void stem_cache_empty(struct stem_cache *c)
{
        c->n = 0;
        c->len = 0;
        if (c->slots != NULL)
                memset(c->slots, 0, c->nslots * sizeof(*c->slots));
}

/* The index of language @name (a static canonical name) in c->langs,
 * emptying the cache when it would be the one language too many. */
static unsigned stem_cache_lang(struct stem_cache *c, const char *name)
{
        size_t i;

        for (i = 0; i < c->nlangs; i++)
                if (c->langs[i] == name)
                        return (unsigned) i;
        if (c->nlangs == STEM_CACHE_LANGS) {
                stem_cache_empty(c);
                c->nlangs = 0;
        }
        c->langs[c->nlangs] = name;
        return (unsigned) c->nlangs++;
}

/* Twice the slots, every record placed again. */
static int stem_cache_rehash(struct stem_cache *c)
{
        size_t ns = c->nslots ? 2 * c->nslots : 512, off;
        uint32_t *old = c->slots;

        c->slots = calloc(ns, sizeof(*c->slots));
        if (c->slots == NULL) {
                c->slots = old;
                return -ENOMEM;
        }
        free(old);
        c->nslots = ns;
        for (off = 0; off < c->len;
             off += STEM_RECORD_HEAD + c->chars[off + 1] + c->chars[off + 2]) {
                const unsigned char *r = c->chars + off;
                const char *w = (const char *) r + STEM_RECORD_HEAD;
                uint64_t hash = precis_table_hash(w, r[1]);

                c->slots[stem_cache_slot(c, r[0], w, r[1], hash)] =
                        stem_cache_tag(hash) | (uint32_t) (off + 1);
        }
        return 0;
}

/* Remember that @w (@len bytes, hashed to @hash) of language @lang stems
 * to @st (@sl bytes), emptying the cache first when it is full.  Without
 * memory it simply remembers less. */
static void stem_cache_put(struct stem_cache *c, unsigned lang,
                           const char *w, size_t len, uint64_t hash,
                           const char *st, size_t sl)
{
        size_t rl = STEM_RECORD_HEAD + len + sl;
        unsigned char *r;

        if (len > UINT8_MAX || sl > UINT8_MAX)
                return;
        if (c->n == STEM_CACHE_ENTRIES || c->len + rl > STEM_CACHE_BYTES)
                stem_cache_empty(c);
        if (2 * (c->n + 1) > c->nslots && stem_cache_rehash(c) != 0)
                return;
        if (PRECIS_RESERVE(c->chars, c->len, rl, c->ccap, 4096) != 0)
                return;
        r = c->chars + c->len;
        r[0] = (unsigned char) lang;
        r[1] = (unsigned char) len;
        r[2] = (unsigned char) sl;
        memcpy(r + STEM_RECORD_HEAD, w, len);
        memcpy(r + STEM_RECORD_HEAD + len, st, sl);
        c->slots[stem_cache_slot(c, lang, w, len, hash)] =
                stem_cache_tag(hash) | (uint32_t) (c->len + 1);
        c->len += rl;
        c->n++;
}

const char *precis_lang_stem(struct precis_lang *l, const char *w, size_t len,
                             size_t *ret_len)
{
        struct stem_cache *c = stem_cache_get();
        const sb_symbol *s;
        uint64_t hash = 0;
        unsigned lang = 0;
        size_t sl;

        if (c != NULL && len <= UINT8_MAX) {
                lang = stem_cache_lang(c, l->name);
                hash = precis_table_hash(w, len);
                if (c->nslots > 0) {
                        uint32_t k = c->slots[stem_cache_slot(c, lang, w, len,
                                                              hash)];

                        if (k != 0) {
                                const unsigned char *r =
                                        c->chars + (k & STEM_SLOT_OFF_MASK) -
                                        1;

                                memcpy(l->stem, r + STEM_RECORD_HEAD + r[1],
                                       r[2]);
                                l->stem[r[2]] = '\0';
                                *ret_len = r[2];
                                return l->stem;
                        }
                }
        }
        if (len > INT_MAX)
                len = INT_MAX;
        s = sb_stemmer_stem(l->stemmer, (const sb_symbol *) w, (int) len);
        if (s == NULL)
                return NULL;
        sl = (size_t) sb_stemmer_length(l->stemmer);
        if (c != NULL && len <= UINT8_MAX)
                stem_cache_put(c, lang, w, len, hash, (const char *) s, sl);
        *ret_len = sl;
        return (const char *) s;
}

/* Language detection.
 *
 * Two signals, both cheap enough for the start of every document:
 * - the script of the letters: Cyrillic, Greek, Arabic, Armenian, Hebrew,
 *   Devanagari and Tamil text each point to the one or two Snowball
 *   languages written in that script;
 * - for Latin (and Cyrillic/Devanagari) text, the share of tokens that are
 *   stopwords of each language with a list.  Function words make up a
 *   third to a half of running text in these languages and are nearly
 *   disjoint between them, so a few sentences are enough. */

/* Only the start of a document is examined. */
#define LANG_DETECT_MAX 65536
/* Fewer stopword hits than this is too little evidence. */
#define LANG_DETECT_MIN_HITS 3

enum lang_script {
        SCRIPT_LATIN = 0,
        SCRIPT_CYRILLIC,
        SCRIPT_GREEK,
        SCRIPT_ARABIC,
        SCRIPT_ARMENIAN,
        SCRIPT_HEBREW,
        SCRIPT_DEVANAGARI,
        SCRIPT_TAMIL,
        SCRIPT_N,
};

struct lang_scripts {
        size_t count[SCRIPT_N]; /* letters seen per script */
        size_t serbian;         /* Cyrillic letters only Serbian uses */
        size_t russian;         /* Cyrillic letters Serbian lacks */
        size_t yiddish;         /* Hebrew-script Yiddish ligatures */
};

static void lang_count_scripts(const char *s, size_t len,
                               struct lang_scripts *sc)
{
        size_t i = 0, k;

        memset(sc, 0, sizeof(*sc));
        while (i < len) {
                unsigned c = (unsigned char) s[i];
                uint64_t v;

                /* Eight ASCII bytes at once: most of the text in most
                 * scripts.  OR 0x20 makes exactly the letters fall in
                 * 'a'..'z' (0x61..0x7A); adding 0x1F (resp. 0x05) to a
                 * byte under 0x80 sets its top bit when it is 0x61 and
                 * up (resp. 0x7B and up), without a carry into the next
                 * byte. */
                if (len - i >= 8) {
                        memcpy(&v, s + i, 8);
                        if ((v & 0x8080808080808080ULL) == 0) {
                                uint64_t x = v | 0x2020202020202020ULL;
                                uint64_t ge_a = x + 0x1F1F1F1F1F1F1F1FULL;
                                uint64_t ge_z1 = x + 0x0505050505050505ULL;
                                uint64_t ones = (ge_a & ~ge_z1 &
                                                 0x8080808080808080ULL) >> 7;

                                /* The eight 0/1 bytes summed into the
                                 * top one. */
                                sc->count[SCRIPT_LATIN] +=
                                        (size_t) ((ones *
                                                   0x0101010101010101ULL) >>
                                                  56);
                                i += 8;
                                continue;
                        }
                }
                /* ASCII without a call. */
                if (c < 0x80) {
                        sc->count[SCRIPT_LATIN] +=
                                (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
                        i++;
                        continue;
                }
                c = precis_utf8_decode(s + i, len - i, &k);
                i += k;
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7)) {
                        sc->count[SCRIPT_LATIN]++;
                } else if (c >= 0x400 && c <= 0x4FF) {
                        unsigned l = c >= 0x400 && c <= 0x42F ?
                                     c + (c < 0x410 ? 80 : 32) : c;

                        sc->count[SCRIPT_CYRILLIC]++;
                        /* ђ ј љ њ ћ џ are Serbian; ы э ъ щ ё й are not. */
                        if (l == 0x452 || l == 0x458 || l == 0x459 ||
                            l == 0x45A || l == 0x45B || l == 0x45F)
                                sc->serbian++;
                        else if (l == 0x44B || l == 0x44D || l == 0x44A ||
                                 l == 0x449 || l == 0x451 || l == 0x439)
                                sc->russian++;
                } else if (c >= 0x370 && c <= 0x3FF) {
                        sc->count[SCRIPT_GREEK]++;
                } else if (c >= 0x1F00 && c <= 0x1FFF) {
                        sc->count[SCRIPT_GREEK]++;
                } else if ((c >= 0x600 && c <= 0x6FF) ||
                           (c >= 0x750 && c <= 0x77F)) {
                        sc->count[SCRIPT_ARABIC]++;
                } else if (c >= 0x531 && c <= 0x58F) {
                        sc->count[SCRIPT_ARMENIAN]++;
                } else if (c >= 0x5D0 && c <= 0x5F4) {
                        sc->count[SCRIPT_HEBREW]++;
                        if (c >= 0x5F0 && c <= 0x5F2)
                                sc->yiddish++;
                } else if (c >= 0xFB1D && c <= 0xFB4F) {
                        /* Presentation forms: "ײַ", "פֿ" are Yiddish. */
                        sc->count[SCRIPT_HEBREW]++;
                        sc->yiddish++;
                } else if (c >= 0x900 && c <= 0x97F) {
                        sc->count[SCRIPT_DEVANAGARI]++;
                } else if (c >= 0xB80 && c <= 0xBFF) {
                        sc->count[SCRIPT_TAMIL]++;
                }
        }
}

/* The lists holding @w (@len bytes), also trying the elided article or
 * pronoun of a word like "l'homme", "dell'anno" or "don't", which the
 * tokenizer keeps whole. */
uint32_t precis__lang_token_lists(const char *w, size_t len)
{
        const char *q;
        uint32_t m = precis__stopwords_mask(w, len);

        q = memchr(w, '\'', len);
        if (q != NULL && q > w)
                m |= precis__stopwords_mask(w, (size_t) (q - w));
        return m;
}

/* Add token @w (@len bytes), followed in its text by byte @next, to the
 * stopword hits of each list.  An initial ("J. Smith", "Bay d. Rockledge"
 * in sports results) is a stopword of several languages by accident:
 * "d", "l", "c", "a". */
void precis__lang_count_token(size_t hits[PRECIS__LANG_LISTS], const char *w,
                              size_t len, char next)
{
        if (len == 1 && next == '.')
                return;
        precis__lang_count_lists(hits, precis__lang_token_lists(w, len));
}

void precis__lang_count_lists(size_t hits[PRECIS__LANG_LISTS], uint32_t m)
{
        size_t i;

        for (i = 0; m != 0 && i < PRECIS__LANG_LISTS; i++, m >>= 1)
                hits[i] += m & 1;
}

void precis__lang_count_text(size_t hits[PRECIS__LANG_LISTS], const char *s,
                             size_t len)
{
        size_t pos = 0, l;
        char buf[PRECIS_TOKEN_MAX + 1];

        while (precis_token_next(s, len, &pos, buf, &l, NULL))
                precis__lang_count_token(hits, buf, l,
                                         pos < len ? s[pos] : '\0');
}

const char *precis__lang_choose(const struct precis__lang_guess *g,
                                const size_t hits[PRECIS__LANG_LISTS])
{
        const struct precis__stopwords *sw;
        size_t n_lists = 0, i, best = 0;
        const char *best_name = NULL;

        for (sw = precis__stopword_lists; sw->lang != NULL; sw++)
                n_lists++;
        if (n_lists > PRECIS__LANG_LISTS)
                n_lists = PRECIS__LANG_LISTS;
        /* Ties go to the earlier list, which keeps the result stable. */
        for (i = 0; i < n_lists; i++) {
                const char *name = precis__stopword_lists[i].lang;

                if (g->only != NULL ? !lang_list_has(g->only, name) :
                                      lang_list_has("hindi nepali", name))
                        continue;
                if (hits[i] > best) {
                        best = hits[i];
                        best_name = name;
                }
        }
        return best >= LANG_DETECT_MIN_HITS ? best_name : g->fallback;
}

void precis__lang_guess_script(const char *s, size_t len,
                               struct precis__lang_guess *g)
{
        struct lang_scripts sc;
        size_t total = 0, top = SCRIPT_LATIN;
        int i;

        g->name = NULL;
        g->only = NULL;
        g->fallback = "english";
        if (s == NULL) {
                g->name = "english";
                return;
        }
        if (len > LANG_DETECT_MAX) {
                len = LANG_DETECT_MAX;
                /* Do not cut a UTF-8 sequence in two. */
                while (len > 0 && ((unsigned char) s[len] & 0xC0) == 0x80)
                        len--;
        }
        lang_count_scripts(s, len, &sc);
        for (i = 0; i < SCRIPT_N; i++) {
                total += sc.count[i];
                if (sc.count[i] > sc.count[top])
                        top = (size_t) i;
        }
        if (total == 0) {
                g->name = "english";
                return;
        }
        switch (top) {
        case SCRIPT_CYRILLIC:
                g->name = sc.serbian > sc.russian ? "serbian" : "russian";
                return;
        case SCRIPT_GREEK:
                g->name = "greek";
                return;
        case SCRIPT_ARABIC:
                g->name = "arabic";
                return;
        case SCRIPT_ARMENIAN:
                g->name = "armenian";
                return;
        case SCRIPT_HEBREW:
                /* Hebrew has no stemmer; only text with Yiddish's own
                 * letters goes to Yiddish. */
                g->name = sc.yiddish > 0 ? "yiddish" : "english";
                return;
        case SCRIPT_DEVANAGARI:
                g->only = "hindi nepali";
                g->fallback = "hindi";
                return;
        case SCRIPT_TAMIL:
                g->name = "tamil";
                return;
        default:
                return;
        }
}

const char *precis_lang_detect(const char *s, size_t len)
{
        struct precis__lang_guess g;
        size_t hits[PRECIS__LANG_LISTS] = { 0 };

        precis__lang_guess_script(s, len, &g);
        if (g.name != NULL)
                return g.name;
        /* The same cut as the script count. */
        if (len > LANG_DETECT_MAX) {
                len = LANG_DETECT_MAX;
                while (len > 0 && ((unsigned char) s[len] & 0xC0) == 0x80)
                        len--;
        }
        precis__lang_count_text(hits, s, len);
        return precis__lang_choose(&g, hits);
}
