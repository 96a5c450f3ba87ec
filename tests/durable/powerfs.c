/* powerfs: an in-memory FUSE filesystem that loses, on a power cut,
 * everything that was not synced, as LazyFS does for database testing.
 *
 *   powerfs [-p SEED] [-c N] IMAGE MOUNTPOINT
 *
 * Every file keeps two copies of its bytes: what processes see, and what
 * was there at its last fsync()/fdatasync() (the "disk").  Every folder
 * keeps two copies of its names the same way: a create, rename, link or
 * unlink is on the disk only once the folder holding the name is synced
 * (a new folder also needs its parent synced).  A file whose name reached
 * the disk but whose bytes never did comes back empty.
 *
 * The power is cut by ending the process (SIGTERM, SIGINT or SIGHUP: the
 * mount goes away as a machine's would): it writes only the disk copy,
 * the names reachable from the root through synced folder entries, into
 * IMAGE.  The next run loads IMAGE, so the filesystem comes back with
 * exactly what was synced.  A missing IMAGE is an empty filesystem.
 *
 * With -p SEED the cut is harsher, as a real disk's can be: each file
 * with unsynced writes, and each folder with unsynced name changes, keeps
 * either its synced state or its latest one, chosen at random (seeded),
 * so that a rename or unlink may survive while the data written before
 * it is lost (ext4 commits metadata on its own schedule, for one).
 *
 * With -c N the power is cut at an exact point: SIGUSR1 arms a count of
 * the operations that order things (create, mkdir, rename, link, unlink,
 * rmdir, fsync; not each write), and right after the Nth the disk state is
 * written to IMAGE and frozen; IMAGE.cut then exists.  The filesystem
 * keeps serving (the processes on it are to be killed), but nothing after
 * that point reaches IMAGE.
 *
 * Simplifications, none of which the test relies on: one thread, no
 * symlinks, no extended attributes, no locks (the kernel keeps POSIX
 * locks for the mount itself), and a file with several synced names comes
 * back as several files. */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct node;

struct entry {
        char *name;          /* owned */
        struct node *node;   /* borrowed; nodes live until exit */
};

struct entries {
        struct entry *v;     /* owned */
        size_t n, cap;
};

struct node {
        uint64_t ino;
        bool dir;
        mode_t mode;         /* permission bits */
        uid_t uid;
        gid_t gid;
        nlink_t nlink;       /* names it has now */
        struct timespec mtime, ctime, atime;
        /* Files. */
        char *data;          /* owned; what processes see */
        size_t size, cap;
        char *ddata;         /* owned; on the disk since the last sync */
        size_t dsize;
        struct timespec dmtime;
        /* Folders. */
        struct entries now;  /* names now */
        struct entries disk; /* names on the disk */
        bool dirty;          /* changed since the last sync */
        struct node *all;    /* next in the list of every node */
};

static struct node *root;
static uint64_t next_ino = 1;
static const char *image_path;
static struct node *all_nodes;
static bool mounted;
static long cut_after = -1;              /* -c N */
static volatile sig_atomic_t armed;      /* SIGUSR1 seen */
static long ops;                         /* counted since armed */
static bool frozen;                      /* IMAGE written at the cut */
static long persist_seed = -1;           /* -p SEED */

static void *xrealloc(void *p, size_t n)
{
        void *q = realloc(p, n ? n : 1);

        if (q == NULL) {
                perror("powerfs");
                abort();
        }
        return q;
}

static struct node *node_new(bool dir, mode_t mode)
{
        struct node *n = xrealloc(NULL, sizeof(*n));
        struct timespec now;

        memset(n, 0, sizeof(*n));
        clock_gettime(CLOCK_REALTIME, &now);
        n->ino = next_ino++;
        n->dir = dir;
        n->mode = mode & 07777;
        n->mtime = n->ctime = n->atime = n->dmtime = now;
        n->all = all_nodes;
        all_nodes = n;
        return n;
}

static struct entry *ents_find(struct entries *e, const char *name)
{
        size_t i;

        for (i = 0; i < e->n; i++)
                if (strcmp(e->v[i].name, name) == 0)
                        return &e->v[i];
        return NULL;
}

static void ents_add(struct entries *e, const char *name, struct node *n)
{
        if (e->n == e->cap) {
                e->cap = e->cap ? 2 * e->cap : 8;
                e->v = xrealloc(e->v, e->cap * sizeof(*e->v));
        }
        e->v[e->n].name = strdup(name);
        if (e->v[e->n].name == NULL)
                abort();
        e->v[e->n].node = n;
        e->n++;
}

static void ents_del(struct entries *e, const char *name)
{
        struct entry *x = ents_find(e, name);

        if (x == NULL)
                return;
        free(x->name);
        *x = e->v[--e->n];
}

/* Copy @from over @to (the names, not the nodes). */
static void ents_copy(struct entries *to, const struct entries *from)
{
        size_t i;

        for (i = 0; i < to->n; i++)
                free(to->v[i].name);
        to->n = 0;
        for (i = 0; i < from->n; i++)
                ents_add(to, from->v[i].name, from->v[i].node);
}

/* The node at @path now, or NULL. */
static struct node *resolve(const char *path)
{
        char buf[PATH_MAX], *save = NULL, *part;
        struct node *n = root;

        if (strlen(path) >= sizeof(buf))
                return NULL;
        strcpy(buf, path);
        for (part = strtok_r(buf, "/", &save); part != NULL;
             part = strtok_r(NULL, "/", &save)) {
                struct entry *e;

                if (!n->dir)
                        return NULL;
                e = ents_find(&n->now, part);
                if (e == NULL)
                        return NULL;
                n = e->node;
        }
        return n;
}

/* The folder holding @path, and in *ret_name its last part. */
static struct node *parent_of(const char *path, const char **ret_name)
{
        char buf[PATH_MAX];
        const char *slash = strrchr(path, '/');
        struct node *p;

        if (slash == NULL || (size_t) (slash - path) >= sizeof(buf))
                return NULL;
        memcpy(buf, path, (size_t) (slash - path));
        buf[slash - path] = '\0';
        p = resolve(buf[0] ? buf : "/");
        *ret_name = slash + 1;
        return p != NULL && p->dir ? p : NULL;
}

static struct node *fh_node(const char *path, struct fuse_file_info *fi)
{
        if (fi != NULL && fi->fh != 0)
                return (struct node *) (uintptr_t) fi->fh;
        return path != NULL ? resolve(path) : NULL;
}

static int dump(const char *image);
static void persist_some(unsigned seed);

/* One more changing operation done: the cut of -c may fall here. */
static void step(void)
{
        char marker[PATH_MAX];
        int fd;

        if (!armed || frozen || cut_after < 0 || ++ops < cut_after)
                return;
        if (persist_seed >= 0)
                persist_some((unsigned) persist_seed);
        if (dump(image_path) != 0) {
                fprintf(stderr, "powerfs: cannot write %s\n", image_path);
                abort();
        }
        frozen = true;
        snprintf(marker, sizeof(marker), "%s.cut", image_path);
        fd = open(marker, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0)
                close(fd);
}

static void arm(int sig)
{
        (void) sig;
        armed = 1;
}

static void touch(struct node *n)
{
        n->dirty = true;
        clock_gettime(CLOCK_REALTIME, &n->mtime);
        n->ctime = n->mtime;
}

static void *pf_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
        (void) conn;
        mounted = true;
        /* The kernel must ask every time: nothing it caches may outlive a
         * change made behind its back (there is none while mounted, but
         * the kernel's caches are not this test's subject). */
        cfg->entry_timeout = 0;
        cfg->attr_timeout = 0;
        cfg->negative_timeout = 0;
        cfg->use_ino = 1;
        /* An unlinked open file keeps no hidden name in its folder. */
        cfg->hard_remove = 1;
        cfg->nullpath_ok = 1;
        cfg->direct_io = 0;     /* mmap, for SQLite's -shm */
        cfg->kernel_cache = 0;
        return NULL;
}

static int pf_getattr(const char *path, struct stat *st,
                      struct fuse_file_info *fi)
{
        struct node *n = fh_node(path, fi);

        if (n == NULL)
                return -ENOENT;
        memset(st, 0, sizeof(*st));
        st->st_ino = n->ino;
        st->st_mode = n->mode | (n->dir ? S_IFDIR : S_IFREG);
        st->st_nlink = n->dir ? 2 : n->nlink;
        st->st_uid = n->uid;
        st->st_gid = n->gid;
        st->st_size = n->dir ? 4096 : (off_t) n->size;
        st->st_blksize = 4096;
        st->st_blocks = (st->st_size + 511) / 512;
        st->st_mtim = n->mtime;
        st->st_ctim = n->ctime;
        st->st_atim = n->atime;
        return 0;
}

static int pf_readdir(const char *path, void *buf, fuse_fill_dir_t fill,
                      off_t off, struct fuse_file_info *fi,
                      enum fuse_readdir_flags flags)
{
        struct node *n = fh_node(path, fi);
        size_t i;

        (void) off;
        (void) flags;
        if (n == NULL || !n->dir)
                return -ENOTDIR;
        fill(buf, ".", NULL, 0, 0);
        fill(buf, "..", NULL, 0, 0);
        for (i = 0; i < n->now.n; i++)
                fill(buf, n->now.v[i].name, NULL, 0, 0);
        return 0;
}

static int pf_opendir(const char *path, struct fuse_file_info *fi)
{
        struct node *n = resolve(path);

        if (n == NULL)
                return -ENOENT;
        if (!n->dir)
                return -ENOTDIR;
        fi->fh = (uintptr_t) n;
        return 0;
}

static int pf_mknode(const char *path, mode_t mode, bool dir,
                     struct node **ret)
{
        const char *name;
        struct node *p = parent_of(path, &name), *n;
        struct fuse_context *cx = fuse_get_context();

        if (p == NULL)
                return -ENOENT;
        if (ents_find(&p->now, name) != NULL)
                return -EEXIST;
        n = node_new(dir, mode);
        n->uid = cx->uid;
        n->gid = cx->gid;
        n->nlink = 1;
        ents_add(&p->now, name, n);
        touch(p);
        *ret = n;
        return 0;
}

static int pf_mkdir(const char *path, mode_t mode)
{
        struct node *n;

        return pf_mknode(path, mode, true, &n);
}

static int pf_create(const char *path, mode_t mode,
                     struct fuse_file_info *fi)
{
        struct node *n;
        int rc = pf_mknode(path, mode, false, &n);

        if (rc == 0)
                fi->fh = (uintptr_t) n;
        return rc;
}

static int pf_mknod(const char *path, mode_t mode, dev_t dev)
{
        struct node *n;

        (void) dev;
        if (!S_ISREG(mode))
                return -EPERM;
        return pf_mknode(path, mode, false, &n);
}

static int pf_open(const char *path, struct fuse_file_info *fi)
{
        struct node *n = resolve(path);

        if (n == NULL)
                return -ENOENT;
        if (n->dir)
                return -EISDIR;
        if (fi->flags & O_TRUNC) {
                n->size = 0;
                touch(n);
        }
        fi->fh = (uintptr_t) n;
        return 0;
}

static int pf_read(const char *path, char *buf, size_t size, off_t off,
                   struct fuse_file_info *fi)
{
        struct node *n = fh_node(path, fi);

        if (n == NULL)
                return -ENOENT;
        if ((size_t) off >= n->size)
                return 0;
        if (size > n->size - (size_t) off)
                size = n->size - (size_t) off;
        memcpy(buf, n->data + off, size);
        return (int) size;
}

static void resize(struct node *n, size_t size)
{
        if (size > n->cap) {
                size_t cap = n->cap ? n->cap : 4096;

                while (cap < size)
                        cap *= 2;
                n->data = xrealloc(n->data, cap);
                n->cap = cap;
        }
        if (size > n->size)
                memset(n->data + n->size, 0, size - n->size);
        n->size = size;
}

static int pf_write(const char *path, const char *buf, size_t size,
                    off_t off, struct fuse_file_info *fi)
{
        struct node *n = fh_node(path, fi);

        if (n == NULL)
                return -ENOENT;
        if ((size_t) off + size > n->size)
                resize(n, (size_t) off + size);
        memcpy(n->data + off, buf, size);
        touch(n);
        return (int) size;
}

static int pf_truncate(const char *path, off_t size,
                       struct fuse_file_info *fi)
{
        struct node *n = fh_node(path, fi);

        if (n == NULL)
                return -ENOENT;
        if (n->dir)
                return -EISDIR;
        resize(n, (size_t) size);
        touch(n);
        return 0;
}

static int pf_unlink(const char *path)
{
        const char *name;
        struct node *p = parent_of(path, &name);
        struct entry *e = p != NULL ? ents_find(&p->now, name) : NULL;

        if (e == NULL)
                return -ENOENT;
        if (e->node->dir)
                return -EISDIR;
        e->node->nlink--;
        ents_del(&p->now, name);
        touch(p);
        return 0;
}

static int pf_rmdir(const char *path)
{
        const char *name;
        struct node *p = parent_of(path, &name);
        struct entry *e = p != NULL ? ents_find(&p->now, name) : NULL;

        if (e == NULL)
                return -ENOENT;
        if (!e->node->dir)
                return -ENOTDIR;
        if (e->node->now.n > 0)
                return -ENOTEMPTY;
        ents_del(&p->now, name);
        touch(p);
        return 0;
}

static int pf_rename(const char *from, const char *to, unsigned flags)
{
        const char *fname, *tname;
        struct node *fp = parent_of(from, &fname);
        struct node *tp = parent_of(to, &tname);
        struct entry *fe = fp != NULL ? ents_find(&fp->now, fname) : NULL;
        struct entry *te;
        struct node *n;

        if (fe == NULL || tp == NULL)
                return -ENOENT;
        if (flags & ~RENAME_NOREPLACE)
                return -EINVAL;
        n = fe->node;
        te = ents_find(&tp->now, tname);
        if (te != NULL && te->node == n)
                return 0;
        if (te != NULL) {
                if (flags & RENAME_NOREPLACE)
                        return -EEXIST;
                if (te->node->dir != n->dir)
                        return n->dir ? -ENOTDIR : -EISDIR;
                if (te->node->dir && te->node->now.n > 0)
                        return -ENOTEMPTY;
                te->node->nlink--;
                ents_del(&tp->now, tname);
        }
        ents_del(&fp->now, fname);
        ents_add(&tp->now, tname, n);
        touch(fp);
        touch(tp);
        return 0;
}

static int pf_link(const char *from, const char *to)
{
        const char *tname;
        struct node *n = resolve(from);
        struct node *tp = parent_of(to, &tname);

        if (n == NULL || tp == NULL)
                return -ENOENT;
        if (n->dir)
                return -EPERM;
        if (ents_find(&tp->now, tname) != NULL)
                return -EEXIST;
        ents_add(&tp->now, tname, n);
        n->nlink++;
        touch(tp);
        return 0;
}

static int pf_fsync(const char *path, int datasync,
                    struct fuse_file_info *fi)
{
        struct node *n = fh_node(path, fi);

        (void) datasync;
        if (n == NULL)
                return -ENOENT;
        n->dirty = false;
        if (n->dir) {
                ents_copy(&n->disk, &n->now);
                return 0;
        }
        n->ddata = xrealloc(n->ddata, n->size);
        memcpy(n->ddata, n->data, n->size);
        n->dsize = n->size;
        n->dmtime = n->mtime;
        return 0;
}

static int pf_fsyncdir(const char *path, int datasync,
                       struct fuse_file_info *fi)
{
        return pf_fsync(path, datasync, fi);
}

static int pf_chmod(const char *path, mode_t mode, struct fuse_file_info *fi)
{
        struct node *n = fh_node(path, fi);

        if (n == NULL)
                return -ENOENT;
        n->mode = mode & 07777;
        return 0;
}

static int pf_chown(const char *path, uid_t uid, gid_t gid,
                    struct fuse_file_info *fi)
{
        struct node *n = fh_node(path, fi);

        if (n == NULL)
                return -ENOENT;
        if (uid != (uid_t) -1)
                n->uid = uid;
        if (gid != (gid_t) -1)
                n->gid = gid;
        return 0;
}

static int pf_utimens(const char *path, const struct timespec tv[2],
                      struct fuse_file_info *fi)
{
        struct node *n = fh_node(path, fi);
        struct timespec now;

        if (n == NULL)
                return -ENOENT;
        clock_gettime(CLOCK_REALTIME, &now);
        if (tv == NULL) {
                n->atime = n->mtime = now;
                return 0;
        }
        if (tv[0].tv_nsec != UTIME_OMIT)
                n->atime = tv[0].tv_nsec == UTIME_NOW ? now : tv[0];
        if (tv[1].tv_nsec != UTIME_OMIT)
                n->mtime = tv[1].tv_nsec == UTIME_NOW ? now : tv[1];
        return 0;
}

static int pf_statfs(const char *path, struct statvfs *s)
{
        (void) path;
        memset(s, 0, sizeof(*s));
        s->f_bsize = s->f_frsize = 4096;
        s->f_blocks = s->f_bfree = s->f_bavail = 1u << 20;
        s->f_files = s->f_ffree = 1u << 20;
        s->f_namemax = 255;
        return 0;
}

/* The operations that order things, each followed by step(). */
#define COUNTED(name, params, args)                                     \
        static int c_##name params                                      \
        {                                                               \
                int rc = pf_##name args;                                \
                step();                                                 \
                return rc;                                              \
        }
COUNTED(mkdir, (const char *p, mode_t m), (p, m))
COUNTED(mknod, (const char *p, mode_t m, dev_t d), (p, m, d))
COUNTED(create, (const char *p, mode_t m, struct fuse_file_info *fi),
        (p, m, fi))
COUNTED(unlink, (const char *p), (p))
COUNTED(rmdir, (const char *p), (p))
COUNTED(rename, (const char *f, const char *t, unsigned fl), (f, t, fl))
COUNTED(link, (const char *f, const char *t), (f, t))
COUNTED(fsync, (const char *p, int d, struct fuse_file_info *fi),
        (p, d, fi))
COUNTED(fsyncdir, (const char *p, int d, struct fuse_file_info *fi),
        (p, d, fi))

static const struct fuse_operations pf_ops = {
        .init = pf_init,
        .getattr = pf_getattr,
        .readdir = pf_readdir,
        .opendir = pf_opendir,
        .mkdir = c_mkdir,
        .mknod = c_mknod,
        .create = c_create,
        .open = pf_open,
        .read = pf_read,
        .write = pf_write,
        .truncate = pf_truncate,
        .unlink = c_unlink,
        .rmdir = c_rmdir,
        .rename = c_rename,
        .link = c_link,
        .fsync = c_fsync,
        .fsyncdir = c_fsyncdir,
        .chmod = pf_chmod,
        .chown = pf_chown,
        .utimens = pf_utimens,
        .statfs = pf_statfs,
};

/* -p: let each unsynced file or folder reach the disk whole, or not at
 * all, by a coin toss. */
static void persist_some(unsigned seed)
{
        struct node *n;

        srandom(seed);
        for (n = all_nodes; n != NULL; n = n->all) {
                if (!n->dirty || (random() & 1) == 0)
                        continue;
                if (n->dir) {
                        ents_copy(&n->disk, &n->now);
                } else {
                        n->ddata = xrealloc(n->ddata, n->size);
                        memcpy(n->ddata, n->data, n->size);
                        n->dsize = n->size;
                        n->dmtime = n->mtime;
                }
        }
}

/* The image: one record per name on the disk, depth first.
 *   D <mode> <uid> <gid> <path>\n
 *   F <mode> <uid> <gid> <mtime-s> <mtime-ns> <size> <path>\n<bytes> */
static int dump_dir(FILE *f, struct node *d, const char *path, int depth)
{
        size_t i;

        if (depth > 64)
                return -ELOOP;
        for (i = 0; i < d->disk.n; i++) {
                struct node *n = d->disk.v[i].node;
                char p[PATH_MAX];

                snprintf(p, sizeof(p), "%s/%s", path, d->disk.v[i].name);
                if (n->dir) {
                        fprintf(f, "D %o %u %u %s\n", (unsigned) n->mode,
                                (unsigned) n->uid, (unsigned) n->gid, p);
                        if (dump_dir(f, n, p, depth + 1) != 0)
                                return -ELOOP;
                } else {
                        fprintf(f, "F %o %u %u %lld %ld %zu %s\n",
                                (unsigned) n->mode, (unsigned) n->uid,
                                (unsigned) n->gid,
                                (long long) n->dmtime.tv_sec,
                                n->dmtime.tv_nsec, n->dsize, p);
                        if (n->dsize > 0 &&
                            fwrite(n->ddata, 1, n->dsize, f) != n->dsize)
                                return -EIO;
                }
        }
        return 0;
}

static int dump(const char *image)
{
        char tmp[PATH_MAX];
        FILE *f;
        int rc;

        snprintf(tmp, sizeof(tmp), "%s.tmp", image);
        f = fopen(tmp, "wb");
        if (f == NULL)
                return -errno;
        rc = dump_dir(f, root, "", 0);
        if (fclose(f) != 0 && rc == 0)
                rc = -errno;
        if (rc == 0 && rename(tmp, image) != 0)
                rc = -errno;
        return rc;
}

static int load(const char *image)
{
        FILE *f = fopen(image, "rb");
        char line[PATH_MAX + 128];

        if (f == NULL)
                return errno == ENOENT ? 0 : -errno;
        while (fgets(line, sizeof(line), f) != NULL) {
                unsigned mode, uid, gid;
                long long sec;
                long nsec;
                size_t size;
                int off = 0;
                struct node *n;
                const char *name;
                struct node *p;

                line[strcspn(line, "\n")] = '\0';
                if (line[0] == 'D' &&
                    sscanf(line, "D %o %u %u %n", &mode, &uid, &gid, &off) ==
                            3) {
                        n = node_new(true, mode);
                } else if (line[0] == 'F' &&
                           sscanf(line, "F %o %u %u %lld %ld %zu %n", &mode,
                                  &uid, &gid, &sec, &nsec, &size, &off) ==
                                   6) {
                        n = node_new(false, mode);
                        n->data = xrealloc(NULL, size);
                        n->ddata = xrealloc(NULL, size);
                        if (fread(n->data, 1, size, f) != size)
                                goto bad;
                        memcpy(n->ddata, n->data, size);
                        n->size = n->cap = n->dsize = size;
                        n->mtime.tv_sec = sec;
                        n->mtime.tv_nsec = nsec;
                        n->dmtime = n->ctime = n->atime = n->mtime;
                } else {
                        goto bad;
                }
                n->uid = uid;
                n->gid = gid;
                n->nlink = 1;
                p = parent_of(line + off, &name);
                if (p == NULL)
                        goto bad;
                ents_add(&p->now, name, n);
                ents_add(&p->disk, name, n);
        }
        fclose(f);
        return 0;
bad:
        fclose(f);
        return -EINVAL;
}

int main(int argc, char **argv)
{
        char *fargv[8];
        int fargc = 0, rc;
        struct sigaction sa;

        while (argc >= 5 && (strcmp(argv[1], "-p") == 0 ||
                             strcmp(argv[1], "-c") == 0)) {
                if (argv[1][1] == 'p')
                        persist_seed = strtol(argv[2], NULL, 10);
                else
                        cut_after = strtol(argv[2], NULL, 10);
                argv += 2;
                argc -= 2;
        }
        if (argc != 3) {
                fprintf(stderr, "usage: powerfs [-p SEED] [-c N] IMAGE "
                        "MOUNTPOINT\n");
                return 2;
        }
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = arm;
        sa.sa_flags = SA_RESTART;
        sigaction(SIGUSR1, &sa, NULL);
        image_path = argv[1];
        root = node_new(true, 0755);
        root->nlink = 1;
        rc = load(image_path);
        if (rc != 0) {
                fprintf(stderr, "powerfs: cannot load %s: %s\n", image_path,
                        strerror(-rc));
                return 1;
        }
        fargv[fargc++] = argv[0];
        fargv[fargc++] = "-f";  /* the caller waits on this process */
        fargv[fargc++] = "-s";  /* one thread: no locking needed here */
        fargv[fargc++] = "-o";
        fargv[fargc++] = "default_permissions,fsname=powerfs";
        fargv[fargc++] = argv[2];
        fargv[fargc] = NULL;
        rc = fuse_main(fargc, fargv, &pf_ops, NULL);
        /* Ended by a signal, fuse_main() says so by a non-zero status:
         * that is the power cut, not a failure.  Not mounted at all is. */
        if (!mounted)
                return rc != 0 ? rc : 1;
        /* The power is off: only the disk copy survives (written at the
         * cut already, if -c made one). */
        if (frozen)
                return 0;
        if (persist_seed >= 0)
                persist_some((unsigned) persist_seed);
        if (dump(image_path) != 0) {
                fprintf(stderr, "powerfs: cannot write %s\n", image_path);
                return 1;
        }
        return 0;
}
