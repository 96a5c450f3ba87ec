#include <string.h>

#include <precis/charset.h>
#include <precis/token.h>

/* Whether code point @c is part of a word: ASCII letters and digits, and
 * every non-ASCII character outside the punctuation and symbol blocks. */
static int token_is_word(unsigned c)
{
        if (c < 0x80)
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9');
        if (c >= 0xA0 && c <= 0xBF)
                return c == 0xAA || c == 0xB5 || c == 0xBA;
        if (c == 0xD7 || c == 0xF7 || c == 0x964 || c == 0x965)
                return 0; /* ×, ÷ and the Devanagari full stops */
        if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
            (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
            (c >= 0xFFF0 && c <= 0xFFFF) || (c >= 0x1F000 && c <= 0x1FAFF))
                return 0;
        return 1;
}

static int token_ascii_word(unsigned char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9');
}

static unsigned token_lower(unsigned c)
{
        if (c >= 'A' && c <= 'Z')
                return c + 32;
        if (c < 0xC0)
                return c;
        if (c <= 0xDE && c != 0xD7)
                return c + 32;
        if (c >= 0x100 && c <= 0x137 && (c & 1) == 0)
                return c + 1;
        if (c >= 0x139 && c <= 0x148 && (c & 1) == 1)
                return c + 1;
        if (c >= 0x14A && c <= 0x177 && (c & 1) == 0)
                return c + 1;
        if (c == 0x178)
                return 0xFF;
        if (c >= 0x179 && c <= 0x17E && (c & 1) == 1)
                return c + 1;
        if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
                return c + 32;
        if (c >= 0x410 && c <= 0x42F)
                return c + 32;
        if (c >= 0x400 && c <= 0x40F)
                return c + 80;
        return c;
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
                c = precis_utf8_decode(s + i, len - i, &k);
                if (token_is_word(c))
                        break;
                i += k;
        }
        start = i;
        while (i < len) {
                /* ASCII letters and digits: the common case. */
                if (u[i] < 0x80 && token_ascii_word(u[i])) {
                        if (n < PRECIS_TOKEN_MAX)
                                buf[n++] = (char) (u[i] >= 'A' && u[i] <= 'Z'
                                                           ? u[i] + 32
                                                           : u[i]);
                        i++;
                        continue;
                }
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
        char buf[PRECIS_TOKEN_MAX + 1];
        size_t pos = 0, n = 0, l;

        while (precis_token_next(s, len, &pos, buf, &l, NULL))
                n++;
        return n;
}
