#include <stdint.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>

#include <precis/charset.h>
#include <precis/token.h>

/* Whether code point @c is part of a word: a letter, mark or number in
 * the Unicode Character Database (libunistring), in every script. */
static int token_is_word(unsigned c)
{
        if (c < 0x80)
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9');
        return (uc_general_category(c).bitmask &
                (UC_CATEGORY_MASK_L | UC_CATEGORY_MASK_M |
                 UC_CATEGORY_MASK_N)) != 0;
}

/* ASCII letters and digits, looked up rather than compared: the
 * tokenizer asks this of every byte of every sentence, several times.
 * Each maps to its lower-case form; every other byte (all of 0x80 and
 * up) to 0. */
static const unsigned char token_ascii_lower[256] = {
        ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
        ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
        ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
        ['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
        ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
        ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
        ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
        ['Z'] = 'z', ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd',
        ['e'] = 'e', ['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i',
        ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
        ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's',
        ['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x',
        ['y'] = 'y', ['z'] = 'z',
};

static int token_ascii_word(unsigned char c)
{
        return token_ascii_lower[c] != 0;
}

/* Lower case through Unicode's simple case mapping (one code point for
 * one, as the stemmers and stop-word lists expect), for every cased
 * script: Latin, Greek, Cyrillic, Armenian, Georgian, Cherokee, Deseret... */
static unsigned token_lower(unsigned c)
{
        return c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c)
                        : (unsigned) uc_tolower((ucs4_t) c);
}

int precis_token_next(const char *s, size_t len, size_t *pos,
                      char buf[PRECIS_TOKEN_MAX + 1], size_t *ret_len,
                      size_t *ret_start)
{
        const unsigned char *u = (const unsigned char *) s;
        size_t i = *pos, k, n = 0, start;
        unsigned c;

        /* Skip to the first word character; ASCII separators (most of
         * them) without decoding. */
        for (;;) {
                while (i < len && u[i] < 0x80 && !token_ascii_word(u[i]))
                        i++;
                if (i >= len) {
                        *pos = len;
                        return 0;
                }
                if (u[i] < 0x80)
                        break; /* an ASCII letter or digit */
                c = precis_utf8_decode(s + i, len - i, &k);
                if (token_is_word(c))
                        break;
                i += k;
        }
        start = i;
        while (i < len) {
                unsigned char l = token_ascii_lower[u[i]];

                /* ASCII letters and digits: the common case. */
                if (l != 0) {
                        if (n < PRECIS_TOKEN_MAX)
                                buf[n++] = (char) l;
                        i++;
                        continue;
                }
                /* Any other ASCII byte but an apostrophe ends the word. */
                if (u[i] < 0x80 && u[i] != '\'')
                        break;
                c = precis_utf8_decode(s + i, len - i, &k);
                if (!token_is_word(c)) {
                        size_t k2;
                        unsigned next;

                        /* An apostrophe between two word characters
                         * ("don't", "Obama's") stays in the word. */
                        if ((c != '\'' && c != 0x2019) || i + k >= len)
                                break;
                        next = precis_utf8_decode(s + i + k, len - i - k, &k2);
                        if (!token_is_word(next))
                                break;
                        c = '\'';
                }
                c = token_lower(c);
                if (n + 4 <= PRECIS_TOKEN_MAX)
                        n += precis_utf8_encode(c, buf + n);
                i += k;
        }
        buf[n] = '\0';
        *ret_len = n;
        if (ret_start != NULL)
                *ret_start = start;
        *pos = i;
        return 1;
}

size_t precis_token_count(const char *s, size_t len)
{
        return precis_token_count_max(s, len, SIZE_MAX - 1);
}

size_t precis_token_count_max(const char *s, size_t len, size_t max)
{
        const unsigned char *u = (const unsigned char *) s;
        size_t i = 0, k, k2, n = 0;
        int in_word = 0;
        unsigned c;

        /* The words precis_token_next() would find, without lower-casing
         * them into a buffer: the summary's sentence checks count words
         * of every sentence several times. */
        while (i < len && n <= max) {
                if (token_ascii_word(u[i])) {
                        /* An ASCII word character, and the rest of the
                         * run of them at once: most of any text. */
                        n += !in_word;
                        in_word = 1;
                        for (i++; i < len && token_ascii_word(u[i]); i++)
                                ;
                        continue;
                }
                if (u[i] < 0x80) {
                        c = u[i];
                        k = 1;
                } else {
                        c = precis_utf8_decode(s + i, len - i, &k);
                }
                if (c < 0x80 ? token_ascii_word((unsigned char) c)
                             : token_is_word(c)) {
                        n += !in_word;
                        in_word = 1;
                } else if (in_word && (c == '\'' || c == 0x2019) &&
                           i + k < len &&
                           token_is_word(precis_utf8_decode(s + i + k,
                                                            len - i - k,
                                                            &k2))) {
                        /* "don't": the apostrophe stays in the word. */
                } else {
                        in_word = 0;
                }
                i += k;
        }
        return n;
}

int precis_char_case(const char *s, size_t n)
{
        size_t k;
        ucs4_t c = precis_utf8_decode(s, n, &k);

        if (c < 0x80)
                return c >= 'A' && c <= 'Z' ? 1 : c >= 'a' && c <= 'z' ? -1 : 0;
        if (uc_is_property_uppercase(c) || uc_is_general_category(c,
                                                     UC_TITLECASE_LETTER))
                return 1;
        return uc_is_property_lowercase(c) ? -1 : 0;
}
