/* libFuzzer target: HTML main-content extraction (precis_extract_html). */
#include <stdint.h>
#include <stdlib.h>

#include <precis/charset.h>
#include <precis/extract.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct precis_error err = { 0 };
        struct precis_text t = { 0 };
        char *in, *dec = NULL;
        size_t len;
        int rc;

        if (size > FUZZ_MAX_INPUT)
                return 0;
        in = fuzz_copy(data, size);
        len = size;
        /* The front end's contract is UTF-8 input; anything else is first
         * decoded as precis_extract() would, so the fuzzer still explores
         * the parser with it. */
        if (!precis_utf8_valid(in, len)) {
                if (precis_charset_decode(in, len, &dec, &len, NULL,
                                          NULL) != 0) {
                        free(in);
                        return 0;
                }
                free(in);
                in = fuzz_copy((const uint8_t *) dec, len);
                free(dec);
        }
        rc = precis_extract_html(in, len, &t, &err);
        FUZZ_CHECK(rc <= 0, "rc %d", rc);
        if (rc == 0) {
                FUZZ_CHECK(t.format == PRECIS_FORMAT_HTML, "format %d",
                           (int) t.format);
                fuzz_check_text(&t, 1);
        } else {
                FUZZ_CHECK(t.n_paras == 0 && t.title == NULL,
                           "failure (%d) left output behind", rc);
        }
        precis_text_done(&t);
        free(in);
        return 0;
}
