/* libFuzzer target: a search query as people type it
 * (PRECIS_QUERY_WORDS), run by precis_store_search() against a small
 * store built at start-up.
 *
 * The promise of precis/store.h: nothing the user types is read as FTS5
 * syntax, so a words query either runs (hits or none) or is refused for
 * having nothing to look for; FTS5 never reports a syntax error, and
 * every snippet has its marks balanced. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <precis/doc.h>
#include <precis/error.h>
#include <precis/ingest.h>
#include <precis/init.h>
#include <precis/store.h>

#include "fuzz-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Longer queries only repeat what these bytes reach. */
#define FUZZ_QUERY_MAX 4096

static struct {
        char dir[64];            /* temporary directory */
        char db[128];            /* the store in it */
        struct precis_store *st; /* read-only, as the CLI opens it */
} fz;

static const char *const fuzz_texts[] = {
        ("Solar-power plans for the U.S. don't add up\n\nThe solar power "
         "plant in the U.S. state was built in 2019, Mr. O'Brien's report "
         "says. It cost 3.5 times the plan.\n"),
        ("Zebras cross the savanna\n\nA herd of zebras crossed the dry "
         "savanna on Tuesday, rangers said. Caf\xc3\xa9 owners near the "
         "park gate were pleased.\n"),
        ("\"Fake\" news, title: NEAR(a b) AND OR NOT *\n\nA report on the "
         "rise of fake news (and why it matters) - or not.\n"),
};

static void fuzz_cleanup(void)
{
        char p[160];

        fz.st = precis_store_close(fz.st);
        snprintf(p, sizeof(p), "%s-wal", fz.db);
        unlink(p);
        snprintf(p, sizeof(p), "%s-shm", fz.db);
        unlink(p);
        unlink(fz.db);
        rmdir(fz.dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        struct precis_error err = { 0 };
        struct precis_put_result res;
        struct precis_store *w;
        const char *tmp = getenv("TMPDIR");
        size_t i;

        (void) argc;
        (void) argv;
        if (precis_init() != 0)
                abort();
        snprintf(fz.dir, sizeof(fz.dir), "%s/precis-fuzz-query.XXXXXX",
                 tmp != NULL && strlen(tmp) < 30 ? tmp : "/tmp");
        if (mkdtemp(fz.dir) == NULL)
                abort();
        snprintf(fz.db, sizeof(fz.db), "%s/precis.db", fz.dir);
        atexit(fuzz_cleanup);
        if (precis_store_open(fz.db, 0, &w, &err) != 0)
                abort();
        for (i = 0; i < sizeof(fuzz_texts) / sizeof(fuzz_texts[0]); i++) {
                struct precis_record d;
                char path[32];

                snprintf(path, sizeof(path), "/in/%zu.txt", i);
                if (precis_record_build(fuzz_texts[i], strlen(fuzz_texts[i]),
                                        NULL, &d, &err) != 0 ||
                    (d.src.path = strdup(path)) == NULL ||
                    precis_store_put(w, &d, &res, &err) != 0) {
                        fprintf(stderr, "fuzz-query: %s\n", err.msg);
                        abort();
                }
                precis_record_done(&d);
        }
        precis_store_close(w);
        if (precis_store_open(fz.db, PRECIS_STORE_READONLY, &fz.st, &err) !=
            0)
                abort();
        return 0;
}

/* Marks of a hit are balanced: \x01 opens, \x02 closes, never nested. */
static int fuzz_hit_cb(const struct precis_search_hit *h, void *data)
{
        const char *const texts[] = { h->snippet, h->title_marked };
        size_t i;

        (void) data;
        for (i = 0; i < 2; i++) {
                const char *p = texts[i];
                int open = 0;

                for (; p != NULL && *p != '\0'; p++) {
                        if (*p == '\001') {
                                FUZZ_CHECK(!open, "nested mark in '%s'",
                                           texts[i]);
                                open = 1;
                        } else if (*p == '\002') {
                                FUZZ_CHECK(open, "stray close in '%s'",
                                           texts[i]);
                                open = 0;
                        }
                }
                FUZZ_CHECK(!open, "unclosed mark in '%s'", texts[i]);
        }
        return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct precis_search_opts o = { NULL, 10, "\001", "\002", 0,
                                        PRECIS_QUERY_WORDS };
        struct precis_error err = { 0 };
        char *q;
        int rc;

        if (size > FUZZ_QUERY_MAX)
                return 0;
        q = malloc(size + 1);
        if (q == NULL)
                return 0;
        memcpy(q, data, size);
        q[size] = '\0';
        o.query = q;
        rc = precis_store_search(fz.st, &o, fuzz_hit_cb, NULL, &err);
        FUZZ_CHECK(rc >= 0 ||
                           (rc == PRECIS_E_QUERY &&
                            (strstr(err.msg, "no words to look for") !=
                                     NULL ||
                             strstr(err.msg, "only excludes") != NULL ||
                             strstr(err.msg, "empty search query") != NULL)),
                   "query '%s': %d %s", q, rc, err.msg);
        free(q);
        return 0;
}
