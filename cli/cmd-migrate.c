#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <precis/config.h>
#include <precis/store.h>

#include "cli.h"
#include "options.h"
#include "output.h"

static const char migrate_usage[] =
        "usage: precis migrate --to PATH|URL [--batch N] [--quiet]\n"
        "Copy the store (--db, else the configuration's) into another "
        "store, an SQLite\n"
        "file or a postgresql:// URL, without summarizing anything again: "
        "hashes,\n"
        "titles, texts, summaries, keywords, first-seen and stored times, "
        "paths (with\n"
        "their hosts) and failures are kept.  The source is only read.  "
        "Articles\n"
        "already in the target are skipped (their missing paths are "
        "added), so an\n"
        "interrupted move resumes when run again.\n"
        "  --to PATH|URL   the target store; created when missing\n"
        "  --batch N       articles per transaction (default 500)\n"
        "  -q, --quiet     no progress lines on stderr\n"
        "Exit 0 when the move is complete, 2 for bad usage, 3 on a store "
        "problem\n"
        "(what was committed stays; run again to finish).\n";

/* One run: the target and what was copied so far. */
struct migrate {
        struct cli_ctx *ctx;       /* borrowed */
        struct precis_store *dst;  /* borrowed */
        struct precis_error *err;  /* borrowed; the last store error */
        const char *local_host;    /* borrowed; for paths with no host */
        int64_t batch;             /* articles per transaction */
        int64_t total;             /* articles in the source */
        int64_t seen;              /* articles walked */
        int64_t in_batch;          /* articles in the open transaction */
        bool quiet;
        /* Committed counts, and those of the open transaction. */
        int64_t articles, present, paths, failures, skipped_failures;
        int64_t p_articles, p_present, p_paths, p_failures, p_skipped;
};

static int migrate_commit(struct migrate *m)
{
        int rc;

        if (m->in_batch == 0)
                return 0;
        rc = precis_store_commit(m->dst, m->err);
        if (rc != 0)
                return rc;
        m->in_batch = 0;
        m->articles += m->p_articles;
        m->present += m->p_present;
        m->paths += m->p_paths;
        m->failures += m->p_failures;
        m->skipped_failures += m->p_skipped;
        m->p_articles = m->p_present = m->p_paths = 0;
        m->p_failures = m->p_skipped = 0;
        return 0;
}

/* Open a transaction before the first write of a batch; commit when the
 * batch is full (after the write: @done says one item is finished). */
static int migrate_step(struct migrate *m, bool done)
{
        if (!done)
                return m->in_batch == 0 ? precis_store_begin(m->dst, m->err)
                                        : 0;
        if (++m->in_batch < m->batch)
                return 0;
        return migrate_commit(m);
}

static void migrate_progress(struct migrate *m)
{
        if (m->quiet)
                return;
        fprintf(m->ctx->err, "precis: migrate: %lld of %lld articles\n",
                (long long) m->seen, (long long) m->total);
}

/* Writes to a PostgreSQL target record the host of the path or failure
 * being copied; SQLite sources keep none, so their paths are this
 * machine's (as if this host had ingested them). */
static int migrate_host(struct migrate *m, const char *host)
{
        int rc = precis_store_set_host(m->dst, host != NULL ? host
                                                            : m->local_host);

        return rc != 0 ? precis_error_set(m->err, rc, NULL) : 0;
}

/* Whether article @have (in the target) already has path @path seen by
 * @host (NULL = any host). */
static bool migrate_has_path(const struct precis_store_article *have,
                             const char *path, const char *host)
{
        size_t i;

        for (i = 0; i < have->n_paths; i++) {
                if (strcmp(have->paths[i], path) != 0)
                        continue;
                if (host == NULL || have->path_hosts == NULL ||
                    have->path_hosts[i] == NULL ||
                    strcmp(have->path_hosts[i], host) == 0)
                        return true;
        }
        return false;
}

static int migrate_article(const struct precis_store_article *a, void *data)
{
        struct migrate *m = data;
        struct precis_store_article have = { 0 };
        struct precis_source src = { .size = -1, .mtime_ns = -1 };
        int64_t id = 0;
        size_t i, first = 0;
        int rc;

        m->seen++;
        rc = migrate_step(m, false);
        if (rc != 0)
                return rc;
        rc = precis_store_has_hash(m->dst, a->hash, &id, m->err);
        if (rc < 0)
                return rc;
        if (rc == 0) {
                /* The record borrows the article's strings and arrays:
                 * precis_store_put() only reads it. */
                struct precis_record r = {
                        .title = a->title,
                        .language = a->language,
                        .format = a->format,
                        .algorithm = a->algorithm,
                        .algorithm_version = a->algorithm_version,
                        .options = a->params,
                        .body = a->body,
                        .bytes = a->bytes,
                        .words = a->words,
                        .sentences = a->sentences,
                        .summary = a->summary,
                        .n_summary = a->n_summary,
                        .keywords = a->keywords,
                        .n_keywords = a->n_keywords,
                        .stored_ms = a->stored_at,
                };
                struct precis_put_result res = { 0 };

                memcpy(r.hash, a->hash, sizeof(r.hash));
                /* The file signature (size, mtime, inode) is not part of
                 * the article API: unknown, so precisd reads such a file
                 * once more if it is still in an inbox (its hash then
                 * finds the article). */
                r.src = src;
                r.src.seen_ms = a->first_seen;
                if (a->n_paths > 0) {
                        r.src.path = a->paths[0];
                        rc = migrate_host(m, a->path_hosts != NULL
                                                     ? a->path_hosts[0]
                                                     : NULL);
                        if (rc != 0)
                                return rc;
                        first = 1;
                }
                rc = precis_store_put(m->dst, &r, &res, m->err);
                if (rc != 0)
                        return rc;
                id = res.id;
                if (res.outcome == PRECIS_PUT_NEW)
                        m->p_articles++;
                else
                        m->p_present++;
                m->p_paths += res.new_path;
        } else {
                m->p_present++;
                /* Only the paths the target lacks: add_path() on a known
                 * path would overwrite its file signature with "unknown". */
                rc = precis_store_get(m->dst, id, 0, &have, m->err);
                if (rc != 0)
                        return rc;
        }
        for (i = first; i < a->n_paths; i++) {
                const char *host = a->path_hosts != NULL ? a->path_hosts[i]
                                                         : NULL;

                if (have.paths != NULL &&
                    migrate_has_path(&have, a->paths[i],
                                     host != NULL ? host : m->local_host))
                        continue;
                rc = migrate_host(m, host);
                if (rc != 0)
                        break;
                src.path = a->paths[i];
                rc = precis_store_add_path(m->dst, id, &src, m->err);
                if (rc < 0)
                        break;
                m->p_paths += rc;
                rc = 0;
        }
        precis_store_article_done(&have);
        if (rc != 0)
                return rc;
        rc = migrate_step(m, true);
        if (rc == 0 && m->in_batch == 0)
                migrate_progress(m);
        return rc;
}

static int migrate_failure(const struct precis_store_failure *f, void *data)
{
        struct migrate *m = data;
        int rc;

        rc = migrate_step(m, false);
        if (rc != 0)
                return rc;
        rc = migrate_host(m, f->host);
        if (rc != 0)
                return rc;
        /* Its time and attempt count are not taken by the API: the copy
         * fails "now", once.  Already there (same size and mtime): left
         * alone, so that running again counts no attempt. */
        rc = precis_store_failure_unchanged(m->dst, f->path, f->size,
                                            f->mtime_ns, m->err);
        if (rc < 0)
                return rc;
        if (rc == 1) {
                m->p_skipped++;
        } else {
                rc = precis_store_put_failure(m->dst, f->path, f->hash,
                                              f->error, f->size, f->mtime_ns,
                                              m->err);
                if (rc != 0)
                        return rc;
                m->p_failures++;
        }
        return migrate_step(m, true);
}

/* Whether @to names the store @from: the same URL, or the same file. */
static bool migrate_same(const char *from, const char *to)
{
        struct stat a, b;

        if (strcmp(from, to) == 0)
                return true;
        if (precis_store_is_url(from) || precis_store_is_url(to))
                return false;
        return stat(from, &a) == 0 && stat(to, &b) == 0 &&
               a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* The host name a PostgreSQL target records for paths that come from a
 * store that keeps none: [store] host_name, else the hostname. */
static int migrate_local_host(struct cli_ctx *ctx, char **ret)
{
        struct precis_config cfg;
        char name[HOST_NAME_MAX + 1];
        int rc;

        rc = cli_config_load(ctx, &cfg, NULL);
        if (rc != CLI_EXIT_OK)
                return rc;
        if (cfg.host_name != NULL && cfg.host_name[0] != '\0') {
                *ret = strdup(cfg.host_name);
        } else {
                if (gethostname(name, sizeof(name)) != 0)
                        strcpy(name, "localhost");
                name[sizeof(name) - 1] = '\0';
                *ret = strdup(name);
        }
        precis_config_done(&cfg);
        if (*ret == NULL)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "out of memory");
        return CLI_EXIT_OK;
}

static int migrate_run(struct cli_ctx *ctx, int argc, char **argv)
{
        static const struct option longopts[] = {
                { "to", required_argument, NULL, 't' },
                { "batch", required_argument, NULL, 'b' },
                { "quiet", no_argument, NULL, 'q' },
                CLI_LONGOPTS_END,
        };
        struct precis_error err = { 0 };
        struct precis_store_counts counts = { 0 };
        struct precis_list_opts lo = { .sort = PRECIS_SORT_OLDEST,
                                       .what = PRECIS_GET_ALL };
        struct migrate m = { .ctx = ctx, .err = &err, .batch = 500 };
        struct precis_store *src = NULL, *dst = NULL;
        char *from = NULL, *host = NULL, *shown = NULL;
        const char *to = NULL;
        int c, rc;

        while ((c = cli_getopt(ctx, argc, argv, "qh", longopts, migrate_usage,
                               &rc)) > 0) {
                switch (c) {
                case 't':
                        to = optarg;
                        break;
                case 'b':
                        if (cli_parse_int(optarg, 1, 1000000, &m.batch) != 0)
                                return cli_usage_fail(ctx, argv[0],
                                                      migrate_usage,
                                                      "--batch is a number "
                                                      "from 1 to 1000000, "
                                                      "not '%s'", optarg);
                        break;
                case 'q':
                        m.quiet = true;
                        break;
                }
        }
        if (c < 0)
                return rc;
        if (optind != argc)
                return cli_usage_fail(ctx, argv[0], migrate_usage,
                                      "unexpected argument '%s' (the target "
                                      "goes after --to)", argv[optind]);
        if (to == NULL || *to == '\0')
                return cli_usage_fail(ctx, argv[0], migrate_usage,
                                      "where to? give the target with --to "
                                      "PATH or --to postgresql://...");
        rc = cli_store_path(ctx, &from);
        if (rc != CLI_EXIT_OK)
                return rc;
        if (migrate_same(from, to)) {
                free(from);
                return cli_usage_fail(ctx, argv[0], migrate_usage,
                                      "the target is the store itself");
        }
        rc = migrate_local_host(ctx, &host);
        if (rc != CLI_EXIT_OK)
                goto out;
        m.local_host = host;
        rc = precis_store_open(from, PRECIS_STORE_READONLY, &src, &err);
        if (rc == 0)
                rc = precis_store_counts(src, &counts, &err);
        if (rc == 0)
                rc = precis_store_open(to, 0, &dst, &err);
        if (rc != 0) {
                rc = cli_store_fail(ctx, rc, &err);
                goto out;
        }
        m.dst = dst;
        m.total = counts.articles;
        rc = precis_store_list(src, &lo, migrate_article, &m, &err);
        if (rc >= 0)
                rc = migrate_commit(&m);
        if (rc >= 0)
                rc = precis_store_failures(src, migrate_failure, &m, &err);
        if (rc >= 0)
                rc = migrate_commit(&m);
        shown = precis_store_display_name(to);
        if (rc < 0) {
                precis_store_rollback(dst);
                rc = cli_store_fail(ctx, rc, &err);
                cli_fail(ctx, 0, "migrate stopped after %lld new articles "
                         "in %s; run it again to finish", (long long)
                         m.articles, shown != NULL ? shown : "the target");
                goto out;
        }
        if (!m.quiet && m.seen % m.batch != 0)
                migrate_progress(&m);
        fprintf(ctx->out, "migrated %lld articles (%lld already there), "
                "%lld paths, %lld failures (%lld already there) into ",
                (long long) m.articles, (long long) m.present,
                (long long) m.paths, (long long) m.failures,
                (long long) m.skipped_failures);
        cli_put_escaped(ctx->out, shown != NULL ? shown : "the target");
        fputc('\n', ctx->out);
        rc = cli_write_status(ctx, ferror(ctx->out) ? -EIO : 0);
out:
        free(shown);
        precis_store_close(dst);
        precis_store_close(src);
        free(host);
        free(from);
        return rc;
}

const struct cli_command cli_cmd_migrate = {
        .name = "migrate",
        .usage = "--to PATH|URL [--batch N] [--quiet]",
        .help = "copy the store into another (SQLite or PostgreSQL) "
                "without summarizing again",
        .run = migrate_run,
};
