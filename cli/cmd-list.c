#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <precis/array.h>
#include <precis/store.h>

#include "cli.h"
#include "options.h"
#include "output.h"
#include "term.h"

static const char list_usage[] =
        "usage: precis list [--since WHEN] [--until WHEN] [--limit N] "
        "[--sort time|title]\n"
        "                   [--host NAME] [--follow] [--json]\n"
        "  --since WHEN   stored at or after WHEN: today, yesterday, an age "
        "(2h, 3d,\n"
        "                 1w), 2026-11-27, 2026-11-27T10:00 (local time; a "
        "final Z\n"
        "                 for UTC) or @UNIXTIME\n"
        "  --until WHEN   stored before WHEN (same forms)\n"
        "  --limit N      at most N articles\n"
        "  --sort KEY     time (newest first, the default) or title\n"
        "  --host NAME    only articles that host NAME saw (a PostgreSQL "
        "store\n"
        "                 shared by several hosts)\n"
        "  --follow, -f   print the newest (--limit, default 10) oldest "
        "first, then each\n"
        "                 new article as precisd stores it, until "
        "interrupted\n"
        "  --json         an array of article objects (docs/json.md); with "
        "--follow,\n"
        "                 one object per line\n"
        "Times are local; --json has ISO 8601 UTC.\n"
        "Exit 0 when something is listed, 1 when nothing is.\n";

/* One row of the text table. */
struct list_row {
        int64_t id;      /* article ID */
        int64_t stored;  /* ms */
        char *title;     /* owned; NULL when untitled */
};

struct list_out {
        struct cli_ctx *ctx;   /* borrowed */
        json_t *array;         /* owned; NULL for text */
        struct list_row *rows; /* owned; text rows, for the widths */
        size_t n, cap;         /* rows used and allocated */
};

static int list_cb(const struct precis_store_article *a, void *data)
{
        struct list_out *l = data;
        struct list_row *r;

        if (l->array != NULL) {
                json_t *o = cli_article_json(a, 0);

                if (o == NULL || json_array_append_new(l->array, o) != 0)
                        return -ENOMEM;
                return 0;
        }
        if (PRECIS_GROW(l->rows, l->n, l->cap, 64) != 0)
                return -ENOMEM;
        r = &l->rows[l->n];
        r->id = a->id;
        r->stored = a->stored_at;
        r->title = NULL;
        if (a->title != NULL) {
                r->title = strdup(a->title);
                if (r->title == NULL)
                        return -ENOMEM;
        }
        l->n++;
        return 0;
}

/* Digits of @v. */
static int list_digits(int64_t v)
{
        int n = 1;

        while (v >= 10) {
                v /= 10;
                n++;
        }
        return n;
}

#define LIST_TIME_COLS 16 /* "2026-11-29 06:12" */

static void list_row_print(struct cli_ctx *ctx, const struct list_row *r,
                           int idw)
{
        char t[32];
        size_t used = (size_t) idw + 2 + LIST_TIME_COLS + 2;

        fprintf(ctx->out, "%*lld  %-*s  ", idw, (long long) r->id,
                LIST_TIME_COLS, cli_local_time(r->stored, t));
        cli_put_fit(ctx->out, r->title != NULL ? r->title : "(untitled)",
                    ctx->width > used ? ctx->width - used : 0);
        fputc('\n', ctx->out);
}

static void list_header(struct cli_ctx *ctx, int idw)
{
        fprintf(ctx->out, "%*s  %-*s  %s\n", idw, "ID", LIST_TIME_COLS,
                "STORED", "TITLE");
}

/* The table: a header, then one row per article, the ID column as wide
 * as the largest ID, titles cut to the terminal's width. */
static void list_print(struct list_out *l)
{
        int64_t max = 0;
        size_t i;
        int idw;

        for (i = 0; i < l->n; i++)
                if (l->rows[i].id > max)
                        max = l->rows[i].id;
        idw = list_digits(max);
        if (idw < 2)
                idw = 2;
        list_header(l->ctx, idw);
        for (i = 0; i < l->n; i++)
                list_row_print(l->ctx, &l->rows[i], idw);
}

static void list_rows_free(struct list_out *l)
{
        size_t i;

        for (i = 0; i < l->n; i++)
                free(l->rows[i].title);
        free(l->rows);
        l->rows = NULL;
        l->n = l->cap = 0;
}

/* ---- --follow ---- */

static volatile sig_atomic_t list_stop;

static void list_on_signal(int sig)
{
        (void) sig;
        list_stop = 1;
}

/* What has been printed: the newest stored_at, and the IDs stored in
 * that same millisecond (so a second article of that millisecond is
 * still printed, and none twice). */
struct list_follow {
        struct cli_ctx *ctx;    /* borrowed */
        int json;               /* one JSON object per line */
        int64_t last;           /* ms of the newest article printed */
        int64_t *at_last;       /* owned: IDs printed with stored_at last */
        size_t n_at_last, cap;  /* entries used and allocated */
        int idw;                /* ID column width */
};

static int list_follow_cb(const struct precis_store_article *a, void *data)
{
        struct list_follow *lf = data;
        struct list_row r = { a->id, a->stored_at, a->title };
        size_t i;

        if (a->stored_at < lf->last)
                return 0;
        if (a->stored_at == lf->last)
                for (i = 0; i < lf->n_at_last; i++)
                        if (lf->at_last[i] == a->id)
                                return 0;
        if (a->stored_at > lf->last) {
                lf->last = a->stored_at;
                lf->n_at_last = 0;
        }
        if (PRECIS_GROW(lf->at_last, lf->n_at_last, lf->cap, 16) != 0)
                return -ENOMEM;
        lf->at_last[lf->n_at_last++] = a->id;
        if (lf->json) {
                if (cli_json_print(lf->ctx, cli_article_json(a, 0), 1) != 0)
                        return -EIO;
        } else {
                list_row_print(lf->ctx, &r, lf->idw);
        }
        /* A reader at the other end of a pipe sees each article now. */
        if (fflush(lf->ctx->out) != 0 || ferror(lf->ctx->out))
                return -EIO;
        return 0;
}

/* Size and modification time of the store and its WAL: precisd commits
 * change the WAL (or, after a checkpoint, the store), so the store is
 * queried only when one of them changed. */
static void list_stamp(const char *db, struct timespec st[2], off_t sz[2])
{
        static const char *const suffix[] = { "", "-wal" };
        char path[4096];
        struct stat s;
        int i;

        for (i = 0; i < 2; i++) {
                snprintf(path, sizeof(path), "%s%s", db, suffix[i]);
                if (stat(path, &s) == 0) {
                        st[i] = s.st_mtim;
                        sz[i] = s.st_size;
                } else {
                        st[i].tv_sec = st[i].tv_nsec = 0;
                        sz[i] = -1;
                }
        }
}

/* Whether the reader of a pipe on ctx->out has gone (| head quit), so
 * that an idle --follow ends without waiting for the next article to
 * fail to write. */
static int list_reader_gone(struct cli_ctx *ctx)
{
        struct pollfd p = { fileno(ctx->out), 0, 0 };

        return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

static int list_follow(struct cli_ctx *ctx, struct precis_list_opts *o,
                       int json)
{
        struct list_follow lf = { ctx, json, 0, NULL, 0, 0, 6 };
        struct precis_error err = { 0 };
        struct precis_store *st = NULL;
        struct timespec stamp[2], now[2];
        struct sigaction sa;
        off_t size[2], nsize[2];
        char *db = NULL;
        int rc;

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = list_on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        /* A reader that goes away (| head) ends the loop through EPIPE,
         * not by killing the process mid-line. */
        signal(SIGPIPE, SIG_IGN);
        rc = cli_store_open(ctx, PRECIS_STORE_READONLY, &st, &db);
        if (rc != CLI_EXIT_OK)
                return rc;
        /* First the newest few, oldest first, as `tail -f` does. */
        {
                struct precis_list_opts first = *o;
                struct list_out l = { ctx, NULL, NULL, 0, 0 };
                size_t i;

                first.limit = o->limit > 0 ? o->limit : 10;
                first.sort = PRECIS_SORT_TIME;
                first.what = json ? PRECIS_GET_SUMMARY | PRECIS_GET_KEYWORDS
                                  : 0;
                if (!json)
                        list_header(ctx, lf.idw);
                rc = precis_store_list(st, &first, list_cb, &l, &err);
                for (i = l.n; rc >= 0 && i-- > 0;) {
                        struct precis_store_article a;

                        rc = precis_store_get(st, l.rows[i].id, first.what,
                                              &a, &err);
                        if (rc == 0) {
                                rc = list_follow_cb(&a, &lf);
                                precis_store_article_done(&a);
                        }
                }
                list_rows_free(&l);
        }
        list_stamp(db, stamp, size);
        while (rc >= 0 && !list_stop) {
                struct timespec tick = { 0, 250 * 1000000L };
                struct precis_list_opts next = {
                        .since = lf.last,
                        .sort = PRECIS_SORT_OLDEST,
                        .what = json ? PRECIS_GET_SUMMARY |
                                               PRECIS_GET_KEYWORDS
                                     : 0,
                        .until = o->until,
                        .host = o->host,
                };

                (void) nanosleep(&tick, NULL);
                if (list_reader_gone(ctx))
                        break;
                list_stamp(db, now, nsize);
                /* A file store tells a commit by its files; a server
                 * store (a URL) is asked every tick, which is one small
                 * indexed query. */
                if (!precis_store_is_url(db) &&
                    memcmp(now, stamp, sizeof(now)) == 0 &&
                    memcmp(nsize, size, sizeof(size)) == 0)
                        continue;
                memcpy(stamp, now, sizeof(now));
                memcpy(size, nsize, sizeof(size));
                rc = precis_store_list(st, &next, list_follow_cb, &lf, &err);
        }
        precis_store_close(st);
        free(db);
        free(lf.at_last);
        if (rc == -EIO || rc >= 0)
                return CLI_EXIT_OK; /* ^C, or the reader left: done */
        if (rc < 0)
                return rc == -ENOMEM ? cli_fail(ctx, CLI_EXIT_INTERNAL,
                                                "out of memory")
                                     : cli_store_fail(ctx, rc, &err);
        return CLI_EXIT_OK;
}

static int list_run(struct cli_ctx *ctx, int argc, char **argv)
{
        static const struct option longopts[] = {
                CLI_WHEN_LONGOPTS,
                { "limit", required_argument, NULL, 'n' },
                { "sort", required_argument, NULL, 'o' },
                { "host", required_argument, NULL, 'H' },
                { "follow", no_argument, NULL, 'f' },
                { "json", no_argument, NULL, 'j' },
                CLI_LONGOPTS_END,
        };
        struct precis_list_opts o = { .sort = PRECIS_SORT_TIME };
        struct precis_error err = { 0 };
        struct list_out l = { ctx, NULL, NULL, 0, 0 };
        struct precis_store *st;
        int c, rc, json = 0, follow = 0;

        while ((c = cli_getopt(ctx, argc, argv, "fh", longopts, list_usage,
                               &rc)) > 0) {
                switch (c) {
                case 's':
                case 'u':
                        rc = cli_when_option(ctx, c, optarg, &o.since,
                                             &o.until);
                        if (rc != CLI_EXIT_OK)
                                return rc;
                        break;
                case 'n':
                        rc = cli_number_option(ctx, NULL, "--limit", optarg,
                                               1, INT64_MAX, &o.limit);
                        if (rc != CLI_EXIT_OK)
                                return rc;
                        break;
                case 'o':
                        if (strcmp(optarg, "time") == 0)
                                o.sort = PRECIS_SORT_TIME;
                        else if (strcmp(optarg, "title") == 0)
                                o.sort = PRECIS_SORT_TITLE;
                        else
                                return cli_fail(ctx, CLI_EXIT_USAGE,
                                                "--sort is time or title, "
                                                "not '%s'", optarg);
                        break;
                case 'H':
                        o.host = optarg;
                        break;
                case 'f':
                        follow = 1;
                        break;
                case 'j':
                        json = 1;
                        break;
                }
        }
        if (c < 0)
                return rc;
        rc = cli_no_operands(ctx, argc, argv, list_usage);
        if (rc != CLI_EXIT_OK)
                return rc;
        rc = cli_when_check(ctx, o.since, o.until);
        if (rc != CLI_EXIT_OK)
                return rc;
        if (follow)
                return list_follow(ctx, &o, json);
        rc = cli_store_open(ctx, PRECIS_STORE_READONLY, &st, NULL);
        if (rc != CLI_EXIT_OK)
                return rc;
        if (json) {
                /* The full article object, as in every command. */
                o.what = PRECIS_GET_SUMMARY | PRECIS_GET_KEYWORDS;
                l.array = json_array();
                if (l.array == NULL) {
                        precis_store_close(st);
                        return cli_fail(ctx, CLI_EXIT_INTERNAL,
                                        "out of memory");
                }
        }
        rc = precis_store_list(st, &o, list_cb, &l, &err);
        precis_store_close(st);
        if (rc < 0) {
                json_decref(l.array);
                list_rows_free(&l);
                return rc == -ENOMEM && err.code == 0
                               ? cli_fail(ctx, CLI_EXIT_INTERNAL,
                                          "out of memory")
                               : cli_store_fail(ctx, rc, &err);
        }
        cli_pager_start(ctx);
        if (json) {
                if (cli_json_print(ctx, l.array, 0) != 0)
                        return cli_fail(ctx, CLI_EXIT_INTERNAL,
                                        "cannot write output");
        } else if (l.n > 0) {
                list_print(&l);
        }
        list_rows_free(&l);
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_NOTFOUND;
}

const struct cli_command cli_cmd_list = {
        .name = "list",
        .usage = "[--since WHEN] [--until WHEN] [--limit N] "
                 "[--sort time|title] [--host NAME] [--follow] [--json]",
        .help = "list stored articles, newest first (--follow: as they "
                "arrive)",
        .run = list_run,
};
