#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <sqlite3.h>

#include <precis/ingest.h>
#include <precis/init.h>
#include <precis/doc.h>
#include <precis/store.h>

/* The first released schema, kept by the store module for this test. */
#include "../../lib/store-schema.h"

struct fixture {
        char dir[64];        /* temporary directory */
        char path[512];      /* dir/test.db, or a postgresql:// URL */
        struct precis_store *st; /* read-write handle on path */
};

/* With PRECIS_TEST_PG_STATE (the file tests/pg/cluster.sh writes: the
 * socket directory of a throwaway server), every test runs against a
 * fresh PostgreSQL database instead of an SQLite file; the few that are
 * about SQLite files skip. */
static char pg_sock[256];
static unsigned pg_serial;

static bool on_pg(void)
{
        return pg_sock[0] != '\0';
}

#define SQLITE_ONLY()                                                        \
        do {                                                                 \
                if (on_pg())                                                 \
                        skip();                                              \
        } while (0)

static void pg_fresh_db(char *url, size_t cap)
{
        char cmd[900], name[64];

        snprintf(name, sizeof(name), "store_%ld_%u", (long) getpid(),
                 ++pg_serial);
        snprintf(cmd, sizeof(cmd),
                 "psql -q -X 'postgresql://precis@/postgres?host=%s' "
                 "-c 'DROP DATABASE IF EXISTS %s' -c 'CREATE DATABASE %s' "
                 ">/dev/null", pg_sock, name, name);
        assert_int_equal(system(cmd), 0);
        snprintf(url, cap, "postgresql://precis@/%s?host=%s", name, pg_sock);
}

/* Run @sql on the test's PostgreSQL database @url (a file keeps psql's
 * quoting out of the way). */
static void pg_sql(const char *dir, const char *url, const char *sql)
{
        char file[128], cmd[1024];
        FILE *fp;

        snprintf(file, sizeof(file), "%s/x.sql", dir);
        fp = fopen(file, "w");
        assert_non_null(fp);
        fputs(sql, fp);
        fclose(fp);
        snprintf(cmd, sizeof(cmd), "psql -q -X -v ON_ERROR_STOP=1 '%s' -f "
                 "'%s' >/dev/null", url, file);
        assert_int_equal(system(cmd), 0);
}

static void pg_drop_db(const char *url)
{
        char cmd[900], name[64];
        const char *p = strstr(url, "@/");

        if (p == NULL)
                return;
        snprintf(name, sizeof(name), "%.*s", (int) strcspn(p + 2, "?"),
                 p + 2);
        snprintf(cmd, sizeof(cmd),
                 "psql -q -X 'postgresql://precis@/postgres?host=%s' "
                 "-c 'DROP DATABASE IF EXISTS %s WITH (FORCE)' >/dev/null",
                 pg_sock, name);
        (void) system(cmd);
}

static const char article_a[] =
        "Zebras cross the savanna\n\n"
        "A herd of zebras crossed the dry savanna on Tuesday, rangers said. "
        "The migration started early this year because the rains failed. "
        "Rangers counted more than two thousand animals at the river. "
        "Tourists watched the crossing from a bridge near the park gate. "
        "Officials expect the herd to return in the autumn.\n";

static const char article_b[] =
        "Parliament debates the budget\n\n"
        "Members of parliament debated the national budget late into the "
        "night. The finance minister defended the plan to raise spending on "
        "schools. Opposition members said the numbers did not add up. A vote "
        "is expected next week after the committee reports. Markets showed "
        "little reaction to the debate.\n";

static const char article_c[] =
        "Harbour reopens after storm\n\n"
        "The harbour reopened on Friday after a storm closed it for three "
        "days. Fishing boats returned to the quay in the morning. The harbour "
        "master said damage to the breakwater was light. Repairs will start "
        "next month.\n";

static void build(const char *text, struct precis_record *d)
{
        struct precis_error err = { 0 };

        assert_int_equal(precis_record_build(text, strlen(text), NULL, d,
                                             &err), 0);
}

/* @d, found at @path from now on. */
static struct precis_record *at(struct precis_record *d, const char *path)
{
        free(d->src.path);
        d->src.path = path != NULL ? strdup(path) : NULL;
        assert_true(path == NULL || d->src.path != NULL);
        return d;
}

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));
        struct precis_error err = { 0 };

        assert_non_null(f);
        snprintf(f->dir, sizeof(f->dir), "/tmp/precis-store-XXXXXX");
        assert_non_null(mkdtemp(f->dir));
        snprintf(f->path, sizeof(f->path), "%s/test.db", f->dir);
        if (on_pg())
                pg_fresh_db(f->path, sizeof(f->path));
        assert_int_equal(precis_store_open(f->path, 0, &f->st, &err), 0);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;
        char cmd[160];

        precis_store_close(f->st);
        if (on_pg())
                pg_drop_db(f->path);
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
        assert_int_equal(system(cmd), 0);
        free(f);
        return 0;
}

static int64_t put(struct precis_store *st, struct precis_record *d,
                   const char *path, enum precis_put_outcome want)
{
        struct precis_error err = { 0 };
        struct precis_put_result r;

        assert_int_equal(precis_store_put(st, at(d, path), &r, &err),
                         0);
        assert_int_equal(r.outcome, want);
        return r.id;
}

/* PRAGMA page_size of the SQLite file at @path. */
static int sqlite_page_size(const char *path)
{
        sqlite3 *db = NULL;
        sqlite3_stmt *s = NULL;
        int size = 0;

        assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
                                         NULL), SQLITE_OK);
        assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &s,
                                            NULL), SQLITE_OK);
        if (sqlite3_step(s) == SQLITE_ROW)
                size = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
        sqlite3_close(db);
        return size;
}

static void fresh_store_has_current_schema(void **state)
{
        struct fixture *f = *state;
        struct precis_store *ro = NULL;
        struct precis_store_counts c;

        assert_int_equal(precis_store_schema_version(f->st),
                         on_pg() ? PRECIS_STORE_PG_SCHEMA_VERSION
                                 : PRECIS_STORE_SCHEMA_VERSION);
        assert_int_equal(precis_store_open(f->path, PRECIS_STORE_READONLY,
                                           &ro, NULL), 0);
        assert_int_equal(precis_store_counts(ro, &c, NULL), 0);
        assert_int_equal(c.articles, 0);
        assert_int_equal(c.failures, 0);
        assert_int_equal(c.last_ingest, 0);
        precis_store_close(ro);
        /* New SQLite stores have 16 KiB pages. */
        if (!on_pg())
                assert_int_equal(sqlite_page_size(f->path), 16384);
}

static void readonly_open_never_creates(void **state)
{
        struct fixture *f = *state;
        struct precis_error err = { 0 };
        struct precis_store *ro = NULL;
        char path[128];

        snprintf(path, sizeof(path), "%s/missing.db", f->dir);
        assert_int_equal(precis_store_open(path, PRECIS_STORE_READONLY, &ro,
                                           &err), -ENOENT);
        assert_null(ro);
        assert_int_equal(access(path, F_OK), -1);
        assert_non_null(strstr(err.msg, "missing.db"));
}

static void not_a_database_is_corrupt(void **state)
{
        struct fixture *f = *state;
        struct precis_error err = { 0 };
        struct precis_store *st = NULL;
        char path[128];
        FILE *fp;
        int i;

        SQLITE_ONLY(); /* about SQLite files */

        snprintf(path, sizeof(path), "%s/junk.db", f->dir);
        fp = fopen(path, "w");
        assert_non_null(fp);
        for (i = 0; i < 200; i++)
                fputs("this is a text file, not a database\n", fp);
        fclose(fp);
        assert_int_equal(precis_store_open(path, PRECIS_STORE_READONLY, &st,
                                           &err), PRECIS_E_CORRUPT);
        assert_non_null(strstr(err.msg, "junk.db"));
        assert_int_equal(precis_store_open(path, 0, &st, &err),
                         PRECIS_E_CORRUPT);
        assert_null(st);
}

static void foreign_sqlite_database_is_refused(void **state)
{
        struct fixture *f = *state;
        struct precis_error err = { 0 };
        struct precis_store *st = NULL;
        char path[128];
        sqlite3 *db;

        SQLITE_ONLY(); /* about SQLite files */

        snprintf(path, sizeof(path), "%s/other.db", f->dir);
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL,
                                      NULL), SQLITE_OK);
        sqlite3_close(db);
        assert_int_equal(precis_store_open(path, 0, &st, &err),
                         PRECIS_E_CORRUPT);
        assert_non_null(strstr(err.msg, "not a precis store"));
}

static void newer_schema_is_refused(void **state)
{
        struct fixture *f = *state;
        struct precis_error err = { 0 };
        struct precis_store *st = NULL;
        sqlite3 *db;

        f->st = precis_store_close(f->st);
        if (on_pg()) {
                pg_sql(f->dir, f->path, "UPDATE precis_schema SET version = "
                       "99");
        } else {
                assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
                assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99",
                                              NULL, NULL, NULL), SQLITE_OK);
                sqlite3_close(db);
        }
        assert_int_equal(precis_store_open(f->path, 0, &st, &err),
                         PRECIS_E_SCHEMA);
        assert_non_null(strstr(err.msg, "newer"));
        assert_int_equal(precis_store_open(f->path, PRECIS_STORE_READONLY,
                                           &st, &err), PRECIS_E_SCHEMA);
        assert_null(st);
}

static void v1_store_is_migrated(void **state)
{
        struct fixture *f = *state;
        struct precis_error err = { 0 };
        struct precis_store *st = NULL;
        struct precis_store_article a;
        struct precis_record d;
        char path[128];
        sqlite3 *db;
        int64_t id;

        SQLITE_ONLY(); /* about SQLite files */

        /* A store as the first version wrote it, with one article, one
         * path and one failure. */
        snprintf(path, sizeof(path), "%s/v1.db", f->dir);
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, precis__store_schema_v1_ddl(), NULL,
                                      NULL, NULL), SQLITE_OK);
        assert_int_equal(
                sqlite3_exec(db,
                             "INSERT INTO articles VALUES (7, '"
                             "00112233445566778899aabbccddeeff"
                             "00112233445566778899aabbccddeeff', 'Old one', "
                             "'english', 'text', 10, 2, 1, 1000, 2000);"
                             "INSERT INTO paths VALUES (7, '/in/old.txt', "
                             "2000);"
                             "INSERT INTO summaries VALUES (7, 'default', 1, "
                             "'{}', 'Old text.');"
                             "INSERT INTO summary_sentences VALUES (7, 0, 0, "
                             "1.0, 'Old text.');"
                             "INSERT INTO bodies VALUES (7, 'Old text.');"
                             "INSERT INTO search (rowid, title, summary, body)"
                             " VALUES (7, 'Old one', 'Old text.', "
                             "'Old text.');"
                             "INSERT INTO failures VALUES ('/in/bad.bin', "
                             "NULL, 'binary data', 3000, 5, 6);"
                             "PRAGMA user_version = 1;",
                             NULL, NULL, NULL),
                SQLITE_OK);
        sqlite3_close(db);

        /* A reader does not migrate; it says what to do. */
        assert_int_equal(precis_store_open(path, PRECIS_STORE_READONLY, &st,
                                           &err), PRECIS_E_SCHEMA);
        assert_non_null(strstr(err.msg, "older"));

        assert_int_equal(precis_store_open(path, 0, &st, &err), 0);
        assert_int_equal(precis_store_schema_version(st),
                         PRECIS_STORE_SCHEMA_VERSION);
        /* An existing store keeps its page size. */
        assert_int_equal(sqlite_page_size(path), 4096);
        assert_int_equal(precis_store_resolve(st, "/in/old.txt", &id, NULL,
                                              NULL), 0);
        assert_int_equal(id, 7);
        assert_int_equal(precis_store_get(st, 7, PRECIS_GET_ALL, &a, NULL), 0);
        assert_string_equal(a.title, "Old one");
        assert_int_equal(a.n_summary, 1);
        precis_store_article_done(&a);
        /* The v2 column works on the migrated row. */
        assert_int_equal(precis_store_put_failure(st, "/in/bad.bin", NULL,
                                                  "binary data", 5, 6, NULL),
                         0);
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        {
                sqlite3_stmt *s;

                assert_int_equal(sqlite3_prepare_v2(db,
                                                    "SELECT attempts FROM "
                                                    "failures", -1, &s, NULL),
                                 SQLITE_OK);
                assert_int_equal(sqlite3_step(s), SQLITE_ROW);
                assert_int_equal(sqlite3_column_int(s, 0), 2);
                sqlite3_finalize(s);
        }
        sqlite3_close(db);
        /* Search still finds the old article, and new ones are stored. */
        build(article_a, &d);
        assert_int_equal(precis_store_put(st, at(&d, "/in/a.txt"), NULL,
                                          NULL), 0);
        precis_record_done(&d);
        {
                struct precis_search_opts o = { "old", 10, NULL, NULL, 0,
                                                PRECIS_QUERY_WORDS };

                assert_int_equal(precis_store_search(st, &o, NULL, NULL,
                                                     NULL), 1);
        }
        precis_store_close(st);
        /* Reopening the migrated store is a no-op. */
        assert_int_equal(precis_store_open(path, PRECIS_STORE_READONLY, &st,
                                           &err), 0);
        precis_store_close(st);
}

/* Append @fmt to the growing description in @buf (size @cap). */
static void describe_add(char *buf, size_t cap, const char *fmt, ...)
{
        size_t len = strlen(buf);
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf + len, cap - len, fmt, ap);
        va_end(ap);
        assert_true(strlen(buf) < cap - 1);
}

/* Append one row of @sql's result, columns joined by '|'. */
static void describe_rows(sqlite3 *db, const char *sql, char *buf,
                          size_t cap)
{
        sqlite3_stmt *s;
        int i;

        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL),
                         SQLITE_OK);
        while (sqlite3_step(s) == SQLITE_ROW) {
                for (i = 0; i < sqlite3_column_count(s); i++) {
                        const unsigned char *t = sqlite3_column_text(s, i);

                        describe_add(buf, cap, "%s%s", i ? "|" : "  ",
                                     t != NULL ? (const char *) t : "NULL");
                }
                describe_add(buf, cap, "\n");
        }
        sqlite3_finalize(s);
}

/* Everything sqlite_master says about the store at @path, in a form that
 * does not depend on how it came to be: tables by their columns (type,
 * NOT NULL, default, key), foreign keys and rowid-ness, since ALTER TABLE
 * keeps the old CREATE text; everything else by its SQL with whitespace
 * folded; plus the version and the search index's settings. */
static void describe_schema(const char *path, char *buf, size_t cap)
{
        sqlite3_stmt *s;
        sqlite3 *db;
        char sql[256];

        buf[0] = '\0';
        assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
                                         NULL), SQLITE_OK);
        describe_rows(db, "PRAGMA user_version", buf, cap);
        assert_int_equal(sqlite3_prepare_v2(db,
                                            "SELECT type, name, tbl_name, "
                                            "coalesce(sql, '') FROM "
                                            "sqlite_master ORDER BY type, "
                                            "name", -1, &s, NULL),
                         SQLITE_OK);
        while (sqlite3_step(s) == SQLITE_ROW) {
                const char *type = (const char *) sqlite3_column_text(s, 0);
                const char *name = (const char *) sqlite3_column_text(s, 1);
                const char *tbl = (const char *) sqlite3_column_text(s, 2);
                const char *def = (const char *) sqlite3_column_text(s, 3);

                describe_add(buf, cap, "%s %s on %s", type, name, tbl);
                if (strcmp(type, "table") == 0 &&
                    strncmp(def, "CREATE VIRTUAL", 14) != 0) {
                        describe_add(buf, cap, "%s\n",
                                     strstr(def, "WITHOUT ROWID") != NULL
                                             ? " without rowid" : "");
                        snprintf(sql, sizeof(sql),
                                 "SELECT * FROM pragma_table_xinfo('%s')",
                                 name);
                        describe_rows(db, sql, buf, cap);
                        snprintf(sql, sizeof(sql),
                                 "SELECT * FROM "
                                 "pragma_foreign_key_list('%s')", name);
                        describe_rows(db, sql, buf, cap);
                        continue;
                }
                describe_add(buf, cap, ": ");
                for (; *def != '\0'; def++) {
                        if (def[0] == ' ' || def[0] == '\n') {
                                if (def[1] != ' ' && def[1] != '\n' &&
                                    def[1] != '\0')
                                        describe_add(buf, cap, " ");
                                continue;
                        }
                        describe_add(buf, cap, "%c", *def);
                }
                describe_add(buf, cap, "\n");
        }
        sqlite3_finalize(s);
        describe_rows(db, "SELECT * FROM search_config ORDER BY k", buf,
                      cap);
        sqlite3_close(db);
}

static void v1_plus_migrations_equals_current_schema(void **state)
{
        struct fixture *f = *state;
        struct precis_store *st = NULL;
        static char fresh[32768], migrated[32768];
        char path[128];
        sqlite3 *db;

        SQLITE_ONLY(); /* about SQLite files */

        snprintf(path, sizeof(path), "%s/v1.db", f->dir);
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, precis__store_schema_v1_ddl(), NULL,
                                      NULL, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 1", NULL,
                                      NULL, NULL), SQLITE_OK);
        sqlite3_close(db);
        assert_int_equal(precis_store_open(path, 0, &st, NULL), 0);
        precis_store_close(st);

        describe_schema(f->path, fresh, sizeof(fresh));
        describe_schema(path, migrated, sizeof(migrated));
        /* Not vacuous: the newest column of each migration is there. */
        assert_non_null(strstr(fresh, "|attempts|INTEGER|1|1|0|0"));
        assert_non_null(strstr(fresh, "|inode|INTEGER|1|0|0|0"));
        assert_non_null(strstr(fresh, "index paths_path on paths"));
        if (strcmp(fresh, migrated) != 0) {
                print_error("fresh store:\n%s\nmigrated v1 store:\n%s\n",
                            fresh, migrated);
                fail();
        }
}

static void same_bytes_are_one_article(void **state)
{
        struct fixture *f = *state;
        struct precis_store_counts c;
        struct precis_store_article a;
        struct precis_put_result r;
        struct precis_record d;
        int64_t id, again;
        size_t i;

        build(article_a, &d);
        id = put(f->st, &d, "/in/zebras.txt", PRECIS_PUT_NEW);
        again = put(f->st, &d, "/in/copy-of-zebras.txt", PRECIS_PUT_DUPLICATE);
        assert_int_equal(id, again);
        assert_int_equal(precis_store_put(f->st, at(&d, "/in/zebras.txt"),
                                          &r, NULL), 0);
        assert_int_equal(r.outcome, PRECIS_PUT_DUPLICATE);
        assert_int_equal(r.new_path, 0);
        assert_int_equal(precis_store_has_hash(f->st, d.hash, &again,
                                               NULL), 1);
        assert_int_equal(again, id);

        assert_int_equal(precis_store_counts(f->st, &c, NULL), 0);
        assert_int_equal(c.articles, 1);
        assert_int_equal(c.paths, 2);
        assert_true(c.last_ingest > 0);

        assert_int_equal(precis_store_get(f->st, id, PRECIS_GET_ALL, &a, NULL),
                         0);
        assert_string_equal(a.hash, d.hash);
        assert_string_equal(a.title, "Zebras cross the savanna");
        assert_int_equal(a.bytes, (int64_t) strlen(article_a));
        assert_int_equal(a.sentences, (int64_t) d.sentences);
        assert_int_equal(a.n_paths, 2);
        /* Both names, in either order (same millisecond). */
        assert_true(strcmp(a.paths[0], a.paths[1]) != 0);
        assert_true(strcmp(a.paths[0], "/in/zebras.txt") == 0 ||
                    strcmp(a.paths[1], "/in/zebras.txt") == 0);
        assert_true(strcmp(a.paths[0], "/in/copy-of-zebras.txt") == 0 ||
                    strcmp(a.paths[1], "/in/copy-of-zebras.txt") == 0);
        assert_int_equal(a.n_summary, d.n_summary);
        for (i = 0; i < a.n_summary; i++) {
                assert_string_equal(a.summary[i].text, d.summary[i].text);
                assert_int_equal(a.summary[i].index,
                                 (int64_t) d.summary[i].index);
        }
        assert_int_equal(a.n_keywords, d.n_keywords);
        assert_true(a.n_keywords > 0);
        assert_string_equal(a.keywords[0].term, d.keywords[0].term);
        assert_non_null(a.body);
        assert_non_null(strstr(a.body, "two thousand animals"));
        assert_non_null(a.params);
        assert_non_null(strstr(a.params, "\"unit\":\"sentences\""));
        precis_store_article_done(&a);
        precis_record_done(&d);
}

static void new_bytes_under_old_path_are_new_article(void **state)
{
        struct fixture *f = *state;
        struct precis_record d1, d2;
        int64_t id1, id2, id;

        build(article_a, &d1);
        build(article_b, &d2);
        id1 = put(f->st, &d1, "/in/news.txt", PRECIS_PUT_NEW);
        id2 = put(f->st, &d2, "/in/news.txt", PRECIS_PUT_NEW);
        assert_true(id1 != id2);
        /* The path names the article stored last under it; the old one
         * stays. */
        assert_int_equal(precis_store_resolve(f->st, "/in/news.txt", &id,
                                              NULL, NULL), 0);
        assert_int_equal(id, id2);
        assert_int_equal(precis_store_resolve(f->st, d1.hash, &id, NULL,
                                              NULL), 0);
        assert_int_equal(id, id1);
        precis_record_done(&d1);
        precis_record_done(&d2);
}

static void resolve_by_id_prefix_and_ambiguity(void **state)
{
        struct fixture *f = *state;
        struct precis_error err = { 0 };
        struct precis_record d1, d2;
        char *cand = NULL;
        const char *p;
        int64_t id1, id2, id;
        char ref[32], want[160];
        size_t i;

        /* Two hashes sharing the prefix "abcd": set by hand, since finding
         * real colliding prefixes would need hundreds of articles. */
        build(article_a, &d1);
        build(article_b, &d2);
        memset(d1.hash, '0', 64);
        memset(d2.hash, '1', 64);
        memcpy(d1.hash, "abcd0", 5);
        memcpy(d2.hash, "abcd1", 5);
        id1 = put(f->st, &d1, NULL, PRECIS_PUT_NEW);
        id2 = put(f->st, &d2, NULL, PRECIS_PUT_NEW);

        snprintf(ref, sizeof(ref), "%lld", (long long) id2);
        assert_int_equal(precis_store_resolve(f->st, ref, &id, NULL, NULL), 0);
        assert_int_equal(id, id2);
        assert_int_equal(precis_store_resolve(f->st, "abcd0", &id, NULL, NULL),
                         0);
        assert_int_equal(id, id1);
        assert_int_equal(precis_store_resolve(f->st, "ABCD1", &id, NULL, NULL),
                         0);
        assert_int_equal(id, id2);
        assert_int_equal(precis_store_resolve(f->st, "abcd", &id, &cand, &err),
                         PRECIS_E_AMBIGUOUS);
        assert_string_equal(err.msg, "hash prefix 'abcd' matches 2 "
                                     "articles; use more digits");
        assert_non_null(cand);
        /* One "ID HASH TITLE" line each, hash cut to 12 digits, the same
         * text from both backends (precis__store_cands_add()). */
        snprintf(want, sizeof(want),
                 "%lld abcd00000000 Zebras cross the savanna\n"
                 "%lld abcd11111111 Parliament debates the budget\n",
                 (long long) id1, (long long) id2);
        assert_string_equal(cand, want);
        free(cand);
        /* Past ten matches, both backends name ten and say "more than". */
        for (i = 0; i < 10; i++) {
                struct precis_record d3;

                build(article_c, &d3);
                memset(d3.hash, '2', 64);
                snprintf(d3.hash, 9, "abcd2%03d", (int) i);
                d3.hash[8] = '2';
                put(f->st, &d3, NULL, PRECIS_PUT_NEW);
                precis_record_done(&d3);
        }
        cand = NULL;
        assert_int_equal(precis_store_resolve(f->st, "abcd", &id, &cand, &err),
                         PRECIS_E_AMBIGUOUS);
        assert_string_equal(err.msg, "hash prefix 'abcd' matches more than "
                                     "10 articles; use more digits");
        assert_non_null(cand);
        for (i = 0, p = cand; (p = strchr(p, '\n')) != NULL; p++)
                i++;
        assert_int_equal(i, 10);
        free(cand);
        /* Three digits are too few for a prefix (as in git). */
        assert_int_equal(precis_store_resolve(f->st, "abc", &id, NULL, &err),
                         PRECIS_E_NOTFOUND);
        assert_int_equal(precis_store_resolve(f->st, "999999", &id, NULL,
                                              &err), PRECIS_E_NOTFOUND);
        assert_non_null(strstr(err.msg, "999999"));
        precis_record_done(&d1);
        precis_record_done(&d2);
}

struct hits {
        int n;
        int64_t ids[8];
        char snippet[8][512];
};

static int hits_cb(const struct precis_search_hit *h, void *data)
{
        struct hits *hs = data;

        if (hs->n < 8) {
                hs->ids[hs->n] = h->id;
                snprintf(hs->snippet[hs->n], sizeof(hs->snippet[0]), "%s",
                         h->snippet);
        }
        hs->n++;
        return 0;
}

static void search_ranks_highlights_and_rejects_bad_queries(void **state)
{
        struct fixture *f = *state;
        struct precis_search_opts o = { NULL, 10, "<", ">", 0,
                                        PRECIS_QUERY_FTS5 };
        struct precis_error err = { 0 };
        struct precis_record da, db, dc;
        struct hits hs;
        int64_t ida, idb, idc;

        build(article_a, &da);
        build(article_b, &db);
        build(article_c, &dc);
        ida = put(f->st, &da, "/in/a", PRECIS_PUT_NEW);
        idb = put(f->st, &db, "/in/b", PRECIS_PUT_NEW);
        idc = put(f->st, &dc, "/in/c", PRECIS_PUT_NEW);
        (void) idb;

        memset(&hs, 0, sizeof(hs));
        o.query = "zebra"; /* stemmed: matches "zebras" */
        assert_int_equal(precis_store_search(f->st, &o, hits_cb, &hs, &err),
                         1);
        assert_int_equal(hs.ids[0], ida);
        assert_non_null(strstr(hs.snippet[0], "<"));
        assert_non_null(strstr(hs.snippet[0], ">"));

        /* A title match ranks above a body-only match. */
        memset(&hs, 0, sizeof(hs));
        o.query = "harbour OR rangers";
        assert_int_equal(precis_store_search(f->st, &o, hits_cb, &hs, &err),
                         2);
        assert_int_equal(hs.ids[0], idc);

        memset(&hs, 0, sizeof(hs));
        o.query = "giraffe";
        assert_int_equal(precis_store_search(f->st, &o, hits_cb, &hs, &err),
                         0);

        /* PostgreSQL reads raw queries with websearch_to_tsquery(), which
         * takes any text: there is no malformed query to reject. */
        if (on_pg())
                goto done;
        o.query = "\"unbalanced";
        assert_int_equal(precis_store_search(f->st, &o, hits_cb, &hs, &err),
                         PRECIS_E_QUERY);
        assert_null(strstr(err.msg, "fts5"));
        assert_non_null(strstr(err.msg, "unbalanced"));
        o.query = "colour:red";
        assert_int_equal(precis_store_search(f->st, &o, hits_cb, &hs, &err),
                         PRECIS_E_QUERY);
        o.query = "AND";
        assert_int_equal(precis_store_search(f->st, &o, hits_cb, &hs, &err),
                         PRECIS_E_QUERY);
done:
        precis_record_done(&da);
        precis_record_done(&db);
        precis_record_done(&dc);
}

static void failures_are_kept_until_the_file_changes(void **state)
{
        struct fixture *f = *state;
        struct precis_store_counts c;
        struct precis_record d;

        assert_int_equal(precis_store_put_failure(f->st, "/in/x.bin", NULL,
                                                  "binary data, not text",
                                                  100, 5000, NULL), 0);
        assert_int_equal(precis_store_failure_unchanged(f->st, "/in/x.bin",
                                                        100, 5000, NULL), 1);
        assert_int_equal(precis_store_failure_unchanged(f->st, "/in/x.bin",
                                                        100, 5001, NULL), 0);
        assert_int_equal(precis_store_failure_unchanged(f->st, "/in/x.bin",
                                                        101, 5000, NULL), 0);
        assert_int_equal(precis_store_failure_unchanged(f->st, "/in/y.bin",
                                                        100, 5000, NULL), 0);
        assert_int_equal(precis_store_counts(f->st, &c, NULL), 0);
        assert_int_equal(c.failures, 1);
        assert_true(c.last_ingest > 0);

        /* The file is fixed: storing it clears its failure. */
        build(article_c, &d);
        put(f->st, &d, "/in/x.bin", PRECIS_PUT_NEW);
        assert_int_equal(precis_store_failure_unchanged(f->st, "/in/x.bin",
                                                        100, 5000, NULL), 0);
        assert_int_equal(precis_store_counts(f->st, &c, NULL), 0);
        assert_int_equal(c.failures, 0);

        assert_int_equal(precis_store_put_failure(f->st, "/in/z.txt", NULL,
                                                  "no text found", 1, 2,
                                                  NULL), 0);
        assert_int_equal(precis_store_clear_failure(f->st, "/in/z.txt", NULL),
                         1);
        assert_int_equal(precis_store_clear_failure(f->st, "/in/z.txt", NULL),
                         0);
        /* A duplicate under the failed path clears it too. */
        assert_int_equal(precis_store_put_failure(f->st, "/in/w.txt", NULL,
                                                  "no text found", 1, 2,
                                                  NULL), 0);
        put(f->st, &d, "/in/w.txt", PRECIS_PUT_DUPLICATE);
        assert_int_equal(precis_store_counts(f->st, &c, NULL), 0);
        assert_int_equal(c.failures, 0);
        precis_record_done(&d);
}

struct titles {
        int n;
        char v[8][64];
};

static int titles_cb(const struct precis_store_article *a, void *data)
{
        struct titles *t = data;

        if (t->n < 8)
                snprintf(t->v[t->n], sizeof(t->v[0]), "%s", a->title);
        t->n++;
        return 0;
}

static void list_sorts_limits_and_filters(void **state)
{
        struct fixture *f = *state;
        struct precis_list_opts o = { .sort = PRECIS_SORT_TITLE };
        struct precis_record da, db, dc;
        struct titles t;

        build(article_a, &da);
        build(article_b, &db);
        build(article_c, &dc);
        put(f->st, &da, "/a", PRECIS_PUT_NEW);
        put(f->st, &db, "/b", PRECIS_PUT_NEW);
        put(f->st, &dc, "/c", PRECIS_PUT_NEW);

        memset(&t, 0, sizeof(t));
        assert_int_equal(precis_store_list(f->st, &o, titles_cb, &t, NULL), 3);
        assert_string_equal(t.v[0], "Harbour reopens after storm");
        assert_string_equal(t.v[1], "Parliament debates the budget");
        assert_string_equal(t.v[2], "Zebras cross the savanna");

        memset(&t, 0, sizeof(t));
        o.sort = PRECIS_SORT_TIME;
        o.limit = 2;
        assert_int_equal(precis_store_list(f->st, &o, titles_cb, &t, NULL), 2);
        assert_string_equal(t.v[0], "Harbour reopens after storm");

        memset(&t, 0, sizeof(t));
        o.limit = 0;
        o.since = INT64_MAX / 2;
        assert_int_equal(precis_store_list(f->st, &o, titles_cb, &t, NULL), 0);
        precis_record_done(&da);
        precis_record_done(&db);
        precis_record_done(&dc);
}

static const char article_d[] =
        "Solar-power plans for the U.S. don't add up\n\n"
        "The solar power plant in the U.S. state was built in 2019, Mr. "
        "O'Brien's report says. Engineers found the panels worked at 3.5 "
        "times the planned cost. The state's utility said it would review "
        "the figures with the builder. A second plant is on hold until the "
        "review ends.\n";

/* The words people type, punctuation included, find what they mean;
 * none of them is read as query syntax (issue 9: `search solar-power`
 * and `search "don't"` were syntax errors). */
static void search_takes_words_as_typed(void **state)
{
        static const struct {
                const char *q; /* query as typed */
                int hits;      /* among articles a (zebras) and d */
        } cases[] = {
                { "solar-power", 1 },  { "don't", 1 },
                { "U.S.", 1 },         { "O'Brien's", 1 },
                { "3.5", 1 },          { "\"solar power\"", 1 },
                { "\"power solar\"", 0 }, { "solar -zebra", 1 },
                { "solar -\"power plant\"", 0 }, { "title:zebras", 1 },
                { "title:engineers", 0 }, { "engineers", 1 },
                { "TITLE:\"solar-power plans\"", 1 }, { "sol*", 1 },
                { "colour:red", 0 }, { "AND", 0 }, { "\"unbalanced", 0 },
                { "NEAR(solar power)", 0 }, { "solar OR zebras", 0 },
                { "savanna — zebras", 1 }, { "zebras savanna harbour", 0 },
        };
        struct fixture *f = *state;
        struct precis_search_opts o = { NULL, 10, "<", ">", 0,
                                        PRECIS_QUERY_WORDS };
        struct precis_error err = { 0 };
        struct precis_record da, dd;
        struct hits hs;
        size_t i;

        build(article_a, &da);
        build(article_d, &dd);
        put(f->st, &da, "/in/a", PRECIS_PUT_NEW);
        put(f->st, &dd, "/in/d", PRECIS_PUT_NEW);
        for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                int want = cases[i].hits;

                memset(&hs, 0, sizeof(hs));
                o.query = cases[i].q;
                if (precis_store_search(f->st, &o, hits_cb, &hs, &err) !=
                    want)
                        fail_msg("'%s': want %d hits, have %d (%s)",
                                 cases[i].q, want, hs.n, err.msg);
        }
        /* A phrase is highlighted whole. */
        memset(&hs, 0, sizeof(hs));
        o.query = "\"solar power plant\"";
        assert_int_equal(precis_store_search(f->st, &o, hits_cb, &hs, &err),
                         1);
        assert_non_null(strstr(hs.snippet[0], "<solar power plant>"));
        /* Nothing to look for is an error that says so. */
        o.query = "-solar";
        assert_int_equal(precis_store_search(f->st, &o, hits_cb, &hs, &err),
                         PRECIS_E_QUERY);
        assert_non_null(strstr(err.msg, "only excludes"));
        o.query = "— …";
        assert_int_equal(precis_store_search(f->st, &o, hits_cb, &hs, &err),
                         PRECIS_E_QUERY);
        assert_non_null(strstr(err.msg, "no words"));
        precis_record_done(&da);
        precis_record_done(&dd);
}

static void forget_removes_everything(void **state)
{
        struct fixture *f = *state;
        struct precis_search_opts o = { "zebra", 10, NULL, NULL, 0,
                                        PRECIS_QUERY_WORDS };
        struct precis_store_article a;
        struct precis_store_counts c;
        struct precis_record da, db;
        struct hits hs;
        int64_t ida, id;

        build(article_a, &da);
        build(article_b, &db);
        ida = put(f->st, &da, "/a", PRECIS_PUT_NEW);
        put(f->st, &db, "/b", PRECIS_PUT_NEW);
        assert_int_equal(precis_store_forget(f->st, ida, NULL), 0);
        assert_int_equal(precis_store_get(f->st, ida, 0, &a, NULL),
                         PRECIS_E_NOTFOUND);
        assert_int_equal(precis_store_resolve(f->st, "/a", &id, NULL, NULL),
                         PRECIS_E_NOTFOUND);
        memset(&hs, 0, sizeof(hs));
        assert_int_equal(precis_store_search(f->st, &o, hits_cb, &hs, NULL),
                         0);
        assert_int_equal(precis_store_counts(f->st, &c, NULL), 0);
        assert_int_equal(c.articles, 1);
        assert_int_equal(c.paths, 1);
        assert_int_equal(precis_store_forget(f->st, ida, NULL),
                         PRECIS_E_NOTFOUND);
        /* The same bytes can be stored again afterwards. */
        put(f->st, &da, "/a", PRECIS_PUT_NEW);
        precis_record_done(&da);
        precis_record_done(&db);
}

static void readers_see_only_committed_batches(void **state)
{
        struct fixture *f = *state;
        struct precis_store *ro = NULL;
        struct precis_store_counts c;
        struct precis_record da, db;
        struct precis_error err = { 0 };

        build(article_a, &da);
        build(article_b, &db);
        assert_int_equal(precis_store_open(f->path, PRECIS_STORE_READONLY,
                                           &ro, NULL), 0);
        assert_int_equal(precis_store_begin(f->st, NULL), 0);
        assert_int_equal(precis_store_begin(f->st, &err), PRECIS_E_INVAL);
        put(f->st, &da, "/a", PRECIS_PUT_NEW);
        put(f->st, &db, "/b", PRECIS_PUT_NEW);
        assert_int_equal(precis_store_counts(ro, &c, NULL), 0);
        assert_int_equal(c.articles, 0);
        /* Only what is committed can be synced. */
        assert_int_equal(precis_store_sync(f->st, &err), PRECIS_E_INVAL);
        assert_int_equal(precis_store_commit(f->st, NULL), 0);
        assert_int_equal(precis_store_sync(f->st, NULL), 0);
        assert_int_equal(precis_store_sync(ro, NULL), 0);
        assert_int_equal(precis_store_counts(ro, &c, NULL), 0);
        assert_int_equal(c.articles, 2);

        /* A rolled-back batch leaves nothing behind. */
        assert_int_equal(precis_store_begin(f->st, NULL), 0);
        assert_int_equal(precis_store_forget(f->st, 1, NULL), 0);
        assert_int_equal(precis_store_rollback(f->st), 0);
        assert_int_equal(precis_store_counts(f->st, &c, NULL), 0);
        assert_int_equal(c.articles, 2);

        /* The reader cannot write. */
        assert_int_equal(precis_store_put(ro, at(&da, "/c"), NULL,
                                          &err), -EROFS);
        assert_int_equal(precis_store_put_failure(ro, "/c", NULL, "x", 0, 0,
                                                  &err), -EROFS);
        precis_store_close(ro);
        precis_record_done(&da);
        precis_record_done(&db);
}

/* Size of the file at @path, 0 when there is none. */
static off_t file_size(const char *path)
{
        struct stat sb;

        return stat(path, &sb) == 0 ? sb.st_size : 0;
}

/* Write about 5 MB of articles, one commit each, into a new store at
 * @path opened with @flags; returns the handle, still open. */
static struct precis_store *write_many(const char *path, unsigned flags)
{
        struct precis_store *st = NULL;
        char *text = malloc(24 * 1024);
        size_t i, n;

        assert_non_null(text);
        assert_int_equal(precis_store_open(path, flags, &st, NULL), 0);
        for (i = 0; i < 240; i++) {
                struct precis_record d;
                char p[32];

                /* Distinct bytes, so each is a new article of ~20 KB. */
                n = (size_t) snprintf(text, 64, "Report %zu\n\n", i);
                while (n + sizeof(article_b) < 20 * 1024) {
                        memcpy(text + n, article_b, sizeof(article_b) - 1);
                        n += sizeof(article_b) - 1;
                        n += (size_t) snprintf(text + n, 64, " Note %zu.",
                                               n + i);
                }
                text[n] = '\0';
                build(text, &d);
                snprintf(p, sizeof(p), "/r%zu", i);
                put(st, &d, p, PRECIS_PUT_NEW);
                precis_record_done(&d);
        }
        free(text);
        return st;
}

/* A writer opened with PRECIS_STORE_MANUAL_CHECKPOINT never copies its log
 * into the database, however long the log grows (a plain writer does, past
 * SQLite's 1,000 pages); precis_store_checkpoint() on another handle does,
 * and every article is there either way. */
static void manual_checkpoint_is_left_to_another_handle(void **state)
{
        struct fixture *f = *state;
        struct precis_store *w, *ck = NULL, *ro = NULL;
        struct precis_store_counts c;
        struct precis_error err = { 0 };
        char plain[PATH_MAX], manual[PATH_MAX], wal[PATH_MAX + 8];
        int64_t bytes = 0;
        off_t before;

        SQLITE_ONLY();
        snprintf(plain, sizeof(plain), "%s/plain.db", f->dir);
        snprintf(manual, sizeof(manual), "%s/manual.db", f->dir);
        snprintf(wal, sizeof(wal), "%s-wal", manual);

        w = write_many(plain, 0);
        assert_true(file_size(plain) > 4 * 1024 * 1024);
        precis_store_close(w);

        w = write_many(manual, PRECIS_STORE_MANUAL_CHECKPOINT);
        before = file_size(manual);
        assert_true(before < 1024 * 1024);
        assert_true(file_size(wal) > 4 * 1024 * 1024);
        assert_int_equal(precis_store_open(manual, PRECIS_STORE_NOCREATE, &ck,
                                           NULL), 0);
        assert_int_equal(precis_store_checkpoint(ck, false, &bytes, &err),
                         0);
        assert_true(file_size(manual) > 4 * 1024 * 1024);
        /* The log's pages, all copied now but still in its file (which
         * also holds a header per page). */
        assert_true(bytes <= file_size(wal));
        assert_true(bytes > file_size(wal) / 2);
        /* Not inside a transaction; a reader has nothing to copy. */
        assert_int_equal(precis_store_begin(w, NULL), 0);
        assert_int_equal(precis_store_checkpoint(w, false, NULL, &err),
                         PRECIS_E_INVAL);
        assert_int_equal(precis_store_rollback(w), 0);
        assert_int_equal(precis_store_open(manual, PRECIS_STORE_READONLY, &ro,
                                           NULL), 0);
        assert_int_equal(precis_store_checkpoint(ro, true, NULL, NULL), 0);
        assert_int_equal(precis_store_counts(ro, &c, NULL), 0);
        assert_int_equal(c.articles, 240);
        precis_store_close(ro);
        precis_store_close(ck);
        precis_store_close(w);
}

static void failed_write_poisons_only_its_batch(void **state)
{
        struct fixture *f = *state;
        struct precis_error err = { 0 };
        struct precis_store_counts c;
        struct precis_record da, db, dc;
        sqlite3 *raw;

        /* A trigger makes the body insert of one document fail after its
         * article row was written: a half-written document.  (On
         * PostgreSQL the body is in the article row: its keywords fail
         * instead, after the article and its sentences were written.) */
        if (on_pg()) {
                (void) raw;
                pg_sql(f->dir, f->path,
                       "CREATE FUNCTION boom() RETURNS trigger LANGUAGE "
                       "plpgsql AS $$ BEGIN IF (SELECT body FROM articles "
                       "WHERE id = NEW.article_id) ILIKE '%parliament%' THEN "
                       "RAISE EXCEPTION 'boom' USING ERRCODE = "
                       "'check_violation'; END IF; RETURN NEW; END $$;\n"
                       "CREATE TRIGGER boom BEFORE INSERT ON keywords FOR "
                       "EACH ROW EXECUTE FUNCTION boom();\n");
        } else {
                assert_int_equal(sqlite3_open(f->path, &raw), SQLITE_OK);
                assert_int_equal(sqlite3_exec(raw,
                                              "CREATE TRIGGER boom BEFORE "
                                              "INSERT ON bodies WHEN "
                                              "NEW.body LIKE '%Parliament%' "
                                              "BEGIN SELECT RAISE(ABORT, "
                                              "'boom'); END;",
                                              NULL, NULL, NULL), SQLITE_OK);
                sqlite3_close(raw);
        }
        build(article_a, &da);
        build(article_b, &db);
        build(article_c, &dc);

        assert_int_equal(precis_store_begin(f->st, NULL), 0);
        put(f->st, &da, "/a", PRECIS_PUT_NEW);
        assert_true(precis_store_put(f->st, at(&db, "/b"), NULL,
                                     &err) < 0);
        assert_int_equal(precis_store_commit(f->st, &err), PRECIS_E_INVAL);
        assert_non_null(strstr(err.msg, "rolled back"));
        assert_int_equal(precis_store_counts(f->st, &c, NULL), 0);
        assert_int_equal(c.articles, 0);

        /* Outside a batch the failed document alone is undone. */
        assert_true(precis_store_put(f->st, at(&db, "/b"), NULL,
                                     &err) < 0);
        put(f->st, &da, "/a", PRECIS_PUT_NEW);
        assert_int_equal(precis_store_counts(f->st, &c, NULL), 0);
        assert_int_equal(c.articles, 1);

        /* "Not found" writes nothing and keeps the batch good. */
        assert_int_equal(precis_store_begin(f->st, NULL), 0);
        {
                struct precis_source x = { (char *) "/x", 1, 2, 3, 0 };

                assert_int_equal(precis_store_add_path(f->st, 9999, &x, NULL),
                                 PRECIS_E_NOTFOUND);
        }
        assert_int_equal(precis_store_forget(f->st, 9999, NULL),
                         PRECIS_E_NOTFOUND);
        put(f->st, &dc, "/c", PRECIS_PUT_NEW);
        assert_int_equal(precis_store_commit(f->st, &err), 0);
        assert_int_equal(precis_store_counts(f->st, &c, NULL), 0);
        assert_int_equal(c.articles, 2);
        precis_record_done(&da);
        precis_record_done(&db);
        precis_record_done(&dc);
}

static void stats_count_languages_and_formats(void **state)
{
        struct fixture *f = *state;
        struct precis_store_stats s;
        struct precis_record da, db;

        build(article_a, &da);
        build(article_b, &db);
        put(f->st, &da, "/a", PRECIS_PUT_NEW);
        put(f->st, &db, "/b", PRECIS_PUT_NEW);
        assert_int_equal(precis_store_put_failure(f->st, "/z", NULL, "bad", 1,
                                                  1, NULL), 0);
        assert_int_equal(precis_store_stats(f->st, &s, NULL), 0);
        assert_int_equal(s.articles, 2);
        assert_int_equal(s.failures, 1);
        assert_int_equal(s.bytes,
                         (int64_t) (strlen(article_a) + strlen(article_b)));
        assert_int_equal(s.n_languages, 1);
        assert_string_equal(s.languages[0].name, "english");
        assert_int_equal(s.languages[0].count, 2);
        assert_int_equal(s.n_formats, 1);
        assert_int_equal(s.formats[0].count, 2);
        assert_true(s.file_bytes > 0);
        assert_true(s.last_stored >= s.first_stored);
        assert_true(s.last_failure > 0);
        precis_store_stats_done(&s);
        precis_record_done(&da);
        precis_record_done(&db);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(fresh_store_has_current_schema,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(readonly_open_never_creates,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(not_a_database_is_corrupt,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(
                        foreign_sqlite_database_is_refused, setup, teardown),
                cmocka_unit_test_setup_teardown(newer_schema_is_refused, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(v1_store_is_migrated, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(same_bytes_are_one_article,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(
                        new_bytes_under_old_path_are_new_article, setup,
                        teardown),
                cmocka_unit_test_setup_teardown(
                        resolve_by_id_prefix_and_ambiguity, setup, teardown),
                cmocka_unit_test_setup_teardown(
                        search_ranks_highlights_and_rejects_bad_queries, setup,
                        teardown),
                cmocka_unit_test_setup_teardown(
                        failures_are_kept_until_the_file_changes, setup,
                        teardown),
                cmocka_unit_test_setup_teardown(list_sorts_limits_and_filters,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(search_takes_words_as_typed,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(forget_removes_everything,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(
                        readers_see_only_committed_batches, setup, teardown),
                cmocka_unit_test_setup_teardown(
                        failed_write_poisons_only_its_batch, setup, teardown),
                cmocka_unit_test_setup_teardown(
                        manual_checkpoint_is_left_to_another_handle, setup,
                        teardown),
                cmocka_unit_test_setup_teardown(
                        stats_count_languages_and_formats, setup, teardown),
                cmocka_unit_test_setup_teardown(
                        v1_plus_migrations_equals_current_schema, setup,
                        teardown),
        };

        const char *state = getenv("PRECIS_TEST_PG_STATE");

        if (precis_init() != 0)
                return 1;
        if (state != NULL) {
                FILE *fp = fopen(state, "r");

                if (fp == NULL || fgets(pg_sock, sizeof(pg_sock), fp) == NULL) {
                        fprintf(stderr, "no PostgreSQL test cluster (%s)\n",
                                state);
                        return 1;
                }
                fclose(fp);
                pg_sock[strcspn(pg_sock, "\n")] = '\0';
        }
        return cmocka_run_group_tests(tests, NULL, NULL);
}
