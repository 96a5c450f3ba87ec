#include "store-pg.h"

#include "search-query.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Every PostgreSQL detail of precis lives in this file: callers see the
 * same precis error codes as with SQLite.
 *
 * The schema keeps one row per article with its title, summary and body
 * (TOAST compresses the long ones), so that the search vector can be a
 * generated column: setweight(title, A) || summary (B) || body (D), each
 * parsed with the text-search configuration of the article's language
 * (the tscfg column; 'simple' where PostgreSQL has none).  Title and
 * summary are parsed with 'simple' too: a language configuration drops
 * its stopwords ("the", "to", "don't"), and every word of a title must
 * find its article, as it does with SQLite.  Paths and
 * failures carry the host that saw the file, since several precisd hosts
 * share one database; the content hash stays unique across all of them. */

/* Bump with a migration below; a newer schema is refused. */
#define PG_SCHEMA_VERSION PRECIS_STORE_PG_SCHEMA_VERSION

/* pg_advisory_lock key that serialises schema creation and migration
 * between daemons starting at once ("prec" in ASCII). */
#define PG_SCHEMA_LOCK 0x70726563

/* As with SQLite: only the newest this many matches are ranked. */
#define PG_SEARCH_RANK_MAX 10000

/* ---- libpq, loaded on first use ---- */

struct pq_api {
        PGconn *(*connectdb)(const char *);
        ConnStatusType (*status)(const PGconn *);
        char *(*error_message)(const PGconn *);
        void (*finish)(PGconn *);
        void (*reset)(PGconn *);
        PGresult *(*exec)(PGconn *, const char *);
        PGresult *(*exec_params)(PGconn *, const char *, int, const Oid *,
                                 const char *const *, const int *,
                                 const int *, int);
        ExecStatusType (*result_status)(const PGresult *);
        char *(*result_error_field)(const PGresult *, int);
        void (*clear)(PGresult *);
        int (*ntuples)(const PGresult *);
        char *(*getvalue)(const PGresult *, int, int);
        int (*getisnull)(const PGresult *, int, int);
        int (*set_client_encoding)(PGconn *, const char *);
        PQnoticeProcessor (*set_notice_processor)(PGconn *,
                                                  PQnoticeProcessor, void *);
        PGTransactionStatusType (*transaction_status)(const PGconn *);
};

static struct pq_api pq;
static const char *pq_load_error;
static pthread_once_t pq_once = PTHREAD_ONCE_INIT;

static void pq_load(void)
{
        void *h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);

        if (h == NULL) {
                pq_load_error = "libpq.so.5 is not installed (Debian "
                                "package libpq5)";
                return;
        }
#define PQ_SYM(field, name)                                          \
        do {                                                         \
                *(void **) (&pq.field) = dlsym(h, name);             \
                if (pq.field == NULL) {                              \
                        pq_load_error = "libpq.so.5 lacks " name;    \
                        return;                                      \
                }                                                    \
        } while (0)
        PQ_SYM(connectdb, "PQconnectdb");
        PQ_SYM(status, "PQstatus");
        PQ_SYM(error_message, "PQerrorMessage");
        PQ_SYM(finish, "PQfinish");
        PQ_SYM(reset, "PQreset");
        PQ_SYM(exec, "PQexec");
        PQ_SYM(exec_params, "PQexecParams");
        PQ_SYM(result_status, "PQresultStatus");
        PQ_SYM(result_error_field, "PQresultErrorField");
        PQ_SYM(clear, "PQclear");
        PQ_SYM(ntuples, "PQntuples");
        PQ_SYM(getvalue, "PQgetvalue");
        PQ_SYM(getisnull, "PQgetisnull");
        PQ_SYM(set_client_encoding, "PQsetClientEncoding");
        PQ_SYM(set_notice_processor, "PQsetNoticeProcessor");
        PQ_SYM(transaction_status, "PQtransactionStatus");
#undef PQ_SYM
        /* The handle stays open for the life of the process, as
         * systemd does with its optional libraries. */
}

/* ---- Schema ---- */

static const char pg_schema_v1[] =
        "CREATE TABLE precis_schema (version integer NOT NULL);\n"
        "CREATE TABLE articles (\n"
        "  id bigserial PRIMARY KEY,\n"
        "  hash text NOT NULL UNIQUE,\n"
        "  title text,\n"
        "  language text NOT NULL,\n"
        "  format text NOT NULL,\n"
        "  bytes bigint NOT NULL,\n"
        "  words bigint NOT NULL,\n"
        "  sentences bigint NOT NULL,\n"
        "  first_seen bigint NOT NULL,\n"
        "  stored_at bigint NOT NULL,\n"
        "  host text NOT NULL,\n"
        "  algorithm text NOT NULL,\n"
        "  version integer NOT NULL,\n"
        "  params text NOT NULL,\n"
        "  summary text NOT NULL,\n"
        "  body text NOT NULL,\n"
        "  tscfg regconfig NOT NULL,\n"
        "  search tsvector GENERATED ALWAYS AS (\n"
        "    setweight(to_tsvector(tscfg, coalesce(title, '')), 'A') ||\n"
        "    setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||\n"
        "    setweight(to_tsvector(tscfg, summary), 'B') ||\n"
        "    setweight(to_tsvector('simple', summary), 'B') ||\n"
        "    setweight(to_tsvector(tscfg, body), 'D')) STORED\n"
        ");\n"
        "CREATE INDEX articles_stored_at ON articles (stored_at);\n"
        "CREATE INDEX articles_search ON articles USING gin (search);\n"
        /* The configurations in use, so that a query is parsed once per
         * configuration rather than once per row. */
        "CREATE TABLE text_configs (cfg regconfig PRIMARY KEY);\n"
        "CREATE TABLE paths (\n"
        "  article_id bigint NOT NULL REFERENCES articles (id)\n"
        "    ON DELETE CASCADE,\n"
        "  host text NOT NULL,\n"
        "  path text NOT NULL,\n"
        "  added_at bigint NOT NULL,\n"
        "  size bigint NOT NULL DEFAULT -1,\n"
        "  mtime_ns bigint NOT NULL DEFAULT -1,\n"
        "  inode bigint NOT NULL DEFAULT 0,\n"
        "  PRIMARY KEY (article_id, host, path)\n"
        ");\n"
        "CREATE INDEX paths_path ON paths (host, path);\n"
        "CREATE TABLE summary_sentences (\n"
        "  article_id bigint NOT NULL REFERENCES articles (id)\n"
        "    ON DELETE CASCADE,\n"
        "  ord integer NOT NULL,\n"
        "  idx bigint NOT NULL,\n"
        "  score double precision NOT NULL,\n"
        "  text text NOT NULL,\n"
        "  PRIMARY KEY (article_id, ord)\n"
        ");\n"
        "CREATE TABLE keywords (\n"
        "  article_id bigint NOT NULL REFERENCES articles (id)\n"
        "    ON DELETE CASCADE,\n"
        "  rank integer NOT NULL,\n"
        "  term text NOT NULL,\n"
        "  weight double precision NOT NULL,\n"
        "  PRIMARY KEY (article_id, rank)\n"
        ");\n"
        "CREATE TABLE failures (\n"
        "  host text NOT NULL,\n"
        "  path text NOT NULL,\n"
        "  hash text,\n"
        "  error text NOT NULL,\n"
        "  failed_at bigint NOT NULL,\n"
        "  size bigint NOT NULL,\n"
        "  mtime_ns bigint NOT NULL,\n"
        "  attempts bigint NOT NULL DEFAULT 1,\n"
        "  PRIMARY KEY (host, path)\n"
        ");\n"
        "CREATE INDEX failures_failed_at ON failures (failed_at);\n";

/* Migrations from version N to N + 1, for 1 <= N < PG_SCHEMA_VERSION. */
static const char *const pg_migrations[PG_SCHEMA_VERSION] = { NULL };

/* ---- Handle ---- */

struct precis__pg {
        PGconn *conn;      /* owned */
        char *shown;       /* owned; the URL without its password */
        char *host;        /* owned; this machine's name in paths */
        bool readonly;
        bool in_tx;        /* between begin and commit */
        bool tx_failed;    /* a write in the tx failed */
        int tx_rc;         /* the first failure's code */
        int version;       /* schema version */
};

bool precis__store_is_url(const char *s)
{
        return s != NULL && (strncmp(s, "postgresql://", 13) == 0 ||
                             strncmp(s, "postgres://", 11) == 0);
}

/* @url with any password replaced by "***", for messages and status. */
char *precis__pg_redact(const char *url)
{
        const char *scheme = strstr(url, "://");
        const char *auth, *at, *colon, *end;
        char *out;
        size_t n;

        out = strdup(url);
        if (out == NULL || scheme == NULL)
                return out;
        auth = scheme + 3;
        end = auth + strcspn(auth, "/?#");
        at = memchr(auth, '@', (size_t) (end - auth));
        if (at != NULL) {
                colon = memchr(auth, ':', (size_t) (at - auth));
                if (colon != NULL) {
                        n = (size_t) (colon + 1 - url);
                        free(out);
                        out = malloc(strlen(url) + 4);
                        if (out == NULL)
                                return NULL;
                        memcpy(out, url, n);
                        strcpy(out + n, "***");
                        strcat(out, at);
                }
        }
        /* password=... in the query string */
        {
                char *p = strstr(out, "password=");

                if (p != NULL && (p[-1] == '?' || p[-1] == '&')) {
                        char *v = p + 9, *e = v + strcspn(v, "&#");

                        if (e - v >= 3) {
                                memcpy(v, "***", 3);
                                memmove(v + 3, e, strlen(e) + 1);
                        }
                }
        }
        return out;
}

static int64_t pg_now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pg_quiet(void *arg, const char *msg)
{
        (void) arg;
        (void) msg; /* NOTICEs ("query contains only stop words") */
}

/* Map the failed @res (nullable) of @what to a precis error. */
static int pg_map(struct precis__pg *pg, const PGresult *res,
                  struct precis_error *err, const char *what)
{
        const char *state = NULL, *msg = NULL;
        char buf[200];
        int code;

        if (res != NULL) {
                state = pq.result_error_field(res, PG_DIAG_SQLSTATE);
                msg = pq.result_error_field(res, PG_DIAG_MESSAGE_PRIMARY);
        }
        if (msg == NULL) {
                snprintf(buf, sizeof(buf), "%s", pq.error_message(pg->conn));
                buf[strcspn(buf, "\n")] = '\0';
                msg = buf;
        }
        if (pq.status(pg->conn) == CONNECTION_BAD || state == NULL ||
            strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
                return precis_error_set(err, -ENOTCONN,
                                        "PostgreSQL server of %s: %s: %s",
                                        pg->shown, what, msg);
        if (strncmp(state, "40", 2) == 0)
                code = -EBUSY;  /* deadlock or serialization: try again */
        else if (strcmp(state, "53100") == 0)
                code = -ENOSPC;
        else if (strncmp(state, "53", 2) == 0)
                code = -ENOMEM;
        else if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0)
                code = PRECIS_E_INVAL; /* this document is refused */
        else if (strcmp(state, "25006") == 0)
                code = -EROFS;
        else if (strncmp(state, "42", 2) == 0 &&
                 strcmp(state, "42501") != 0)
                code = PRECIS_E_CORRUPT;
        else
                code = PRECIS_E_SQLITE;
        return precis_error_set(err, code, "%s: %s (SQLSTATE %s)", what, msg,
                                state);
}

/* A dropped connection is tried again once, outside a transaction (inside
 * one, the transaction is lost anyway and the caller redoes it). */
static void pg_revive(struct precis__pg *pg)
{
        if (pq.status(pg->conn) == CONNECTION_BAD && !pg->in_tx) {
                pq.reset(pg->conn);
                if (pq.status(pg->conn) == CONNECTION_OK) {
                        pq.set_client_encoding(pg->conn, "UTF8");
                        if (pg->readonly)
                                pq.clear(pq.exec(pg->conn, "SET default_"
                                                 "transaction_read_only = "
                                                 "on"));
                }
        }
}

/* Run @sql with @n text parameters @v (NULL = SQL NULL).  On success
 * *ret (nullable: then cleared) holds the result. */
static int pg_run(struct precis__pg *pg, const char *sql, int n,
                  const char *const *v, PGresult **ret,
                  struct precis_error *err, const char *what)
{
        ExecStatusType s;
        PGresult *res;
        int rc;

        pg_revive(pg);
        /* Without parameters, the simple protocol: it takes several
         * statements at once (the schema). */
        res = n > 0 ? pq.exec_params(pg->conn, sql, n, NULL, v, NULL, NULL, 0)
                    : pq.exec(pg->conn, sql);
        if (res == NULL)
                return pg_map(pg, NULL, err, what);
        s = pq.result_status(res);
        if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
                rc = pg_map(pg, res, err, what);
                pq.clear(res);
                return rc;
        }
        if (ret != NULL)
                *ret = res;
        else
                pq.clear(res);
        return 0;
}

static int pg_plain(struct precis__pg *pg, const char *sql,
                    struct precis_error *err, const char *what)
{
        return pg_run(pg, sql, 0, NULL, NULL, err, what);
}

static int64_t pg_int(const PGresult *res, int row, int col)
{
        if (pq.getisnull(res, row, col))
                return 0;
        return strtoll(pq.getvalue(res, row, col), NULL, 10);
}

/* Run @sql (as pg_run()) for whether it returns a row: 1, with the first
 * column of the first row in *ret_id (nullable), or 0; or an error. */
static int pg_one(struct precis__pg *pg, const char *sql, int n,
                  const char *const *v, int64_t *ret_id,
                  struct precis_error *err, const char *what)
{
        PGresult *res = NULL; /* set when pg_run() succeeds */
        int rc;

        rc = pg_run(pg, sql, n, v, &res, err, what);
        if (rc != 0)
                return rc;
        rc = pq.ntuples(res) > 0;
        if (rc && ret_id != NULL)
                *ret_id = pg_int(res, 0, 0);
        pq.clear(res);
        return rc;
}

static char *pg_dup(const PGresult *res, int row, int col, bool *oom)
{
        char *s;

        if (pq.getisnull(res, row, col))
                return NULL;
        s = strdup(pq.getvalue(res, row, col));
        if (s == NULL)
                *oom = true;
        return s;
}

static const char *pg_str(const PGresult *res, int row, int col)
{
        return pq.getisnull(res, row, col) ? NULL
                                           : pq.getvalue(res, row, col);
}

/* ---- Open, schema, close ---- */

static int pg_prepare_schema(struct precis__pg *pg, struct precis_error *err)
{
        PGresult *res = NULL;
        int64_t version = 0;
        char sql[96];
        int rc, v;

        snprintf(sql, sizeof(sql), "SELECT pg_advisory_lock(%d)",
                 PG_SCHEMA_LOCK);
        rc = pg_plain(pg, sql, err, "lock the schema");
        if (rc != 0)
                return rc;
        rc = pg_run(pg, "SELECT to_regclass('precis_schema') IS NOT NULL",
                    0, NULL, &res, err, "read the schema version");
        if (rc != 0)
                goto out;
        if (strcmp(pq.getvalue(res, 0, 0), "t") == 0) {
                pq.clear(res);
                rc = pg_run(pg, "SELECT max(version) FROM precis_schema", 0,
                            NULL, &res, err, "read the schema version");
                if (rc != 0)
                        goto out;
                version = pg_int(res, 0, 0);
        }
        pq.clear(res);
        res = NULL;
        if (version > PG_SCHEMA_VERSION) {
                rc = precis_error_set(err, PRECIS_E_SCHEMA,
                                      "%s has schema version %" PRId64
                                      ", newer than this precis (%d); "
                                      "upgrade precis", pg->shown, version,
                                      PG_SCHEMA_VERSION);
                goto out;
        }
        if (version == PG_SCHEMA_VERSION)
                goto out;
        rc = pg_plain(pg, "BEGIN", err, "begin schema update");
        if (rc != 0)
                goto out;
        if (version == 0)
                rc = pg_plain(pg, pg_schema_v1, err, "create the schema");
        for (v = version == 0 ? 1 : (int) version;
             rc == 0 && v < PG_SCHEMA_VERSION; v++)
                rc = pg_plain(pg, pg_migrations[v], err, "migrate schema");
        if (rc == 0) {
                snprintf(sql, sizeof(sql),
                         "DELETE FROM precis_schema; INSERT INTO "
                         "precis_schema VALUES (%d)", PG_SCHEMA_VERSION);
                rc = pg_plain(pg, sql, err, "set the schema version");
        }
        if (rc == 0)
                rc = pg_plain(pg, "COMMIT", err, "commit schema update");
        if (rc != 0)
                pq.clear(pq.exec(pg->conn, "ROLLBACK"));
out:
        if (res != NULL)
                pq.clear(res);
        snprintf(sql, sizeof(sql), "SELECT pg_advisory_unlock(%d)",
                 PG_SCHEMA_LOCK);
        (void) pg_plain(pg, sql, NULL, "unlock the schema");
        if (rc == 0)
                pg->version = PG_SCHEMA_VERSION;
        return rc;
}

static int pg_check_schema_ro(struct precis__pg *pg, struct precis_error *err)
{
        PGresult *res;
        int64_t version = 0;
        int rc;

        rc = pg_run(pg, "SELECT to_regclass('precis_schema') IS NOT NULL",
                    0, NULL, &res, err, "read the schema version");
        if (rc != 0)
                return rc;
        if (strcmp(pq.getvalue(res, 0, 0), "t") != 0) {
                pq.clear(res);
                return precis_error_set(err, -ENOENT,
                                        "no precis store in %s yet",
                                        pg->shown);
        }
        pq.clear(res);
        rc = pg_run(pg, "SELECT max(version) FROM precis_schema", 0, NULL,
                    &res, err, "read the schema version");
        if (rc != 0)
                return rc;
        version = pg_int(res, 0, 0);
        pq.clear(res);
        if (version > PG_SCHEMA_VERSION)
                return precis_error_set(err, PRECIS_E_SCHEMA,
                                        "%s has schema version %" PRId64
                                        ", newer than this precis (%d); "
                                        "upgrade precis", pg->shown, version,
                                        PG_SCHEMA_VERSION);
        if (version < PG_SCHEMA_VERSION)
                return precis_error_set(err, PRECIS_E_SCHEMA,
                                        "%s has the older schema version "
                                        "%" PRId64 "; open it once for "
                                        "writing to upgrade it", pg->shown,
                                        version);
        pg->version = (int) version;
        return 0;
}

void precis__pg_close(struct precis__pg *pg)
{
        if (pg == NULL)
                return;
        if (pg->conn != NULL)
                pq.finish(pg->conn);
        free(pg->shown);
        free(pg->host);
        free(pg);
}

int precis__pg_open(const char *url, unsigned flags, struct precis__pg **ret,
                    struct precis_error *err)
{
        struct precis__pg *pg;
        char name[256];
        int rc;

        pthread_once(&pq_once, pq_load);
        if (pq_load_error != NULL)
                return precis_error_set(err, -ENOSYS,
                                        "cannot use a PostgreSQL store: %s",
                                        pq_load_error);
        pg = calloc(1, sizeof(*pg));
        if (pg == NULL)
                return precis_error_set(err, -ENOMEM, NULL);
        pg->readonly = (flags & PRECIS_STORE_READONLY) != 0;
        pg->shown = precis__pg_redact(url);
        /* This machine's name until precis__pg_set_host() says better. */
        if (gethostname(name, sizeof(name)) != 0)
                snprintf(name, sizeof(name), "localhost");
        name[sizeof(name) - 1] = '\0';
        pg->host = strdup(name);
        if (pg->shown == NULL || pg->host == NULL) {
                precis__pg_close(pg);
                return precis_error_set(err, -ENOMEM, NULL);
        }
        /* libpq reads the rest from PG* variables and ~/.pgpass. */
        pg->conn = pq.connectdb(url);
        if (pg->conn == NULL) {
                precis__pg_close(pg);
                return precis_error_set(err, -ENOMEM, NULL);
        }
        if (pq.status(pg->conn) != CONNECTION_OK) {
                char msg[200];

                snprintf(msg, sizeof(msg), "%s",
                         pq.error_message(pg->conn));
                msg[strcspn(msg, "\n")] = '\0';
                rc = precis_error_set(err, -ENOTCONN,
                                      "cannot connect to %s: %s", pg->shown,
                                      msg);
                precis__pg_close(pg);
                return rc;
        }
        pq.set_notice_processor(pg->conn, pg_quiet, NULL);
        pq.set_client_encoding(pg->conn, "UTF8");
        /* A commit is durable with synchronous_commit = on, the server's
         * default: never turned off here (see README, reliability). */
        if (pg->readonly) {
                rc = pg_plain(pg, "SET default_transaction_read_only = on",
                              err, "open");
                if (rc == 0)
                        rc = pg_check_schema_ro(pg, err);
        } else {
                rc = pg_prepare_schema(pg, err);
        }
        if (rc != 0) {
                precis__pg_close(pg);
                return rc;
        }
        *ret = pg;
        return 0;
}

int precis__pg_set_host(struct precis__pg *pg, const char *name)
{
        char *h;

        if (name == NULL || *name == '\0')
                return 0;
        h = strdup(name);
        if (h == NULL)
                return -ENOMEM;
        free(pg->host);
        pg->host = h;
        return 0;
}

int precis__pg_schema_version(struct precis__pg *pg)
{
        return pg->version;
}

/* ---- Transactions ---- */

int precis__pg_begin(struct precis__pg *pg, struct precis_error *err)
{
        int rc;

        if (pg->in_tx)
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "a transaction is already open");
        if (pg->readonly)
                return precis_error_set(err, -EROFS, "%s is open read-only",
                                        pg->shown);
        rc = pg_plain(pg, "BEGIN", err, "begin");
        if (rc == 0) {
                pg->in_tx = true;
                pg->tx_failed = false;
                pg->tx_rc = 0;
        }
        return rc;
}

int precis__pg_rollback(struct precis__pg *pg)
{
        if (!pg->in_tx)
                return 0;
        pg->in_tx = false;
        pg->tx_failed = false;
        if (pq.transaction_status(pg->conn) == PQTRANS_IDLE)
                return 0;
        return pg_plain(pg, "ROLLBACK", NULL, "rollback");
}

int precis__pg_commit(struct precis__pg *pg, struct precis_error *err)
{
        int rc;

        if (!pg->in_tx)
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "no transaction is open");
        if (pg->tx_failed) {
                int why = pg->tx_rc;

                (void) precis__pg_rollback(pg);
                /* The server going away is not the documents' fault. */
                if (why == -ENOTCONN || why == -EBUSY || why == -ENOSPC)
                        return precis_error_set(err, why,
                                                "the transaction was lost: "
                                                "%s", precis_strerror(why));
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "a write in this transaction "
                                        "failed; it was rolled back");
        }
        rc = pg_plain(pg, "COMMIT", err, "commit");
        pg->in_tx = false;
        return rc;
}

/* A COMMIT returns once the server has flushed its WAL
 * (synchronous_commit = on, the default, which precis never changes): a
 * committed batch is already durable, so there is nothing more to sync. */
int precis__pg_sync(struct precis__pg *pg, struct precis_error *err)
{
        if (pg->in_tx)
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "a transaction is open");
        return 0;
}

static int pg_write_begin(struct precis__pg *pg, struct precis_error *err)
{
        if (pg->readonly)
                return precis_error_set(err, -EROFS, "%s is open read-only",
                                        pg->shown);
        if (pg->in_tx)
                return 0;
        return pg_plain(pg, "BEGIN", err, "begin");
}

static int pg_write_end(struct precis__pg *pg, int rc,
                        struct precis_error *err)
{
        if (pg->in_tx) {
                if (rc < 0 && !pg->tx_failed) {
                        pg->tx_failed = true;
                        pg->tx_rc = rc;
                }
                return rc;
        }
        if (rc < 0) {
                if (pq.transaction_status(pg->conn) != PQTRANS_IDLE)
                        pq.clear(pq.exec(pg->conn, "ROLLBACK"));
                return rc;
        }
        return pg_plain(pg, "COMMIT", err, "commit");
}

/* After a statement about article @id inside a write: 0 when @res (cleared
 * here) has a row; else the write is ended, nothing having been written,
 * and the answer is PRECIS_E_NOTFOUND. */
static int pg_found_or_end(struct precis__pg *pg, PGresult *res, int64_t id,
                           struct precis_error *err)
{
        bool found = pq.ntuples(res) > 0;
        int rc;

        pq.clear(res);
        if (found)
                return 0;
        rc = pg_write_end(pg, 0, err);
        if (rc != 0)
                return rc;
        return precis_error_set(err, PRECIS_E_NOTFOUND,
                                "no article with ID %" PRId64, id);
}

/* A consistent view for reads of several statements. */
static int pg_read_begin(struct precis__pg *pg, struct precis_error *err)
{
        int rc;

        if (pg->in_tx)
                return 0;
        rc = pg_plain(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                      err, "begin read");
        return rc < 0 ? rc : 1;
}

static void pg_read_end(struct precis__pg *pg, int begun)
{
        if (begun > 0)
                (void) pg_plain(pg, "COMMIT", NULL, "end read");
}

/* ---- Writes ---- */

#define I64(buf, v) (snprintf((buf), sizeof(buf), "%" PRId64, (int64_t) (v)), (buf))

int precis__pg_has_hash(struct precis__pg *pg, const char *hash_hex,
                        int64_t *ret_id, struct precis_error *err)
{
        const char *v[1] = { hash_hex };

        if (!precis__store_hex_ok(hash_hex, PRECIS_HASH_HEX, PRECIS_HASH_HEX))
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "not a 64-digit hex hash");
        return pg_one(pg, "SELECT id FROM articles WHERE hash = $1", 1, v,
                      ret_id, err, "look up hash");
}

static int pg_delete_failure(struct precis__pg *pg, const char *path,
                             struct precis_error *err)
{
        const char *v[2] = { pg->host, path };

        return pg_one(pg, "DELETE FROM failures WHERE host = $1 AND path = $2 "
                      "RETURNING 1", 2, v, NULL, err, "clear failure");
}

/* Record @src as a path of @id on this host: 1 if new, 0 if refreshed. */
static int pg_insert_path(struct precis__pg *pg, int64_t id,
                          const struct precis_source *src, int64_t now,
                          struct precis_error *err)
{
        char b[5][24];
        const char *v[7] = { I64(b[0], id), pg->host, src->path,
                             I64(b[1], now), I64(b[2], src->size),
                             I64(b[3], src->mtime_ns),
                             I64(b[4], src->inode) };
        PGresult *res;
        int rc;

        rc = pg_run(pg,
                    "INSERT INTO paths (article_id, host, path, added_at, "
                    "size, mtime_ns, inode) VALUES ($1, $2, $3, $4, $5, $6, "
                    "$7) ON CONFLICT (article_id, host, path) DO UPDATE SET "
                    "size = excluded.size, mtime_ns = excluded.mtime_ns, "
                    "inode = excluded.inode RETURNING (xmax = 0)",
                    7, v, &res, err, "add path");
        if (rc != 0)
                return rc;
        rc = strcmp(pq.getvalue(res, 0, 0), "t") == 0;
        pq.clear(res);
        return rc;
}

int precis__pg_add_path(struct precis__pg *pg, int64_t id,
                        const struct precis_source *src,
                        struct precis_error *err)
{
        char b[24];
        const char *v[1] = { I64(b, id) };
        PGresult *res;
        int rc, added = 0;

        if (src == NULL || src->path == NULL)
                return precis_error_set(err, PRECIS_E_INVAL, "no path");
        rc = pg_write_begin(pg, err);
        if (rc != 0)
                return rc;
        rc = pg_run(pg, "SELECT 1 FROM articles WHERE id = $1", 1, v, &res,
                    err, "look up id");
        if (rc == 0) {
                rc = pg_found_or_end(pg, res, id, err);
                if (rc != 0)
                        return rc;
                rc = pg_insert_path(pg, id, src, pg_now_ms(), err);
        }
        if (rc >= 0) {
                added = rc;
                rc = pg_delete_failure(pg, src->path, err);
        }
        rc = pg_write_end(pg, rc < 0 ? rc : 0, err);
        return rc < 0 ? rc : added;
}

int precis__pg_path_unchanged(struct precis__pg *pg, const char *path,
                              int64_t size, int64_t mtime_ns, int64_t inode,
                              struct precis_error *err)
{
        char b[3][24];
        const char *v[5] = { pg->host, path, I64(b[0], size),
                             I64(b[1], mtime_ns), I64(b[2], inode) };

        if (path == NULL)
                return precis_error_set(err, PRECIS_E_INVAL, "no path");
        return pg_one(pg, "SELECT 1 FROM paths WHERE host = $1 AND path = $2 "
                      "AND size = $3 AND mtime_ns = $4 AND inode = $5 LIMIT 1",
                      5, v, NULL, err, "look up path");
}

/* Insert @r unless its hash is there: 1 and *ret_id when inserted, 0 and
 * *ret_id of the stored article when another host (or an earlier batch)
 * has it.  ON CONFLICT waits for a concurrent insert of the same hash to
 * commit, so two hosts never both store it. */
static int pg_insert_article(struct precis__pg *pg,
                             const struct precis_record *r, int64_t now,
                             int64_t *ret_id, struct precis_error *err)
{
        char b[6][24], *summary;
        const char *lang = r->language != NULL && r->language[0] != '\0'
                                   ? r->language : "unknown";
        PGresult *res = NULL;
        int64_t id;
        size_t i;
        int rc;

        summary = precis__store_summary_text(r);
        if (summary == NULL)
                return precis_error_set(err, -ENOMEM, NULL);
        {
                const char *v[15] = {
                        r->hash, r->title, lang,
                        r->format != NULL ? r->format : "text",
                        I64(b[0], r->bytes), I64(b[1], r->words),
                        I64(b[2], r->sentences),
                        I64(b[3], r->src.seen_ms > 0 ? r->src.seen_ms : now),
                        I64(b[4], r->stored_ms > 0 ? r->stored_ms : now),
                        pg->host,
                        r->algorithm != NULL ? r->algorithm : "default",
                        I64(b[5], r->algorithm_version),
                        r->options != NULL ? r->options : "{}",
                        summary, r->body != NULL ? r->body : "",
                };

                rc = pg_run(pg,
                            "INSERT INTO articles (hash, title, language, "
                            "format, bytes, words, sentences, first_seen, "
                            "stored_at, host, algorithm, version, params, "
                            "summary, body, tscfg) VALUES ($1, $2, $3::text, $4, "
                            "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                            "$15, coalesce((SELECT c.oid::regconfig FROM "
                            "pg_ts_config c WHERE c.cfgname::text = $3::text AND "
                            "c.cfgnamespace = 'pg_catalog'::regnamespace), "
                            "'simple'::regconfig)) ON CONFLICT (hash) DO "
                            "NOTHING RETURNING id, tscfg",
                            15, v, &res, err, "insert article");
        }
        free(summary);
        if (rc != 0)
                return rc;
        if (pq.ntuples(res) == 0) {
                const char *v[1] = { r->hash };

                pq.clear(res);
                rc = pg_run(pg, "SELECT id FROM articles WHERE hash = $1", 1,
                            v, &res, err, "look up hash");
                if (rc != 0)
                        return rc;
                *ret_id = pg_int(res, 0, 0);
                pq.clear(res);
                return 0;
        }
        id = pg_int(res, 0, 0);
        {
                const char *v[1] = { pg_str(res, 0, 1) };

                rc = pg_run(pg, "INSERT INTO text_configs VALUES ($1) "
                            "ON CONFLICT DO NOTHING", 1, v, NULL, err,
                            "note the text configuration");
        }
        pq.clear(res);
        if (rc != 0)
                return rc;
        for (i = 0; rc == 0 && i < r->n_summary; i++) {
                char s[32];
                const char *v[5] = {
                        I64(b[0], id), I64(b[1], i),
                        I64(b[2], r->summary[i].index), s,
                        r->summary[i].text != NULL ? r->summary[i].text : "",
                };

                snprintf(s, sizeof(s), "%.17g", r->summary[i].score);
                rc = pg_run(pg, "INSERT INTO summary_sentences (article_id, "
                            "ord, idx, score, text) VALUES ($1, $2, $3, $4, "
                            "$5)", 5, v, NULL, err, "insert summary sentence");
        }
        for (i = 0; rc == 0 && i < r->n_keywords; i++) {
                char w[32];
                const char *v[4] = {
                        I64(b[0], id), I64(b[1], i),
                        r->keywords[i].term != NULL ? r->keywords[i].term : "",
                        w,
                };

                snprintf(w, sizeof(w), "%.17g", r->keywords[i].weight);
                rc = pg_run(pg, "INSERT INTO keywords (article_id, rank, "
                            "term, weight) VALUES ($1, $2, $3, $4)", 4, v,
                            NULL, err, "insert keyword");
        }
        if (rc != 0)
                return rc;
        *ret_id = id;
        return 1;
}

int precis__pg_put(struct precis__pg *pg, const struct precis_record *r,
                   struct precis_put_result *res, struct precis_error *err)
{
        struct precis_put_result pr = { PRECIS_PUT_NEW, 0, 0 };
        const char *path = r->src.path;
        int64_t now = pg_now_ms();
        int rc;

        if (!precis__store_hex_ok(r->hash, PRECIS_HASH_HEX, PRECIS_HASH_HEX))
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "record has no hash");
        rc = pg_write_begin(pg, err);
        if (rc != 0)
                return rc;
        rc = pg_insert_article(pg, r, now, &pr.id, err);
        if (rc == 0)
                pr.outcome = PRECIS_PUT_DUPLICATE;
        if (rc >= 0 && path != NULL) {
                rc = pg_insert_path(pg, pr.id, &r->src, now, err);
                pr.new_path = rc > 0;
        }
        if (rc >= 0 && path != NULL)
                rc = pg_delete_failure(pg, path, err);
        rc = pg_write_end(pg, rc < 0 ? rc : 0, err);
        if (rc == 0 && res != NULL)
                *res = pr;
        return rc;
}

int precis__pg_put_failure(struct precis__pg *pg, const char *path,
                           const char *hash_hex, const char *error,
                           int64_t size, int64_t mtime_ns,
                           struct precis_error *err)
{
        char b[3][24];
        const char *v[7] = { pg->host, path, hash_hex, error,
                             I64(b[0], pg_now_ms()), I64(b[1], size),
                             I64(b[2], mtime_ns) };
        int rc;

        if (path == NULL || error == NULL)
                return precis_error_set(err, PRECIS_E_INVAL,
                                        "a failure needs a path and an "
                                        "error");
        rc = pg_write_begin(pg, err);
        if (rc != 0)
                return rc;
        rc = pg_run(pg,
                    "INSERT INTO failures (host, path, hash, error, "
                    "failed_at, size, mtime_ns, attempts) VALUES ($1, $2, "
                    "$3, $4, $5, $6, $7, 1) ON CONFLICT (host, path) DO "
                    "UPDATE SET hash = excluded.hash, error = excluded.error, "
                    "failed_at = excluded.failed_at, size = excluded.size, "
                    "mtime_ns = excluded.mtime_ns, "
                    "attempts = failures.attempts + 1",
                    7, v, NULL, err, "record failure");
        return pg_write_end(pg, rc, err);
}

int precis__pg_failure_unchanged(struct precis__pg *pg, const char *path,
                                 int64_t size, int64_t mtime_ns,
                                 struct precis_error *err)
{
        char b[2][24];
        const char *v[4] = { pg->host, path, I64(b[0], size),
                             I64(b[1], mtime_ns) };

        return pg_one(pg, "SELECT 1 FROM failures WHERE host = $1 AND "
                      "path = $2 AND size = $3 AND mtime_ns = $4", 4, v, NULL,
                      err, "look up failure");
}

int precis__pg_clear_failure(struct precis__pg *pg, const char *path,
                             struct precis_error *err)
{
        int rc, cleared;

        rc = pg_write_begin(pg, err);
        if (rc != 0)
                return rc;
        cleared = pg_delete_failure(pg, path, err);
        rc = pg_write_end(pg, cleared < 0 ? cleared : 0, err);
        return rc < 0 ? rc : cleared;
}

int precis__pg_counts(struct precis__pg *pg, struct precis_store_counts *out,
                      struct precis_error *err)
{
        PGresult *res;
        int64_t a, b;
        int rc;

        rc = pg_run(pg,
                    "SELECT (SELECT count(*) FROM articles), "
                    "(SELECT count(*) FROM paths), "
                    "(SELECT count(*) FROM failures), "
                    "(SELECT max(stored_at) FROM articles), "
                    "(SELECT max(failed_at) FROM failures)",
                    0, NULL, &res, err, "count");
        if (rc != 0)
                return rc;
        out->articles = pg_int(res, 0, 0);
        out->paths = pg_int(res, 0, 1);
        out->failures = pg_int(res, 0, 2);
        a = pg_int(res, 0, 3);
        b = pg_int(res, 0, 4);
        out->last_ingest = a > b ? a : b;
        pq.clear(res);
        return 0;
}

/* ---- Reads ---- */

static int pg_get_rows(struct precis__pg *pg, const char *sql, int64_t id,
                       PGresult **res, struct precis_error *err,
                       const char *what)
{
        char b[24];
        const char *v[1] = { I64(b, id) };

        return pg_run(pg, sql, 1, v, res, err, what);
}

int precis__pg_get(struct precis__pg *pg, int64_t id, unsigned what,
                   struct precis_store_article *out, struct precis_error *err)
{
        struct precis_store_article a;
        PGresult *res;
        bool oom = false;
        int rc, i, n;

        memset(&a, 0, sizeof(a));
        rc = pg_get_rows(pg,
                         "SELECT id, hash, title, language, format, bytes, "
                         "words, sentences, first_seen, stored_at, "
                         "algorithm, version, params, body FROM articles "
                         "WHERE id = $1", id, &res, err, "read article");
        if (rc != 0)
                return rc;
        if (pq.ntuples(res) == 0) {
                pq.clear(res);
                return precis_error_set(err, PRECIS_E_NOTFOUND,
                                        "no article with ID %" PRId64, id);
        }
        a.id = pg_int(res, 0, 0);
        snprintf(a.hash, sizeof(a.hash), "%s", pq.getvalue(res, 0, 1));
        a.title = pg_dup(res, 0, 2, &oom);
        a.language = pg_dup(res, 0, 3, &oom);
        a.format = pg_dup(res, 0, 4, &oom);
        a.bytes = pg_int(res, 0, 5);
        a.words = pg_int(res, 0, 6);
        a.sentences = pg_int(res, 0, 7);
        a.first_seen = pg_int(res, 0, 8);
        a.stored_at = pg_int(res, 0, 9);
        if (what & PRECIS_GET_SUMMARY) {
                a.algorithm = pg_dup(res, 0, 10, &oom);
                a.algorithm_version = (int) pg_int(res, 0, 11);
                a.params = pg_dup(res, 0, 12, &oom);
        }
        if (what & PRECIS_GET_BODY)
                a.body = pg_dup(res, 0, 13, &oom);
        pq.clear(res);
        if (oom)
                goto err_oom;

        /* Paths, this host's first; each shown with its host. */
        {
                char b[24];
                const char *v[2] = { I64(b, id), pg->host };

                rc = pg_run(pg, "SELECT path, host FROM paths WHERE "
                            "article_id = $1 ORDER BY added_at, host <> $2, "
                            "host, path", 2, v, &res, err, "read paths");
        }
        if (rc != 0)
                goto err;
        n = pq.ntuples(res);
        if (n > 0) {
                a.paths = calloc((size_t) n, sizeof(*a.paths));
                a.path_hosts = calloc((size_t) n, sizeof(*a.path_hosts));
                if (a.paths == NULL || a.path_hosts == NULL)
                        oom = true;
        }
        for (i = 0; !oom && i < n; i++) {
                a.paths[i] = pg_dup(res, i, 0, &oom);
                a.path_hosts[i] = pg_dup(res, i, 1, &oom);
                a.n_paths = (size_t) i + 1;
        }
        pq.clear(res);
        if (oom)
                goto err_oom;

        if (what & PRECIS_GET_SUMMARY) {
                rc = pg_get_rows(pg, "SELECT idx, score, text FROM "
                                 "summary_sentences WHERE article_id = $1 "
                                 "ORDER BY ord", id, &res, err,
                                 "read summary");
                if (rc != 0)
                        goto err;
                n = pq.ntuples(res);
                if (n > 0) {
                        a.summary = calloc((size_t) n, sizeof(*a.summary));
                        oom = a.summary == NULL;
                }
                for (i = 0; !oom && i < n; i++) {
                        a.summary[i].index = pg_int(res, i, 0);
                        a.summary[i].score = strtod(pq.getvalue(res, i, 1),
                                                    NULL);
                        a.summary[i].text = pg_dup(res, i, 2, &oom);
                        a.n_summary = (size_t) i + 1;
                }
                pq.clear(res);
                if (oom)
                        goto err_oom;
        }
        if (what & PRECIS_GET_KEYWORDS) {
                rc = pg_get_rows(pg, "SELECT term, weight FROM keywords "
                                 "WHERE article_id = $1 ORDER BY rank", id,
                                 &res, err, "read keywords");
                if (rc != 0)
                        goto err;
                n = pq.ntuples(res);
                if (n > 0) {
                        a.keywords = calloc((size_t) n, sizeof(*a.keywords));
                        oom = a.keywords == NULL;
                }
                for (i = 0; !oom && i < n; i++) {
                        a.keywords[i].term = pg_dup(res, i, 0, &oom);
                        a.keywords[i].weight = strtod(pq.getvalue(res, i, 1),
                                                      NULL);
                        a.n_keywords = (size_t) i + 1;
                }
                pq.clear(res);
                if (oom)
                        goto err_oom;
        }
        *out = a;
        return 0;

err_oom:
        rc = precis_error_set(err, -ENOMEM, NULL);
err:
        precis_store_article_done(&a);
        return rc;
}

int precis__pg_list(struct precis__pg *pg, const struct precis_list_opts *o,
                    precis_store_article_cb cb, void *data,
                    struct precis_error *err)
{
        struct precis_list_opts def = { 0 };
        char b[3][24];
        const char *sql;
        PGresult *res;
        int rc, begun, count = 0, i, n;

        if (o == NULL)
                o = &def;
        sql = o->sort == PRECIS_SORT_TITLE
                      ? "SELECT id FROM articles WHERE stored_at >= $1 AND "
                        "stored_at < $2 AND ($4::text IS NULL OR EXISTS "
                        "(SELECT 1 FROM paths p WHERE p.article_id = id AND "
                        "p.host = $4)) ORDER BY lower(title), id LIMIT $3"
                : o->sort == PRECIS_SORT_OLDEST
                      ? "SELECT id FROM articles WHERE stored_at >= $1 AND "
                        "stored_at < $2 AND ($4::text IS NULL OR EXISTS "
                        "(SELECT 1 FROM paths p WHERE p.article_id = id AND "
                        "p.host = $4)) ORDER BY stored_at, id LIMIT $3"
                      : "SELECT id FROM articles WHERE stored_at >= $1 AND "
                        "stored_at < $2 AND ($4::text IS NULL OR EXISTS "
                        "(SELECT 1 FROM paths p WHERE p.article_id = id AND "
                        "p.host = $4)) ORDER BY stored_at DESC, id DESC "
                        "LIMIT $3";
        {
                const char *v[4] = {
                        I64(b[0], o->since),
                        I64(b[1], o->until > 0 ? o->until : INT64_MAX),
                        o->limit > 0 ? I64(b[2], o->limit) : NULL,
                        o->host,
                };

                begun = pg_read_begin(pg, err);
                if (begun < 0)
                        return begun;
                rc = pg_run(pg, sql, 4, v, &res, err, "list");
        }
        if (rc != 0) {
                pg_read_end(pg, begun);
                return rc;
        }
        n = pq.ntuples(res);
        for (i = 0; i < n; i++) {
                struct precis_store_article a;

                rc = precis__pg_get(pg, pg_int(res, i, 0), o->what, &a, err);
                if (rc != 0)
                        break;
                rc = cb != NULL ? cb(&a, data) : 0;
                precis_store_article_done(&a);
                count++;
                if (rc != 0)
                        break;
        }
        pq.clear(res);
        pg_read_end(pg, begun);
        return rc != 0 ? rc : count;
}

int precis__pg_id_exists(struct precis__pg *pg, int64_t id,
                         struct precis_error *err)
{
        char b[24];
        const char *v[1] = { I64(b, id) };

        return pg_one(pg, "SELECT 1 FROM articles WHERE id = $1", 1, v, NULL,
                      err, "look up id");
}

int precis__pg_prefix_matches(struct precis__pg *pg, const char *prefix,
                              struct precis__cands *c,
                              struct precis_error *err)
{
        const char *v[1] = { prefix };
        PGresult *res;
        int rc, i;

        rc = pg_run(pg, "SELECT id, hash, title FROM articles WHERE "
                    "hash >= $1 AND hash < $1 || 'g' ORDER BY hash LIMIT 11",
                    1, v, &res, err, "resolve");
        if (rc != 0)
                return rc;
        for (i = 0; rc == 0 && i < pq.ntuples(res); i++)
                rc = precis__store_cands_add(c, pg_int(res, i, 0),
                                             pq.getvalue(res, i, 1),
                                             pg_str(res, i, 2));
        pq.clear(res);
        return rc == 0 ? 0 : precis_error_set(err, rc, NULL);
}

int precis__pg_path_article(struct precis__pg *pg, const char *path,
                            int64_t *ret_id, struct precis_error *err)
{
        const char *v[2] = { path, pg->host };

        return pg_one(pg, "SELECT article_id FROM paths WHERE path = $1 "
                      "ORDER BY host = $2 DESC, added_at DESC, "
                      "article_id DESC LIMIT 1", 2, v, ret_id, err,
                      "resolve path");
}

/* ts_headline() options: a value with spaces or commas is double-quoted,
 * and a double quote inside doubled. */
static void pg_hl_value(char *out, size_t cap, const char *v)
{
        size_t n = 0;

        if (cap < 3)
                return;
        out[n++] = '"';
        for (; *v != '\0' && n + 3 < cap; v++) {
                if (*v == '"')
                        out[n++] = '"';
                out[n++] = *v;
        }
        out[n++] = '"';
        out[n] = '\0';
}

/* ts_headline() marks each word of a phrase on its own; join marks that
 * only a space separates ("<solar> <power>" becomes "<solar power>"), so
 * that a phrase is highlighted whole as with SQLite.  Returns a new
 * string, or NULL without memory. */
static char *pg_join_marks(const char *s, const char *start, const char *stop)
{
        size_t a = strlen(start), z = strlen(stop);
        char *out = malloc(strlen(s) + 1), *w = out;

        if (out == NULL)
                return NULL;
        while (*s != '\0') {
                if (a > 0 && z > 0 && strncmp(s, stop, z) == 0 &&
                    s[z] == ' ' && strncmp(s + z + 1, start, a) == 0) {
                        *w++ = ' ';
                        s += z + 1 + a;
                        continue;
                }
                *w++ = *s++;
        }
        *w = '\0';
        return out;
}

/* The words query @input (precis__search_next() reads it, as for SQLite)
 * as an SQL tsquery expression over the column q.cfg, its terms bound as
 * parameters $1..$n (*ret_terms, owned, *ret_n of them): each word or
 * "phrase" a phraseto_tsquery() (so PostgreSQL's parser splits
 * "solar-power" and "U.S." as it split the text), all required (&&);
 * -word excluded (&& !!); title:word restricted to the title's weight
 * (:A); word* a prefix (:*).  Returns 0, PRECIS_E_QUERY when nothing is
 * left to look for, or -ENOMEM. */
static int pg_words_query(const char *input, char **ret_expr,
                          char ***ret_terms, int *ret_n,
                          struct precis_error *err)
{
        struct precis__sq_term t;
        const char *p = input;
        size_t cap = 64, len = 0;
        char *expr, **terms = NULL;
        int n = 0, pass, npos = 0;

        while (precis__search_next(&p, &t))
                n++;
        if (n == 0)
                return precis_error_set(err, PRECIS_E_QUERY,
                                        "search query '%s' has no words to "
                                        "look for", input);
        cap += (size_t) n * 300;
        expr = malloc(cap);
        terms = calloc((size_t) n, sizeof(*terms));
        if (expr == NULL || terms == NULL) {
                free(expr);
                free(terms);
                return -ENOMEM;
        }
        expr[0] = '\0';
        n = 0;
        for (pass = 0; pass < 2; pass++) {
                int k = 0;

                p = input;
                while (precis__search_next(&p, &t)) {
                        const char *mark;

                        if (t.neg != pass)
                                continue;
                        terms[n] = strndup(t.s, t.n);
                        if (terms[n] == NULL)
                                goto oom;
                        n++;
                        mark = t.title && t.prefix ? ":*A"
                               : t.title           ? ":A"
                               : t.prefix          ? ":*"
                                                   : NULL;
                        len += (size_t) snprintf(expr + len, cap - len, "%s",
                                                 k == 0 ? (pass ? " && !!("
                                                                : "(")
                                                        : pass ? " || "
                                                               : " && ");
                        /* Stemmed in the article's language, or as
                         * written ('simple': stopwords too). */
                        if (mark == NULL)
                                len += (size_t) snprintf(
                                        expr + len, cap - len,
                                        "(phraseto_tsquery(q.cfg, $%d) || "
                                        "phraseto_tsquery('simple', $%d))",
                                        n, n);
                        else
                                len += (size_t) snprintf(
                                        expr + len, cap - len,
                                        "regexp_replace((phraseto_tsquery("
                                        "q.cfg, $%d) || phraseto_tsquery("
                                        "'simple', $%d))::text, "
                                        "'''(\\s|$)', '''%s\\1', 'g')"
                                        "::tsquery", n, n, mark);
                        k++;
                }
                if (k > 0)
                        len += (size_t) snprintf(expr + len, cap - len, ")");
                if (pass == 0)
                        npos = k;
                if (pass == 0 && npos == 0)
                        break;
        }
        if (npos == 0) {
                while (n > 0)
                        free(terms[--n]);
                free(terms);
                free(expr);
                return precis_error_set(err, PRECIS_E_QUERY,
                                        "search query '%s' only excludes "
                                        "words (-word); add a word to look "
                                        "for", input);
        }
        *ret_expr = expr;
        *ret_terms = terms;
        *ret_n = n;
        return 0;
oom:
        while (n > 0)
                free(terms[--n]);
        free(terms);
        free(expr);
        return -ENOMEM;
}

int precis__pg_search(struct precis__pg *pg,
                      const struct precis_search_opts *o,
                      precis_store_hit_cb cb, void *data,
                      struct precis_error *err)
{
        char opts[256], start[48], stop[48], b[2][24];
        char *expr = NULL, **terms = NULL, *sql = NULL;
        const char **v = NULL;
        PGresult *res = NULL;
        int rc, begun = 0, count = 0, i, n = 0, nt = 0, tokens;
        size_t sql_cap;
        char *snippet, *title_marked;

        if (o == NULL || o->query == NULL || *o->query == '\0')
                return precis_error_set(err, PRECIS_E_QUERY,
                                        "empty search query");
        if (o->syntax == PRECIS_QUERY_FTS5) {
                /* PostgreSQL has no FTS5: a raw query is read by
                 * websearch_to_tsquery() (OR, -word, "phrase"). */
                expr = strdup("websearch_to_tsquery(q.cfg, $1)");
                terms = calloc(1, sizeof(*terms));
                if (expr == NULL || terms == NULL ||
                    (terms[0] = strdup(o->query)) == NULL) {
                        rc = precis_error_set(err, -ENOMEM, NULL);
                        goto out;
                }
                nt = 1;
        } else {
                rc = pg_words_query(o->query, &expr, &terms, &nt, err);
                if (rc != 0)
                        goto out;
        }
        tokens = o->snippet_tokens > 0 ? o->snippet_tokens : 16;
        pg_hl_value(start, sizeof(start),
                    o->hl_start != NULL ? o->hl_start : "[");
        pg_hl_value(stop, sizeof(stop), o->hl_end != NULL ? o->hl_end : "]");
        snprintf(opts, sizeof(opts),
                 "StartSel=%s, StopSel=%s, MaxWords=%d, MinWords=%d, "
                 "MaxFragments=1, FragmentDelimiter=\" … \"", start, stop,
                 tokens, tokens / 2 > 0 ? tokens / 2 : 1);
        sql_cap = strlen(expr) + 1024;
        v = calloc((size_t) nt + 3, sizeof(*v));
        sql = malloc(sql_cap);
        if (v == NULL || sql == NULL) {
                rc = precis_error_set(err, -ENOMEM, NULL);
                goto out;
        }
        for (i = 0; i < nt; i++)
                v[i] = terms[i];
        v[nt] = opts;
        v[nt + 1] = I64(b[0], o->limit > 0 ? o->limit : 20);
        v[nt + 2] = I64(b[1], PG_SEARCH_RANK_MAX);
        /* The query is parsed once per text configuration in use; of the
         * matches, the newest PG_SEARCH_RANK_MAX are ranked (ts_rank_cd),
         * and only the shown ones get a headline. */
        snprintf(sql, sql_cap,
                 "WITH q AS (SELECT q.cfg, %s AS q FROM text_configs q), "
                 "m AS (SELECT a.id, a.hash, a.title, a.tscfg, a.summary, "
                 "a.body, q.q, ts_rank_cd(a.search, q.q) AS r FROM "
                 "articles a JOIN q ON a.tscfg = q.cfg WHERE a.search @@ q.q "
                 "ORDER BY a.id DESC LIMIT $%d), "
                 "top AS (SELECT * FROM m ORDER BY r DESC, id DESC LIMIT $%d) "
                 "SELECT id, hash, title, ts_headline(tscfg, body, q, $%d), "
                 "r, CASE WHEN title IS NOT NULL "
                 "THEN ts_headline(tscfg, title, q, $%d || "
                 "', HighlightAll=true') END FROM top "
                 "ORDER BY r DESC, id DESC",
                 expr, nt + 3, nt + 2, nt + 1, nt + 1);
        begun = pg_read_begin(pg, err);
        if (begun < 0) {
                rc = begun;
                begun = 0;
                goto out;
        }
        rc = pg_run(pg, sql, nt + 3, v, &res, err, "search");
        if ((rc == PRECIS_E_CORRUPT || rc == PRECIS_E_INVAL) && err != NULL) {
                char why[sizeof(err->msg)];

                snprintf(why, sizeof(why), "%s", err->msg);
                rc = precis_error_set(err, PRECIS_E_QUERY,
                                      "malformed search query '%s' (%s)",
                                      o->query, why);
        }
        if (rc != 0)
                goto out;
        n = pq.ntuples(res);
        for (i = 0; i < n; i++) {
                struct precis_search_hit h = { 0 };

                h.id = pg_int(res, i, 0);
                h.hash = pq.getvalue(res, i, 1);
                h.title = pg_str(res, i, 2);
                snippet = pg_join_marks(pq.getvalue(res, i, 3),
                                        o->hl_start != NULL ? o->hl_start
                                                            : "[",
                                        o->hl_end != NULL ? o->hl_end : "]");
                if (snippet == NULL) {
                        rc = precis_error_set(err, -ENOMEM, NULL);
                        break;
                }
                h.snippet = snippet;
                title_marked = NULL;
                if (!pq.getisnull(res, i, 5)) {
                        title_marked = pg_join_marks(
                                pq.getvalue(res, i, 5),
                                o->hl_start != NULL ? o->hl_start : "[",
                                o->hl_end != NULL ? o->hl_end : "]");
                        if (title_marked == NULL) {
                                free(snippet);
                                rc = precis_error_set(err, -ENOMEM, NULL);
                                break;
                        }
                }
                h.title_marked = title_marked;
                /* Higher ts_rank_cd is better; the API's rank is "lower is
                 * better", as bm25 in SQLite. */
                h.rank = -strtod(pq.getvalue(res, i, 4), NULL);
                count++;
                rc = cb != NULL ? cb(&h, data) : 0;
                free(snippet);
                free(title_marked);
                if (rc != 0)
                        break;
        }
        if (rc == 0 && n == 0) {
                /* Nothing found: say so if the query itself had nothing
                 * the index keeps (punctuation only, or only words the
                 * language's configuration drops, such as "the"). */
                pq.clear(res);
                res = NULL;
                snprintf(sql, sql_cap, "SELECT bool_and(numnode(%s) = 0) "
                         "FROM text_configs q", expr);
                rc = pg_run(pg, sql, nt, v, &res, err, "search");
                if (rc == 0 && pq.ntuples(res) > 0 &&
                    strcmp(pq.getvalue(res, 0, 0), "t") == 0)
                        rc = precis_error_set(err, PRECIS_E_QUERY,
                                              "search query '%s' has no "
                                              "words to look for (only "
                                              "punctuation or words too "
                                              "common to be indexed)",
                                              o->query);
        }
out:
        if (res != NULL)
                pq.clear(res);
        pg_read_end(pg, begun);
        for (i = 0; terms != NULL && i < nt; i++)
                free(terms[i]);
        free(terms);
        free(expr);
        free(sql);
        free(v);
        return rc != 0 ? rc : count;
}

static int pg_count_by(struct precis__pg *pg, const char *sql,
                       struct precis_store_count **ret, size_t *ret_n,
                       struct precis_error *err)
{
        struct precis_store_count *v = NULL;
        PGresult *res;
        bool oom = false;
        int rc, i, n;

        rc = pg_run(pg, sql, 0, NULL, &res, err, "stats");
        if (rc != 0)
                return rc;
        n = pq.ntuples(res);
        if (n > 0) {
                v = calloc((size_t) n, sizeof(*v));
                oom = v == NULL;
        }
        for (i = 0; !oom && i < n; i++) {
                v[i].name = strdup(pq.getisnull(res, i, 0)
                                           ? "unknown"
                                           : pq.getvalue(res, i, 0));
                v[i].count = pg_int(res, i, 1);
                oom = v[i].name == NULL;
        }
        pq.clear(res);
        if (oom) {
                for (i = 0; v != NULL && i < n; i++)
                        free(v[i].name);
                free(v);
                return precis_error_set(err, -ENOMEM, NULL);
        }
        *ret = v;
        *ret_n = (size_t) n;
        return 0;
}

int precis__pg_stats(struct precis__pg *pg, struct precis_store_stats *out,
                     struct precis_error *err)
{
        struct precis_store_stats r;
        struct precis_store_counts c;
        PGresult *res;
        int rc, begun;

        memset(&r, 0, sizeof(r));
        begun = pg_read_begin(pg, err);
        if (begun < 0)
                return begun;
        rc = precis__pg_counts(pg, &c, err);
        if (rc != 0)
                goto out;
        r.articles = c.articles;
        r.paths = c.paths;
        r.failures = c.failures;
        rc = pg_run(pg,
                    "SELECT coalesce(sum(bytes), 0), coalesce(sum(words), 0), "
                    "coalesce(sum(sentences), 0), min(stored_at), "
                    "max(stored_at), (SELECT max(failed_at) FROM failures), "
                    "(SELECT sum(pg_total_relation_size(c)) FROM unnest("
                    "ARRAY['articles', 'paths', 'summary_sentences', "
                    "'keywords', 'failures', 'text_configs']::regclass[]) c) "
                    "FROM articles", 0, NULL, &res, err, "stats");
        if (rc != 0)
                goto out;
        r.bytes = pg_int(res, 0, 0);
        r.words = pg_int(res, 0, 1);
        r.sentences = pg_int(res, 0, 2);
        r.first_stored = pg_int(res, 0, 3);
        r.last_stored = pg_int(res, 0, 4);
        r.last_failure = pg_int(res, 0, 5);
        r.file_bytes = pg_int(res, 0, 6);
        pq.clear(res);
        r.schema_version = pg->version;
        rc = pg_count_by(pg, "SELECT language, count(*) FROM articles GROUP "
                         "BY language ORDER BY 2 DESC, 1", &r.languages,
                         &r.n_languages, err);
        if (rc == 0)
                rc = pg_count_by(pg, "SELECT format, count(*) FROM articles "
                                 "GROUP BY format ORDER BY 2 DESC, 1",
                                 &r.formats, &r.n_formats, err);
out:
        pg_read_end(pg, begun);
        if (rc != 0) {
                precis_store_stats_done(&r);
                return rc;
        }
        *out = r;
        return 0;
}

int precis__pg_failures(struct precis__pg *pg, precis_store_failure_cb cb,
                        void *data, struct precis_error *err)
{
        PGresult *res;
        int rc, i, n, count = 0;

        rc = pg_run(pg, "SELECT path, hash, error, failed_at, size, "
                    "mtime_ns, attempts, host FROM failures ORDER BY "
                    "failed_at DESC, host, path", 0, NULL, &res, err,
                    "read failures");
        if (rc != 0)
                return rc;
        n = pq.ntuples(res);
        for (i = 0; i < n; i++) {
                struct precis_store_failure f;

                memset(&f, 0, sizeof(f));
                f.path = pq.getvalue(res, i, 0);
                f.hash = pg_str(res, i, 1);
                f.error = pq.getvalue(res, i, 2);
                f.failed_at = pg_int(res, i, 3);
                f.size = pg_int(res, i, 4);
                f.mtime_ns = pg_int(res, i, 5);
                f.attempts = pg_int(res, i, 6);
                f.host = pq.getvalue(res, i, 7);
                count++;
                rc = cb != NULL ? cb(&f, data) : 0;
                if (rc != 0)
                        break;
        }
        pq.clear(res);
        return rc != 0 ? rc : count;
}

int precis__pg_forget(struct precis__pg *pg, int64_t id,
                      struct precis_error *err)
{
        char b[24];
        const char *v[1] = { I64(b, id) };
        PGresult *res;
        int rc;

        rc = pg_write_begin(pg, err);
        if (rc != 0)
                return rc;
        /* Paths, sentences and keywords go by ON DELETE CASCADE. */
        rc = pg_run(pg, "DELETE FROM articles WHERE id = $1 RETURNING 1", 1,
                    v, &res, err, "forget");
        if (rc == 0) {
                rc = pg_found_or_end(pg, res, id, err);
                if (rc != 0)
                        return rc;
        }
        return pg_write_end(pg, rc, err);
}
