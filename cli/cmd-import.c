#define _GNU_SOURCE /* scandir(), alphasort(), d_type, O_PATH */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <precis/array.h>
#include <precis/config.h>
#include <precis/ingest.h>
#include <precis/lang.h>
#include <precis/store.h>

#include "cli.h"
#include "options.h"
#include "output.h"

/* `precis import`: the bulk path into the store, through the ingest path
 * precisd uses (lib/ingest.c: prepare, then commit).  Worker threads
 * prepare; the main thread is the one writer, commits batches of files in
 * one transaction each, where a file the store refuses fails alone, and
 * prepares files too while it has nothing to commit.  Files under a DIR
 * are opened beneath it, as precisd opens inbox files beneath the
 * inbox. */

#define IMPORT_BATCH 256       /* files per transaction, at most */
#define IMPORT_MIN_BATCH 128   /* files per transaction, at least,
                                * while files are left to prepare.  A
                                * commit has a fixed cost (the search
                                * index flushes and merges a segment: ~9 M
                                * instructions, as much as writing 14
                                * articles; batches of 32 cost the writer
                                * 40% more than batches of 256, callgrind
                                * on bbc-dev); half a full batch keeps
                                * that small without the first commit
                                * waiting for 256 files */
#define IMPORT_BATCH_BYTES (16u << 20) /* raw bytes per transaction, about */
#define IMPORT_WINDOW 64       /* files prepared beyond the batch after
                                * the one being written */
#define IMPORT_AHEAD_BYTES (64u << 20) /* prepared, uncommitted raw bytes
                                        * past which workers take only the
                                        * file the writer waits for */
#define IMPORT_LOG_MAX (16 << 20)  /* bytes of the store's log past which
                                    * the writer waits for a checkpoint:
                                    * the log's size, at most, plus the two
                                    * batches written before the wait */
#define IMPORT_LOG_SHORT (4 << 20) /* bytes of log (as SQLite's automatic
                                    * checkpoints keep it) past which the
                                    * writer prepares files rather than
                                    * begin while a checkpoint runs */
#define IMPORT_MAX_JOBS 8      /* preparing threads at most, the writer
                                * among them */
static const char import_usage[] =
        "usage: precis import [OPTIONS] DIR|FILE...\n"
        "Store every file under each DIR (recursively; dot-files, ignored "
        "names and\n"
        "anything but regular files are skipped) and each FILE.  Importing "
        "the same\n"
        "bytes again only records the path (a duplicate).\n"
        "  --sentences N | --words N | --ratio R   summary length "
        "(default: [summary] length)\n"
        "  --algorithm NAME   summarizer (default: [summary] algorithm)\n"
        "  --lang L           language (default: [summary] language)\n"
        "  --keywords N       keywords per article (default: [summary] "
        "keywords)\n"
        "  --jobs N           summarizing threads, the writer among them "
        "(default: one\n"
        "                     per CPU)\n"
        "  --json             print the counts as a JSON object\n"
        "Prints \"stored N, duplicate N, failed N\".  Exit 0 when no file "
        "failed, 2 when\n"
        "some did (see `precis failures`), 3 on a store problem.\n";

struct import_job {
        char *path;                /* owned; absolute */
        const char *root;          /* borrowed from import.roots; NULL for
                                    * a FILE argument */
        int root_fd;               /* borrowed from import.root_fds; -1
                                    * for a FILE argument */
        bool done;                 /* set by a worker under the lock */
        struct precis_ingest in;   /* owned; prepared by a worker */
};

struct import {
        struct cli_ctx *ctx;              /* borrowed */
        const char *db_path;              /* borrowed: for reader handles */
        struct precis_summary_opts opts;  /* strings borrowed from cfg/argv */
        struct precis_ingest_opts iopts;  /* root set per job */
        char **roots;                     /* owned: realpath of each DIR */
        int *root_fds;                    /* owned: an O_PATH descriptor
                                           * of each, or -1 */
        size_t n_roots, cap_roots;        /* entries, allocated */
        struct import_job *jobs;          /* owned array */
        size_t n_jobs, cap_jobs;          /* entries, allocated */
        pthread_mutex_t lock;             /* guards next, consumed, want,
                                           * held, done */
        pthread_cond_t cond;              /* signalled on any change */
        size_t next;                      /* next job for a worker */
        size_t consumed;                  /* jobs the writer has taken */
        size_t want;                      /* job the writer waits for */
        size_t held;                      /* raw bytes of prepared jobs
                                           * not yet committed */
        bool stop;                        /* workers must return */
        struct precis_store *ckpt_st;     /* owned by the checkpointer: its
                                           * handle */
        pthread_cond_t ckpt_cond;         /* signalled for the
                                           * checkpointer */
        bool ckpt_want;                   /* a commit made the log grow */
        bool ckpt_wait;                   /* the writer waits for all of
                                           * the log to be copied */
        bool ckpt_busy;                   /* a checkpoint is running */
        bool ckpt_failed;                 /* the checkpointer cannot copy
                                           * the log: the writer does */
        bool ckpt_stop;                   /* the checkpointer must
                                           * return */
        int64_t log_bytes;                /* the log's size after the last
                                           * checkpoint */
        bool tty;                         /* progress bar on ctx->err */
        int64_t stored, duplicate, failed;/* counts */
        int64_t unstored;                 /* of failed: not recorded (the
                                           * file vanished or is being
                                           * written) */
};

static int import_add(struct import *im, char *path, const char *root,
                      int root_fd)
{
        if (PRECIS_GROW(im->jobs, im->n_jobs, im->cap_jobs, 256) != 0) {
                free(path);
                return -ENOMEM;
        }
        memset(&im->jobs[im->n_jobs], 0, sizeof(im->jobs[0]));
        im->jobs[im->n_jobs].root = root;
        im->jobs[im->n_jobs].root_fd = root_fd;
        im->jobs[im->n_jobs++].path = path;
        return 0;
}

static void import_warn(struct import *im, const char *path, const char *msg)
{
        /* Clear the progress bar, which is redrawn on the next update. */
        if (im->tty)
                fputs("\r\033[K", im->ctx->err);
        fputs("precis: '", im->ctx->err);
        cli_put_escaped(im->ctx->err, path);
        fprintf(im->ctx->err, "': %s\n", msg);
}

/* Collect the files under directory @dir (absolute), sorted by name. */
static int import_walk(struct import *im, const struct precis_config *cfg,
                       const char *root, int root_fd, const char *dir,
                       int depth)
{
        struct dirent **names = NULL;
        int n, i, rc = 0;

        if (depth > 64) {
                import_warn(im, dir, "too deeply nested, skipping");
                return 0;
        }
        n = scandir(dir, &names, NULL, alphasort);
        if (n < 0) {
                import_warn(im, dir, strerror(errno));
                im->failed++;
                return 0;
        }
        for (i = 0; i < n; i++) {
                const char *name = names[i]->d_name;
                struct stat sb;
                char *path;

                if (rc != 0 || name[0] == '.' ||
                    !precis_config_name_wanted(cfg, name))
                        goto next;
                if (asprintf(&path, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir,
                             name) < 0) {
                        rc = -ENOMEM;
                        goto next;
                }
                /* The entry's type as the directory gives it: no lstat()
                 * per file (prepare looks at each file again anyway). */
                switch (names[i]->d_type) {
                case DT_REG:
                        sb.st_mode = S_IFREG;
                        break;
                case DT_DIR:
                        sb.st_mode = S_IFDIR;
                        break;
                case DT_LNK:
                        sb.st_mode = S_IFLNK;
                        break;
                case DT_UNKNOWN:
                        if (lstat(path, &sb) == 0)
                                break;
                        /* fall through */
                default:
                        sb.st_mode = 0;
                        break;
                }
                if (S_ISLNK(sb.st_mode) && cfg->follow_symlinks &&
                    stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
                        rc = import_add(im, path, root, root_fd);
                } else if (S_ISDIR(sb.st_mode)) {
                        rc = import_walk(im, cfg, root, root_fd, path,
                                         depth + 1);
                        free(path);
                } else if (S_ISREG(sb.st_mode)) {
                        rc = import_add(im, path, root, root_fd);
                } else {
                        free(path);
                }
next:
                free(names[i]);
        }
        free(names);
        return rc;
}

/* Prepare @j through the shared ingest path.  A file that changes while
 * it is read is tried again a few times: import has no settle timer. */
static void import_work(struct import *im, struct precis_store *ro,
                        struct import_job *j)
{
        struct precis_ingest_opts o = im->iopts;
        int tries;

        o.root = j->root;
        o.root_fd = j->root_fd;
        for (tries = 0; tries < 3; tries++) {
                precis_ingest_done(&j->in);
                (void) precis_ingest_prepare(&j->in, j->path, 0, &o, ro);
                if (j->in.kind != PRECIS_INGEST_UNSTABLE ||
                    j->in.writer_open)
                        break;
        }
}

/* Under im->lock: whether a thread may take the next file now.  Bounded
 * by count and by bytes; but the file the writer waits for is always
 * taken, so the writer never waits on a worker that waits on it. */
static bool import_may_take(const struct import *im)
{
        return im->next < im->n_jobs &&
               im->next < im->consumed + IMPORT_BATCH + IMPORT_WINDOW &&
               (im->held < IMPORT_AHEAD_BYTES || im->next == im->want);
}

/* Under im->lock (released while it works): prepare file @i with the
 * reader @ro and mark it done. */
static void import_take(struct import *im, struct precis_store *ro, size_t i)
{
        pthread_mutex_unlock(&im->lock);
        import_work(im, ro, &im->jobs[i]);
        pthread_mutex_lock(&im->lock);
        im->held += (size_t) im->jobs[i].in.rec.bytes;
        im->jobs[i].done = true;
        pthread_cond_broadcast(&im->cond);
}

static void *import_worker(void *arg)
{
        struct import *im = arg;
        struct precis_store *ro = NULL;

        /* A reader handle of its own lets the worker skip summarizing
         * bytes that are already stored; without it, put_doc still finds
         * the duplicate. */
        (void) precis_store_open(im->db_path, PRECIS_STORE_READONLY, &ro,
                                 NULL);
        pthread_mutex_lock(&im->lock);
        for (;;) {
                while (!im->stop && im->next < im->n_jobs &&
                       !import_may_take(im))
                        pthread_cond_wait(&im->cond, &im->lock);
                if (im->stop || im->next >= im->n_jobs)
                        break;
                import_take(im, ro, im->next++);
        }
        pthread_mutex_unlock(&im->lock);
        precis_store_close(ro);
        return NULL;
}

/* The writer's commits grow the store's log; this thread copies it into
 * the database after each one, so that the two disk syncs of every copy
 * stall this thread rather than the writer (which otherwise spent a tenth
 * of a bbc-dev import waiting for them).  The log starts over only when a
 * transaction begins after a checkpoint that copied all of it: past
 * IMPORT_LOG_MAX the writer waits for the checkpoint after its commit
 * (import_commit_done()), so that the log stays bounded. */
static void *import_checkpointer(void *arg)
{
        struct import *im = arg;
        struct precis_store *ck = im->ckpt_st;
        int64_t bytes;
        bool wait;
        int rc;

        pthread_mutex_lock(&im->lock);
        for (;;) {
                while (!im->ckpt_want && !im->ckpt_stop)
                        pthread_cond_wait(&im->ckpt_cond, &im->lock);
                /* At the end the last handle's close copies what is
                 * left: copying it here first would only sync twice. */
                if (im->ckpt_stop)
                        break;
                im->ckpt_want = false;
                im->ckpt_busy = true;
                wait = im->ckpt_wait;
                im->ckpt_wait = false;
                pthread_mutex_unlock(&im->lock);
                rc = precis_store_checkpoint(ck, wait, &bytes, NULL);
                pthread_mutex_lock(&im->lock);
                im->ckpt_busy = false;
                im->log_bytes = rc == 0 ? bytes : 0;
                /* The writer copies the log itself from now on. */
                if (rc != 0)
                        im->ckpt_failed = true;
                pthread_cond_broadcast(&im->ckpt_cond);
        }
        pthread_mutex_unlock(&im->lock);
        im->ckpt_st = precis_store_close(ck);
        return NULL;
}

/* Under im->lock, after a commit on @st: have the log copied, and once it
 * is longer than IMPORT_LOG_MAX wait until all of it is (the checkpointer
 * then waits for the workers' reads to move on, which a copy that does not
 * wait may never see), so that the next transaction starts the log over.
 * Without a checkpointer (it could not start, or not open or copy the
 * store), copy it here, as SQLite's automatic checkpoints would. */
static void import_commit_done(struct import *im, struct precis_store *st,
                               bool ckpt_started)
{
        if (!ckpt_started || im->ckpt_failed) {
                bool wait = im->log_bytes > IMPORT_LOG_MAX;
                int64_t bytes = 0;

                pthread_mutex_unlock(&im->lock);
                (void) precis_store_checkpoint(st, wait, &bytes, NULL);
                pthread_mutex_lock(&im->lock);
                im->log_bytes = bytes;
                return;
        }
        im->ckpt_want = true;
        im->ckpt_wait = im->log_bytes > IMPORT_LOG_MAX;
        pthread_cond_broadcast(&im->ckpt_cond);
        if (!im->ckpt_wait)
                return;
        while ((im->ckpt_want || im->ckpt_busy) && !im->ckpt_stop)
                pthread_cond_wait(&im->ckpt_cond, &im->lock);
}

static void import_progress(struct import *im, size_t done, bool final)
{
        static const int width = 30;
        int fill = im->n_jobs ? (int) (done * (size_t) width / im->n_jobs)
                              : width;

        fprintf(im->ctx->err, "\r[%.*s%*s] %zu/%zu stored %lld, duplicate "
                "%lld, failed %lld",
                fill, "==============================", width - fill, "",
                done, im->n_jobs, (long long) im->stored,
                (long long) im->duplicate, (long long) im->failed);
        if (final)
                fputs("\r\033[K", im->ctx->err);
        fflush(im->ctx->err);
}

/* Count and report what commit did with @j. */
static void import_count(struct import *im, struct import_job *j)
{
        struct precis_ingest *in = &j->in;

        switch (in->out) {
        case PRECIS_INGEST_NEW:
                im->stored++;
                return;
        case PRECIS_INGEST_DUP_PATH:
        case PRECIS_INGEST_DUP_SAME:
                im->duplicate++;
                return;
        case PRECIS_INGEST_FAILURE:
                im->failed++;
                import_warn(im, j->path, precis_error_msg(&in->err, in->rc));
                return;
        default:
                break;
        }
        /* Nothing written: not a property of the file's bytes, so not
         * recorded as a failure, but not imported either. */
        im->failed++;
        im->unstored++;
        switch (in->kind) {
        case PRECIS_INGEST_VANISHED:
                import_warn(im, j->path, "vanished before it could be read");
                break;
        case PRECIS_INGEST_UNSTABLE:
                import_warn(im, j->path,
                            in->writer_open
                                    ? "open for writing by another process, "
                                      "skipping"
                                    : "kept changing while being read, "
                                      "skipping");
                break;
        case PRECIS_INGEST_SKIPPED:
                import_warn(im, j->path, in->err.msg);
                break;
        default:
                import_warn(im, j->path, "not stored");
                break;
        }
}

/* Commit jobs [@from, @to) in one transaction.  Returns 0, or the store's
 * error, which stops the import (it has been reported). */
static int import_commit(struct import *im, struct precis_store *st,
                         size_t from, size_t to)
{
        struct precis_ingest *items[IMPORT_BATCH];
        struct precis_error err = { 0 };
        size_t i, n = to - from;
        int rc;

        for (i = 0; i < n; i++)
                items[i] = &im->jobs[from + i].in;
        rc = precis_ingest_commit(st, items, n, &err);
        if (rc != 0) {
                cli_store_fail(im->ctx, rc, &err);
                return rc;
        }
        for (i = from; i < to; i++) {
                struct import_job *j = &im->jobs[i];

                if (j->in.requeue) {
                        /* Forgotten between prepare and commit (a
                         * concurrent `precis forget`): build it now. */
                        struct precis_ingest *one = &j->in;

                        import_work(im, NULL, j);
                        rc = precis_ingest_commit(st, &one, 1, &err);
                        if (rc != 0) {
                                cli_store_fail(im->ctx, rc, &err);
                                return rc;
                        }
                }
                import_count(im, j);
                precis_ingest_done(&j->in);
                free(j->path);
                j->path = NULL;
        }
        return 0;
}

static int import_check_opts(const struct precis_summary_opts *o,
                             struct precis_error *err)
{
        const char *canon;

        if (o->language != NULL && strcmp(o->language, "auto") != 0 &&
            precis_lang_resolve(o->language, &canon, err) != 0)
                return PRECIS_E_LANG;
        if (o->algorithm == NULL)
                return 0;
        return precis_summary_algorithm_check(o->algorithm, err);
}

static int import_run(struct cli_ctx *ctx, int argc, char **argv)
{
        static const struct option longopts[] = {
                CLI_SUMMARY_LONGOPTS,
                { "jobs", required_argument, NULL, 'J' },
                { "json", no_argument, NULL, 'j' },
                CLI_LONGOPTS_END,
        };
        struct precis_error err = { 0 };
        struct precis_config cfg;
        struct precis_store *st = NULL;
        struct import im;
        pthread_t threads[IMPORT_MAX_JOBS], ckpt;
        bool ckpt_started = false;
        size_t n_threads = 0, i, batch_end;
        int64_t jobs = 0;
        bool json = false, tty;
        int lengths = 0;
        struct timespec last = { 0, 0 };
        char *db_path = NULL;
        int c, rc, exit_code = CLI_EXIT_OK;

        memset(&im, 0, sizeof(im));
        im.ctx = ctx;
        rc = cli_config_load(ctx, &cfg, NULL);
        if (rc != CLI_EXIT_OK)
                return rc;
        precis_config_summary_opts(&cfg, &im.opts);
        precis_ingest_opts_init(&im.iopts);
        im.iopts.follow_symlinks = cfg.follow_symlinks;
        im.iopts.max_bytes = (size_t) cfg.max_bytes;
        im.iopts.sum = &im.opts;
        /* Asked to import: a failure recorded earlier is tried again. */
        im.iopts.retry = true;
        while ((c = cli_getopt(ctx, argc, argv, "", longopts, import_usage,
                               &exit_code)) > 0) {
                switch (c) {
                case 'J':
                        if (cli_parse_int(optarg, 1, IMPORT_MAX_JOBS, &jobs) !=
                            0) {
                                exit_code = cli_fail(ctx, CLI_EXIT_USAGE,
                                                     "--jobs needs a number "
                                                     "from 1 to %d",
                                                     IMPORT_MAX_JOBS);
                                goto out;
                        }
                        break;
                case 'j':
                        json = true;
                        break;
                default:
                        exit_code = cli_summary_option(ctx, c, optarg,
                                                       &im.opts, &lengths);
                        if (exit_code != CLI_EXIT_OK)
                                goto out;
                        break;
                }
        }
        if (c < 0)
                goto out;
        if (optind >= argc) {
                exit_code = cli_usage_fail(ctx, argv[0], import_usage,
                                           "what to import? give folders "
                                           "or files");
                goto out;
        }
        /* Check the options once here rather than fail every file. */
        rc = import_check_opts(&im.opts, &err);
        if (rc != 0) {
                exit_code = cli_fail(ctx, CLI_EXIT_USAGE, "%s",
                                     precis_error_msg(&err, rc));
                goto out;
        }

        /* Collect the files first: the progress bar needs the total. */
        for (i = (size_t) optind; i < (size_t) argc; i++) {
                char *real = realpath(argv[i], NULL);
                struct stat sb;

                if (real == NULL || stat(real, &sb) != 0) {
                        import_warn(&im, argv[i], strerror(errno));
                        im.failed++;
                        free(real);
                        continue;
                }
                if (S_ISDIR(sb.st_mode)) {
                        size_t cap = im.cap_roots;

                        if (PRECIS_GROW(im.root_fds, im.n_roots, cap, 4) !=
                                    0 ||
                            PRECIS_GROW(im.roots, im.n_roots, im.cap_roots,
                                        4) != 0) {
                                free(real);
                                rc = -ENOMEM;
                        } else {
                                /* Held for every file beneath it (-1:
                                 * opened per file). */
                                int fd = open(real, O_PATH | O_DIRECTORY |
                                                            O_CLOEXEC);

                                im.root_fds[im.n_roots] = fd;
                                im.roots[im.n_roots++] = real;
                                rc = import_walk(&im, &cfg, real, fd, real,
                                                 0);
                        }
                } else if (S_ISREG(sb.st_mode)) {
                        rc = import_add(&im, real, NULL, -1);
                } else {
                        import_warn(&im, argv[i],
                                    "not a regular file or directory");
                        im.failed++;
                        free(real);
                        rc = 0;
                }
                if (rc != 0) {
                        exit_code = cli_fail(ctx, CLI_EXIT_INTERNAL,
                                             "out of memory");
                        goto out;
                }
        }

        /* The store is opened below, once the workers run. */
        rc = cli_store_path(ctx, &db_path);
        if (rc != CLI_EXIT_OK) {
                exit_code = rc;
                goto out;
        }
        im.db_path = db_path;

        pthread_mutex_init(&im.lock, NULL);
        pthread_cond_init(&im.cond, NULL);
        pthread_cond_init(&im.ckpt_cond, NULL);
        if (jobs == 0) {
                long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

                jobs = ncpu < 1 ? 1 : ncpu > IMPORT_MAX_JOBS ? IMPORT_MAX_JOBS
                                                             : ncpu;
        }
        /* --jobs counts this thread: it prepares files too whenever it
         * has nothing to write, so N threads keep N cores busy with no
         * thread left waiting (one worker more, or a lower priority for
         * the workers, left the writer short of a core and alone with a
         * backlog at the end).  Fewer threads than asked, if the system
         * refuses some, only make the import slower. */
        for (i = 0; i + 1 < (size_t) jobs && i + 1 < im.n_jobs; i++) {
                if (pthread_create(&threads[n_threads], NULL, import_worker,
                                   &im) != 0)
                        break;
                n_threads++;
        }
        /* While the workers start on the first files, this thread opens
         * (or creates) the store, which used to delay every import by its
         * time.  A worker that finds no store yet skips its duplicate
         * check; the writer still finds duplicates.  libxml2 is loaded by
         * the first thread that meets an HTML page (precis_xml_load():
         * once, under pthread_once(), the others waiting), so that a
         * folder of text never loads it (2 to 5 ms of this thread's time
         * at the start, measured on bbc-dev). */
        rc = precis_store_open(db_path,
                               precis_store_is_url(db_path)
                                       ? 0 : PRECIS_STORE_MANUAL_CHECKPOINT,
                               &st, &err);
        if (rc != 0)
                exit_code = cli_store_fail(ctx, rc, &err);
        else if ((rc = cli_store_set_host(ctx, st)) != CLI_EXIT_OK)
                exit_code = rc;
        if (exit_code != CLI_EXIT_OK)
                goto out_join;
        /* The checkpointer's handle is opened here, before any write:
         * opening a store takes the write lock for a moment (the schema
         * check), which a writer committing back to back would hold off
         * for the whole import.  Without the thread, the writer copies
         * the log itself after each commit (import_commit_done()). */
        if (!precis_store_is_url(db_path) &&
            precis_store_open(db_path, PRECIS_STORE_NOCREATE, &im.ckpt_st,
                              NULL) == 0) {
                ckpt_started = pthread_create(&ckpt, NULL,
                                              import_checkpointer, &im) == 0;
                if (!ckpt_started)
                        im.ckpt_st = precis_store_close(im.ckpt_st);
        }

        tty = isatty(fileno(ctx->err)) == 1;
        im.tty = tty;
        for (i = 0; i < im.n_jobs; i = batch_end) {
                size_t bytes = 0;

                /* A batch is the next IMPORT_MIN_BATCH files and every
                 * one after them prepared by then, in order, up to
                 * IMPORT_BATCH files or about IMPORT_BATCH_BYTES (so a
                 * folder of large files does not hold hundreds of them in
                 * memory).  Waiting for a full batch kept the writer idle
                 * while the first one was prepared and the workers idle
                 * while the last one was written, a fifth of the wall
                 * time; taken as they come, batches grow by themselves
                 * whenever writing is the slower side. */
                pthread_mutex_lock(&im.lock);
                for (batch_end = i; batch_end < im.n_jobs &&
                                    batch_end - i < IMPORT_BATCH &&
                                    bytes < IMPORT_BATCH_BYTES;
                     batch_end++) {
                        /* Not ready: wait for it only to fill the
                         * minimum, and not when every file is taken (the
                         * writer would idle while the last ones are
                         * prepared, then write them all alone). */
                        if (!im.jobs[batch_end].done &&
                            (batch_end - i >= IMPORT_MIN_BATCH ||
                             (batch_end > i && im.next >= im.n_jobs)))
                                break;
                        im.want = batch_end;
                        pthread_cond_broadcast(&im.cond);
                        /* Waiting, the writer prepares files itself. */
                        while (!im.jobs[batch_end].done) {
                                if (import_may_take(&im))
                                        import_take(&im, st, im.next++);
                                else
                                        pthread_cond_wait(&im.cond, &im.lock);
                        }
                        bytes += (size_t) im.jobs[batch_end].in.rec.bytes;
                }
                /* The copy of the last commit's log may still run: the
                 * log starts over (and so stays short) only at a
                 * transaction that begins after it, so the writer
                 * prepares files meanwhile rather than begin. */
                while (im.log_bytes > IMPORT_LOG_SHORT &&
                       (im.ckpt_want || im.ckpt_busy) &&
                       import_may_take(&im))
                        import_take(&im, st, im.next++);
                /* Taken: the workers prepare the next batch while this
                 * one is written, so summarizing and SQLite overlap. */
                im.consumed = batch_end;
                im.want = batch_end;
                pthread_cond_broadcast(&im.cond);
                pthread_mutex_unlock(&im.lock);

                rc = import_commit(&im, st, i, batch_end);
                pthread_mutex_lock(&im.lock);
                im.held -= bytes;
                pthread_cond_broadcast(&im.cond);
                if (!precis_store_is_url(db_path))
                        import_commit_done(&im, st, ckpt_started);
                pthread_mutex_unlock(&im.lock);
                if (rc != 0) {
                        exit_code = rc == -ENOMEM ? CLI_EXIT_INTERNAL
                                                  : CLI_EXIT_STORE;
                        break;
                }
                if (tty) {
                        struct timespec now;

                        clock_gettime(CLOCK_MONOTONIC, &now);
                        if ((now.tv_sec - last.tv_sec) * 1000 +
                                    (now.tv_nsec - last.tv_nsec) / 1000000 >=
                            100) {
                                import_progress(&im, batch_end, false);
                                last = now;
                        }
                }
        }
        if (tty && im.n_jobs > 0)
                import_progress(&im, im.n_jobs, true);

out_join:
        pthread_mutex_lock(&im.lock);
        im.stop = true;
        im.ckpt_stop = true;
        pthread_cond_broadcast(&im.cond);
        pthread_cond_broadcast(&im.ckpt_cond);
        pthread_mutex_unlock(&im.lock);
        for (i = 0; i < n_threads; i++)
                pthread_join(threads[i], NULL);
        if (ckpt_started)
                pthread_join(ckpt, NULL);
        if (exit_code == CLI_EXIT_OK) {
                if (json) {
                        json_t *o = json_object();

                        json_object_set_new(o, "stored",
                                            json_integer(im.stored));
                        json_object_set_new(o, "duplicate",
                                            json_integer(im.duplicate));
                        json_object_set_new(o, "failed",
                                            json_integer(im.failed));
                        cli_json_print(ctx, o, 1);
                } else {
                        fprintf(ctx->out,
                                "stored %lld, duplicate %lld, failed %lld\n",
                                (long long) im.stored,
                                (long long) im.duplicate,
                                (long long) im.failed);
                }
                if (im.failed > 0)
                        exit_code = CLI_EXIT_USAGE;
        }
        pthread_cond_destroy(&im.ckpt_cond);
        pthread_cond_destroy(&im.cond);
        pthread_mutex_destroy(&im.lock);
out:
        for (i = 0; i < im.n_jobs; i++) {
                free(im.jobs[i].path);
                precis_ingest_done(&im.jobs[i].in);
        }
        free(im.jobs);
        for (i = 0; i < im.n_roots; i++) {
                free(im.roots[i]);
                if (im.root_fds[i] >= 0)
                        close(im.root_fds[i]);
        }
        free(im.roots);
        free(im.root_fds);
        free(db_path);
        precis_store_close(st);
        precis_config_done(&cfg);
        return exit_code;
}

const struct cli_command cli_cmd_import = {
        .name = "import",
        .usage = "[--sentences N|--words N|--ratio R] [--algorithm A] "
                 "[--lang L] [--json] DIR|FILE...",
        .help = "store files through the daemon's pipeline (idempotent)",
        .run = import_run,
};
