/* An LD_PRELOAD shim that records the order of store writes, store syncs
 * and files leaving the inbox, for tests/e2e/daemon-sync-order.sh.
 *
 * Environment (all absolute, resolved paths):
 *   SYNCORDER_LOG    file the events are appended to, one a line
 *   SYNCORDER_STORE  the store file; it, its -wal and -journal are watched
 *   SYNCORDER_INBOX  the inbox; a file leaves it by unlink or rename
 *
 * Lines: "WRITE <file>" when a store file gets its first write since its
 * last sync, "SYNC <file>" for an fsync/fdatasync of a store file or of a
 * folder, "LEAVE <path> [<to>]" for an unlink or rename out of the inbox,
 * "LINK <path> <to>" for a second name made for an inbox file, and
 * "VIOLATION <path> <file>" when a file leaves while a store file still
 * has writes that no sync has covered (the ordering bug this test exists
 * to catch), or while the folder of a second name made for it has not
 * been synced since (a move cut short would lose it).  The check is made here, at the moment of the call, so
 * that no reordering by the log can hide it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

enum { F_DB, F_WAL, F_JOURNAL, F_N };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int log_fd = -1;
static char store[F_N][PATH_MAX];
static char inbox[PATH_MAX];
static bool dirty[F_N];
/* Second names of inbox files whose folder is not synced yet. */
#define LINKS_MAX 4096
static struct {
        char *from, *dir;             /* owned */
} links[LINKS_MAX];
static int n_links;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_link)(const char *, const char *);
static int (*real_linkat)(int, const char *, int, const char *, int);
static int (*real_unlink)(const char *);
static int (*real_unlinkat)(int, const char *, int);
static int (*real_rename)(const char *, const char *);
static int (*real_renameat)(int, const char *, int, const char *);
static int (*real_renameat2)(int, const char *, int, const char *,
                             unsigned);

static void init(void)
{
        const char *l = getenv("SYNCORDER_LOG");
        const char *s = getenv("SYNCORDER_STORE");
        const char *i = getenv("SYNCORDER_INBOX");

        real_write = dlsym(RTLD_NEXT, "write");
        real_pwrite = dlsym(RTLD_NEXT, "pwrite");
        real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
        real_writev = dlsym(RTLD_NEXT, "writev");
        real_pwritev = dlsym(RTLD_NEXT, "pwritev");
        real_fsync = dlsym(RTLD_NEXT, "fsync");
        real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
        real_link = dlsym(RTLD_NEXT, "link");
        real_linkat = dlsym(RTLD_NEXT, "linkat");
        real_unlink = dlsym(RTLD_NEXT, "unlink");
        real_unlinkat = dlsym(RTLD_NEXT, "unlinkat");
        real_rename = dlsym(RTLD_NEXT, "rename");
        real_renameat = dlsym(RTLD_NEXT, "renameat");
        real_renameat2 = dlsym(RTLD_NEXT, "renameat2");
        if (l == NULL || s == NULL || i == NULL)
                return;
        snprintf(store[F_DB], PATH_MAX, "%s", s);
        snprintf(store[F_WAL], PATH_MAX, "%s-wal", s);
        snprintf(store[F_JOURNAL], PATH_MAX, "%s-journal", s);
        snprintf(inbox, sizeof(inbox), "%s/", i);
        log_fd = open(l, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

static void start(void)
{
        pthread_once(&once, init);
}

/* Append one line (lock held). */
static void emit(const char *fmt, ...)
{
        char line[3 * PATH_MAX];
        va_list ap;
        int n;

        if (log_fd < 0)
                return;
        va_start(ap, fmt);
        n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
        va_end(ap);
        if (n < 0)
                return;
        if ((size_t) n > sizeof(line) - 2)
                n = (int) sizeof(line) - 2;
        line[n++] = '\n';
        (void) real_write(log_fd, line, (size_t) n);
}

static bool fd_path(int fd, char *buf)
{
        char link[64];
        ssize_t n;

        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        n = readlink(link, buf, PATH_MAX - 1);
        if (n < 0)
                return false;
        buf[n] = '\0';
        return true;
}

/* Which store file @fd is, or -1. */
static int store_file(int fd, char *path)
{
        int k;

        if (log_fd < 0 || fd == log_fd || !fd_path(fd, path))
                return -1;
        for (k = 0; k < F_N; k++)
                if (strcmp(path, store[k]) == 0)
                        return k;
        return -1;
}

static void wrote(int fd, ssize_t rc)
{
        char path[PATH_MAX];
        int k;

        if (rc <= 0)
                return;
        k = store_file(fd, path);
        if (k < 0)
                return;
        pthread_mutex_lock(&lock);
        if (!dirty[k])
                emit("WRITE %s", path);
        dirty[k] = true;
        pthread_mutex_unlock(&lock);
}

static void synced(int fd, int rc)
{
        char path[PATH_MAX];
        struct stat st;
        int k;

        if (rc != 0 || log_fd < 0)
                return;
        k = store_file(fd, path);
        if (k < 0 && (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode) ||
                      !fd_path(fd, path)))
                return;
        pthread_mutex_lock(&lock);
        if (k >= 0) {
                dirty[k] = false;
        } else {
                int i;

                for (i = 0; i < n_links; i++) {
                        if (strcmp(links[i].dir, path) != 0)
                                continue;
                        free(links[i].from);
                        free(links[i].dir);
                        links[i--] = links[--n_links];
                }
        }
        emit("SYNC %s", path);
        pthread_mutex_unlock(&lock);
}

/* @dirfd/@path made absolute into @buf. */
static const char *absolute(int dirfd, const char *path, char *buf)
{
        char dir[PATH_MAX];

        if (path[0] == '/')
                return path;
        if (dirfd == AT_FDCWD) {
                if (getcwd(dir, sizeof(dir)) == NULL)
                        return path;
        } else if (!fd_path(dirfd, dir)) {
                return path;
        }
        if ((size_t) snprintf(buf, PATH_MAX, "%s/%s", dir, path) >= PATH_MAX)
                return path;
        return buf;
}

/* Called before the call that may take @path out of the inbox; the lock
 * is held across it so that no sync can slip in between the check and
 * the call. */
static bool leave_begin(int dirfd, const char *path)
{
        char buf[PATH_MAX];
        const char *p;
        int k;

        start();
        if (log_fd < 0)
                return false;
        p = absolute(dirfd, path, buf);
        if (strncmp(p, inbox, strlen(inbox)) != 0)
                return false;
        pthread_mutex_lock(&lock);
        for (k = 0; k < F_N; k++)
                if (dirty[k])
                        emit("VIOLATION %s %s", p, store[k]);
        for (k = 0; k < n_links; k++)
                if (strcmp(links[k].from, p) == 0)
                        emit("VIOLATION %s %s", p, links[k].dir);
        return true;
}

static void leave_end(bool held, int rc, int dirfd, const char *path,
                      int todirfd, const char *to)
{
        char buf[PATH_MAX], tobuf[PATH_MAX];
        int e = errno;

        if (!held)
                return;
        if (rc == 0)
                emit("LEAVE %s %s", absolute(dirfd, path, buf),
                     to != NULL ? absolute(todirfd, to, tobuf) : "-");
        pthread_mutex_unlock(&lock);
        errno = e;
}

/* A second name @to for @from: remember it while its folder is not
 * synced, if @from is in the inbox. */
static void linked(int fromfd, const char *from, int tofd, const char *to)
{
        char buf[PATH_MAX], tobuf[PATH_MAX];
        const char *p, *t;
        char *slash;

        if (log_fd < 0)
                return;
        p = absolute(fromfd, from, buf);
        if (strncmp(p, inbox, strlen(inbox)) != 0)
                return;
        t = absolute(tofd, to, tobuf);
        pthread_mutex_lock(&lock);
        emit("LINK %s %s", p, t);
        if (n_links < LINKS_MAX) {
                links[n_links].from = strdup(p);
                links[n_links].dir = strdup(t);
                if (links[n_links].from != NULL &&
                    links[n_links].dir != NULL &&
                    (slash = strrchr(links[n_links].dir, '/')) != NULL) {
                        *slash = '\0';
                        n_links++;
                } else {
                        free(links[n_links].from);
                        free(links[n_links].dir);
                }
        }
        pthread_mutex_unlock(&lock);
}

int link(const char *from, const char *to)
{
        int rc;

        start();
        rc = real_link(from, to);
        if (rc == 0)
                linked(AT_FDCWD, from, AT_FDCWD, to);
        return rc;
}

int linkat(int fd, const char *from, int tofd, const char *to, int flags)
{
        int rc;

        start();
        rc = real_linkat(fd, from, tofd, to, flags);
        if (rc == 0)
                linked(fd, from, tofd, to);
        return rc;
}

ssize_t write(int fd, const void *b, size_t n)
{
        ssize_t rc;

        start();
        rc = real_write(fd, b, n);
        wrote(fd, rc);
        return rc;
}

ssize_t pwrite(int fd, const void *b, size_t n, off_t off)
{
        ssize_t rc;

        start();
        rc = real_pwrite(fd, b, n, off);
        wrote(fd, rc);
        return rc;
}

ssize_t pwrite64(int fd, const void *b, size_t n, off_t off)
{
        ssize_t rc;

        start();
        rc = real_pwrite64(fd, b, n, off);
        wrote(fd, rc);
        return rc;
}

ssize_t writev(int fd, const struct iovec *v, int n)
{
        ssize_t rc;

        start();
        rc = real_writev(fd, v, n);
        wrote(fd, rc);
        return rc;
}

ssize_t pwritev(int fd, const struct iovec *v, int n, off_t off)
{
        ssize_t rc;

        start();
        rc = real_pwritev(fd, v, n, off);
        wrote(fd, rc);
        return rc;
}

int fsync(int fd)
{
        int rc;

        start();
        rc = real_fsync(fd);
        synced(fd, rc);
        return rc;
}

int fdatasync(int fd)
{
        int rc;

        start();
        rc = real_fdatasync(fd);
        synced(fd, rc);
        return rc;
}

int unlink(const char *path)
{
        bool held = leave_begin(AT_FDCWD, path);
        int rc = real_unlink(path);

        leave_end(held, rc, AT_FDCWD, path, AT_FDCWD, NULL);
        return rc;
}

int unlinkat(int dirfd, const char *path, int flags)
{
        bool held = leave_begin(dirfd, path);
        int rc = real_unlinkat(dirfd, path, flags);

        leave_end(held, rc, dirfd, path, AT_FDCWD, NULL);
        return rc;
}

int rename(const char *from, const char *to)
{
        bool held = leave_begin(AT_FDCWD, from);
        int rc = real_rename(from, to);

        leave_end(held, rc, AT_FDCWD, from, AT_FDCWD, to);
        return rc;
}

int renameat(int fd, const char *from, int tofd, const char *to)
{
        bool held = leave_begin(fd, from);
        int rc = real_renameat(fd, from, tofd, to);

        leave_end(held, rc, fd, from, tofd, to);
        return rc;
}

int renameat2(int fd, const char *from, int tofd, const char *to,
              unsigned flags)
{
        bool held = leave_begin(fd, from);
        int rc = real_renameat2(fd, from, tofd, to, flags);

        leave_end(held, rc, fd, from, tofd, to);
        return rc;
}
