/* libFuzzer target: the article reference of `precis show ID|HASH-PREFIX|
 * PATH`, resolved by precis_store_resolve() and the CLI's
 * cli_show_resolve() against a small store built at start-up.
 *
 * The store holds a dozen articles under assorted paths, two of them
 * chosen so that their hashes share a 4-digit prefix, so every outcome -
 * ID, unique prefix, ambiguous prefix, path, canonical path, not found -
 * is reachable.  Each lookup is checked against an independent reading of
 * the rules in precis/store.h. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <precis/ingest.h>
#include <precis/init.h>
#include <precis/doc.h>
#include <precis/error.h>
#include <precis/store.h>

#include "cli.h"
#include "fuzz-common.h"
#include "output.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_REF_MAX 4096
#define FUZZ_N_ARTICLES 12
#define FUZZ_PROBES 4096

struct fuzz_article {
        int64_t id;                       /* ID given by the store */
        char hash[2 * PRECIS_HASH_BYTES + 1]; /* lower-case hex */
        char path[64];                    /* the path it was stored under */
};

static struct {
        char dir[64];                  /* temporary directory */
        char db[128];                  /* the store in it */
        struct precis_store *st;       /* read-only, as the CLI opens it */
        struct fuzz_article a[FUZZ_N_ARTICLES];
        size_t n;                      /* entries in a */
        struct cli_ctx ctx;            /* messages go to /dev/null */
} fz;

/* Paths as the store may hold them: absolute ones that exist (so that a
 * non-canonical spelling of them resolves through realpath), relative,
 * with spaces, with non-ASCII characters, that look like IDs or hashes. */
static const char *const fuzz_paths[FUZZ_N_ARTICLES] = {
        "/tmp", "/dev/null", "/etc/passwd", "inbox/a.txt", "inbox/b c.md",
        "inbox/caf\xc3\xa9.html", "12", "deadbeef", "./x", "x/../y",
        "collision-1", "collision-2",
};

static void fuzz_cleanup(void)
{
        char p[160];

        fz.st = precis_store_close(fz.st);
        if (fz.ctx.err != NULL)
                fclose(fz.ctx.err);
        snprintf(p, sizeof(p), "%s-wal", fz.db);
        unlink(p);
        snprintf(p, sizeof(p), "%s-shm", fz.db);
        unlink(p);
        unlink(fz.db);
        rmdir(fz.dir);
}

static void fuzz_add(struct precis_store *w, const char *text,
                     const char *path)
{
        struct precis_error err = { 0 };
        struct precis_put_result res;
        struct precis_record d;
        struct fuzz_article *a = &fz.a[fz.n];

        if (precis_record_build(text, strlen(text), NULL, &d, &err) != 0 ||
            (d.src.path = strdup(path)) == NULL ||
            precis_store_put(w, &d, &res, &err) != 0 ||
            res.outcome != PRECIS_PUT_NEW) {
                fprintf(stderr, "fuzz-ref: cannot store '%s': %s\n", path,
                        err.msg);
                abort();
        }
        a->id = res.id;
        memcpy(a->hash, d.hash, sizeof(a->hash));
        snprintf(a->path, sizeof(a->path), "%s", path);
        fz.n++;
        precis_record_done(&d);
}

static void fuzz_article_text(char *buf, size_t n, unsigned k)
{
        snprintf(buf, n, "Harbour report number %u. The ferry to the island "
                 "left at %u o'clock. Fishermen said the catch was good.\n",
                 k, k % 24);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
        struct precis_error err = { 0 };
        struct precis_store *w;
        unsigned char h[PRECIS_HASH_BYTES];
        char hex[2 * PRECIS_HASH_BYTES + 1], text[256];
        uint16_t prefix[FUZZ_PROBES];
        unsigned k, first = 0, second = 0;
        size_t i;
        const char *tmp = getenv("TMPDIR");

        (void) argc;
        (void) argv;
        if (precis_init() != 0)
                abort();
        snprintf(fz.dir, sizeof(fz.dir), "%s/precis-fuzz-ref.XXXXXX",
                 tmp != NULL && strlen(tmp) < 30 ? tmp : "/tmp");
        if (mkdtemp(fz.dir) == NULL)
                abort();
        snprintf(fz.db, sizeof(fz.db), "%s/precis.db", fz.dir);
        atexit(fuzz_cleanup);
        if (precis_store_open(fz.db, 0, &w, &err) != 0) {
                fprintf(stderr, "fuzz-ref: %s\n", err.msg);
                abort();
        }
        for (i = 0; i < FUZZ_N_ARTICLES - 2; i++) {
                fuzz_article_text(text, sizeof(text), (unsigned) i);
                fuzz_add(w, text, fuzz_paths[i]);
        }
        /* Two more texts whose hashes share their first four hex digits:
         * a birthday search over 16 bits, a few hundred tries. */
        for (k = 0; k < FUZZ_PROBES && second == 0; k++) {
                fuzz_article_text(text, sizeof(text), 1000 + k);
                precis_hash(text, strlen(text), h, hex);
                prefix[k] = (uint16_t) (h[0] << 8 | h[1]);
                for (i = 0; i < k; i++)
                        if (prefix[i] == prefix[k]) {
                                first = 1000 + (unsigned) i;
                                second = 1000 + k;
                                break;
                        }
        }
        if (second == 0)
                abort();
        fuzz_article_text(text, sizeof(text), first);
        fuzz_add(w, text, fuzz_paths[FUZZ_N_ARTICLES - 2]);
        fuzz_article_text(text, sizeof(text), second);
        fuzz_add(w, text, fuzz_paths[FUZZ_N_ARTICLES - 1]);
        precis_store_close(w);

        if (precis_store_open(fz.db, PRECIS_STORE_READONLY, &fz.st,
                              &err) != 0) {
                fprintf(stderr, "fuzz-ref: %s\n", err.msg);
                abort();
        }
        fz.ctx.argv0 = "precis";
        fz.ctx.db_path = fz.db;
        fz.ctx.out = fz.ctx.err = fopen("/dev/null", "w");
        if (fz.ctx.err == NULL)
                abort();
        return 0;
}

static int fuzz_all_digits(const char *s)
{
        if (*s == '\0')
                return 0;
        for (; *s != '\0'; s++)
                if (*s < '0' || *s > '9')
                        return 0;
        return 1;
}

static int fuzz_all_hex(const char *s)
{
        for (; *s != '\0'; s++)
                if (!isxdigit((unsigned char) *s))
                        return 0;
        return 1;
}

/* What precis/store.h promises for @ref: sets *ret_id and returns 0,
 * PRECIS_E_AMBIGUOUS or PRECIS_E_NOTFOUND (PRECIS_E_INVAL when empty). */
static int fuzz_expect(const char *ref, int64_t *ret_id)
{
        size_t n = strlen(ref), i, k, matches = 0;

        if (n == 0)
                return PRECIS_E_INVAL;
        /* A decimal ID of an article that exists. */
        if (fuzz_all_digits(ref) && n <= 18) {
                int64_t id = strtoll(ref, NULL, 10);

                for (i = 0; i < fz.n; i++)
                        if (fz.a[i].id == id) {
                                *ret_id = id;
                                return 0;
                        }
        }
        /* A hash prefix of 4 to 64 hex digits, in either case. */
        if (n >= PRECIS_STORE_PREFIX_MIN && n <= 2 * PRECIS_HASH_BYTES &&
            fuzz_all_hex(ref)) {
                for (i = 0; i < fz.n; i++) {
                        for (k = 0; k < n; k++)
                                if (tolower((unsigned char) ref[k]) !=
                                    fz.a[i].hash[k])
                                        break;
                        if (k == n) {
                                matches++;
                                *ret_id = fz.a[i].id;
                        }
                }
                if (matches == 1)
                        return 0;
                if (matches > 1)
                        return PRECIS_E_AMBIGUOUS;
        }
        /* A path an article was stored under. */
        for (i = 0; i < fz.n; i++)
                if (strcmp(ref, fz.a[i].path) == 0) {
                        *ret_id = fz.a[i].id;
                        return 0;
                }
        return PRECIS_E_NOTFOUND;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct precis_error err = { 0 };
        char *ref, *cand = NULL, *real;
        int64_t id = -1, want = -1, cli_id = -1;
        int rc, expect, cli_rc;
        size_t i;

        if (size > FUZZ_REF_MAX)
                return 0;
        /* A command-line argument: a C string, so it ends at a NUL. */
        ref = malloc(size + 1);
        if (ref == NULL)
                abort();
        memcpy(ref, data, size);
        ref[size] = '\0';

        expect = fuzz_expect(ref, &want);
        rc = precis_store_resolve(fz.st, ref, &id, &cand, &err);
        FUZZ_CHECK(rc == expect, "'%s': rc %d (%s), expected %d", ref, rc,
                   err.msg, expect);
        if (rc == 0)
                FUZZ_CHECK(id == want, "'%s': id %lld, expected %lld", ref,
                           (long long) id, (long long) want);
        if (rc == PRECIS_E_AMBIGUOUS) {
                size_t lines = 0;

                FUZZ_CHECK(cand != NULL, "'%s': no candidates", ref);
                for (i = 0; cand[i] != '\0'; i++)
                        lines += cand[i] == '\n';
                FUZZ_CHECK(lines >= 2, "'%s': %zu candidates", ref, lines);
        } else {
                FUZZ_CHECK(cand == NULL, "'%s': candidates on rc %d", ref,
                           rc);
        }
        free(cand);

        /* The CLI adds the canonical spelling of an existing path. */
        cli_rc = cli_show_resolve(&fz.ctx, fz.st, ref, &cli_id);
        if (rc == PRECIS_E_NOTFOUND) {
                real = realpath(ref, NULL);
                if (real != NULL && strcmp(real, ref) != 0) {
                        for (i = 0; i < fz.n; i++)
                                if (strcmp(real, fz.a[i].path) == 0)
                                        break;
                } else {
                        i = fz.n;
                }
                if (i < fz.n) {
                        FUZZ_CHECK(cli_rc == CLI_EXIT_OK &&
                                   cli_id == fz.a[i].id,
                                   "'%s' (%s): exit %d, id %lld", ref, real,
                                   cli_rc, (long long) cli_id);
                } else {
                        FUZZ_CHECK(cli_rc == CLI_EXIT_NOTFOUND,
                                   "'%s': exit %d, expected not found", ref,
                                   cli_rc);
                }
                free(real);
        } else if (rc == 0) {
                FUZZ_CHECK(cli_rc == CLI_EXIT_OK && cli_id == id,
                           "'%s': exit %d, id %lld", ref, cli_rc,
                           (long long) cli_id);
        } else {
                FUZZ_CHECK(cli_rc == CLI_EXIT_USAGE, "'%s': exit %d", ref,
                           cli_rc);
        }
        free(ref);
        return 0;
}
