#define _GNU_SOURCE /* F_SETLEASE */
#include <precis/ingest.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/openat2.h>

#include <precis/doc.h>
#include <precis/extract.h>
#include <precis/json.h>

void precis_ingest_opts_init(struct precis_ingest_opts *o)
{
        memset(o, 0, sizeof(*o));
        o->root_fd = -1;
        o->want_size = -1;
        o->want_mtime_ns = -1;
}

void precis_ingest_done(struct precis_ingest *in)
{
        if (in == NULL)
                return;
        precis_record_done(&in->rec);
        memset(in, 0, sizeof(*in));
}

/* The last options this thread turned into JSON, and the text.  Every
 * file of an import or of a daemon's run has the same options, and
 * building the text through jansson cost 20,000 instructions a file
 * (1% of an import).  Fixed buffers: no heap memory outlives a thread. */
struct opts_json_memo {
        bool ok;                     /* the rest is set */
        bool has_algorithm, has_language; /* not NULL */
        char algorithm[64], language[64];
        enum precis_length_unit unit;
        double length;
        unsigned keywords;
        char json[256];
};

static __thread struct opts_json_memo opts_json_memo;

static bool opts_json_same_text(bool has, const char *memo, const char *s)
{
        return s != NULL ? has && strcmp(memo, s) == 0 : !has;
}

/* Whether @m holds the JSON of @o. */
static bool opts_json_memo_hit(const struct opts_json_memo *m,
                               const struct precis_summary_opts *o)
{
        return m->ok &&
               opts_json_same_text(m->has_algorithm, m->algorithm,
                                   o->algorithm) &&
               opts_json_same_text(m->has_language, m->language,
                                   o->language) &&
               m->unit == o->unit &&
               memcmp(&m->length, &o->length, sizeof(o->length)) == 0 &&
               m->keywords == o->keywords;
}

/* Remember @json as @o's, when everything fits the buffers. */
static void opts_json_memo_keep(struct opts_json_memo *m,
                                const struct precis_summary_opts *o,
                                const char *json)
{
        m->ok = false;
        if ((o->algorithm != NULL &&
             strlen(o->algorithm) >= sizeof(m->algorithm)) ||
            (o->language != NULL &&
             strlen(o->language) >= sizeof(m->language)) ||
            strlen(json) >= sizeof(m->json))
                return;
        m->has_algorithm = o->algorithm != NULL;
        m->has_language = o->language != NULL;
        strcpy(m->algorithm, o->algorithm != NULL ? o->algorithm : "");
        strcpy(m->language, o->language != NULL ? o->language : "");
        m->unit = o->unit;
        m->length = o->length;
        m->keywords = o->keywords;
        strcpy(m->json, json);
        m->ok = true;
}

char *precis_summary_opts_json(const struct precis_summary_opts *o)
{
        static const char *const units[] = { "sentences", "words", "ratio" };
        struct precis_summary_opts def;
        json_t *obj;
        char *s = NULL;

        if (o == NULL) {
                precis_summary_opts_init(&def);
                o = &def;
        }
        if (opts_json_memo_hit(&opts_json_memo, o))
                return strdup(opts_json_memo.json);
        obj = json_object();
        if (obj == NULL)
                return NULL;
        /* json_object_set_new() takes the value and fails on NULL. */
        if (json_object_set_new(obj, "algorithm",
                                precis_json_text(o->algorithm != NULL
                                                         ? o->algorithm
                                                         : "default")) ||
            json_object_set_new(obj, "language",
                                precis_json_text(o->language != NULL
                                                         ? o->language
                                                         : "auto")) ||
            json_object_set_new(obj, "unit",
                                json_string((unsigned) o->unit < 3
                                                    ? units[o->unit]
                                                    : "sentences")) ||
            json_object_set_new(obj, "length", json_real(o->length)) ||
            json_object_set_new(obj, "keywords",
                                json_integer((json_int_t) o->keywords)))
                goto out;
        /* Compact and in insertion order: equal options give equal text. */
        s = precis_json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s != NULL)
                opts_json_memo_keep(&opts_json_memo, o, s);
out:
        json_decref(obj);
        return s;
}

static char *ingest_strdup(const char *s, bool *oom)
{
        char *c;

        if (s == NULL)
                return NULL;
        c = strdup(s);
        if (c == NULL)
                *oom = true;
        return c;
}

/* Copy what the store keeps of @d into @r: the pipeline's structures are
 * freed right after, on the same thread. */
static int ingest_flatten(struct precis_record *r, const struct precis_doc *d,
                          const struct precis_summary_opts *o)
{
        const struct precis_summary *sum = &d->summary;
        bool oom = false;
        size_t i;

        r->title = ingest_strdup(d->text.title, &oom);
        r->language = ingest_strdup(sum->language[0] != '\0' ? sum->language
                                                              : "unknown",
                                    &oom);
        r->format = ingest_strdup(precis_format_name(d->text.format), &oom);
        r->algorithm = ingest_strdup(sum->algorithm != NULL ? sum->algorithm
                                                            : "default",
                                     &oom);
        r->algorithm_version = sum->algorithm_version;
        r->options = precis_summary_opts_json(o);
        r->body = precis_doc_body_text(d);
        if (r->options == NULL || r->body == NULL)
                oom = true;
        r->words = (int64_t) d->words;
        r->sentences = (int64_t) d->sents.n;
        if (sum->n_picks > 0) {
                r->summary = calloc(sum->n_picks, sizeof(*r->summary));
                if (r->summary == NULL)
                        return -ENOMEM;
                r->n_summary = sum->n_picks;
        }
        for (i = 0; i < r->n_summary; i++) {
                r->summary[i].index = (int64_t) sum->picks[i].index;
                r->summary[i].score = sum->picks[i].score;
                r->summary[i].text = ingest_strdup(
                        sum->picks[i].text != NULL ? sum->picks[i].text : "",
                        &oom);
        }
        if (sum->n_keywords > 0) {
                r->keywords = calloc(sum->n_keywords, sizeof(*r->keywords));
                if (r->keywords == NULL)
                        return -ENOMEM;
                r->n_keywords = sum->n_keywords;
        }
        for (i = 0; i < r->n_keywords; i++) {
                r->keywords[i].term = ingest_strdup(sum->keywords[i].term,
                                                    &oom);
                r->keywords[i].weight = sum->keywords[i].weight;
        }
        return oom ? -ENOMEM : 0;
}

int precis_record_build(const char *data, size_t len,
                        const struct precis_summary_opts *o,
                        struct precis_record *r, struct precis_error *err)
{
        struct precis_doc d;
        int rc;

        memset(r, 0, sizeof(*r));
        rc = precis_doc_build(data, len, o, &d, err);
        memcpy(r->hash, d.hash_hex, sizeof(r->hash));
        r->bytes = (int64_t) len;
        r->src.size = -1;
        r->src.mtime_ns = -1;
        if (rc == 0) {
                rc = ingest_flatten(r, &d, o);
                if (rc != 0)
                        precis_error_set(err, rc, NULL);
        }
        precis_doc_done(&d);
        return rc;
}

/* ---- prepare ---- */

static int64_t ingest_mtime_ns(const struct stat *st)
{
        return (int64_t) st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static const char *ingest_type_name(mode_t m)
{
        if (S_ISFIFO(m))
                return "a FIFO";
        if (S_ISSOCK(m))
                return "a socket";
        if (S_ISCHR(m) || S_ISBLK(m))
                return "a device";
        if (S_ISDIR(m))
                return "a directory";
        return "not a regular file";
}

static void ingest_fail(struct precis_ingest *in, int rc)
{
        in->kind = PRECIS_INGEST_FAILED;
        in->rc = rc;
        if (in->err.code == 0)
                precis_error_set(&in->err, rc, "%s", precis_strerror(rc));
}

/* @path (absolute) beneath @root, as a relative path, or NULL. */
static const char *ingest_beneath(const char *root, const char *path)
{
        size_t n;

        if (root == NULL)
                return NULL;
        n = strlen(root);
        if (n > 0 && root[n - 1] == '/')
                n--;
        if (strncmp(path, root, n) != 0 || path[n] != '/' ||
            path[n + 1] == '\0')
                return NULL;
        return path + n + 1;
}

/* Decide what @path is and where to read it.  Returns 0 with *ret_real
 * set (owned, or NULL to read @path itself) and @st filled, or 1 when
 * in->kind already says the outcome. */
static int ingest_resolve(struct precis_ingest *in, const char *path,
                          const struct precis_ingest_opts *o, struct stat *st,
                          char **ret_real)
{
        char *real;

        *ret_real = NULL;
        if (lstat(path, st) != 0) {
                if (errno == ENOENT || errno == ENOTDIR) {
                        in->kind = PRECIS_INGEST_VANISHED;
                } else {
                        precis_error_set(&in->err, -errno, "cannot stat: %s",
                                         strerror(errno));
                        ingest_fail(in, -errno);
                }
                return 1;
        }
        in->rec.src.size = st->st_size;
        in->rec.src.mtime_ns = ingest_mtime_ns(st);
        if (S_ISREG(st->st_mode))
                return 0;
        in->kind = PRECIS_INGEST_SKIPPED;
        if (!S_ISLNK(st->st_mode)) {
                /* FIFOs, sockets and devices are never opened: opening a
                 * FIFO alone can block a thread for ever. */
                precis_error_set(&in->err, PRECIS_E_FORMAT, "%s",
                                 ingest_type_name(st->st_mode));
                return 1;
        }
        if (!o->follow_symlinks) {
                precis_error_set(&in->err, PRECIS_E_FORMAT,
                                 "a symbolic link (follow_symlinks is off)");
                return 1;
        }
        real = realpath(path, NULL);
        if (real == NULL) {
                precis_error_set(&in->err, -errno,
                                 "a symbolic link that cannot be resolved "
                                 "(%s)", strerror(errno));
                return 1;
        }
        if (o->root != NULL && ingest_beneath(o->root, real) == NULL) {
                precis_error_set(&in->err, PRECIS_E_FORMAT,
                                 "a symbolic link to outside the inbox");
                free(real);
                return 1;
        }
        if (stat(real, st) != 0 || !S_ISREG(st->st_mode)) {
                precis_error_set(&in->err, PRECIS_E_FORMAT,
                                 "a symbolic link to something other than "
                                 "a regular file");
                free(real);
                return 1;
        }
        *ret_real = real;
        return 0;
}

/* Open @path for reading without ever leaving @o->root, and only if it is
 * still the file @checked described.  @path is the file's path, or for a
 * followed symlink its realpath(), so it holds no symlink any more.
 * Between ingest_resolve()'s lstat() and the open, anyone who may write to
 * the inbox can swap the file, or a folder on its path, for a symlink to a
 * file outside; opening by name would then read that file.  openat2()
 * resolves beneath the root with no symlinks at all (RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS), and the device and inode of what was opened must
 * match @checked.  Without openat2() (Linux < 5.6), and for files given
 * outside any root, O_NOFOLLOW guards the last component and the inode
 * check the rest.  Returns an fd, or -1 with in->kind set (UNSTABLE when
 * the file changed under us; FAILED with the reason otherwise). */
static int ingest_open(struct precis_ingest *in, const char *path,
                       const struct precis_ingest_opts *o,
                       const struct stat *checked)
{
        int flags = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;
        const char *rel = ingest_beneath(o->root, path);
        struct stat st;
        int fd = -1, dfd, e = ENOSYS;

        if (rel != NULL) {
                struct open_how how = {
                        .flags = (unsigned) flags,
                        .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
                };

                dfd = o->root_fd >= 0
                              ? o->root_fd
                              : open(o->root,
                                     O_PATH | O_DIRECTORY | O_CLOEXEC);
                if (dfd >= 0) {
                        fd = (int) syscall(SYS_openat2, dfd, rel, &how,
                                           sizeof(how));
                        e = fd < 0 ? errno : 0;
                        if (dfd != o->root_fd)
                                close(dfd);
                } else {
                        e = errno;
                }
        }
        if (fd < 0 && e == ENOSYS) {
                fd = open(path, flags | O_NOFOLLOW);
                e = fd < 0 ? errno : 0;
        }
        if (fd < 0) {
                if (e == EACCES || e == EPERM || e == EMFILE ||
                    e == ENFILE || e == ENOMEM) {
                        precis_error_set(&in->err, -e, "cannot open: %s",
                                         strerror(e));
                        ingest_fail(in, -e);
                } else {
                        /* ENOENT, ELOOP (now a symlink), EXDEV (leads out
                         * of the root)...: not what was checked. */
                        in->kind = PRECIS_INGEST_UNSTABLE;
                }
                return -1;
        }
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
            st.st_dev != checked->st_dev || st.st_ino != checked->st_ino) {
                close(fd);
                in->kind = PRECIS_INGEST_UNSTABLE;
                return -1;
        }
        return fd;
}

/* Whether some process has @fd's file open for writing.  A read lease
 * (F_SETLEASE F_RDLCK) is refused with EAGAIN exactly then; it is let go
 * at once (no F_SETOWN, so a writer opening meanwhile breaks it without a
 * signal to us).  precisd's events tell this for files whose open the
 * watch saw; a file found by a scan or given to `precis import` while its
 * writer pauses with it open is caught only here.  Leases need the file's
 * owner or CAP_LEASE: for anyone else's file (EACCES), size and mtime
 * decide alone. */
static bool ingest_has_writer(int fd)
{
        if (fcntl(fd, F_SETLEASE, F_RDLCK) == 0) {
                (void) fcntl(fd, F_SETLEASE, F_UNLCK);
                return false;
        }
        return errno == EAGAIN;
}

static int64_t ingest_now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read, hash and build from the checked file @rpath (@st as checked). */
static void ingest_read_build(struct precis_ingest *in, const char *rpath,
                              const struct stat *st,
                              const struct precis_ingest_opts *o,
                              struct precis_store *reader)
{
        struct precis_source src;
        unsigned char raw[PRECIS_HASH_BYTES];
        struct stat st2;
        char *data = NULL;
        size_t len = 0;
        int rc, fd;

        fd = ingest_open(in, rpath, o, st);
        if (fd < 0)
                return;
        if (ingest_has_writer(fd)) {
                close(fd);
                in->kind = PRECIS_INGEST_UNSTABLE;
                in->writer_open = true;
                return;
        }
        rc = precis_fd_read(fd, o->max_bytes, &data, &len, &in->err);
        close(fd);
        if (rc == -ENOENT) {
                in->kind = PRECIS_INGEST_VANISHED;
                return;
        }
        if (rc == PRECIS_E_FORMAT) {
                in->kind = PRECIS_INGEST_SKIPPED;
                return;
        }
        if (rc < 0) {
                if (rc == PRECIS_E_TOOBIG)
                        precis_error_set(&in->err, rc,
                                         "larger than max_bytes (%llu)",
                                         (unsigned long long) o->max_bytes);
                ingest_fail(in, rc);
                return;
        }
        /* A writer that slipped in between the stat and the read (or
         * during it) makes these bytes a snapshot of nothing: look again
         * later. */
        if (stat(rpath, &st2) != 0 || st2.st_size != st->st_size ||
            ingest_mtime_ns(&st2) != in->rec.src.mtime_ns ||
            (int64_t) len != in->rec.src.size) {
                in->kind = PRECIS_INGEST_UNSTABLE;
                if (stat(rpath, &st2) == 0) {
                        in->rec.src.size = st2.st_size;
                        in->rec.src.mtime_ns = ingest_mtime_ns(&st2);
                }
                goto out;
        }
        precis_hash(data, len, raw, in->rec.hash);
        if (reader != NULL &&
            precis_store_has_hash(reader, in->rec.hash, &in->known_id,
                                  NULL) == 1) {
                in->kind = PRECIS_INGEST_KNOWN;
                goto out;
        }
        /* precis_record_build() fills the whole record: keep the source. */
        src = in->rec.src;
        memset(&in->rec.src, 0, sizeof(in->rec.src));
        precis_record_done(&in->rec);
        rc = precis_record_build(data, len, o->sum, &in->rec, &in->err);
        in->rec.src = src;
        if (rc < 0) {
                ingest_fail(in, rc);
                goto out;
        }
        in->kind = PRECIS_INGEST_BUILT;
out:
        free(data);
}

int precis_ingest_prepare(struct precis_ingest *in, const char *path,
                          int64_t seen_ms, const struct precis_ingest_opts *o,
                          struct precis_store *reader)
{
        struct precis_ingest_opts def;
        char *real = NULL;
        struct stat st;

        if (o == NULL) {
                precis_ingest_opts_init(&def);
                o = &def;
        }
        in->rec.src.size = -1;
        in->rec.src.mtime_ns = -1;
        in->rec.src.seen_ms = seen_ms > 0 ? seen_ms : ingest_now_ms();
        in->rec.src.path = strdup(path);
        if (in->rec.src.path == NULL) {
                precis_error_set(&in->err, -ENOMEM, NULL);
                ingest_fail(in, -ENOMEM);
                return -ENOMEM;
        }
        if (ingest_resolve(in, path, o, &st, &real) != 0)
                return 0;
        /* For a followed symlink, what counts is the file it leads to. */
        in->rec.src.size = st.st_size;
        in->rec.src.mtime_ns = ingest_mtime_ns(&st);
        in->rec.src.inode = (int64_t) st.st_ino;
        if ((o->want_size >= 0 && in->rec.src.size != o->want_size) ||
            (o->want_mtime_ns >= 0 &&
             in->rec.src.mtime_ns != o->want_mtime_ns)) {
                in->kind = PRECIS_INGEST_UNSTABLE;
                goto out;
        }
        if (reader != NULL && !o->retry &&
            precis_store_failure_unchanged(reader, path, in->rec.src.size,
                                           in->rec.src.mtime_ns, NULL) == 1) {
                in->kind = PRECIS_INGEST_UNCHANGED;
                goto out;
        }
        ingest_read_build(in, real != NULL ? real : path, &st, o, reader);
out:
        free(real);
        return 0;
}

/* ---- commit ---- */

/* Errors that say the store itself is unwell (commit the same item again
 * later), as opposed to one document it cannot take (record a failure). */
static bool ingest_store_error(int rc)
{
        return rc == -EBUSY || rc == -ENOMEM || rc == -ENOSPC || rc == -EIO ||
               rc == -EROFS || rc == -EDQUOT || rc == -ENOENT ||
               rc == -ENOTCONN || /* a store server that went away */
               rc == -EACCES || rc == -ESTALE || rc == PRECIS_E_SQLITE ||
               rc == PRECIS_E_CORRUPT || rc == PRECIS_E_SCHEMA;
}

/* Write one item inside the open transaction. */
static int ingest_put(struct precis_store *st, struct precis_ingest *in,
                      struct precis_error *err)
{
        struct precis_put_result res;
        int rc;

        in->out = PRECIS_INGEST_NONE;
        in->requeue = false;
        switch (in->kind) {
        case PRECIS_INGEST_BUILT:
                rc = precis_store_put(st, &in->rec, &res, err);
                if (rc < 0)
                        return rc;
                if (res.outcome == PRECIS_PUT_NEW)
                        in->out = PRECIS_INGEST_NEW;
                else
                        in->out = res.new_path ? PRECIS_INGEST_DUP_PATH
                                               : PRECIS_INGEST_DUP_SAME;
                return 0;
        case PRECIS_INGEST_KNOWN:
                rc = precis_store_add_path(st, in->known_id, &in->rec.src,
                                           err);
                if (rc == PRECIS_E_NOTFOUND) {
                        /* Forgotten since prepare looked: build it. */
                        in->requeue = true;
                        return 0;
                }
                if (rc < 0)
                        return rc;
                in->out = rc == 1 ? PRECIS_INGEST_DUP_PATH
                                  : PRECIS_INGEST_DUP_SAME;
                return 0;
        case PRECIS_INGEST_FAILED:
                rc = precis_store_put_failure(
                        st, in->rec.src.path,
                        in->rec.hash[0] != '\0' ? in->rec.hash : NULL,
                        precis_error_msg(&in->err, in->rc), in->rec.src.size,
                        in->rec.src.mtime_ns, err);
                if (rc < 0)
                        return rc;
                in->out = PRECIS_INGEST_FAILURE;
                return 0;
        default:
                return 0;
        }
}

/* Write @in in a transaction of its own; a document the store refuses
 * becomes a recorded failure.  0, or the store's error (out = ERROR). */
static int ingest_put_alone(struct precis_store *st, struct precis_ingest *in,
                            struct precis_error *err)
{
        struct precis_error e = { 0 };
        int rc;

        rc = precis_store_begin(st, &e);
        if (rc == 0)
                rc = ingest_put(st, in, &e);
        if (rc == 0)
                rc = precis_store_commit(st, &e);
        if (rc == 0)
                return 0;
        precis_store_rollback(st);
        if (!ingest_store_error(rc) && in->kind != PRECIS_INGEST_FAILED) {
                /* This document cannot be stored: say so in the store, as
                 * for any other failure. */
                in->kind = PRECIS_INGEST_FAILED;
                in->rc = rc;
                in->err = e;
                memset(&e, 0, sizeof(e));
                rc = ingest_put(st, in, &e);
                if (rc == 0)
                        return 0;
        }
        in->out = PRECIS_INGEST_ERROR;
        in->store_rc = rc;
        if (err != NULL)
                *err = e;
        return rc;
}

int precis_ingest_commit(struct precis_store *st,
                         struct precis_ingest *const *v, size_t n,
                         struct precis_error *err)
{
        bool down = false;
        size_t i;
        int rc, last = 0;

        rc = precis_store_begin(st, err);
        for (i = 0; rc == 0 && i < n; i++)
                rc = ingest_put(st, v[i], err);
        if (rc == 0)
                rc = precis_store_commit(st, err);
        if (rc == 0)
                return 0;
        precis_store_rollback(st);
        /* Find out which items the store refuses: each on its own now.
         * An item rolled back with the batch keeps no outcome.  Once the
         * store itself fails (busy past its timeout, full, read-only),
         * the rest would only fail the same way, each after waiting: they
         * are kept for later at once. */
        for (i = 0; i < n; i++) {
                if (down) {
                        v[i]->out = PRECIS_INGEST_ERROR;
                        v[i]->store_rc = last;
                        continue;
                }
                rc = ingest_put_alone(st, v[i], err);
                if (rc != 0) {
                        last = rc;
                        down = ingest_store_error(rc);
                }
        }
        return last;
}
