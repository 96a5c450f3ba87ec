#include <precis/store.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <precis/array.h>

#include "search-query.h"
#include "sqlite-dl.h"
#include "store-pg.h"
#include "store-schema.h"

/* Every SQLite detail of precis lives in this file and store-schema.c:
 * callers see precis error codes only (STYLE.md §2.4). */

/* How long a writer waits for another writer before giving up (-EBUSY). */
#define STORE_BUSY_TIMEOUT_MS 10000

/* Ranking costs about a microsecond per matching article, so a query that
 * matches most of a large store (a common word) would take a tenth of a
 * second per 100,000 articles.  Only the newest this many matches are
 * ranked; fewer matches are all ranked. */
#define STORE_SEARCH_RANK_MAX 10000

/* Page size of a new store (see precis_store_open()). */
#define STORE_PAGE_SIZE "16384"

/* Readers map the file: search over a large store reads many pages. */
#define STORE_MMAP_BYTES (256 * 1024 * 1024)

enum store_stmt {
        STMT_HAS_HASH,
        STMT_HAS_ID,
        STMT_INSERT_ARTICLE,
        STMT_INSERT_PATH,
        STMT_UPDATE_PATH,
        STMT_PATH_UNCHANGED,
        STMT_INSERT_SUMMARY,
        STMT_INSERT_SENTENCE,
        STMT_INSERT_KEYWORD,
        STMT_INSERT_BODY,
        STMT_INSERT_FTS,
        STMT_DELETE_FAILURE,
        STMT_PUT_FAILURE,
        STMT_FAILURE_UNCHANGED,
        STMT_COUNTS,
        STMT_GET_ARTICLE,
        STMT_GET_PATHS,
        STMT_GET_SUMMARY,
        STMT_GET_SENTENCES,
        STMT_GET_KEYWORDS,
        STMT_GET_BODY,
        STMT_LIST_TIME,
        STMT_LIST_TITLE,
        STMT_LIST_OLDEST,
        STMT_RESOLVE_PREFIX,
        STMT_RESOLVE_PATH,
        STMT_SEARCH_CUTOFF,
        STMT_SEARCH,
        STMT_HIT_INFO,
        STMT_FAILURES,
        STMT_FTS_OLD,
        STMT_FTS_DELETE,
        STMT__COUNT,
};

static const char *const store_sql[STMT__COUNT] = {
        [STMT_HAS_HASH] = "SELECT id FROM articles WHERE hash = ?1",
        [STMT_HAS_ID] = "SELECT 1 FROM articles WHERE id = ?1",
        [STMT_INSERT_ARTICLE] =
                "INSERT INTO articles (hash, title, language, format, bytes, "
                "words, sentences, first_seen, stored_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        [STMT_INSERT_PATH] =
                "INSERT INTO paths (article_id, path, added_at, size, "
                "mtime_ns, inode) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        [STMT_UPDATE_PATH] =
                "UPDATE paths SET size = ?3, mtime_ns = ?4, inode = ?5 "
                "WHERE article_id = ?1 AND path = ?2",
        [STMT_PATH_UNCHANGED] =
                "SELECT 1 FROM paths WHERE path = ?1 AND size = ?2 AND "
                "mtime_ns = ?3 AND inode = ?4 LIMIT 1",
        [STMT_INSERT_SUMMARY] =
                "INSERT INTO summaries (article_id, algorithm, version, "
                "params, text) VALUES (?1, ?2, ?3, ?4, ?5)",
        [STMT_INSERT_SENTENCE] =
                "INSERT INTO summary_sentences (article_id, ord, idx, score, "
                "text) VALUES (?1, ?2, ?3, ?4, ?5)",
        [STMT_INSERT_KEYWORD] =
                "INSERT INTO keywords (article_id, rank, term, weight) "
                "VALUES (?1, ?2, ?3, ?4)",
        [STMT_INSERT_BODY] =
                "INSERT INTO bodies (article_id, body) VALUES (?1, ?2)",
        [STMT_INSERT_FTS] =
                "INSERT INTO search (rowid, title, summary, body) "
                "VALUES (?1, ?2, ?3, ?4)",
        [STMT_DELETE_FAILURE] = "DELETE FROM failures WHERE path = ?1",
        [STMT_PUT_FAILURE] =
                "INSERT INTO failures (path, hash, error, failed_at, size, "
                "mtime_ns, attempts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) "
                "ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, "
                "error = excluded.error, failed_at = excluded.failed_at, "
                "size = excluded.size, mtime_ns = excluded.mtime_ns, "
                "attempts = attempts + 1",
        [STMT_FAILURE_UNCHANGED] =
                "SELECT 1 FROM failures WHERE path = ?1 AND size = ?2 AND "
                "mtime_ns = ?3",
        [STMT_COUNTS] =
                "SELECT (SELECT count(*) FROM articles), "
                "(SELECT count(*) FROM paths), "
                "(SELECT count(*) FROM failures), "
                "(SELECT max(stored_at) FROM articles), "
                "(SELECT max(failed_at) FROM failures)",
        [STMT_GET_ARTICLE] =
                "SELECT id, hash, title, language, format, bytes, words, "
                "sentences, first_seen, stored_at FROM articles "
                "WHERE id = ?1",
        [STMT_GET_PATHS] =
                "SELECT path FROM paths WHERE article_id = ?1 "
                "ORDER BY added_at, path",
        [STMT_GET_SUMMARY] =
                "SELECT algorithm, version, params FROM summaries "
                "WHERE article_id = ?1",
        [STMT_GET_SENTENCES] =
                "SELECT idx, score, text FROM summary_sentences "
                "WHERE article_id = ?1 ORDER BY ord",
        [STMT_GET_KEYWORDS] =
                "SELECT term, weight FROM keywords WHERE article_id = ?1 "
                "ORDER BY rank",
        [STMT_GET_BODY] = "SELECT body FROM bodies WHERE article_id = ?1",
        [STMT_LIST_TIME] =
                "SELECT id FROM articles WHERE stored_at >= ?1 "
                "AND stored_at < ?3 "
                "ORDER BY stored_at DESC, id DESC LIMIT ?2",
        [STMT_LIST_TITLE] =
                "SELECT id FROM articles WHERE stored_at >= ?1 "
                "AND stored_at < ?3 "
                "ORDER BY title COLLATE NOCASE, id LIMIT ?2",
        [STMT_LIST_OLDEST] =
                "SELECT id FROM articles WHERE stored_at >= ?1 "
                "AND stored_at < ?3 "
                "ORDER BY stored_at, id LIMIT ?2",
        [STMT_RESOLVE_PREFIX] =
                "SELECT id, hash, title FROM articles "
                "WHERE hash >= ?1 AND hash < ?1 || 'g' ORDER BY hash "
                "LIMIT 11",
        [STMT_RESOLVE_PATH] =
                "SELECT article_id FROM paths WHERE path = ?1 "
                "ORDER BY added_at DESC, article_id DESC LIMIT 1",
        /* FTS5 sorts by rank itself and computes snippet() only for the
         * rows the LIMIT lets through; joining articles here would take
         * that away, so hash and title come from STMT_HIT_INFO. */
        [STMT_SEARCH_CUTOFF] =
                "SELECT rowid FROM search WHERE search MATCH ?1 "
                "ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
        [STMT_SEARCH] =
                /* The snippet comes from the body (the summary is made
                 * of its sentences) and the title is shown highlighted,
                 * so a title match does not repeat the title. */
                "SELECT rowid, snippet(search, 2, ?2, ?3, '…', ?4), rank, "
                "highlight(search, 0, ?2, ?3) "
                "FROM search WHERE search MATCH ?1 AND rowid >= ?6 "
                "ORDER BY rank LIMIT ?5",
        [STMT_HIT_INFO] = "SELECT hash, title FROM articles WHERE id = ?1",
        [STMT_FAILURES] =
                "SELECT path, hash, error, failed_at, size, mtime_ns, "
                "attempts FROM failures ORDER BY failed_at DESC, path",
        [STMT_FTS_OLD] =
                "SELECT title, summary, body FROM search_content "
                "WHERE id = ?1",
        [STMT_FTS_DELETE] =
                "INSERT INTO search (search, rowid, title, summary, body) "
                "VALUES ('delete', ?1, ?2, ?3, ?4)",
};

struct precis_store {
        struct precis__pg *pg;              /* owned; set for a PostgreSQL
                                             * store, whose calls all go
                                             * to store-pg.c */
        sqlite3 *db;                        /* owned connection */
        char *path;                         /* owned copy, for messages */
        bool readonly;                      /* opened read-only */
        bool in_tx;                         /* between begin and commit */
        bool tx_failed;                     /* a write in the tx failed */
        int version;                        /* PRAGMA user_version */
        sqlite3_stmt *stmt[STMT__COUNT];    /* owned; prepared lazily */
};

static int store_map(struct precis_store *st, int rc, struct precis_error *err,
                     const char *what);

/* Reads that take several statements (a list, a search, stats) run in one
 * read transaction, so a writer committing in between cannot show them a
 * half-old, half-new store.  Inside a caller's write transaction there is
 * nothing to do.  Returns 1 if a transaction was begun. */
static int store_read_begin(struct precis_store *st, struct precis_error *err)
{
        int rc;

        if (!sqlite3_get_autocommit(st->db))
                return 0;
        rc = sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
                return store_map(st, rc, err, "begin read");
        return 1;
}

static void store_read_end(struct precis_store *st, int begun)
{
        if (begun > 0)
                (void) sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

static int64_t store_now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Map SQLite result @rc to a precis code, with a message in @err.  This
 * is the one place SQLite codes are translated. */
static int store_map(struct precis_store *st, int rc, struct precis_error *err,
                     const char *what)
{
        const char *msg = st != NULL && st->db != NULL ? sqlite3_errmsg(st->db)
                                                       : sqlite3_errstr(rc);
        const char *path = st != NULL && st->path != NULL ? st->path : "store";

        switch (rc & 0xff) {
        case SQLITE_NOMEM:
                return precis_error_set(err, -ENOMEM, NULL);
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
                return precis_error_set(err, -EBUSY,
                                        "'%s' is locked by another writer "
                                        "(%s); try again", path, what);
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
                return precis_error_set(err, PRECIS_E_CORRUPT,
                                        "'%s' is damaged or not a precis "
                                        "store: %s", path, msg);
        case SQLITE_READONLY:
                return precis_error_set(err, -EROFS,
                                        "'%s' is read-only (%s): %s", path,
                                        what, msg);
        case SQLITE_CANTOPEN:
                return precis_error_set(err, -EACCES,
                                        "cannot open '%s': %s", path, msg);
        case SQLITE_FULL:
                return precis_error_set(err, -ENOSPC,
                                        "'%s': disk full (%s)", path, what);
        case SQLITE_IOERR:
                return precis_error_set(err, -EIO, "'%s': I/O error (%s): %s",
                                        path, what, msg);
        case SQLITE_CONSTRAINT:
        case SQLITE_MISMATCH:
                /* The store refuses this one write (a document, not the
                 * store, is at fault): callers record it as a failure. */
                return precis_error_set(err, PRECIS_E_INVAL, "'%s': %s: %s",
                                        path, what, msg);
        case SQLITE_TOOBIG:
                return precis_error_set(err, PRECIS_E_TOOBIG,
                                        "'%s': %s: too big for the store",
                                        path, what);
        case SQLITE_PERM:
        case SQLITE_AUTH:
                return precis_error_set(err, -EACCES, "'%s': %s (%s)", path,
                                        msg, what);
        default:
                return precis_error_set(err, PRECIS_E_SQLITE,
                                        "'%s': %s: %s", path, what, msg);
        }
}

static int store_stmt(struct precis_store *st, enum store_stmt id,
                      sqlite3_stmt **ret, struct precis_error *err)
{
        int rc;

        *ret = NULL;
        if (st->stmt[id] == NULL) {
                rc = sqlite3_prepare_v3(st->db, store_sql[id], -1,
                                        SQLITE_PREPARE_PERSISTENT,
                                        &st->stmt[id], NULL);
                if (rc != SQLITE_OK) {
                        st->stmt[id] = NULL;
                        return store_map(st, rc, err, "prepare");
                }
        }
        *ret = st->stmt[id];
        return 0;
}

/* Finish with a cached statement: reset it and drop its bindings, so it
 * holds no read lock and no borrowed text. */
static void store_release(sqlite3_stmt *s)
{
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
}

/* Step @s: 1 for a row, 0 when done, else a mapped negative error. */
static int store_step(struct precis_store *st, sqlite3_stmt *s,
                      struct precis_error *err, const char *what)
{
        int rc = sqlite3_step(s);

        if (rc == SQLITE_ROW)
                return 1;
        if (rc == SQLITE_DONE)
                return 0;
        return store_map(st, rc, err, what);
}

/* Run a statement that returns no rows. */
static int store_run(struct precis_store *st, sqlite3_stmt *s,
                     struct precis_error *err, const char *what)
{
        int rc = store_step(st, s, err, what);

        store_release(s);
        return rc < 0 ? rc : 0;
}

static int store_exec(struct precis_store *st, const char *sql,
                      struct precis_error *err, const char *what)
{
        int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

        if (rc != SQLITE_OK)
                return store_map(st, rc, err, what);
        return 0;
}

static int store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
        if (v == NULL)
                return sqlite3_bind_null(s, i);
        return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

/* Owned copy of a text column, NULL for NULL; *oom is set on failure. */
static char *store_col_dup(sqlite3_stmt *s, int i, bool *oom)
{
        const unsigned char *t = sqlite3_column_text(s, i);
        char *copy;

        if (t == NULL) {
                if (sqlite3_column_type(s, i) != SQLITE_NULL)
                        *oom = true;
                return NULL;
        }
        copy = strdup((const char *) t);
        if (copy == NULL)
                *oom = true;
        return copy;
}

/* A single-value integer query such as a PRAGMA. */
static int store_query_int(struct precis_store *st, const char *sql,
                           int64_t *out, struct precis_error *err)
{
        sqlite3_stmt *s;
        int rc;

        rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
        if (rc != SQLITE_OK)
                return store_map(st, rc, err, sql);
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
                *out = sqlite3_column_int64(s, 0);
                rc = 0;
        } else if (rc == SQLITE_DONE) {
                *out = 0;
                rc = 0;
        } else {
                rc = store_map(st, rc, err, sql);
        }
        sqlite3_finalize(s);
        return rc;
}

int precis_store_is_url(const char *path)
{
        return precis__store_is_url(path);
}

char *precis_store_display_name(const char *path)
{
        return precis_store_is_url(path) ? precis__pg_redact(path)
                                         : strdup(path);
}

int precis_store_set_host(struct precis_store *st, const char *name)
{
        if (st->pg == NULL)
                return 0; /* one machine: no hosts kept */
        return precis__pg_set_host(st->pg, name);
}

struct precis_store *precis_store_close(struct precis_store *st)
{
        size_t i;

        if (st == NULL)
                return NULL;
        if (st->pg != NULL) {
                precis__pg_close(st->pg);
                free(st);
                return NULL;
        }
        for (i = 0; i < STMT__COUNT; i++)
                sqlite3_finalize(st->stmt[i]);
        if (st->in_tx)
                (void) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close_v2(st->db);
        free(st->path);
        free(st);
        return NULL;
}

/* Bring a fresh or older store to PRECIS_STORE_SCHEMA_VERSION inside one
 * write transaction, re-reading the version once the write lock is held:
 * two processes that open a fresh file at once must not both create it. */
static int store_prepare_schema(struct precis_store *st,
                                struct precis_error *err)
{
        int64_t version, tables;
        int rc;

        rc = store_exec(st, "BEGIN IMMEDIATE", err, "begin schema update");
        if (rc != 0)
                return rc;
        rc = store_query_int(st, "PRAGMA user_version", &version, err);
        if (rc != 0)
                goto err_rollback;
        if (version == 0) {
                rc = store_query_int(st, "SELECT count(*) FROM sqlite_schema",
                                     &tables, err);
                if (rc != 0)
                        goto err_rollback;
                if (tables > 0) {
                        rc = precis_error_set(err, PRECIS_E_CORRUPT,
                                              "'%s' is an SQLite database "
                                              "but not a precis store",
                                              st->path);
                        goto err_rollback;
                }
                rc = store_exec(st, precis__store_schema_ddl(), err,
                                "create schema");
                if (rc != 0)
                        goto err_rollback;
        } else if (version < PRECIS_STORE_SCHEMA_VERSION) {
                int v;

                for (v = (int) version; v < PRECIS_STORE_SCHEMA_VERSION;
                     v++) {
                        rc = store_exec(st, precis__store_migration(v), err,
                                        "migrate schema");
                        if (rc != 0)
                                goto err_rollback;
                }
        } else if (version > PRECIS_STORE_SCHEMA_VERSION) {
                rc = precis_error_set(err, PRECIS_E_SCHEMA,
                                      "'%s' has schema version %" PRId64
                                      ", newer than this precis (%d); "
                                      "upgrade precis", st->path, version,
                                      PRECIS_STORE_SCHEMA_VERSION);
                goto err_rollback;
        }
        if (version != PRECIS_STORE_SCHEMA_VERSION) {
                char sql[64];

                snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
                         PRECIS_STORE_SCHEMA_VERSION);
                rc = store_exec(st, sql, err, "set schema version");
                if (rc != 0)
                        goto err_rollback;
        }
        rc = store_exec(st, "COMMIT", err, "commit schema update");
        if (rc != 0)
                goto err_rollback;
        st->version = PRECIS_STORE_SCHEMA_VERSION;
        return 0;

err_rollback:
        (void) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
}

/* Read-only: check the version without changing anything. */
static int store_check_schema_ro(struct precis_store *st,
                                 struct precis_error *err)
{
        int64_t version, tables;
        int rc;

        rc = store_query_int(st, "PRAGMA user_version", &version, err);
        if (rc != 0)
                return rc;
        if (version == 0) {
                rc = store_query_int(st, "SELECT count(*) FROM sqlite_schema",
                                     &tables, err);
                if (rc != 0)
                        return rc;
                if (tables > 0)
                        return precis_error_set(err, PRECIS_E_CORRUPT,
                                                "'%s' is an SQLite database "
                                                "but not a precis store",
                                                st->path);
                return precis_error_set(err, -ENOENT,
                                        "'%s' is empty: no precis store "
                                        "there yet", st->path);
        }
        if (version > PRECIS_STORE_SCHEMA_VERSION)
                return precis_error_set(err, PRECIS_E_SCHEMA,
                                        "'%s' has schema version %" PRId64
                                        ", newer than this precis (%d); "
                                        "upgrade precis", st->path, version,
                                        PRECIS_STORE_SCHEMA_VERSION);
        if (version < PRECIS_STORE_SCHEMA_VERSION)
                return precis_error_set(err, PRECIS_E_SCHEMA,
                                        "'%s' has the older schema version "
                                        "%" PRId64 " (this precis: %d); open "
                                        "it once for writing (precisd or "
                                        "precis import) to upgrade it",
                                        st->path, version,
                                        PRECIS_STORE_SCHEMA_VERSION);
        st->version = (int) version;
        return 0;
}

int precis_store_open(const char *path, unsigned flags,
                      struct precis_store **ret_st, struct precis_error *err)
{
        struct precis_store *st;
        bool ro = (flags & PRECIS_STORE_READONLY) != 0;
        struct stat sb;
        int64_t ignored;
        int rc, oflags;

        if (precis_store_is_url(path)) {
                st = calloc(1, sizeof(*st));
                if (st == NULL)
                        return precis_error_set(err, -ENOMEM, NULL);
                rc = precis__pg_open(path, flags, &st->pg, err);
                if (rc != 0) {
                        free(st);
                        return rc;
                }
                *ret_st = st;
                return 0;
        }
        bool must_exist = ro || (flags & PRECIS_STORE_NOCREATE) != 0;

        rc = precis_sqlite_load(err);
        if (rc != 0)
                return rc;

        if (must_exist && stat(path, &sb) != 0)
                return precis_error_set(err, -errno, "no store at '%s': %s",
                                        path, strerror(errno));
        if (must_exist && !S_ISREG(sb.st_mode))
                return precis_error_set(err, PRECIS_E_CORRUPT,
                                        "'%s' is not a regular file", path);
        st = calloc(1, sizeof(*st));
        if (st == NULL)
                return precis_error_set(err, -ENOMEM, NULL);
        st->readonly = ro;
        st->path = strdup(path);
        if (st->path == NULL) {
                rc = precis_error_set(err, -ENOMEM, NULL);
                goto err_free;
        }
        /* One handle per thread at a time: SQLite's own mutexes would only
         * cost time. */
        oflags = SQLITE_OPEN_NOMUTEX | (ro ? SQLITE_OPEN_READONLY
                                           : SQLITE_OPEN_READWRITE |
                                                     SQLITE_OPEN_CREATE);
        rc = sqlite3_open_v2(path, &st->db, oflags, NULL);
        if (rc != SQLITE_OK) {
                if (st->db == NULL) {
                        rc = precis_error_set(err, -ENOMEM, NULL);
                        goto err_free;
                }
                rc = store_map(st, rc, err, "open");
                goto err_close;
        }
        sqlite3_extended_result_codes(st->db, 1);
        sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
        /* The first real read tells a database from any other file. */
        rc = store_query_int(st, "PRAGMA user_version", &ignored, err);
        if (rc != 0)
                goto err_close;
        if (ro) {
                rc = store_exec(st, "PRAGMA query_only = 1", err, "open");
                if (rc == 0)
                        rc = store_check_schema_ro(st, err);
        } else {
                int64_t mode_ok;

                /* A new store's pages are 16 KiB rather than SQLite's 4:
                 * a body (2 to 5 KB of news) fits one page, and writing
                 * the same rows takes a third of the page writes (an
                 * import of bbc-dev: 5 % less CPU, a 6 % smaller file;
                 * searches on 20,000 articles as fast).  No effect on an
                 * existing store, whose page size stays. */
                rc = store_exec(st, "PRAGMA page_size = " STORE_PAGE_SIZE,
                                err, "open");
                /* journal_mode returns its new mode as a row. */
                if (rc == 0)
                        rc = store_exec(st, "PRAGMA journal_mode = WAL", err,
                                        "enable WAL");
                if (rc == 0)
                        rc = store_exec(st, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536",
                                        err, "open");
                if (rc == 0 && (flags & PRECIS_STORE_MANUAL_CHECKPOINT))
                        rc = store_exec(st, "PRAGMA wal_autocheckpoint = 0",
                                        err, "open");
                if (rc == 0)
                        rc = store_query_int(st, "PRAGMA foreign_keys = ON",
                                             &mode_ok, err);
                if (rc == 0)
                        rc = store_prepare_schema(st, err);
        }
        if (rc != 0)
                goto err_close;
        {
                char sql[64];

                snprintf(sql, sizeof(sql), "PRAGMA mmap_size = %d",
                         STORE_MMAP_BYTES);
                (void) store_query_int(st, sql, &ignored, NULL);
        }
        *ret_st = st;
        return 0;

err_close:
        sqlite3_close_v2(st->db);
err_free:
        free(st->path);
        free(st);
        return rc;
}

int precis_store_schema_version(struct precis_store *st)
{
        if (st->pg != NULL)
                return precis__pg_schema_version(st->pg);
        return st->version;
}

int precis_store_begin(struct precis_store *st, struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_begin(st->pg, err);
        int rc;

        if (st->in_tx)
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "a transaction is already open");
        if (st->readonly)
                return precis_error_set(err, -EROFS,
                                        "'%s' is open read-only", st->path);
        rc = store_exec(st, "BEGIN IMMEDIATE", err, "begin");
        if (rc == 0) {
                st->in_tx = true;
                st->tx_failed = false;
        }
        return rc;
}

int precis_store_commit(struct precis_store *st, struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_commit(st->pg, err);
        int rc;

        if (!st->in_tx)
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "no transaction is open");
        if (st->tx_failed) {
                /* Part of a document may have been written: never make
                 * that visible. */
                (void) precis_store_rollback(st);
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "a write in this transaction "
                                        "failed; it was rolled back");
        }
        rc = store_exec(st, "COMMIT", err, "commit");
        if (rc != 0) {
                /* A failed COMMIT may leave the transaction open (BUSY);
                 * end it so the handle stays usable. */
                if (!sqlite3_get_autocommit(st->db))
                        (void) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL,
                                            NULL);
        }
        st->in_tx = false;
        return rc;
}

int precis_store_sync(struct precis_store *st, struct precis_error *err)
{
        sqlite3_file *f = NULL;
        int rc;

        if (st->pg != NULL)
                return precis__pg_sync(st->pg, err);
        if (st->in_tx)
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "a transaction is open");
        if (st->readonly)
                return 0;
        /* The log of a WAL database is its "journal" here; syncing it
         * makes every frame written so far durable.  What a checkpoint
         * copied out of it into the database file is synced by the
         * checkpoint itself (SQLite syncs the database after copying,
         * and the log before copying, even with synchronous = NORMAL). */
        rc = sqlite3_file_control(st->db, "main",
                                  SQLITE_FCNTL_JOURNAL_POINTER, &f);
        if (rc != SQLITE_OK)
                return store_map(st, rc, err, "sync");
        if (f == NULL || f->pMethods == NULL)
                return 0; /* no log open: nothing written since open */
        rc = f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
        if (rc != SQLITE_OK)
                return precis_error_set(err, -EIO,
                                        "'%s': cannot sync the log: %s",
                                        st->path, sqlite3_errstr(rc));
        return 0;
}

/* sqlite3_exec() callback: the log's size, second column of PRAGMA
 * wal_checkpoint's row (busy, log, checkpointed). */
static int store_log_pages(void *data, int n, char **values, char **names)
{
        (void) names;
        if (n >= 2 && values[1] != NULL)
                *(int64_t *) data = strtoll(values[1], NULL, 10);
        return 0;
}

int precis_store_checkpoint(struct precis_store *st, bool wait,
                            int64_t *ret_bytes, struct precis_error *err)
{
        int64_t pages = 0, page_size = 0;
        int rc;

        if (ret_bytes != NULL)
                *ret_bytes = 0;
        if (st->pg != NULL || st->readonly)
                return 0;
        if (st->in_tx)
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "a transaction is open");
        /* The pragma's row says how far it got; another handle that is
         * checkpointing already only makes it stop early. */
        rc = sqlite3_exec(st->db, wait ? "PRAGMA wal_checkpoint(RESTART)"
                                       : "PRAGMA wal_checkpoint(PASSIVE)",
                          store_log_pages, &pages, NULL);
        if (rc == SQLITE_BUSY)
                return 0;
        if (rc != SQLITE_OK)
                return store_map(st, rc, err, "checkpoint");
        if (ret_bytes != NULL && pages > 0 &&
            store_query_int(st, "PRAGMA page_size", &page_size, err) == 0)
                *ret_bytes = pages * page_size;
        return 0;
}

int precis_store_rollback(struct precis_store *st)
{
        if (st->pg != NULL)
                return precis__pg_rollback(st->pg);
        if (!st->in_tx)
                return 0;
        st->in_tx = false;
        st->tx_failed = false;
        if (sqlite3_get_autocommit(st->db))
                return 0;
        if (sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
                return store_map(st, sqlite3_errcode(st->db), NULL,
                                 "rollback");
        return 0;
}

/* A write made outside begin/commit gets its own transaction.  Inside one
 * it gets nothing more: a SAVEPOINT per document would make FTS5 flush its
 * pending terms as a new segment for every document (it syncs on each
 * savepoint), which made a bulk import spend twice as long indexing.
 * Instead a failed write marks the transaction, and commit refuses it. */
static int store_write_begin(struct precis_store *st, struct precis_error *err)
{
        if (st->readonly)
                return precis_error_set(err, -EROFS,
                                        "'%s' is open read-only", st->path);
        if (st->in_tx)
                return 0;
        return store_exec(st, "BEGIN IMMEDIATE", err, "begin");
}

static int store_write_end(struct precis_store *st, int rc,
                           struct precis_error *err)
{
        if (st->in_tx) {
                if (rc < 0)
                        st->tx_failed = true;
                return rc;
        }
        if (rc < 0) {
                (void) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
                return rc;
        }
        if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
                rc = store_map(st, sqlite3_errcode(st->db), err, "commit");
                if (!sqlite3_get_autocommit(st->db))
                        (void) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL,
                                            NULL);
        }
        return rc;
}

bool precis__store_hex_ok(const char *h, size_t min, size_t max)
{
        size_t n = 0;

        if (h == NULL)
                return false;
        for (; h[n] != '\0'; n++)
                if (!isxdigit((unsigned char) h[n]))
                        return false;
        return n >= min && n <= max;
}

int precis__store_cands_add(struct precis__cands *c, int64_t id,
                            const char *hash, const char *title)
{
        char line[160];
        size_t len;

        c->n++;
        c->id = id;
        if (c->n > 10)
                return 0; /* "more than 10": the first ten are shown */
        snprintf(line, sizeof(line), "%" PRId64 " %.12s %.60s\n", id, hash,
                 title != NULL ? title : "(untitled)");
        len = strlen(line);
        if (PRECIS_RESERVE(c->text, c->len, len + 1, c->cap, 256) != 0)
                return -ENOMEM;
        memcpy(c->text + c->len, line, len + 1);
        c->len += len;
        return 0;
}

static int store_lookup_hash(struct precis_store *st, const char *hash_hex,
                             int64_t *ret_id, struct precis_error *err)
{
        sqlite3_stmt *s;
        int rc;

        rc = store_stmt(st, STMT_HAS_HASH, &s, err);
        if (rc != 0)
                return rc;
        store_bind_text(s, 1, hash_hex);
        rc = store_step(st, s, err, "look up hash");
        if (rc == 1 && ret_id != NULL)
                *ret_id = sqlite3_column_int64(s, 0);
        store_release(s);
        return rc;
}

int precis_store_has_hash(struct precis_store *st, const char *hash_hex,
                          int64_t *ret_id, struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_has_hash(st->pg, hash_hex, ret_id, err);
        if (!precis__store_hex_ok(hash_hex, PRECIS_HASH_HEX,
                          PRECIS_HASH_HEX))
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "not a 64-digit hex hash");
        return store_lookup_hash(st, hash_hex, ret_id, err);
}

static int store_delete_failure(struct precis_store *st, const char *path,
                                struct precis_error *err)
{
        sqlite3_stmt *s;
        int rc;

        rc = store_stmt(st, STMT_DELETE_FAILURE, &s, err);
        if (rc != 0)
                return rc;
        store_bind_text(s, 1, path);
        rc = store_run(st, s, err, "clear failure");
        if (rc != 0)
                return rc;
        return sqlite3_changes(st->db) > 0 ? 1 : 0;
}

/* Record @src as a path of @id: refresh its file signature when the pair
 * is known (0), else insert it (1). */
static int store_insert_path(struct precis_store *st, int64_t id,
                             const struct precis_source *src, int64_t now,
                             struct precis_error *err)
{
        sqlite3_stmt *s;
        int rc;

        rc = store_stmt(st, STMT_UPDATE_PATH, &s, err);
        if (rc != 0)
                return rc;
        sqlite3_bind_int64(s, 1, id);
        store_bind_text(s, 2, src->path);
        sqlite3_bind_int64(s, 3, src->size);
        sqlite3_bind_int64(s, 4, src->mtime_ns);
        sqlite3_bind_int64(s, 5, src->inode);
        rc = store_run(st, s, err, "update path");
        if (rc != 0)
                return rc;
        if (sqlite3_changes(st->db) > 0)
                return 0;
        rc = store_stmt(st, STMT_INSERT_PATH, &s, err);
        if (rc != 0)
                return rc;
        sqlite3_bind_int64(s, 1, id);
        store_bind_text(s, 2, src->path);
        sqlite3_bind_int64(s, 3, now);
        sqlite3_bind_int64(s, 4, src->size);
        sqlite3_bind_int64(s, 5, src->mtime_ns);
        sqlite3_bind_int64(s, 6, src->inode);
        rc = store_run(st, s, err, "add path");
        return rc < 0 ? rc : 1;
}

static int store_id_exists(struct precis_store *st, int64_t id,
                           struct precis_error *err)
{
        sqlite3_stmt *s;
        int rc;

        rc = store_stmt(st, STMT_HAS_ID, &s, err);
        if (rc != 0)
                return rc;
        sqlite3_bind_int64(s, 1, id);
        rc = store_step(st, s, err, "look up id");
        store_release(s);
        return rc;
}

int precis_store_add_path(struct precis_store *st, int64_t id,
                          const struct precis_source *src,
                          struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_add_path(st->pg, id, src, err);
        int rc, added = 0;

        if (src == NULL || src->path == NULL)
                return precis_error_set(err, PRECIS_E_INVAL, "no path");
        rc = store_write_begin(st, err);
        if (rc != 0)
                return rc;
        rc = store_id_exists(st, id, err);
        if (rc == 0) {
                /* Nothing was written: the batch stays good. */
                rc = store_write_end(st, 0, err);
                if (rc != 0)
                        return rc;
                return precis_error_set(err, PRECIS_E_NOTFOUND,
                                        "no article with ID %" PRId64, id);
        }
        if (rc == 1)
                rc = store_insert_path(st, id, src, store_now_ms(), err);
        if (rc >= 0) {
                added = rc;
                rc = store_delete_failure(st, src->path, err);
        }
        rc = store_write_end(st, rc < 0 ? rc : 0, err);
        return rc < 0 ? rc : added;
}

int precis_store_path_unchanged(struct precis_store *st, const char *path,
                                int64_t size, int64_t mtime_ns, int64_t inode,
                                struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_path_unchanged(st->pg, path, size, mtime_ns, inode,
                                                 err);
        sqlite3_stmt *s;
        int rc;

        if (path == NULL)
                return precis_error_set(err, PRECIS_E_INVAL, "no path");
        rc = store_stmt(st, STMT_PATH_UNCHANGED, &s, err);
        if (rc != 0)
                return rc;
        store_bind_text(s, 1, path);
        sqlite3_bind_int64(s, 2, size);
        sqlite3_bind_int64(s, 3, mtime_ns);
        sqlite3_bind_int64(s, 4, inode);
        rc = store_step(st, s, err, "look up path");
        store_release(s);
        return rc;
}

char *precis__store_summary_text(const struct precis_record *r)
{
        size_t i, n = 1;
        char *out, *p;

        for (i = 0; i < r->n_summary; i++)
                n += strlen(r->summary[i].text != NULL ? r->summary[i].text
                                                       : "") + 1;
        out = malloc(n);
        if (out == NULL)
                return NULL;
        p = out;
        for (i = 0; i < r->n_summary; i++) {
                const char *t = r->summary[i].text != NULL
                                        ? r->summary[i].text : "";
                size_t len = strlen(t);

                if (i > 0)
                        *p++ = '\n';
                memcpy(p, t, len);
                p += len;
        }
        *p = '\0';
        return out;
}

static int store_insert_article(struct precis_store *st,
                                const struct precis_record *r, int64_t now,
                                int64_t *ret_id, struct precis_error *err)
{
        const char *body = r->body != NULL ? r->body : "";
        char *summary;
        sqlite3_stmt *s;
        int64_t id;
        size_t i;
        int rc;

        summary = precis__store_summary_text(r);
        if (summary == NULL)
                return precis_error_set(err, -ENOMEM, NULL);
        rc = store_stmt(st, STMT_INSERT_ARTICLE, &s, err);
        if (rc != 0)
                goto out;
        store_bind_text(s, 1, r->hash);
        store_bind_text(s, 2, r->title);
        store_bind_text(s, 3, r->language != NULL && r->language[0] != '\0'
                                      ? r->language : "unknown");
        store_bind_text(s, 4, r->format != NULL ? r->format : "text");
        sqlite3_bind_int64(s, 5, r->bytes);
        sqlite3_bind_int64(s, 6, r->words);
        sqlite3_bind_int64(s, 7, r->sentences);
        sqlite3_bind_int64(s, 8, r->src.seen_ms > 0 ? r->src.seen_ms : now);
        /* A store being moved keeps its times (precis migrate). */
        sqlite3_bind_int64(s, 9, r->stored_ms > 0 ? r->stored_ms : now);
        rc = store_run(st, s, err, "insert article");
        if (rc != 0)
                goto out;
        id = sqlite3_last_insert_rowid(st->db);

        if (r->src.path != NULL) {
                rc = store_insert_path(st, id, &r->src, now, err);
                if (rc < 0)
                        goto out;
        }

        rc = store_stmt(st, STMT_INSERT_SUMMARY, &s, err);
        if (rc != 0)
                goto out;
        sqlite3_bind_int64(s, 1, id);
        store_bind_text(s, 2, r->algorithm != NULL ? r->algorithm
                                                   : "default");
        sqlite3_bind_int(s, 3, r->algorithm_version);
        store_bind_text(s, 4, r->options != NULL ? r->options : "{}");
        store_bind_text(s, 5, summary);
        rc = store_run(st, s, err, "insert summary");
        if (rc != 0)
                goto out;

        rc = store_stmt(st, STMT_INSERT_SENTENCE, &s, err);
        if (rc != 0)
                goto out;
        for (i = 0; i < r->n_summary; i++) {
                sqlite3_bind_int64(s, 1, id);
                sqlite3_bind_int64(s, 2, (int64_t) i);
                sqlite3_bind_int64(s, 3, r->summary[i].index);
                sqlite3_bind_double(s, 4, r->summary[i].score);
                store_bind_text(s, 5, r->summary[i].text != NULL
                                              ? r->summary[i].text : "");
                rc = store_run(st, s, err, "insert summary sentence");
                if (rc != 0)
                        goto out;
        }

        rc = store_stmt(st, STMT_INSERT_KEYWORD, &s, err);
        if (rc != 0)
                goto out;
        for (i = 0; i < r->n_keywords; i++) {
                sqlite3_bind_int64(s, 1, id);
                sqlite3_bind_int64(s, 2, (int64_t) i);
                store_bind_text(s, 3, r->keywords[i].term != NULL
                                              ? r->keywords[i].term : "");
                sqlite3_bind_double(s, 4, r->keywords[i].weight);
                rc = store_run(st, s, err, "insert keyword");
                if (rc != 0)
                        goto out;
        }

        rc = store_stmt(st, STMT_INSERT_BODY, &s, err);
        if (rc != 0)
                goto out;
        sqlite3_bind_int64(s, 1, id);
        store_bind_text(s, 2, body);
        rc = store_run(st, s, err, "insert body");
        if (rc != 0)
                goto out;

        rc = store_stmt(st, STMT_INSERT_FTS, &s, err);
        if (rc != 0)
                goto out;
        sqlite3_bind_int64(s, 1, id);
        store_bind_text(s, 2, r->title);
        store_bind_text(s, 3, summary);
        store_bind_text(s, 4, body);
        rc = store_run(st, s, err, "index article");
        if (rc != 0)
                goto out;
        *ret_id = id;
out:
        free(summary);
        return rc;
}

int precis_store_put(struct precis_store *st, const struct precis_record *r,
                     struct precis_put_result *res, struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_put(st->pg, r, res, err);
        struct precis_put_result pr = { PRECIS_PUT_NEW, 0, 0 };
        const char *path = r->src.path;
        int64_t now = store_now_ms();
        int rc;

        if (!precis__store_hex_ok(r->hash, PRECIS_HASH_HEX, PRECIS_HASH_HEX))
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "record has no hash");
        rc = store_write_begin(st, err);
        if (rc != 0)
                return rc;
        rc = store_lookup_hash(st, r->hash, &pr.id, err);
        if (rc == 1) {
                pr.outcome = PRECIS_PUT_DUPLICATE;
                rc = 0;
                if (path != NULL) {
                        rc = store_insert_path(st, pr.id, &r->src, now, err);
                        pr.new_path = rc > 0;
                }
        } else if (rc == 0) {
                rc = store_insert_article(st, r, now, &pr.id, err);
                pr.new_path = path != NULL;
        }
        if (rc >= 0 && path != NULL)
                rc = store_delete_failure(st, path, err);
        rc = store_write_end(st, rc < 0 ? rc : 0, err);
        if (rc == 0 && res != NULL)
                *res = pr;
        return rc;
}

int precis_store_put_failure(struct precis_store *st, const char *path,
                             const char *hash_hex, const char *error,
                             int64_t size, int64_t mtime_ns,
                             struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_put_failure(st->pg, path, hash_hex, error, size,
                                              mtime_ns, err);
        sqlite3_stmt *s;
        int rc;

        if (path == NULL || error == NULL)
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "a failure needs a path and an "
                                        "error");
        rc = store_write_begin(st, err);
        if (rc != 0)
                return rc;
        rc = store_stmt(st, STMT_PUT_FAILURE, &s, err);
        if (rc == 0) {
                store_bind_text(s, 1, path);
                store_bind_text(s, 2, hash_hex);
                store_bind_text(s, 3, error);
                sqlite3_bind_int64(s, 4, store_now_ms());
                sqlite3_bind_int64(s, 5, size);
                sqlite3_bind_int64(s, 6, mtime_ns);
                rc = store_run(st, s, err, "record failure");
        }
        return store_write_end(st, rc, err);
}

int precis_store_failure_unchanged(struct precis_store *st, const char *path,
                                   int64_t size, int64_t mtime_ns,
                                   struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_failure_unchanged(st->pg, path, size, mtime_ns,
                                                    err);
        sqlite3_stmt *s;
        int rc;

        rc = store_stmt(st, STMT_FAILURE_UNCHANGED, &s, err);
        if (rc != 0)
                return rc;
        store_bind_text(s, 1, path);
        sqlite3_bind_int64(s, 2, size);
        sqlite3_bind_int64(s, 3, mtime_ns);
        rc = store_step(st, s, err, "look up failure");
        store_release(s);
        return rc;
}

int precis_store_clear_failure(struct precis_store *st, const char *path,
                               struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_clear_failure(st->pg, path, err);
        int rc, cleared;

        rc = store_write_begin(st, err);
        if (rc != 0)
                return rc;
        cleared = store_delete_failure(st, path, err);
        rc = store_write_end(st, cleared < 0 ? cleared : 0, err);
        return rc < 0 ? rc : cleared;
}

int precis_store_counts(struct precis_store *st,
                        struct precis_store_counts *out,
                        struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_counts(st->pg, out, err);
        sqlite3_stmt *s;
        int64_t a, b;
        int rc;

        rc = store_stmt(st, STMT_COUNTS, &s, err);
        if (rc != 0)
                return rc;
        rc = store_step(st, s, err, "count");
        if (rc == 1) {
                out->articles = sqlite3_column_int64(s, 0);
                out->paths = sqlite3_column_int64(s, 1);
                out->failures = sqlite3_column_int64(s, 2);
                a = sqlite3_column_int64(s, 3);
                b = sqlite3_column_int64(s, 4);
                out->last_ingest = a > b ? a : b;
                rc = 0;
        } else if (rc == 0) {
                rc = precis_error_set(err, PRECIS_E_SQLITE, "count: no row");
        }
        store_release(s);
        return rc;
}

/* ---- Queries ---- */

void precis_source_done(struct precis_source *src)
{
        if (src == NULL)
                return;
        free(src->path);
        memset(src, 0, sizeof(*src));
}

void precis_record_done(struct precis_record *r)
{
        size_t i;

        if (r == NULL)
                return;
        precis_source_done(&r->src);
        free(r->title);
        free(r->language);
        free(r->format);
        free(r->algorithm);
        free(r->options);
        free(r->body);
        for (i = 0; i < r->n_summary; i++)
                free(r->summary[i].text);
        free(r->summary);
        for (i = 0; i < r->n_keywords; i++)
                free(r->keywords[i].term);
        free(r->keywords);
        memset(r, 0, sizeof(*r));
}

void precis_store_article_done(struct precis_store_article *a)
{
        size_t i;

        if (a == NULL)
                return;
        free(a->title);
        free(a->language);
        free(a->format);
        for (i = 0; i < a->n_paths; i++) {
                free(a->paths[i]);
                if (a->path_hosts != NULL)
                        free(a->path_hosts[i]);
        }
        free(a->paths);
        free(a->path_hosts);
        free(a->algorithm);
        free(a->params);
        for (i = 0; i < a->n_summary; i++)
                free(a->summary[i].text);
        free(a->summary);
        for (i = 0; i < a->n_keywords; i++)
                free(a->keywords[i].term);
        free(a->keywords);
        free(a->body);
        memset(a, 0, sizeof(*a));
}

/* Copies one row of a statement into the article being read, growing its
 * array with *cap; sets *oom when a copy fails. */
typedef void store_row_fn(sqlite3_stmt *s, struct precis_store_article *a,
                          size_t *cap, bool *oom);

/* Run statement @id on article @a (bound as ?1), handing each row to @row.
 * Returns 0, or -ENOMEM or another error (@what names the step). */
static int store_get_rows(struct precis_store *st, enum store_stmt id,
                          const char *what, store_row_fn *row,
                          struct precis_store_article *a,
                          struct precis_error *err)
{
        sqlite3_stmt *s;
        size_t cap = 0;
        bool oom = false;
        int rc;

        rc = store_stmt(st, id, &s, err);
        if (rc != 0)
                return rc;
        sqlite3_bind_int64(s, 1, a->id);
        while (!oom && (rc = store_step(st, s, err, what)) == 1)
                row(s, a, &cap, &oom);
        store_release(s);
        if (oom)
                return precis_error_set(err, -ENOMEM, NULL);
        return rc;
}

static void store_path_row(sqlite3_stmt *s, struct precis_store_article *a,
                           size_t *cap, bool *oom)
{
        if (PRECIS_GROW(a->paths, a->n_paths, *cap, 4) != 0) {
                *oom = true;
                return;
        }
        a->paths[a->n_paths] = store_col_dup(s, 0, oom);
        if (!*oom)
                a->n_paths++;
}

/* The summary's one row: how it was made. */
static void store_summary_row(sqlite3_stmt *s, struct precis_store_article *a,
                              size_t *cap, bool *oom)
{
        (void) cap;
        a->algorithm = store_col_dup(s, 0, oom);
        a->algorithm_version = sqlite3_column_int(s, 1);
        a->params = store_col_dup(s, 2, oom);
}

static void store_sentence_row(sqlite3_stmt *s, struct precis_store_article *a,
                               size_t *cap, bool *oom)
{
        struct precis_store_sentence *v;

        if (PRECIS_GROW(a->summary, a->n_summary, *cap, 8) != 0) {
                *oom = true;
                return;
        }
        v = &a->summary[a->n_summary];
        v->index = sqlite3_column_int64(s, 0);
        v->score = sqlite3_column_double(s, 1);
        v->text = store_col_dup(s, 2, oom);
        if (!*oom)
                a->n_summary++;
}

static void store_keyword_row(sqlite3_stmt *s, struct precis_store_article *a,
                              size_t *cap, bool *oom)
{
        struct precis_store_keyword *v;

        if (PRECIS_GROW(a->keywords, a->n_keywords, *cap, 16) != 0) {
                *oom = true;
                return;
        }
        v = &a->keywords[a->n_keywords];
        v->weight = sqlite3_column_double(s, 1);
        v->term = store_col_dup(s, 0, oom);
        if (!*oom)
                a->n_keywords++;
}

static void store_body_row(sqlite3_stmt *s, struct precis_store_article *a,
                           size_t *cap, bool *oom)
{
        (void) cap;
        a->body = store_col_dup(s, 0, oom);
}

int precis_store_get(struct precis_store *st, int64_t id, unsigned what,
                     struct precis_store_article *out,
                     struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_get(st->pg, id, what, out, err);
        struct precis_store_article a;
        const unsigned char *hash;
        sqlite3_stmt *s;
        bool oom = false;
        int rc;

        memset(&a, 0, sizeof(a));
        rc = store_stmt(st, STMT_GET_ARTICLE, &s, err);
        if (rc != 0)
                return rc;
        sqlite3_bind_int64(s, 1, id);
        rc = store_step(st, s, err, "read article");
        if (rc == 0) {
                store_release(s);
                return precis_error_set(err, PRECIS_E_NOTFOUND,
                                        "no article with ID %" PRId64, id);
        }
        if (rc < 0) {
                store_release(s);
                return rc;
        }
        a.id = sqlite3_column_int64(s, 0);
        hash = sqlite3_column_text(s, 1);
        snprintf(a.hash, sizeof(a.hash), "%s",
                 hash != NULL ? (const char *) hash : "");
        a.title = store_col_dup(s, 2, &oom);
        a.language = store_col_dup(s, 3, &oom);
        a.format = store_col_dup(s, 4, &oom);
        a.bytes = sqlite3_column_int64(s, 5);
        a.words = sqlite3_column_int64(s, 6);
        a.sentences = sqlite3_column_int64(s, 7);
        a.first_seen = sqlite3_column_int64(s, 8);
        a.stored_at = sqlite3_column_int64(s, 9);
        store_release(s);
        rc = oom ? precis_error_set(err, -ENOMEM, NULL) : 0;
        if (rc == 0)
                rc = store_get_rows(st, STMT_GET_PATHS, "read paths",
                                    store_path_row, &a, err);
        if (rc == 0 && (what & PRECIS_GET_SUMMARY))
                rc = store_get_rows(st, STMT_GET_SUMMARY, "read summary",
                                    store_summary_row, &a, err);
        if (rc == 0 && (what & PRECIS_GET_SUMMARY))
                rc = store_get_rows(st, STMT_GET_SENTENCES, "read summary",
                                    store_sentence_row, &a, err);
        if (rc == 0 && (what & PRECIS_GET_KEYWORDS))
                rc = store_get_rows(st, STMT_GET_KEYWORDS, "read keywords",
                                    store_keyword_row, &a, err);
        if (rc == 0 && (what & PRECIS_GET_BODY))
                rc = store_get_rows(st, STMT_GET_BODY, "read body",
                                    store_body_row, &a, err);
        if (rc != 0) {
                precis_store_article_done(&a);
                return rc;
        }
        *out = a;
        return 0;
}

int precis_store_list(struct precis_store *st, const struct precis_list_opts *o,
                      precis_store_article_cb cb, void *data,
                      struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_list(st->pg, o, cb, data, err);
        struct precis_list_opts def = { .sort = PRECIS_SORT_TIME };
        sqlite3_stmt *s;
        int rc, begun, count = 0;

        if (o == NULL)
                o = &def;
        if (o->host != NULL)
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "'%s' keeps no hosts (an SQLite "
                                        "store is one machine's)", st->path);
        rc = store_stmt(st,
                        o->sort == PRECIS_SORT_TITLE    ? STMT_LIST_TITLE
                        : o->sort == PRECIS_SORT_OLDEST ? STMT_LIST_OLDEST
                                                        : STMT_LIST_TIME,
                        &s, err);
        if (rc != 0)
                return rc;
        begun = store_read_begin(st, err);
        if (begun < 0)
                return begun;
        sqlite3_bind_int64(s, 1, o->since);
        sqlite3_bind_int64(s, 2, o->limit > 0 ? o->limit : -1);
        sqlite3_bind_int64(s, 3, o->until > 0 ? o->until : INT64_MAX);
        while ((rc = store_step(st, s, err, "list")) == 1) {
                struct precis_store_article a;

                rc = precis_store_get(st, sqlite3_column_int64(s, 0), o->what,
                                      &a, err);
                if (rc != 0)
                        break;
                rc = cb != NULL ? cb(&a, data) : 0;
                precis_store_article_done(&a);
                count++;
                if (rc != 0)
                        break;
        }
        store_release(s);
        store_read_end(st, begun);
        if (rc != 0)
                return rc;
        return count;
}

static bool store_all_digits(const char *s)
{
        if (*s == '\0')
                return false;
        for (; *s != '\0'; s++)
                if (!isdigit((unsigned char) *s))
                        return false;
        return true;
}

static int store_prefix_matches(struct precis_store *st, const char *prefix,
                                struct precis__cands *c,
                                struct precis_error *err)
{
        sqlite3_stmt *s;
        int rc;

        rc = store_stmt(st, STMT_RESOLVE_PREFIX, &s, err);
        if (rc != 0)
                return rc;
        store_bind_text(s, 1, prefix);
        while ((rc = store_step(st, s, err, "resolve")) == 1) {
                if (precis__store_cands_add(
                            c, sqlite3_column_int64(s, 0),
                            (const char *) sqlite3_column_text(s, 1),
                            (const char *) sqlite3_column_text(s, 2)) != 0) {
                        rc = precis_error_set(err, -ENOMEM, NULL);
                        break;
                }
        }
        store_release(s);
        return rc;
}

static int store_path_article(struct precis_store *st, const char *path,
                              int64_t *ret_id, struct precis_error *err)
{
        sqlite3_stmt *s;
        int rc;

        rc = store_stmt(st, STMT_RESOLVE_PATH, &s, err);
        if (rc != 0)
                return rc;
        store_bind_text(s, 1, path);
        rc = store_step(st, s, err, "resolve path");
        if (rc == 1)
                *ret_id = sqlite3_column_int64(s, 0);
        store_release(s);
        return rc;
}

/* One meaning of a reference for both backends: an ID, else a hash
 * prefix, else a path; only the three look-ups differ. */
int precis_store_resolve(struct precis_store *st, const char *ref,
                         int64_t *ret_id, char **ret_candidates,
                         struct precis_error *err)
{
        struct precis__cands c = { 0, 0, NULL, 0, 0 };
        char prefix[PRECIS_HASH_HEX + 1];
        size_t n, i;
        int64_t id;
        int rc;

        if (ref == NULL || *ref == '\0')
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "empty article reference");
        n = strlen(ref);
        if (store_all_digits(ref) && n <= 18) {
                id = strtoll(ref, NULL, 10);
                rc = st->pg != NULL ? precis__pg_id_exists(st->pg, id, err)
                                    : store_id_exists(st, id, err);
                if (rc < 0)
                        return rc;
                if (rc == 1) {
                        *ret_id = id;
                        return 0;
                }
        }
        if (precis__store_hex_ok(ref, PRECIS_STORE_PREFIX_MIN,
                                 PRECIS_HASH_HEX)) {
                for (i = 0; i <= n; i++)
                        prefix[i] = (char) tolower((unsigned char) ref[i]);
                rc = st->pg != NULL
                             ? precis__pg_prefix_matches(st->pg, prefix, &c,
                                                         err)
                             : store_prefix_matches(st, prefix, &c, err);
                if (rc == 0 && c.n == 1)
                        *ret_id = c.id;
                if (rc == 0 && c.n > 1) {
                        rc = precis_error_set(err, PRECIS_E_AMBIGUOUS,
                                              "hash prefix '%s' matches %s%zu "
                                              "articles; use more digits",
                                              ref,
                                              c.n > 10 ? "more than " : "",
                                              c.n > 10 ? (size_t) 10 : c.n);
                        if (ret_candidates != NULL) {
                                *ret_candidates = c.text;
                                c.text = NULL;
                        }
                }
                free(c.text);
                if (rc != 0 || c.n == 1)
                        return rc;
        }
        rc = st->pg != NULL ? precis__pg_path_article(st->pg, ref, &id, err)
                            : store_path_article(st, ref, &id, err);
        if (rc < 0)
                return rc;
        if (rc == 1) {
                *ret_id = id;
                return 0;
        }
        return precis_error_set(err, PRECIS_E_NOTFOUND,
                                "no article matches '%s' (not an ID, a hash "
                                "prefix of %d+ hex digits or a known path)",
                                ref, PRECIS_STORE_PREFIX_MIN);
}

/* FTS5 reports query syntax as plain SQLITE_ERROR; say it in the user's
 * terms. */
static int store_query_error(struct precis_store *st, const char *query,
                             struct precis_error *err)
{
        const char *msg = sqlite3_errmsg(st->db);

        if (strncmp(msg, "fts5: ", 6) == 0)
                msg += 6;
        if (strncmp(msg, "no such column: ", 16) == 0)
                return precis_error_set(err, PRECIS_E_QUERY,
                                        "malformed search query '%s': '%s' "
                                        "is not a field (use title, summary "
                                        "or body), or put the words in "
                                        "double quotes", query, msg + 16);
        return precis_error_set(err, PRECIS_E_QUERY,
                                "malformed search query '%s': %s; put words "
                                "with punctuation in double quotes", query,
                                msg);
}

static int store_search(struct precis_store *st,
                        const struct precis_search_opts *o, const char *shown,
                        precis_store_hit_cb cb, void *data,
                        struct precis_error *err);

/* The index's tokenizer, to see which typed words hold a token. */
struct store_tok {
        fts5_tokenizer api; /* the tokenizer's methods */
        Fts5Tokenizer *tok; /* owned: an instance */
};

static int store_tok_found(void *ctx, int flags, const char *token, int n,
                           int start, int end)
{
        (void) flags;
        (void) token;
        (void) n;
        (void) start;
        (void) end;
        *(int *) ctx = 1;
        return SQLITE_OK;
}

static int store_has_token(void *ctx, const char *s, size_t n)
{
        struct store_tok *t = ctx;
        int found = 0, rc;

        if (n > INT32_MAX)
                return PRECIS_E_TOOBIG;
        rc = t->api.xTokenize(t->tok, &found, FTS5_TOKENIZE_QUERY, s, (int) n,
                              store_tok_found);
        if (rc != SQLITE_OK)
                return rc == SQLITE_NOMEM ? -ENOMEM : PRECIS_E_SQLITE;
        return found;
}

/* Make the unicode61 tokenizer the search index uses (porter only
 * stems: it never adds or removes a token). */
static int store_tok_open(struct precis_store *st, struct store_tok *t,
                          struct precis_error *err)
{
        static const char *args[] = { "remove_diacritics", "2" };
        fts5_api *api = NULL;
        sqlite3_stmt *s = NULL;
        void *ud = NULL;
        int rc;

        rc = sqlite3_prepare_v2(st->db, "SELECT fts5(?1)", -1, &s, NULL);
        if (rc == SQLITE_OK) {
                sqlite3_bind_pointer(s, 1, (void *) &api, "fts5_api_ptr",
                                     NULL);
                (void) sqlite3_step(s);
        }
        sqlite3_finalize(s);
        if (api == NULL)
                return store_map(st, rc != SQLITE_OK ? rc : SQLITE_ERROR, err,
                                 "find the search tokenizer");
        rc = api->xFindTokenizer(api, "unicode61", &ud, &t->api);
        if (rc == SQLITE_OK)
                rc = t->api.xCreate(ud, args, 2, &t->tok);
        if (rc != SQLITE_OK)
                return store_map(st, rc, err, "create the search tokenizer");
        return 0;
}

int precis_store_search(struct precis_store *st,
                        const struct precis_search_opts *o,
                        precis_store_hit_cb cb, void *data,
                        struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_search(st->pg, o, cb, data, err);
        struct precis_search_opts words;
        struct store_tok tok;
        char *fts = NULL;
        int rc;

        if (o == NULL || o->query == NULL || *o->query == '\0')
                return precis_error_set(err, PRECIS_E_QUERY,
                                        "empty search query");
        if (o->syntax == PRECIS_QUERY_FTS5)
                return store_search(st, o, o->query, cb, data, err);
        rc = store_tok_open(st, &tok, err);
        if (rc != 0)
                return rc;
        rc = precis__search_query(o->query, store_has_token, &tok, &fts, err);
        tok.api.xDelete(tok.tok);
        if (rc == PRECIS_E_SQLITE)
                return precis_error_set(err, rc, "cannot tokenize '%s'",
                                        o->query);
        if (rc != 0)
                return rc;
        words = *o;
        words.query = fts;
        rc = store_search(st, &words, o->query, cb, data, err);
        free(fts);
        return rc;
}

/* Run FTS5 query o->query; @shown is the query as the user typed it, for
 * error messages. */
static int store_search(struct precis_store *st,
                        const struct precis_search_opts *o, const char *shown,
                        precis_store_hit_cb cb, void *data,
                        struct precis_error *err)
{
        sqlite3_stmt *s, *info, *cut;
        int64_t cutoff = 0;
        int rc, r, begun, count = 0;

        rc = store_stmt(st, STMT_SEARCH, &s, err);
        if (rc == 0)
                rc = store_stmt(st, STMT_HIT_INFO, &info, err);
        if (rc == 0)
                rc = store_stmt(st, STMT_SEARCH_CUTOFF, &cut, err);
        if (rc != 0)
                return rc;
        begun = store_read_begin(st, err);
        if (begun < 0)
                return begun;
        /* Walking the matches newest first is cheap (no ranking): the
         * article at position STORE_SEARCH_RANK_MAX, if any, bounds the
         * ranked set. */
        store_bind_text(cut, 1, o->query);
        sqlite3_bind_int(cut, 2, STORE_SEARCH_RANK_MAX - 1);
        r = sqlite3_step(cut);
        if (r == SQLITE_ROW)
                cutoff = sqlite3_column_int64(cut, 0);
        else if ((r & 0xff) == SQLITE_ERROR)
                rc = store_query_error(st, shown, err);
        else if (r != SQLITE_DONE)
                rc = store_map(st, r, err, "search");
        store_release(cut);
        if (rc != 0) {
                store_read_end(st, begun);
                return rc;
        }
        sqlite3_bind_int64(s, 6, cutoff);
        store_bind_text(s, 1, o->query);
        store_bind_text(s, 2, o->hl_start != NULL ? o->hl_start : "[");
        store_bind_text(s, 3, o->hl_end != NULL ? o->hl_end : "]");
        sqlite3_bind_int(s, 4, o->snippet_tokens > 0 ? o->snippet_tokens : 16);
        sqlite3_bind_int64(s, 5, o->limit > 0 ? o->limit : 20);
        for (;;) {
                struct precis_search_hit h;

                r = sqlite3_step(s);

                if (r == SQLITE_DONE) {
                        rc = 0;
                        break;
                }
                if (r != SQLITE_ROW) {
                        if ((r & 0xff) == SQLITE_ERROR)
                                rc = store_query_error(st, shown, err);
                        else
                                rc = store_map(st, r, err, "search");
                        break;
                }
                h.id = sqlite3_column_int64(s, 0);
                h.snippet = (const char *) sqlite3_column_text(s, 1);
                h.title_marked = (const char *) sqlite3_column_text(s, 3);
                h.rank = sqlite3_column_double(s, 2);
                sqlite3_bind_int64(info, 1, h.id);
                rc = store_step(st, info, err, "read hit");
                if (rc != 1) {
                        store_release(info);
                        if (rc == 0)
                                continue;
                        break;
                }
                h.hash = (const char *) sqlite3_column_text(info, 0);
                h.title = (const char *) sqlite3_column_text(info, 1);
                rc = cb != NULL ? cb(&h, data) : 0;
                store_release(info);
                count++;
                if (rc != 0)
                        break;
        }
        store_release(s);
        store_read_end(st, begun);
        return rc != 0 ? rc : count;
}

static int store_count_by(struct precis_store *st, const char *sql,
                          struct precis_store_count **ret, size_t *ret_n,
                          struct precis_error *err)
{
        struct precis_store_count *v = NULL;
        size_t n = 0, cap = 0;
        sqlite3_stmt *s;
        bool oom = false;
        int rc;

        rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
        if (rc != SQLITE_OK)
                return store_map(st, rc, err, "stats");
        while ((rc = store_step(st, s, err, "stats")) == 1) {
                if (PRECIS_GROW(v, n, cap, 8) != 0) {
                        oom = true;
                        break;
                }
                v[n].name = store_col_dup(s, 0, &oom);
                v[n].count = sqlite3_column_int64(s, 1);
                if (oom)
                        break;
                if (v[n].name == NULL) {
                        v[n].name = strdup("unknown");
                        if (v[n].name == NULL) {
                                oom = true;
                                break;
                        }
                }
                n++;
        }
        sqlite3_finalize(s);
        if (oom)
                rc = precis_error_set(err, -ENOMEM, NULL);
        if (rc != 0) {
                while (n > 0)
                        free(v[--n].name);
                free(v);
                return rc;
        }
        *ret = v;
        *ret_n = n;
        return 0;
}

void precis_store_stats_done(struct precis_store_stats *s)
{
        size_t i;

        if (s == NULL)
                return;
        for (i = 0; i < s->n_languages; i++)
                free(s->languages[i].name);
        free(s->languages);
        for (i = 0; i < s->n_formats; i++)
                free(s->formats[i].name);
        free(s->formats);
        memset(s, 0, sizeof(*s));
}

int precis_store_stats(struct precis_store *st, struct precis_store_stats *out,
                       struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_stats(st->pg, out, err);
        struct precis_store_stats r;
        struct precis_store_counts c;
        int64_t pages, free_pages, page_size;
        sqlite3_stmt *s;
        int rc, begun;

        memset(&r, 0, sizeof(r));
        begun = store_read_begin(st, err);
        if (begun < 0)
                return begun;
        rc = precis_store_counts(st, &c, err);
        if (rc != 0)
                goto out;
        r.articles = c.articles;
        r.paths = c.paths;
        r.failures = c.failures;
        rc = sqlite3_prepare_v2(st->db,
                                "SELECT total(bytes), total(words), "
                                "total(sentences), min(stored_at), "
                                "max(stored_at), "
                                "(SELECT max(failed_at) FROM failures) "
                                "FROM articles", -1, &s, NULL);
        if (rc != SQLITE_OK) {
                rc = store_map(st, rc, err, "stats");
                goto out;
        }
        rc = store_step(st, s, err, "stats");
        if (rc == 1) {
                r.bytes = (int64_t) sqlite3_column_double(s, 0);
                r.words = (int64_t) sqlite3_column_double(s, 1);
                r.sentences = (int64_t) sqlite3_column_double(s, 2);
                r.first_stored = sqlite3_column_int64(s, 3);
                r.last_stored = sqlite3_column_int64(s, 4);
                r.last_failure = sqlite3_column_int64(s, 5);
                rc = 0;
        }
        sqlite3_finalize(s);
        if (rc != 0)
                goto out;
        rc = store_query_int(st, "PRAGMA page_count", &pages, err);
        if (rc == 0)
                rc = store_query_int(st, "PRAGMA freelist_count", &free_pages,
                                     err);
        if (rc == 0)
                rc = store_query_int(st, "PRAGMA page_size", &page_size, err);
        if (rc != 0)
                goto out;
        r.file_bytes = (pages - free_pages) * page_size;
        r.schema_version = st->version;
        rc = store_count_by(st,
                            "SELECT language, count(*) FROM articles "
                            "GROUP BY language ORDER BY 2 DESC, 1",
                            &r.languages, &r.n_languages, err);
        if (rc == 0)
                rc = store_count_by(st,
                                    "SELECT format, count(*) FROM articles "
                                    "GROUP BY format ORDER BY 2 DESC, 1",
                                    &r.formats, &r.n_formats, err);
out:
        store_read_end(st, begun);
        if (rc != 0) {
                precis_store_stats_done(&r);
                return rc;
        }
        *out = r;
        return 0;
}

int precis_store_failures(struct precis_store *st, precis_store_failure_cb cb,
                          void *data, struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_failures(st->pg, cb, data, err);
        sqlite3_stmt *s;
        int rc, count = 0;

        rc = store_stmt(st, STMT_FAILURES, &s, err);
        if (rc != 0)
                return rc;
        while ((rc = store_step(st, s, err, "read failures")) == 1) {
                struct precis_store_failure f = { 0 };

                f.path = (const char *) sqlite3_column_text(s, 0);
                f.hash = (const char *) sqlite3_column_text(s, 1);
                f.error = (const char *) sqlite3_column_text(s, 2);
                f.failed_at = sqlite3_column_int64(s, 3);
                f.size = sqlite3_column_int64(s, 4);
                f.mtime_ns = sqlite3_column_int64(s, 5);
                f.attempts = sqlite3_column_int64(s, 6);
                if (f.path == NULL || f.error == NULL) {
                        rc = precis_error_set(err, -ENOMEM, NULL);
                        break;
                }
                count++;
                rc = cb != NULL ? cb(&f, data) : 0;
                if (rc != 0)
                        break;
        }
        store_release(s);
        return rc != 0 ? rc : count;
}

int precis_store_forget(struct precis_store *st, int64_t id,
                        struct precis_error *err)
{
        if (st->pg != NULL)
                return precis__pg_forget(st->pg, id, err);
        static const char *const deletes[] = {
                "DELETE FROM summary_sentences WHERE article_id = ?1",
                "DELETE FROM keywords WHERE article_id = ?1",
                "DELETE FROM summaries WHERE article_id = ?1",
                "DELETE FROM bodies WHERE article_id = ?1",
                "DELETE FROM paths WHERE article_id = ?1",
                "DELETE FROM articles WHERE id = ?1",
        };
        sqlite3_stmt *s, *del;
        size_t i;
        int rc;

        rc = store_write_begin(st, err);
        if (rc != 0)
                return rc;
        /* The index has external content: it must be told the old values
         * before they go. */
        rc = store_stmt(st, STMT_FTS_OLD, &s, err);
        if (rc != 0)
                goto out;
        sqlite3_bind_int64(s, 1, id);
        rc = store_step(st, s, err, "read article");
        if (rc == 0) {
                store_release(s);
                rc = store_write_end(st, 0, err);
                if (rc != 0)
                        return rc;
                return precis_error_set(err, PRECIS_E_NOTFOUND,
                                        "no article with ID %" PRId64, id);
        }
        if (rc < 0) {
                store_release(s);
                goto out;
        }
        rc = store_stmt(st, STMT_FTS_DELETE, &del, err);
        if (rc == 0) {
                sqlite3_bind_int64(del, 1, id);
                for (i = 0; i < 3; i++)
                        sqlite3_bind_value(del, (int) i + 2,
                                           sqlite3_column_value(s, (int) i));
                rc = store_run(st, del, err, "unindex article");
        }
        store_release(s);
        for (i = 0; rc == 0 && i < sizeof(deletes) / sizeof(deletes[0]);
             i++) {
                rc = sqlite3_prepare_v2(st->db, deletes[i], -1, &del, NULL);
                if (rc != SQLITE_OK) {
                        rc = store_map(st, rc, err, "forget");
                        break;
                }
                sqlite3_bind_int64(del, 1, id);
                rc = store_step(st, del, err, "forget");
                sqlite3_finalize(del);
        }
out:
        return store_write_end(st, rc, err);
}

int precis_store_limit_memory(struct precis_store *st, int64_t cache_kib,
                              int64_t mmap_bytes, struct precis_error *err)
{
        if (st->pg != NULL)
                return 0; /* the server manages its own memory */
        char sql[96];
        int64_t ignored;
        int rc;

        /* cache_size takes a negative number for KiB; mmap_size answers
         * with a row, so it goes through the integer query. */
        snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%" PRId64,
                 cache_kib > 0 ? cache_kib : 1);
        rc = store_exec(st, sql, err, "limit memory");
        if (rc != 0)
                return rc;
        snprintf(sql, sizeof(sql), "PRAGMA mmap_size = %" PRId64,
                 mmap_bytes > 0 ? mmap_bytes : 0);
        return store_query_int(st, sql, &ignored, err);
}
