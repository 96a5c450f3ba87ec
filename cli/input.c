#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"

int cli_input_read(const char *path, size_t max_bytes, char **ret_data,
                   size_t *ret_len, struct precis_error *err)
{
        char *buf = NULL;
        size_t n = 0, cap = 0;

        if (strcmp(path, "-") != 0)
                return precis_file_read(path, max_bytes, ret_data, ret_len,
                                        err);
        for (;;) {
                ssize_t r;

                if (n == cap) {
                        char *nb;

                        if (max_bytes > 0 && n > max_bytes) {
                                free(buf);
                                return precis_error_set(
                                        err, PRECIS_E_TOOBIG,
                                        "input over the limit of %zu bytes",
                                        max_bytes);
                        }
                        cap = cap ? 2 * cap : 65536;
                        nb = realloc(buf, cap + 1);
                        if (nb == NULL) {
                                free(buf);
                                return precis_error_set(err, -ENOMEM, NULL);
                        }
                        buf = nb;
                }
                r = read(STDIN_FILENO, buf + n, cap - n);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0) {
                        int e = errno;

                        free(buf);
                        return precis_error_set(err, -e, "read error: %s",
                                                strerror(e));
                }
                if (r == 0)
                        break;
                n += (size_t) r;
        }
        if (buf == NULL) {
                buf = malloc(1);
                if (buf == NULL)
                        return precis_error_set(err, -ENOMEM, NULL);
        }
        buf[n] = '\0';
        *ret_data = buf;
        *ret_len = n;
        return 0;
}
