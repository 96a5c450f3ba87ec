/* Build a large store for the search benchmark (tests/bench/bench-search.sh)
 * from a corpus folder: article i is corpus article (i mod n), with a
 * paragraph of another article appended and a line naming its number, so
 * every one has its own bytes and hash.  Article RARE_AT alone also
 * contains the word RARE_WORD.  Every article goes through the real
 * pipeline (precis_record_build, precis_store_put).
 *
 * usage: bench-search DB COUNT CORPUS-DIR */

#define _GNU_SOURCE /* asprintf() */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <precis/ingest.h>
#include <precis/init.h>
#include <precis/doc.h>
#include <precis/store.h>

#define RARE_WORD "quokkaburger"
#define RARE_AT 4242
#define BATCH 1000

struct text {
        char *data;
        size_t len;
};

static double now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* The last paragraph of @t (after the last blank line), borrowed. */
static const char *last_para(const struct text *t, size_t *len)
{
        const char *p = t->data + t->len, *start;

        while (p > t->data && (p[-1] == '\n' || p[-1] == ' '))
                p--;
        start = p;
        while (start > t->data + 1 && !(start[-1] == '\n' && start[-2] == '\n'))
                start--;
        *len = (size_t) (p - start);
        return start;
}

static int by_name(const void *a, const void *b)
{
        return strcmp(*(char *const *) a, *(char *const *) b);
}

int main(int argc, char **argv)
{
        struct precis_error err = { 0 };
        struct precis_store *st = NULL;
        struct text *texts = NULL;
        char **names = NULL;
        size_t n = 0, cap = 0, i, count;
        struct dirent *e;
        double t0, t1;
        DIR *dir;
        int rc;

        if (argc != 4) {
                fprintf(stderr, "usage: %s DB COUNT CORPUS-DIR\n", argv[0]);
                return 2;
        }
        count = strtoul(argv[2], NULL, 10);
        dir = opendir(argv[3]);
        if (dir == NULL || precis_init() != 0) {
                perror(argv[3]);
                return 1;
        }
        while ((e = readdir(dir)) != NULL) {
                if (e->d_name[0] == '.')
                        continue;
                if (n == cap) {
                        cap = cap ? 2 * cap : 1024;
                        names = realloc(names, cap * sizeof(*names));
                        if (names == NULL)
                                return 1;
                }
                if (asprintf(&names[n++], "%s/%s", argv[3], e->d_name) < 0)
                        return 1;
        }
        closedir(dir);
        if (n == 0) {
                fprintf(stderr, "%s: no files\n", argv[3]);
                return 1;
        }
        qsort(names, n, sizeof(*names), by_name);
        texts = calloc(n, sizeof(*texts));
        if (texts == NULL)
                return 1;
        for (i = 0; i < n; i++) {
                rc = precis_file_read(names[i], 0, &texts[i].data,
                                      &texts[i].len, &err);
                if (rc != 0) {
                        fprintf(stderr, "%s: %s\n", names[i],
                                precis_error_msg(&err, rc));
                        return 1;
                }
        }
        rc = precis_store_open(argv[1], 0, &st, &err);
        if (rc != 0) {
                fprintf(stderr, "%s\n", precis_error_msg(&err, rc));
                return 1;
        }
        t0 = now();
        for (i = 0; i < count; i++) {
                const struct text *a = &texts[i % n];
                const struct text *b = &texts[(i * 7919 + 13) % n];
                struct precis_put_result res;
                struct precis_record d;
                const char *para;
                size_t plen, len;
                char *buf, path[64];

                para = last_para(b, &plen);
                buf = malloc(a->len + plen + 128);
                if (buf == NULL)
                        return 1;
                memcpy(buf, a->data, a->len);
                len = a->len;
                buf[len++] = '\n';
                buf[len++] = '\n';
                memcpy(buf + len, para, plen);
                len += plen;
                len += (size_t) sprintf(buf + len,
                                        "\n\nThis is bulletin %zu%s.\n", i,
                                        i == RARE_AT ? " about a "
                                                       RARE_WORD : "");
                if (i % BATCH == 0) {
                        rc = precis_store_begin(st, &err);
                        if (rc != 0)
                                goto fail;
                }
                rc = precis_record_build(buf, len, NULL, &d, &err);
                free(buf);
                if (rc != 0) {
                        precis_record_done(&d);
                        goto fail;
                }
                snprintf(path, sizeof(path), "/bench/gen/%08zu.txt", i);
                d.src.path = strdup(path);
                rc = d.src.path == NULL ? -ENOMEM
                                        : precis_store_put(st, &d, &res, &err);
                precis_record_done(&d);
                if (rc != 0)
                        goto fail;
                if (i % BATCH == BATCH - 1 || i == count - 1) {
                        rc = precis_store_commit(st, &err);
                        if (rc != 0)
                                goto fail;
                }
                if (i % 10000 == 9999)
                        fprintf(stderr, "%zu articles, %.1f s\n", i + 1,
                                now() - t0);
        }
        t1 = now();
        printf("generated %zu articles from %zu in %.1f s (%.2f ms each)\n",
               count, n, t1 - t0, count ? (t1 - t0) * 1000 / (double) count
                                        : 0.0);
        precis_store_close(st);
        for (i = 0; i < n; i++) {
                free(texts[i].data);
                free(names[i]);
        }
        free(texts);
        free(names);
        return 0;
fail:
        fprintf(stderr, "article %zu: %s\n", i, precis_error_msg(&err, rc));
        precis_store_close(st);
        return 1;
}
