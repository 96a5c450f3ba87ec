/* libFuzzer target: charset decoding (precis_charset_decode), format
 * sniffing and the whole extraction front door (precis_extract), plus the
 * plain-text front end (precis_extract_plain). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <precis/charset.h>
#include <precis/error.h>
#include <precis/extract.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether valid UTF-8 @s would pass through the decoder unchanged: no BOM
 * and none of the control bytes or carriage returns it rewrites. */
static int fuzz_decode_identity(const char *s, size_t len)
{
        size_t i;

        if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
                return 0;
        for (i = 0; i < len; i++) {
                unsigned char c = (unsigned char) s[i];

                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f') ||
                    c == 0x7F)
                        return 0;
        }
        return 1;
}

static void fuzz_check_decoded(const char *in, size_t size, const char *out,
                               size_t len)
{
        size_t i;

        FUZZ_CHECK(out != NULL, "no output");
        FUZZ_CHECK(out[len] == '\0', "not NUL-terminated");
        FUZZ_CHECK(strlen(out) == len, "NUL inside the output (%zu of %zu)",
                   strlen(out), len);
        FUZZ_CHECK(precis_utf8_valid(out, len), "output is not UTF-8");
        for (i = 0; i < len; i++) {
                unsigned char c = (unsigned char) out[i];

                FUZZ_CHECK((c >= 0x20 && c != 0x7F) || c == '\t' ||
                           c == '\n' || c == '\f',
                           "control byte 0x%02x at %zu", c, i);
        }
        /* Clean UTF-8 comes out exactly as it went in. */
        if (precis_utf8_valid(in, size) && fuzz_decode_identity(in, size))
                FUZZ_CHECK(len == size && memcmp(in, out, len) == 0,
                           "clean UTF-8 changed by decoding");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct precis_error err = { 0 };
        struct precis_text t = { 0 };
        enum precis_charset cs = PRECIS_CHARSET_UTF8;
        char *in, *out = NULL, *copy;
        size_t len = 0;
        int rc;

        if (size > FUZZ_MAX_INPUT)
                return 0;
        in = fuzz_copy(data, size);

        rc = precis_charset_decode(in, size, &out, &len, &cs, &err);
        FUZZ_CHECK(rc == 0 || rc == PRECIS_E_BINARY, "decode rc %d", rc);
        if (rc == 0) {
                fuzz_check_decoded(in, size, out, len);
                FUZZ_CHECK(cs == PRECIS_CHARSET_UTF8 ||
                           cs == PRECIS_CHARSET_UTF16LE ||
                           cs == PRECIS_CHARSET_UTF16BE ||
                           cs == PRECIS_CHARSET_CP1252, "charset %d",
                           (int) cs);
                /* The plain front end over the decoded text, without the
                 * NUL the decoder adds. */
                copy = fuzz_copy((const uint8_t *) out, len);
                rc = precis_extract_plain(copy, len, &t, &err);
                FUZZ_CHECK(rc <= 0, "plain rc %d", rc);
                if (rc == 0) {
                        FUZZ_CHECK(t.format == PRECIS_FORMAT_TEXT,
                                   "format %d", (int) t.format);
                        fuzz_check_text(&t, 1);
                }
                precis_text_done(&t);
                (void) precis_format_sniff(copy, len);
                free(copy);
                free(out);
        }

        rc = precis_extract(in, size, &t, &err);
        FUZZ_CHECK(rc == 0 || rc == PRECIS_E_BINARY || rc == PRECIS_E_EMPTY ||
                   rc == PRECIS_E_TOOBIG, "extract rc %d (%s)", rc,
                   precis_error_msg(&err, rc));
        if (rc == 0) {
                FUZZ_CHECK(t.n_paras > 0, "success without paragraphs");
                fuzz_check_text(&t, 1);
        } else {
                FUZZ_CHECK(t.n_paras == 0 && t.title == NULL &&
                           t.paras == NULL, "failure left output behind");
        }
        precis_text_done(&t);
        free(in);
        return 0;
}
