/* libFuzzer target: the configuration file parser
 * (precis_config_load_string), its dump (precis_config_dump), which must
 * read back to the same values, and the inbox name rules
 * (precis_config_name_wanted) that the parsed globs drive. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <precis/config.h>
#include <precis/error.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The config loader reads whole files of at most 1 MiB; smaller inputs
 * reach every path of the line-based parser. */
#define FUZZ_CONFIG_MAX (64u << 10)

static char *fuzz_dump(const struct precis_config *c, size_t *ret_len)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        int rc;

        if (f == NULL)
                abort();
        rc = precis_config_dump(c, f);
        FUZZ_CHECK(rc == 0, "dump rc %d", rc);
        if (fclose(f) != 0)
                abort();
        *ret_len = len;
        return buf;
}

/* Every collected message names the input and, after it, a line number
 * or the input alone ("file:line: why" or "file: why"). */
static void fuzz_check_msgs(const char *msgs)
{
        const char *p = msgs, *nl;
        size_t lines = 0;

        FUZZ_CHECK(msgs != NULL && *msgs != '\0', "no messages");
        for (; *p != '\0'; p = nl + 1) {
                nl = strchr(p, '\n');
                FUZZ_CHECK(nl != NULL, "message not newline-terminated");
                FUZZ_CHECK(strncmp(p, "fuzz.conf:", 10) == 0,
                           "message without its place: %.*s",
                           (int) (nl - p), p);
                lines++;
        }
        FUZZ_CHECK(lines > 0, "no message lines");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const names[] = {
                "article.txt", ".hidden", "x.tmp", "page.HTML", "notes.md",
                "README", "a.b.c", "",
        };
        struct precis_error err = { 0 };
        struct precis_config c, c2;
        char *text, *msgs = NULL, *d1, *d2;
        size_t l1, l2, i;
        int rc;

        if (size > FUZZ_CONFIG_MAX)
                return 0;
        text = malloc(size + 1);
        if (text == NULL)
                abort();
        memcpy(text, data, size);
        text[size] = '\0';

        rc = precis_config_load_string(text, "fuzz.conf", &c, &msgs, &err);
        if (rc != 0) {
                FUZZ_CHECK(rc == PRECIS_E_CONFIG, "rc %d", rc);
                FUZZ_CHECK(err.code == rc && err.msg[0] != '\0',
                           "no error message");
                fuzz_check_msgs(msgs);
                free(msgs);
                free(text);
                return 0;
        }
        FUZZ_CHECK(msgs == NULL, "messages on success");
        for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                rc = precis_config_name_wanted(&c, names[i]);
                FUZZ_CHECK(rc == 0 || rc == 1, "name_wanted %d", rc);
        }

        /* What `precis config` prints must load back to the same values. */
        d1 = fuzz_dump(&c, &l1);
        rc = precis_config_load_string(d1, "fuzz.conf", &c2, &msgs, &err);
        FUZZ_CHECK(rc == 0, "dump does not load back: %s\n--- input\n%s\n"
                   "--- dump\n%s", msgs != NULL ? msgs : err.msg, text, d1);
        d2 = fuzz_dump(&c2, &l2);
        FUZZ_CHECK(l1 == l2 && memcmp(d1, d2, l1) == 0,
                   "dump changes on reload:\n--- first\n%s\n--- second\n%s",
                   d1, d2);
        free(d2);
        free(d1);
        precis_config_done(&c2);
        precis_config_done(&c);
        free(text);
        return 0;
}
