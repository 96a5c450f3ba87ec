#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include <precis/charset.h>

size_t precis_utf8_len(const char *str, size_t n)
{
        const uint8_t *s = (const uint8_t *) str;
        ucs4_t c;
        int k;

        if (n == 0)
                return 0;
        if (s[0] < 0x80)
                return 1; /* the common case, without a call */
        /* libunistring checks the rest: overlong forms, surrogates, past
         * U+10FFFF and cut sequences are -1 or -2. */
        k = u8_mbtoucr(&c, s, n);
        return k > 0 ? (size_t) k : 0;
}

int precis_utf8_valid(const char *s, size_t len)
{
        return u8_check((const uint8_t *) s, len) == NULL;
}

uint32_t precis_utf8_decode(const char *s, size_t n, size_t *ret_len)
{
        const unsigned char *u = (const unsigned char *) s;

        if (u[0] < 0x80 || n < 2) {
                *ret_len = 1;
                return u[0] < 0x80 ? u[0] : 0xFFFD;
        }
        if ((u[0] & 0xE0) == 0xC0) {
                *ret_len = 2;
                return (uint32_t) (u[0] & 0x1F) << 6 | (u[1] & 0x3F);
        }
        if ((u[0] & 0xF0) == 0xE0 && n >= 3) {
                *ret_len = 3;
                return (uint32_t) (u[0] & 0x0F) << 12 |
                       (uint32_t) (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
        }
        if ((u[0] & 0xF8) == 0xF0 && n >= 4) {
                *ret_len = 4;
                return (uint32_t) (u[0] & 0x07) << 18 |
                       (uint32_t) (u[1] & 0x3F) << 12 |
                       (uint32_t) (u[2] & 0x3F) << 6 | (u[3] & 0x3F);
        }
        *ret_len = 1;
        return 0xFFFD;
}

size_t precis_utf8_encode(uint32_t cp, char out[4])
{
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                cp = 0xFFFD;
        if (cp < 0x80) {
                out[0] = (char) cp;
                return 1;
        }
        if (cp < 0x800) {
                out[0] = (char) (0xC0 | (cp >> 6));
                out[1] = (char) (0x80 | (cp & 0x3F));
                return 2;
        }
        if (cp < 0x10000) {
                out[0] = (char) (0xE0 | (cp >> 12));
                out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
                out[2] = (char) (0x80 | (cp & 0x3F));
                return 3;
        }
        out[0] = (char) (0xF0 | (cp >> 18));
        out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char) (0x80 | (cp & 0x3F));
        return 4;
}

/* Whether the 8 bytes at @s are all ASCII. */
static bool charset_ascii8(const unsigned char *s)
{
        uint64_t w;

        memcpy(&w, s, 8);
        return (w & 0x8080808080808080ULL) == 0;
}

/* Whether the 8 bytes at @s are all printable ASCII (0x20 to 0x7E): no
 * high bit, no byte under 0x20 and none equal to 0x7F.  Bit tricks on one
 * 64-bit word: (x - 0x20 in every byte) borrows into a byte's high bit
 * exactly where it was under 0x20, once high bytes are ruled out. */
static bool charset_printable8(const unsigned char *s)
{
        const uint64_t ones = 0x0101010101010101ULL;
        const uint64_t high = 0x8080808080808080ULL;
        uint64_t w, del;

        memcpy(&w, s, 8);
        if (w & high)
                return false;
        if ((w - 0x20 * ones) & high)
                return false;
        del = w ^ (0x7F * ones); /* a zero byte where w held 0x7F */
        return ((del - ones) & ~del & high) == 0;
}

static size_t charset_put(char *o, uint32_t cp)
{
        /* Controls other than tab, newline, form feed and carriage return
         * (folded into newlines later) become spaces, so that a stray NUL
         * or escape cannot cut or garble the text. */
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\f' &&
             cp != '\r') || cp == 0x7F)
                cp = ' ';
        return precis_utf8_encode(cp, o);
}

/* Whether the bytes carry the signature of a common binary format, or so
 * many control bytes that they cannot be prose in an 8-bit charset. */
static int charset_is_binary(const unsigned char *s, size_t len)
{
        static const struct {
                const char *magic;
                size_t n;
        } sigs[] = {
                { "\x7f" "ELF", 4 },       { "\x89PNG", 4 },
                { "\x1f\x8b", 2 },         { "%PDF-", 5 },
                { "PK\x03\x04", 4 },       { "GIF8", 4 },
                { "\xff\xd8\xff", 3 },     { "BZh", 3 },
                { "\xfd" "7zXZ", 5 },      { "7z\xbc\xaf", 4 },
                { "\x28\xb5\x2f\xfd", 4 }, { "SQLite format 3", 15 },
                { "\xca\xfe\xba\xbe", 4 }, { "MZ", 2 },
                { "OggS", 4 },             { "ID3", 3 },
                { "\x00\x00\x01\x00", 4 }, { "wOFF", 4 },
        };
        size_t i, ctl = 0, scan = len < 8192 ? len : 8192;

        for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
                if (len >= sigs[i].n && memcmp(s, sigs[i].magic,
                                               sigs[i].n) == 0)
                        return 1;
        for (i = 0; i < scan; i++)
                if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' &&
                    s[i] != '\r' && s[i] != '\f')
                        ctl++;
        /* A NUL here and there is damage; one byte in ten is a format. */
        return scan > 0 && ctl * 10 > scan;
}

/* UTF-16 without a BOM: most ASCII characters have a zero high byte, so
 * one of the two byte lanes is mostly zero. Returns 1 (LE), 2 (BE) or 0. */
static int charset_guess_utf16(const unsigned char *s, size_t len)
{
        size_t i, z0 = 0, z1 = 0, scan = len < 8192 ? len : 8192;

        scan &= ~(size_t) 1;
        if (scan < 4)
                return 0;
        for (i = 0; i < scan; i += 2) {
                z0 += s[i] == 0;
                z1 += s[i + 1] == 0;
        }
        if (z1 * 10 > scan / 2 * 7 && z0 * 10 < scan / 2)
                return 1;
        if (z0 * 10 > scan / 2 * 7 && z1 * 10 < scan / 2)
                return 2;
        return 0;
}

/* Convert @len bytes at @s from @from (an iconv name) to UTF-8 at @o
 * (room for 3 bytes per input byte), through iconv (glibc): no tables of
 * our own.  A byte sequence the charset does not define (the five holes of
 * Windows-1252, a lone UTF-16 surrogate) becomes U+FFFD, one code unit of
 * @unit bytes skipped; a cut final unit is dropped.  Control characters
 * are then made safe by charset_put().  Returns the bytes written, or
 * -errno when iconv cannot open the conversion (-ENOMEM, or -EINVAL when
 * it does not know @from). */
static long charset_iconv(const char *from, size_t unit,
                          const unsigned char *s, size_t len, char *o)
{
        iconv_t cd = iconv_open("UTF-8", from);
        char *in = (char *) s, *out = o, *p;
        size_t in_left = len, out_left = 3 * len, n;

        if (cd == (iconv_t) -1)
                return errno == ENOMEM ? -ENOMEM : -EINVAL;
        while (in_left > 0) {
                if (iconv(cd, &in, &in_left, &out, &out_left) !=
                    (size_t) -1)
                        break;
                if (errno != EILSEQ || in_left < unit)
                        break; /* EINVAL: a cut unit at the end */
                /* U+FFFD is 3 bytes for the at least 1 skipped. */
                memcpy(out, "\xEF\xBF\xBD", 3);
                out += 3;
                out_left -= 3;
                in += unit;
                in_left -= unit;
        }
        iconv_close(cd);
        /* Controls other than tab, newline, form feed and carriage return
         * become spaces, as for UTF-8 input (all are single bytes). */
        n = (size_t) (out - o);
        for (p = o; p < o + n; p++)
                if ((unsigned char) *p < 0x20 || *p == 0x7F)
                        charset_put(p, (unsigned char) *p);
        return (long) n;
}

int precis_charset_decode(const char *data, size_t len, char **ret_out,
                          size_t *ret_len, enum precis_charset *ret_cs,
                          struct precis_error *err)
{
        const unsigned char *s = (const unsigned char *) data;
        enum precis_charset cs = PRECIS_CHARSET_UTF8;
        size_t i, n = 0, valid_multi = 0, invalid = 0;
        char *o;
        long conv;
        int u16 = 0;

        if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
                u16 = 1;
                s += 2;
                len -= 2;
        } else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
                u16 = 2;
                s += 2;
                len -= 2;
        } else if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
                s += 3;
                len -= 3;
        } else {
                u16 = charset_guess_utf16(s, len);
        }
        if (u16 == 0 && charset_is_binary(s, len))
                return precis_error_set(err, PRECIS_E_BINARY,
                                        "binary data (not text, Markdown "
                                        "or HTML)");
        /* Worst case: every byte becomes a 3-byte sequence (cp1252 and
         * U+FFFD); UTF-16 never grows beyond 3 bytes per 2. */
        if (len > (SIZE_MAX - 1) / 3)
                return precis_error_set(err, PRECIS_E_TOOBIG, NULL);
        o = malloc(3 * len + 1);
        if (o == NULL)
                return precis_error_set(err, -ENOMEM, NULL);
        if (u16 != 0) {
                cs = u16 == 1 ? PRECIS_CHARSET_UTF16LE
                              : PRECIS_CHARSET_UTF16BE;
                conv = charset_iconv(u16 == 1 ? "UTF-16LE" : "UTF-16BE", 2,
                                     s, len, o);
                goto converted;
        }
        for (i = 0; i < len;) {
                size_t k;

                if (s[i] < 0x80) {
                        /* Most bytes: no call, eight at a time. */
                        i++;
                        while (len - i >= 8 && charset_ascii8(s + i))
                                i += 8;
                        continue;
                }
                k = precis_utf8_len((const char *) s + i, len - i);
                if (k == 0) {
                        invalid++;
                        i++;
                } else {
                        valid_multi += k > 1;
                        i += k;
                }
        }
        /* Windows-1252 text almost never forms valid UTF-8 sequences, so a
         * few bad bytes among valid sequences are damage (marked U+FFFD);
         * bad bytes outnumbering valid sequences two to one mean 1252. */
        if (invalid > 2 * valid_multi) {
                cs = PRECIS_CHARSET_CP1252;
                conv = charset_iconv("WINDOWS-1252", 1, s, len, o);
                goto converted;
        }
        for (i = 0; i < len;) {
                size_t k;

                if (s[i] >= 0x20 && s[i] < 0x7F) {
                        /* Printable ASCII as is, eight at a time. */
                        o[n++] = (char) s[i++];
                        while (len - i >= 8 && charset_printable8(s + i)) {
                                memcpy(o + n, s + i, 8);
                                n += 8;
                                i += 8;
                        }
                        continue;
                }
                k = precis_utf8_len((const char *) s + i, len - i);
                if (k == 0) {
                        n += charset_put(o + n, 0xFFFD);
                        i++;
                } else if (k == 1) {
                        n += charset_put(o + n, s[i]);
                        i++;
                } else {
                        memcpy(o + n, s + i, k);
                        n += k;
                        i += k;
                }
        }
        conv = (long) n;
converted:
        if (conv < 0) {
                free(o);
                if (conv == -ENOMEM)
                        return precis_error_set(err, -ENOMEM, NULL);
                return precis_error_set(err, -ENOTSUP, "iconv cannot "
                                        "convert from %s",
                                        cs == PRECIS_CHARSET_CP1252
                                                ? "WINDOWS-1252"
                                                : "UTF-16");
        }
        n = (size_t) conv;
        /* Line ends: CRLF and lone CR become LF, from the first CR on
         * (most files have none). */
        {
                char *cr = memchr(o, '\r', n);

                i = cr != NULL ? (size_t) (cr - o) : n;
        }
        for (len = n, n = i; i < len; i++) {
                if (o[i] == '\r') {
                        if (i + 1 < len && o[i + 1] == '\n')
                                continue;
                        o[i] = '\n';
                }
                o[n++] = o[i];
        }
        o[n] = '\0';
        *ret_out = o;
        *ret_len = n;
        if (ret_cs != NULL)
                *ret_cs = cs;
        return 0;
}

size_t precis_escape_char(const char *s, size_t n, int quote, char out[4],
                          size_t *ret_used)
{
        static const char hex[] = "0123456789abcdef";
        unsigned char c = (unsigned char) s[0];
        size_t k;

        *ret_used = 1;
        if (c == '\n' || c == '\t' || c == '\r' || c == '\\' ||
            (quote != 0 && c == (unsigned char) quote)) {
                out[0] = '\\';
                out[1] = c == '\n' ? 'n' : c == '\t' ? 't' :
                         c == '\r' ? 'r' : (char) c;
                return 2;
        }
        k = c < 0x20 || c == 0x7f ? 0 : precis_utf8_len(s, n);
        if (k == 0) {
                out[0] = '\\';
                out[1] = 'x';
                out[2] = hex[c >> 4];
                out[3] = hex[c & 0xf];
                return 4;
        }
        memcpy(out, s, k);
        *ret_used = k;
        return k;
}
