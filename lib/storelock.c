#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <precis/storelock.h>

char *precis_storelock_path(const char *db)
{
        char *real = realpath(db, NULL);
        const char *base = real != NULL ? real : db;
        size_t n = strlen(base) + sizeof(".lock");
        char *path = malloc(n);

        if (path != NULL)
                snprintf(path, n, "%s.lock", base);
        free(real);
        return path;
}

static void storelock_whole(struct flock *fl)
{
        memset(fl, 0, sizeof(*fl));
        fl->l_type = F_WRLCK;
        fl->l_whence = SEEK_SET;
        fl->l_start = 0;
        fl->l_len = 0; /* to the end of the file, however long */
}

int precis_storelock_take(const char *db, int *ret_fd, pid_t *ret_holder)
{
        struct flock fl;
        char *path = precis_storelock_path(db);
        int fd, rc;

        *ret_holder = 0;
        if (path == NULL)
                return -ENOMEM;
        /* Readable by others so `precis status` run by another user of the
         * group can probe it; the lock, not the content, is what counts. */
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
        rc = fd < 0 ? -errno : 0;
        free(path);
        if (rc != 0)
                return rc;
        storelock_whole(&fl);
        if (fcntl(fd, F_SETLK, &fl) == 0) {
                *ret_fd = fd;
                return 0;
        }
        rc = errno == EACCES || errno == EAGAIN ? -EWOULDBLOCK : -errno;
        if (rc == -EWOULDBLOCK) {
                storelock_whole(&fl);
                if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
                        *ret_holder = fl.l_pid;
        }
        close(fd);
        return rc;
}

int precis_storelock_probe(const char *db, pid_t *ret_holder)
{
        struct flock fl;
        char *path = precis_storelock_path(db);
        int fd, rc;

        *ret_holder = 0;
        if (path == NULL)
                return -ENOMEM;
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        rc = fd < 0 ? -errno : 0;
        free(path);
        if (rc != 0)
                return rc;
        storelock_whole(&fl);
        if (fcntl(fd, F_GETLK, &fl) != 0) {
                rc = -errno;
                close(fd);
                return rc;
        }
        close(fd);
        if (fl.l_type == F_UNLCK)
                return 0;
        *ret_holder = fl.l_pid;
        return 1;
}
