#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include <precis/array.h>
#include <precis/doc.h>
#include <precis/token.h>

void precis_hash(const void *data, size_t len,
                 unsigned char out[PRECIS_HASH_BYTES],
                 char hex[2 * PRECIS_HASH_BYTES + 1])
{
        crypto_generichash(out, PRECIS_HASH_BYTES, data, len, NULL, 0);
        if (hex != NULL)
                sodium_bin2hex(hex, 2 * PRECIS_HASH_BYTES + 1, out,
                               PRECIS_HASH_BYTES);
}

int precis_file_read(const char *path, size_t max_bytes, char **ret_data,
                     size_t *ret_len, struct precis_error *err)
{
        int fd, rc;

        /* O_NONBLOCK: opening a FIFO that slipped past the caller's lstat
         * must not hang the worker; the fstat in precis_fd_read() then
         * refuses it. */
        fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
                return precis_error_set(err, -errno, "cannot open: %s",
                                        strerror(errno));
        rc = precis_fd_read(fd, max_bytes, ret_data, ret_len, err);
        close(fd);
        return rc;
}

/* Read @fd to its end into a buffer first sized for @hint bytes, refusing
 * more than @max_bytes (0 = no limit), which @grew names in the message. */
static int doc_read_all(int fd, size_t hint, size_t max_bytes,
                        const char *grew, char **ret_data, size_t *ret_len,
                        struct precis_error *err)
{
        size_t n = 0, cap = 0;
        char *buf = NULL;
        int rc;

        for (;;) {
                ssize_t r;

                if (max_bytes > 0 && n > max_bytes)
                        break;
                /* Room to read one byte at least, and for the final NUL. */
                if (PRECIS_RESERVE(buf, n, 2, cap,
                                   (hint > 0 ? hint : 65536) + 1) != 0) {
                        rc = precis_error_set(err, -ENOMEM, NULL);
                        goto fail;
                }
                r = read(fd, buf + n, cap - n - 1);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0) {
                        rc = precis_error_set(err, -errno, "read error: %s",
                                              strerror(errno));
                        goto fail;
                }
                if (r == 0)
                        break;
                n += (size_t) r;
        }
        if (max_bytes > 0 && n > max_bytes) {
                rc = precis_error_set(err, PRECIS_E_TOOBIG,
                                      "%s over the limit of %zu bytes", grew,
                                      max_bytes);
                goto fail;
        }
        buf[n] = '\0';
        *ret_data = buf;
        *ret_len = n;
        return 0;
fail:
        free(buf);
        return rc;
}

int precis_fd_read(int fd, size_t max_bytes, char **ret_data,
                   size_t *ret_len, struct precis_error *err)
{
        struct stat st;

        if (fstat(fd, &st) != 0)
                return precis_error_set(err, -errno, "cannot stat: %s",
                                        strerror(errno));
        if (!S_ISREG(st.st_mode))
                return precis_error_set(err, PRECIS_E_FORMAT,
                                        "not a regular file");
        if (max_bytes > 0 && (uint64_t) st.st_size > max_bytes)
                return precis_error_set(err, PRECIS_E_TOOBIG,
                                        "file is %lld bytes, over the limit "
                                        "of %zu", (long long) st.st_size,
                                        max_bytes);
        /* Read to EOF rather than trusting st_size: the file may grow or
         * shrink while it is read; the cap still holds. */
        return doc_read_all(fd, (size_t) st.st_size + 1, max_bytes,
                            "file grew", ret_data, ret_len, err);
}

int precis_stream_read(int fd, size_t max_bytes, char **ret_data,
                       size_t *ret_len, struct precis_error *err)
{
        return doc_read_all(fd, 0, max_bytes, "input", ret_data, ret_len,
                            err);
}

int precis_doc_build(const char *data, size_t len,
                     const struct precis_summary_opts *o,
                     struct precis_doc *out, struct precis_error *err)
{
        size_t i;
        int rc;

        memset(out, 0, sizeof(*out));
        precis_hash(data, len, out->hash, out->hash_hex);
        out->bytes = len;
        if (len == 0)
                return precis_error_set(err, PRECIS_E_EMPTY, "empty file");
        rc = precis_extract(data, len, &out->text, err);
        if (rc != 0)
                return rc;
        for (i = 0; i < out->text.n_paras; i++)
                out->words += precis_token_count(out->text.paras[i],
                                                 strlen(out->text.paras[i]));
        rc = precis_segment_text(&out->text, &out->sents, err);
        if (rc != 0)
                return rc;
        return precis_summarize(&out->text, &out->sents, o, &out->summary,
                                err);
}

static char *doc_join(const char *const *v, size_t n, size_t stride,
                      const char *sep)
{
        size_t i, len = 0, sl = strlen(sep), at = 0;
        char *s;

        for (i = 0; i < n; i++)
                len += strlen(*(const char *const *) ((const char *) v +
                                                      i * stride)) + sl;
        s = malloc(len + 1);
        if (s == NULL)
                return NULL;
        for (i = 0; i < n; i++) {
                const char *p = *(const char *const *) ((const char *) v +
                                                        i * stride);
                size_t l = strlen(p);

                if (i > 0) {
                        memcpy(s + at, sep, sl);
                        at += sl;
                }
                memcpy(s + at, p, l);
                at += l;
        }
        s[at] = '\0';
        return s;
}

char *precis_doc_summary_text(const struct precis_doc *d)
{
        const struct precis_summary *s = &d->summary;

        if (s->n_picks == 0)
                return strdup("");
        return doc_join((const char *const *) (const void *) &s->picks[0].text,
                        s->n_picks, sizeof(s->picks[0]), "\n");
}

char *precis_doc_body_text(const struct precis_doc *d)
{
        return doc_join((const char *const *) d->text.paras, d->text.n_paras,
                        sizeof(char *), "\n\n");
}

void precis_doc_done(struct precis_doc *d)
{
        precis_summary_done(&d->summary);
        precis_sentences_done(&d->sents);
        precis_text_done(&d->text);
        memset(d, 0, sizeof(*d));
}
