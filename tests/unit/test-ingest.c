#define _GNU_SOURCE /* O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include <precis/ingest.h>
#include <precis/init.h>
#include <precis/store.h>

/* The one ingest path (lib/ingest.c): prepare's verdicts for every kind of
 * file, the flat record it builds, commit's per-item outcomes, and the
 * stored options as valid JSON. */

struct fixture {
        char dir[64];            /* temporary directory */
        char inbox[96];          /* dir/in, the root files stay beneath */
        char db[96];             /* dir/test.db */
        struct precis_store *st; /* writer */
};

static const char article[] =
        "Zebras cross the savanna\n\n"
        "A herd of zebras crossed the dry savanna on Tuesday, rangers said. "
        "The migration started early this year because the rains failed. "
        "Rangers counted more than two thousand animals at the river. "
        "Tourists watched the crossing from a bridge near the park gate. "
        "Officials expect the herd to return in the autumn.\n";

static const char article2[] =
        "Harbour reopens after storm\n\n"
        "The harbour reopened on Friday after a storm closed it for three "
        "days. Fishing boats returned to the quay in the morning. The harbour "
        "master said damage to the breakwater was light. Repairs will start "
        "next month.\n";

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        assert_non_null(f);
        snprintf(f->dir, sizeof(f->dir), "/tmp/precis-ingest-XXXXXX");
        assert_non_null(mkdtemp(f->dir));
        snprintf(f->inbox, sizeof(f->inbox), "%s/in", f->dir);
        assert_int_equal(mkdir(f->inbox, 0700), 0);
        snprintf(f->db, sizeof(f->db), "%s/test.db", f->dir);
        assert_int_equal(precis_store_open(f->db, 0, &f->st, NULL), 0);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;
        char cmd[160];

        precis_store_close(f->st);
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
        assert_int_equal(system(cmd), 0);
        free(f);
        return 0;
}

/* Write @len bytes of @data to @dir/@name; returns the path (static). */
static const char *put_file(const char *dir, const char *name,
                            const void *data, size_t len)
{
        static char path[256];
        FILE *fp;

        snprintf(path, sizeof(path), "%s/%s", dir, name);
        fp = fopen(path, "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(data, 1, len, fp), len);
        assert_int_equal(fclose(fp), 0);
        return path;
}

static void prepare(struct precis_ingest *in, const char *path,
                    const struct precis_ingest_opts *o,
                    struct precis_store *rd)
{
        memset(in, 0, sizeof(*in));
        assert_int_equal(precis_ingest_prepare(in, path, 1234, o, rd), 0);
}

static void opts_json_is_valid_whatever_the_options(void **state)
{
        struct precis_summary_opts o;
        char name[700];
        json_error_t jerr;
        json_t *j;
        char *s;

        (void) state;
        /* The defaults. */
        s = precis_summary_opts_json(NULL);
        assert_non_null(s);
        assert_string_equal(s, "{\"algorithm\":\"default\",\"language\":"
                               "\"auto\",\"unit\":\"sentences\","
                               "\"length\":5.0,\"keywords\":10}");
        free(s);

        /* Over 512 bytes of quotes, backslashes and control characters:
         * the hand-written encoder cut such text mid-escape. */
        memset(name, 0, sizeof(name));
        for (size_t i = 0; i < 600; i++)
                name[i] = "\"\\\n\001a"[i % 5];
        precis_summary_opts_init(&o);
        o.algorithm = name;
        o.language = "fr\xff\xfe";  /* not UTF-8 */
        o.unit = PRECIS_LENGTH_RATIO;
        o.length = 0.25;
        s = precis_summary_opts_json(&o);
        assert_non_null(s);
        assert_true(strlen(s) > 600);
        j = json_loads(s, 0, &jerr);
        assert_non_null(j);
        assert_string_equal(json_string_value(json_object_get(j, "algorithm")),
                            name);
        assert_string_equal(json_string_value(json_object_get(j, "language")),
                            "fr??");
        assert_string_equal(json_string_value(json_object_get(j, "unit")),
                            "ratio");
        assert_true(json_real_value(json_object_get(j, "length")) == 0.25);
        json_decref(j);
        free(s);

        /* Each call says its own options, whatever the call before it
         * (the text of the last options is kept per thread): each step
         * changes one option. */
        {
                static const struct {
                        const char *alg, *lang;
                        unsigned keywords;
                        double length;
                        const char *want;
                } steps[] = {
                        { NULL, NULL, 10, 5, "\"default\",\"language\":"
                                             "\"auto\"" },
                        { NULL, NULL, 4, 5, "\"keywords\":4}" },
                        { "textrank", NULL, 4, 5, "\"textrank\"" },
                        { "textrank", "de", 4, 5, "\"language\":\"de\"" },
                        { "textrank", "de", 4, 3, "\"length\":3.0" },
                        { "default", "de", 4, 3, "\"default\"" },
                };
                char *prev = NULL;

                for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]);
                     i++) {
                        precis_summary_opts_init(&o);
                        o.algorithm = steps[i].alg;
                        o.language = steps[i].lang;
                        o.keywords = steps[i].keywords;
                        o.length = steps[i].length;
                        s = precis_summary_opts_json(&o);
                        assert_non_null(s);
                        assert_non_null(strstr(s, steps[i].want));
                        if (prev != NULL)
                                assert_string_not_equal(s, prev);
                        free(prev);
                        prev = s;
                        /* The same options again: the same text. */
                        s = precis_summary_opts_json(&o);
                        assert_string_equal(s, prev);
                        free(s);
                }
                free(prev);
        }
}

static void built_file_becomes_a_flat_record(void **state)
{
        struct fixture *f = *state;
        struct precis_ingest_opts o;
        struct precis_ingest in;
        const char *path;
        struct stat sb;

        path = put_file(f->inbox, "a.txt", article, strlen(article));
        assert_int_equal(stat(path, &sb), 0);
        precis_ingest_opts_init(&o);
        o.root = f->inbox;
        prepare(&in, path, &o, NULL);
        assert_int_equal(in.kind, PRECIS_INGEST_BUILT);
        assert_string_equal(in.rec.src.path, path);
        assert_int_equal(in.rec.src.size, (int64_t) strlen(article));
        assert_int_equal(in.rec.src.inode, (int64_t) sb.st_ino);
        assert_int_equal(in.rec.src.mtime_ns,
                         (int64_t) sb.st_mtim.tv_sec * 1000000000 +
                                 sb.st_mtim.tv_nsec);
        assert_int_equal(in.rec.src.seen_ms, 1234);
        assert_int_equal(strlen(in.rec.hash), PRECIS_HASH_HEX);
        assert_string_equal(in.rec.title, "Zebras cross the savanna");
        assert_string_equal(in.rec.format, "text");
        assert_string_equal(in.rec.language, "english");
        assert_int_equal(in.rec.bytes, (int64_t) strlen(article));
        assert_true(in.rec.sentences >= 5);
        assert_true(in.rec.n_summary > 0 &&
                    in.rec.n_summary <= (size_t) in.rec.sentences);
        assert_non_null(in.rec.summary[0].text);
        assert_true(in.rec.n_keywords > 0);
        assert_non_null(strstr(in.rec.body, "two thousand animals"));
        assert_non_null(strstr(in.rec.options, "\"unit\":\"sentences\""));
        precis_ingest_done(&in);
}

static void files_that_cannot_be_taken_say_why(void **state)
{
        struct fixture *f = *state;
        struct precis_ingest_opts o;
        struct precis_ingest in;
        char path[256], link[256], outside[256];
        static const char elf[] = "\177ELF\002\001\001\000\000\000\003\000";
        char big[64];
        int fd;

        precis_ingest_opts_init(&o);
        o.root = f->inbox;

        snprintf(path, sizeof(path), "%s/missing.txt", f->inbox);
        prepare(&in, path, &o, NULL);
        assert_int_equal(in.kind, PRECIS_INGEST_VANISHED);
        precis_ingest_done(&in);

        snprintf(path, sizeof(path), "%s/pipe", f->inbox);
        assert_int_equal(mkfifo(path, 0600), 0);
        prepare(&in, path, &o, NULL);
        assert_int_equal(in.kind, PRECIS_INGEST_SKIPPED);
        assert_string_equal(in.err.msg, "a FIFO");
        precis_ingest_done(&in);

        /* Binary bytes and empty files fail, with the hash when read. */
        prepare(&in, put_file(f->inbox, "x.bin", elf, sizeof(elf)), &o, NULL);
        assert_int_equal(in.kind, PRECIS_INGEST_FAILED);
        assert_int_equal(in.rc, PRECIS_E_BINARY);
        assert_int_equal(strlen(in.rec.hash), PRECIS_HASH_HEX);
        precis_ingest_done(&in);
        prepare(&in, put_file(f->inbox, "empty.txt", "", 0), &o, NULL);
        assert_int_equal(in.kind, PRECIS_INGEST_FAILED);
        assert_int_equal(in.rc, PRECIS_E_EMPTY);
        precis_ingest_done(&in);

        memset(big, 'a', sizeof(big));
        o.max_bytes = 16;
        prepare(&in, put_file(f->inbox, "big.txt", big, sizeof(big)), &o,
                NULL);
        assert_int_equal(in.kind, PRECIS_INGEST_FAILED);
        assert_int_equal(in.rc, PRECIS_E_TOOBIG);
        assert_non_null(strstr(in.err.msg, "max_bytes"));
        precis_ingest_done(&in);
        o.max_bytes = 0;

        /* Symlinks: refused unless followed, and never out of the root. */
        snprintf(outside, sizeof(outside), "%s",
                 put_file(f->dir, "outside.txt", article, strlen(article)));
        snprintf(link, sizeof(link), "%s/out.txt", f->inbox);
        assert_int_equal(symlink(outside, link), 0);
        prepare(&in, link, &o, NULL);
        assert_int_equal(in.kind, PRECIS_INGEST_SKIPPED);
        assert_non_null(strstr(in.err.msg, "follow_symlinks"));
        precis_ingest_done(&in);
        o.follow_symlinks = true;
        prepare(&in, link, &o, NULL);
        assert_int_equal(in.kind, PRECIS_INGEST_SKIPPED);
        assert_non_null(strstr(in.err.msg, "outside"));
        precis_ingest_done(&in);
        snprintf(path, sizeof(path), "%s",
                 put_file(f->inbox, "inside.txt", article, strlen(article)));
        snprintf(link, sizeof(link), "%s/in.txt", f->inbox);
        assert_int_equal(symlink(path, link), 0);
        prepare(&in, link, &o, NULL);
        assert_int_equal(in.kind, PRECIS_INGEST_BUILT);
        /* Recorded under the name it was found by. */
        assert_string_equal(in.rec.src.path, link);
        precis_ingest_done(&in);
        o.follow_symlinks = false;

        /* A size other than the one a scan saw: look again later. */
        o.want_size = 1;
        prepare(&in, path, &o, NULL);
        assert_int_equal(in.kind, PRECIS_INGEST_UNSTABLE);
        precis_ingest_done(&in);
        o.want_size = -1;

        /* A file open for writing (here by us) is not taken. */
        fd = open(path, O_WRONLY | O_APPEND);
        assert_true(fd >= 0);
        prepare(&in, path, &o, NULL);
        if (in.kind == PRECIS_INGEST_UNSTABLE) {
                assert_true(in.writer_open);
        } else {
                /* Leases refused here (EACCES): size and mtime decide. */
                assert_int_equal(in.kind, PRECIS_INGEST_BUILT);
        }
        precis_ingest_done(&in);
        close(fd);
}

/* A root the caller holds open (import keeps one per folder) confines
 * the open as the root's path does: a folder on the path swapped for a
 * symlink to outside is not followed, a plain file beneath is read. */
static void held_root_confines_as_its_path_does(void **state)
{
        struct fixture *f = *state;
        struct precis_ingest_opts o;
        struct precis_ingest in;
        char out[160], link[160], via[200];
        const char *path;
        int k;

        snprintf(out, sizeof(out), "%s/elsewhere", f->dir);
        assert_int_equal(mkdir(out, 0700), 0);
        put_file(out, "a.txt", article, strlen(article));
        snprintf(link, sizeof(link), "%s/sub", f->inbox);
        assert_int_equal(symlink(out, link), 0);
        snprintf(via, sizeof(via), "%s/a.txt", link);
        path = put_file(f->inbox, "b.txt", article, strlen(article));
        for (k = 0; k < 2; k++) {
                precis_ingest_opts_init(&o);
                o.root = f->inbox;
                if (k == 1)
                        o.root_fd = open(f->inbox,
                                         O_PATH | O_DIRECTORY | O_CLOEXEC);
                prepare(&in, via, &o, NULL);
                assert_int_equal(in.kind, PRECIS_INGEST_UNSTABLE);
                precis_ingest_done(&in);
                prepare(&in, path, &o, NULL);
                assert_int_equal(in.kind, PRECIS_INGEST_BUILT);
                precis_ingest_done(&in);
                if (k == 1) {
                        /* Still the caller's. */
                        assert_int_equal(fcntl(o.root_fd, F_GETFD) >= 0, 1);
                        close(o.root_fd);
                }
        }
}

static void known_bytes_and_unchanged_failures_skip_work(void **state)
{
        struct fixture *f = *state;
        struct precis_ingest_opts o;
        struct precis_ingest in, *one = &in;
        const char *path;
        char copy[256];

        precis_ingest_opts_init(&o);
        o.root = f->inbox;
        path = put_file(f->inbox, "a.txt", article, strlen(article));
        prepare(&in, path, &o, f->st);
        assert_int_equal(in.kind, PRECIS_INGEST_BUILT);
        assert_int_equal(precis_ingest_commit(f->st, &one, 1, NULL), 0);
        assert_int_equal(in.out, PRECIS_INGEST_NEW);
        assert_int_equal(precis_store_path_unchanged(
                                 f->st, path, in.rec.src.size,
                                 in.rec.src.mtime_ns, in.rec.src.inode, NULL),
                         1);
        assert_int_equal(precis_store_path_unchanged(
                                 f->st, path, in.rec.src.size + 1,
                                 in.rec.src.mtime_ns, in.rec.src.inode, NULL),
                         0);
        precis_ingest_done(&in);

        snprintf(copy, sizeof(copy), "%s",
                 put_file(f->inbox, "copy.txt", article, strlen(article)));
        prepare(&in, copy, &o, f->st);
        assert_int_equal(in.kind, PRECIS_INGEST_KNOWN);
        assert_null(in.rec.title); /* not summarized again */
        assert_int_equal(precis_ingest_commit(f->st, &one, 1, NULL), 0);
        assert_int_equal(in.out, PRECIS_INGEST_DUP_PATH);
        assert_int_equal(precis_store_path_unchanged(
                                 f->st, copy, in.rec.src.size,
                                 in.rec.src.mtime_ns, in.rec.src.inode, NULL),
                         1);
        precis_ingest_done(&in);

        path = put_file(f->inbox, "e.txt", "", 0);
        prepare(&in, path, &o, f->st);
        assert_int_equal(in.kind, PRECIS_INGEST_FAILED);
        assert_int_equal(precis_ingest_commit(f->st, &one, 1, NULL), 0);
        assert_int_equal(in.out, PRECIS_INGEST_FAILURE);
        precis_ingest_done(&in);
        prepare(&in, path, &o, f->st);
        assert_int_equal(in.kind, PRECIS_INGEST_UNCHANGED);
        precis_ingest_done(&in);
        o.retry = true;
        prepare(&in, path, &o, f->st);
        assert_int_equal(in.kind, PRECIS_INGEST_FAILED);
        precis_ingest_done(&in);
}

static void one_refused_document_fails_alone(void **state)
{
        struct fixture *f = *state;
        struct precis_store_counts c;
        struct precis_ingest_opts o;
        struct precis_ingest in[3], *v[3];
        struct precis_store *ro = NULL;
        struct precis_error err = { 0 };
        sqlite3 *raw;
        size_t i;

        /* The store refuses the harbour article's body (a trigger), as
         * it would refuse a document for a reason of its own. */
        assert_int_equal(sqlite3_open(f->db, &raw), SQLITE_OK);
        assert_int_equal(sqlite3_exec(raw,
                                      "CREATE TRIGGER boom BEFORE INSERT ON "
                                      "bodies WHEN NEW.body LIKE "
                                      "'%harbour%' BEGIN SELECT "
                                      "RAISE(ABORT, 'boom'); END;",
                                      NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(raw);
        precis_ingest_opts_init(&o);
        prepare(&in[0], put_file(f->inbox, "a.txt", article, strlen(article)),
                &o, NULL);
        prepare(&in[1], put_file(f->inbox, "h.txt", article2,
                                 strlen(article2)), &o, NULL);
        prepare(&in[2], put_file(f->inbox, "e.txt", "", 0), &o, NULL);
        for (i = 0; i < 3; i++)
                v[i] = &in[i];
        assert_int_equal(precis_ingest_commit(f->st, v, 3, &err), 0);
        assert_int_equal(in[0].out, PRECIS_INGEST_NEW);
        assert_int_equal(in[1].out, PRECIS_INGEST_FAILURE);
        assert_int_equal(in[1].kind, PRECIS_INGEST_FAILED);
        assert_non_null(strstr(in[1].err.msg, "boom"));
        assert_int_equal(in[2].out, PRECIS_INGEST_FAILURE);
        assert_int_equal(precis_store_counts(f->st, &c, NULL), 0);
        assert_int_equal(c.articles, 1);
        assert_int_equal(c.failures, 2);

        /* A store that cannot be written keeps every item for later. */
        assert_int_equal(precis_store_open(f->db, PRECIS_STORE_READONLY, &ro,
                                           NULL), 0);
        assert_int_equal(precis_ingest_commit(ro, v, 3, &err), -EROFS);
        for (i = 0; i < 3; i++) {
                assert_int_equal(in[i].out, PRECIS_INGEST_ERROR);
                assert_int_equal(in[i].store_rc, -EROFS);
        }
        precis_store_close(ro);
        for (i = 0; i < 3; i++)
                precis_ingest_done(&in[i]);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(opts_json_is_valid_whatever_the_options),
                cmocka_unit_test_setup_teardown(
                        built_file_becomes_a_flat_record, setup, teardown),
                cmocka_unit_test_setup_teardown(
                        files_that_cannot_be_taken_say_why, setup, teardown),
                cmocka_unit_test_setup_teardown(
                        held_root_confines_as_its_path_does, setup, teardown),
                cmocka_unit_test_setup_teardown(
                        known_bytes_and_unchanged_failures_skip_work, setup,
                        teardown),
                cmocka_unit_test_setup_teardown(
                        one_refused_document_fails_alone, setup, teardown),
        };

        if (precis_init() != 0)
                return 1;
        return cmocka_run_group_tests(tests, NULL, NULL);
}
