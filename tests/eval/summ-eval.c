/* summ-eval: run the real summarization pipeline over corpus directories
 * (articles/<id>.txt and refs/<id>.txt, as in the shared corpus) and print
 * ROUGE-1/2/L(/Lsum) F1 x100 with the length rule, optionally against a
 * baseline algorithm on the same articles with paired bootstrap intervals
 * of the differences.  See usage() for the options. */

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include <precis/init.h>
#include <precis/doc.h>
#include <precis/summary.h>

#include "rouge.h"
#include "score.h"

#define EVAL_MAX_SYSTEMS 2

struct eval_opts {
        enum precis_length_unit unit; /* how to read length */
        double length;                /* see unit */
        const char *system[EVAL_MAX_SYSTEMS]; /* borrowed algorithm names */
        size_t n_systems;             /* 1, or 2 with --baseline */
        const char *out_dir;          /* borrowed; NULL = no hypotheses */
        unsigned long bootstrap;      /* bootstrap samples; 0 = none */
        uint64_t seed;                /* bootstrap seed */
        bool json;                    /* print JSON instead of text */
        enum rouge_stemmer stemmer;   /* how ROUGE stems tokens */
        const char *stemmer_name;     /* borrowed: its name */
};

/* One article's outcome under one system. */
struct eval_doc {
        struct rouge_scores s; /* ROUGE against the reference */
        size_t words;          /* whitespace words in the summary */
        size_t sents;          /* sentences in the summary */
        int rc;                /* precis_doc_build() result */
};

/* One corpus directory: its articles are docs [first, first + n). */
struct eval_set {
        char *name;   /* owned: the directory's base name */
        size_t first; /* index of its first article */
        size_t n;     /* articles */
};

struct eval_run {
        struct eval_opts o;
        struct eval_set *sets;   /* owned */
        size_t n_sets;           /* entries in sets */
        struct eval_doc *docs;   /* owned: [article][system] */
        size_t n_docs;           /* articles over all sets */
        size_t cap_docs;         /* allocated articles */
        double seconds[EVAL_MAX_SYSTEMS]; /* time in precis_doc_build() */
        const char *lib_name[EVAL_MAX_SYSTEMS]; /* name the lib reports */
        struct rouge *rouge;     /* owned scorer */
};

/* Aggregate of one system over a set of articles. */
struct eval_agg {
        size_t n;                         /* articles */
        size_t failed;                    /* precis_doc_build() failures */
        double words;                     /* mean summary words */
        double sents;                     /* mean summary sentences */
        struct rouge_prf m[ROUGE_N_METRICS]; /* mean P/R/F, x100 */
};

/* Paired difference system 0 - system 1 over a set of articles. */
struct eval_diff {
        double mean[ROUGE_N_METRICS]; /* mean F1 difference, x100 */
        double lo[ROUGE_N_METRICS];   /* bootstrap 2.5th percentile */
        double hi[ROUGE_N_METRICS];   /* bootstrap 97.5th percentile */
        double le0[ROUGE_N_METRICS];  /* share of resamples with diff <= 0 */
};

static void usage(FILE *f)
{
        fprintf(f,
"usage: summ-eval CORPUS_DIR... [--sentences N | --words N | --ratio R]\n"
"                 [--algorithm NAME] [--baseline NAME] [--out DIR]\n"
"                 [--bootstrap N] [--seed S] [--stemmer NAME] [--json]\n"
"                 [--param NAME=VALUE]...\n"
"\n"
"Summarizes every CORPUS_DIR/articles/<id>.txt with precis_doc_build()\n"
"and scores the summary (one sentence per line) against\n"
"CORPUS_DIR/refs/<id>.txt: ROUGE-1/2/L/Lsum F1 x100, stemmed as\n"
"../shared/tools/rouge.py --stem does.  Each set is printed, then all\n"
"sets pooled.\n"
"\n"
"  --sentences N    summary length in sentences (default 3)\n"
"  --words N        summary length as a word budget\n"
"  --ratio R        summary length as a share of the sentences (0..1)\n"
"  --algorithm NAME algorithm to evaluate (default: the default one)\n"
"  --baseline NAME  also run NAME (e.g. lead) on the same articles and\n"
"                   print the paired difference with a bootstrap 95%%\n"
"                   interval (documents resampled)\n"
"  --bootstrap N    bootstrap samples (default 1000; 0 = no interval)\n"
"  --seed S         bootstrap seed (default 1)\n"
"  --out DIR        write DIR/<set>/<algorithm>/<id>.txt summaries\n"
"  --stemmer NAME   nltk (default: NLTK's Porter, as rouge.py --stem),\n"
"                   porter (libstemmer's original Porter) or none\n"
"  --json           print JSON\n"
"  --param N=V      set a parameter of the default scorer (forward,\n"
"                   backward, lead, min_words, max_words, redundancy,\n"
"                   idf, window) to measure how sensitive scores are\n");
}

static const char *eval_basename(const char *path, char *buf, size_t size)
{
        size_t len = strlen(path);
        const char *slash;

        while (len > 1 && path[len - 1] == '/')
                len--;
        if (len >= size)
                len = size - 1;
        memcpy(buf, path, len);
        buf[len] = '\0';
        slash = strrchr(buf, '/');
        return slash != NULL && slash[1] != '\0' ? slash + 1 : buf;
}

static int eval_cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names (without ".txt") of the articles in @dir/articles, sorted
 * bytewise as rouge.py sorts them.  Returns the count or -errno. */
static long eval_list(const char *dir, char ***ret)
{
        char path[PATH_MAX];
        struct dirent *e;
        char **names = NULL;
        size_t n = 0, cap = 0;
        DIR *d;

        snprintf(path, sizeof(path), "%s/articles", dir);
        d = opendir(path);
        if (d == NULL)
                return -errno;
        while ((e = readdir(d)) != NULL) {
                size_t len = strlen(e->d_name);

                if (len <= 4 || strcmp(e->d_name + len - 4, ".txt") != 0)
                        continue;
                if (n == cap) {
                        char **p;

                        cap = cap ? 2 * cap : 256;
                        p = realloc(names, cap * sizeof(*p));
                        if (p == NULL)
                                goto oom;
                        names = p;
                }
                names[n] = strndup(e->d_name, len - 4);
                if (names[n] == NULL)
                        goto oom;
                n++;
        }
        closedir(d);
        qsort(names, n, sizeof(*names), eval_cmp_str);
        *ret = names;
        return (long)n;
oom:
        closedir(d);
        while (n > 0)
                free(names[--n]);
        free(names);
        return -ENOMEM;
}

static int eval_mkdirs(const char *path)
{
        char buf[PATH_MAX];
        size_t i, len = strlen(path);

        if (len >= sizeof(buf))
                return -ENAMETOOLONG;
        memcpy(buf, path, len + 1);
        for (i = 1; i <= len; i++) {
                if (buf[i] != '/' && buf[i] != '\0')
                        continue;
                buf[i] = '\0';
                if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                        return -errno;
                buf[i] = path[i];
        }
        return 0;
}

/* The summary as scored: picks in article order, one per line.  A pick
 * keeps its text exactly, but a line break inside it would split it into
 * two ROUGE-Lsum sentences, so breaks inside a pick become spaces. */
static char *eval_hypothesis(const struct precis_doc *doc, size_t *ret_len,
                             size_t *ret_words)
{
        const struct precis_summary *s = &doc->summary;
        size_t i, len = 0, words = 0;
        char *out, *p;

        for (i = 0; i < s->n_picks; i++)
                len += strlen(s->picks[i].text) + 1;
        out = malloc(len + 1);
        if (out == NULL)
                return NULL;
        p = out;
        for (i = 0; i < s->n_picks; i++) {
                const char *t = s->picks[i].text;
                bool in_word = false;

                if (i > 0)
                        *p++ = '\n';
                for (; *t != '\0'; t++) {
                        char c = *t == '\n' || *t == '\r' ? ' ' : *t;
                        bool space = c == ' ' || c == '\t' || c == '\f' ||
                                     c == '\v';

                        if (!space && !in_word)
                                words++;
                        in_word = !space;
                        *p++ = c;
                }
        }
        *p = '\0';
        *ret_len = (size_t)(p - out);
        *ret_words = words;
        return out;
}

static double eval_now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Summarize article @id of @dir with every system and score the output
 * against its reference. */
static int eval_article(struct eval_run *run, const char *dir,
                        const char *set, const char *id, struct eval_doc *out)
{
        char path[PATH_MAX];
        struct precis_error err = { 0 };
        char *art = NULL, *ref = NULL;
        size_t art_len, ref_len, k;
        int rc;

        snprintf(path, sizeof(path), "%s/refs/%s.txt", dir, id);
        rc = precis_file_read(path, 0, &ref, &ref_len, &err);
        if (rc != 0) {
                fprintf(stderr, "summ-eval: reference '%s': %s\n", path,
                        precis_error_msg(&err, rc));
                return rc;
        }
        snprintf(path, sizeof(path), "%s/articles/%s.txt", dir, id);
        rc = precis_file_read(path, 0, &art, &art_len, &err);
        if (rc != 0) {
                fprintf(stderr, "summ-eval: article '%s': %s\n", path,
                        precis_error_msg(&err, rc));
                free(ref);
                return rc;
        }
        for (k = 0; k < run->o.n_systems; k++) {
                struct precis_summary_opts so;
                struct precis_doc doc = { 0 };
                struct eval_doc *d = &out[k];
                char *hyp = NULL;
                size_t hyp_len = 0;
                double t0;

                precis_summary_opts_init(&so);
                so.algorithm = run->o.system[k];
                so.unit = run->o.unit;
                so.length = run->o.length;
                memset(&err, 0, sizeof(err));
                t0 = eval_now();
                d->rc = precis_doc_build(art, art_len, &so, &doc, &err);
                run->seconds[k] += eval_now() - t0;
                if (d->rc == 0) {
                        if (run->lib_name[k] == NULL)
                                run->lib_name[k] = doc.summary.algorithm;
                        hyp = eval_hypothesis(&doc, &hyp_len, &d->words);
                        d->sents = doc.summary.n_picks;
                } else {
                        /* Scored as an empty summary, as rouge.py
                         * --allow-missing would, and counted. */
                        fprintf(stderr, "summ-eval: '%s' (%s): %s, "
                                "scoring an empty summary\n", path,
                                run->o.system[k],
                                precis_error_msg(&err, d->rc));
                        hyp = strdup("");
                }
                precis_doc_done(&doc);
                if (hyp == NULL) {
                        rc = -ENOMEM;
                        break;
                }
                rc = rouge_score(run->rouge, ref, ref_len, hyp, hyp_len,
                                 &d->s);
                if (rc == 0 && run->o.out_dir != NULL) {
                        char sub[PATH_MAX];
                        FILE *f;

                        if (snprintf(sub, sizeof(sub), "%s/%s/%s",
                                     run->o.out_dir, set,
                                     run->o.system[k]) >= (int) sizeof(sub) ||
                            snprintf(path, sizeof(path), "%s/%s.txt", sub,
                                     id) >= (int) sizeof(path))
                                rc = -ENAMETOOLONG;
                        else
                                rc = eval_mkdirs(sub);
                        f = rc == 0 ? fopen(path, "w") : NULL;
                        if (f == NULL ||
                            fprintf(f, "%s%s", hyp, hyp_len ? "\n" : "") < 0 ||
                            fclose(f) != 0) {
                                rc = rc != 0 ? rc : -errno;
                                fprintf(stderr, "summ-eval: '%s': %s\n", path,
                                        strerror(-rc));
                        }
                }
                free(hyp);
                if (rc != 0)
                        break;
        }
        free(art);
        free(ref);
        return rc;
}

static int eval_set_run(struct eval_run *run, const char *dir)
{
        char buf[PATH_MAX];
        struct eval_set *set;
        char **ids = NULL;
        long n = eval_list(dir, &ids);
        long i;
        int rc = 0;

        if (n < 0) {
                fprintf(stderr, "summ-eval: '%s/articles': %s\n", dir,
                        strerror((int)-n));
                return (int)n;
        }
        if (n == 0) {
                fprintf(stderr, "summ-eval: '%s/articles' has no *.txt\n",
                        dir);
                free(ids);
                return -ENOENT;
        }
        set = realloc(run->sets, (run->n_sets + 1) * sizeof(*set));
        if (set == NULL)
                goto oom;
        run->sets = set;
        set = &run->sets[run->n_sets];
        set->name = strdup(eval_basename(dir, buf, sizeof(buf)));
        if (set->name == NULL)
                goto oom;
        run->n_sets++;
        set->first = run->n_docs;
        set->n = (size_t)n;
        if (run->n_docs + (size_t)n > run->cap_docs) {
                size_t cap = run->n_docs + (size_t)n;
                struct eval_doc *d = realloc(run->docs, cap *
                                             EVAL_MAX_SYSTEMS * sizeof(*d));

                if (d == NULL)
                        goto oom;
                run->docs = d;
                run->cap_docs = cap;
        }
        for (i = 0; i < n && rc == 0; i++) {
                struct eval_doc *d = &run->docs[(run->n_docs + (size_t)i) *
                                                EVAL_MAX_SYSTEMS];

                memset(d, 0, EVAL_MAX_SYSTEMS * sizeof(*d));
                rc = eval_article(run, dir, set->name, ids[i], d);
        }
        run->n_docs += (size_t)n;
        for (i = 0; i < n; i++)
                free(ids[i]);
        free(ids);
        return rc;
oom:
        for (i = 0; i < n; i++)
                free(ids[i]);
        free(ids);
        return -ENOMEM;
}

static void eval_aggregate(const struct eval_run *run, size_t first, size_t n,
                           size_t k, struct eval_agg *a)
{
        size_t i;
        int m;

        memset(a, 0, sizeof(*a));
        a->n = n;
        for (i = first; i < first + n; i++) {
                const struct eval_doc *d = &run->docs[i * EVAL_MAX_SYSTEMS +
                                                      k];

                a->failed += d->rc != 0;
                a->words += (double)d->words;
                a->sents += (double)d->sents;
                for (m = 0; m < ROUGE_N_METRICS; m++) {
                        a->m[m].p += d->s.m[m].p;
                        a->m[m].r += d->s.m[m].r;
                        a->m[m].f += d->s.m[m].f;
                }
        }
        if (n == 0)
                return;
        a->words /= (double)n;
        a->sents /= (double)n;
        for (m = 0; m < ROUGE_N_METRICS; m++) {
                a->m[m].p *= 100.0 / (double)n;
                a->m[m].r *= 100.0 / (double)n;
                a->m[m].f *= 100.0 / (double)n;
        }
}

/* splitmix64: a small, well-mixed generator; fixed seeds give the same
 * intervals on every machine. */
static uint64_t eval_rand(uint64_t *state)
{
        uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
}

static int eval_cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;

        return x < y ? -1 : x > y;
}

/* Paired bootstrap of the mean F1 difference system 0 - system 1 over
 * articles [first, first + n): resample articles with replacement, the
 * same resample for every metric, and take the 2.5th and 97.5th
 * percentiles of the resampled means (indexes as rouge.py --ci takes
 * them). */
static int eval_diff(const struct eval_run *run, size_t first, size_t n,
                     struct eval_diff *out)
{
        unsigned long b, samples = run->o.bootstrap;
        double *diff, *means[ROUGE_N_METRICS] = { NULL };
        uint64_t state = run->o.seed;
        size_t i;
        int m, rc = 0;

        memset(out, 0, sizeof(*out));
        if (n == 0)
                return 0;
        diff = malloc(n * ROUGE_N_METRICS * sizeof(*diff));
        if (diff == NULL)
                return -ENOMEM;
        for (i = 0; i < n; i++) {
                const struct eval_doc *d = &run->docs[(first + i) *
                                                      EVAL_MAX_SYSTEMS];

                for (m = 0; m < ROUGE_N_METRICS; m++) {
                        diff[i * ROUGE_N_METRICS + m] =
                                100.0 * (d[0].s.m[m].f - d[1].s.m[m].f);
                        out->mean[m] += diff[i * ROUGE_N_METRICS + m];
                }
        }
        for (m = 0; m < ROUGE_N_METRICS; m++)
                out->mean[m] /= (double)n;
        if (samples == 0)
                goto out;
        for (m = 0; m < ROUGE_N_METRICS; m++) {
                means[m] = malloc(samples * sizeof(double));
                if (means[m] == NULL) {
                        rc = -ENOMEM;
                        goto out;
                }
        }
        for (b = 0; b < samples; b++) {
                double sum[ROUGE_N_METRICS] = { 0 };

                for (i = 0; i < n; i++) {
                        size_t j = (size_t)(eval_rand(&state) % n);

                        for (m = 0; m < ROUGE_N_METRICS; m++)
                                sum[m] += diff[j * ROUGE_N_METRICS + m];
                }
                for (m = 0; m < ROUGE_N_METRICS; m++) {
                        means[m][b] = sum[m] / (double)n;
                        out->le0[m] += means[m][b] <= 0.0;
                }
        }
        for (m = 0; m < ROUGE_N_METRICS; m++) {
                size_t lo = (size_t)(0.025 * (double)samples);
                size_t hi = (size_t)(0.975 * (double)samples);

                qsort(means[m], samples, sizeof(double), eval_cmp_double);
                out->lo[m] = means[m][lo];
                out->hi[m] = means[m][hi > 0 ? hi - 1 : 0];
                out->le0[m] /= (double)samples;
        }
out:
        for (m = 0; m < ROUGE_N_METRICS; m++)
                free(means[m]);
        free(diff);
        return rc;
}

static void eval_rule(const struct eval_opts *o, char *buf, size_t size)
{
        switch (o->unit) {
        case PRECIS_LENGTH_WORDS:
                snprintf(buf, size, "%g words", o->length);
                break;
        case PRECIS_LENGTH_RATIO:
                snprintf(buf, size, "ratio %g", o->length);
                break;
        default:
                snprintf(buf, size, "%g sentences", o->length);
                break;
        }
}

static void eval_print_block(const struct eval_run *run, const char *name,
                             size_t first, size_t n,
                             const struct eval_diff *diff)
{
        size_t k;
        int m;

        printf("\n== %s (n=%zu)\n", name, n);
        printf("%-16s %7s %6s", "system", "words", "sents");
        for (m = 0; m < ROUGE_N_METRICS; m++)
                printf(" %7s", rouge_metric_label[m]);
        printf(" %7s\n", "failed");
        for (k = 0; k < run->o.n_systems; k++) {
                struct eval_agg a;

                eval_aggregate(run, first, n, k, &a);
                printf("%-16s %7.1f %6.2f", run->o.system[k], a.words,
                       a.sents);
                for (m = 0; m < ROUGE_N_METRICS; m++)
                        printf(" %7.2f", a.m[m].f);
                printf(" %7zu\n", a.failed);
        }
        if (diff == NULL)
                return;
        printf("%-16s %14s", "difference", "");
        for (m = 0; m < ROUGE_N_METRICS; m++)
                printf(" %+7.2f", diff->mean[m]);
        printf("\n");
        if (run->o.bootstrap == 0)
                return;
        printf("%-16s %14s", "  95% CI low", "");
        for (m = 0; m < ROUGE_N_METRICS; m++)
                printf(" %+7.2f", diff->lo[m]);
        printf("\n%-16s %14s", "  95% CI high", "");
        for (m = 0; m < ROUGE_N_METRICS; m++)
                printf(" %+7.2f", diff->hi[m]);
        printf("\n%-16s %14s", "  P(diff <= 0)", "");
        for (m = 0; m < ROUGE_N_METRICS; m++)
                printf(" %7.3f", diff->le0[m]);
        printf("\n");
}

static json_t *eval_json_block(const struct eval_run *run, const char *name,
                               size_t first, size_t n,
                               const struct eval_diff *diff)
{
        json_t *b = json_object(), *systems = json_object();
        size_t k;
        int m;

        json_object_set_new(b, "name", json_string(name));
        json_object_set_new(b, "count", json_integer((json_int_t)n));
        for (k = 0; k < run->o.n_systems; k++) {
                json_t *s = json_object();
                struct eval_agg a;

                eval_aggregate(run, first, n, k, &a);
                json_object_set_new(s, "words", json_real(a.words));
                json_object_set_new(s, "sentences", json_real(a.sents));
                json_object_set_new(s, "failed",
                                    json_integer((json_int_t)a.failed));
                for (m = 0; m < ROUGE_N_METRICS; m++)
                        json_object_set_new(s, rouge_metric_key[m],
                                json_pack("{s:f,s:f,s:f}",
                                          "precision", a.m[m].p,
                                          "recall", a.m[m].r,
                                          "f1", a.m[m].f));
                json_object_set_new(systems, run->o.system[k], s);
        }
        json_object_set_new(b, "systems", systems);
        if (diff != NULL) {
                json_t *d = json_object();

                for (m = 0; m < ROUGE_N_METRICS; m++) {
                        json_t *x = json_pack("{s:f}", "mean",
                                              diff->mean[m]);

                        if (run->o.bootstrap > 0) {
                                json_object_set_new(x, "ci95",
                                        json_pack("[f,f]", diff->lo[m],
                                                  diff->hi[m]));
                                json_object_set_new(x, "share_le0",
                                        json_real(diff->le0[m]));
                        }
                        json_object_set_new(d, rouge_metric_key[m], x);
                }
                json_object_set_new(b, "difference", d);
        }
        return b;
}

static int eval_report(const struct eval_run *run)
{
        bool paired = run->o.n_systems == 2;
        struct eval_diff diff;
        char rule[64];
        json_t *root = NULL, *sets = NULL;
        size_t s, k;
        int rc;

        eval_rule(&run->o, rule, sizeof(rule));
        if (run->o.json) {
                root = json_object();
                sets = json_array();
                json_object_set_new(root, "length", json_string(rule));
                json_object_set_new(root, "stemmer",
                                    json_string(run->o.stemmer_name));
                json_object_set_new(root, "system",
                                    json_string(run->o.system[0]));
                if (paired)
                        json_object_set_new(root, "baseline",
                                            json_string(run->o.system[1]));
                json_object_set_new(root, "bootstrap",
                        json_integer((json_int_t)run->o.bootstrap));
                json_object_set_new(root, "seed",
                        json_integer((json_int_t)run->o.seed));
                for (k = 0; k < run->o.n_systems; k++) {
                        json_t *t = json_pack("{s:s?,s:f,s:f}",
                                "algorithm", run->lib_name[k],
                                "seconds", run->seconds[k],
                                "articles_per_second",
                                run->seconds[k] > 0
                                        ? (double)run->n_docs /
                                                  run->seconds[k]
                                        : 0.0);

                        json_object_set_new(root, k == 0 ? "timing"
                                                         : "baseline_timing",
                                            t);
                }
        } else {
                printf("summ-eval: length %s; ROUGE F1 x100, stemmer %s;",
                       rule, run->o.stemmer_name);
                if (paired && run->o.bootstrap > 0)
                        printf(" difference = %s - %s, paired bootstrap "
                               "%lu (seed %llu)", run->o.system[0],
                               run->o.system[1], run->o.bootstrap,
                               (unsigned long long)run->o.seed);
                printf("\n");
                for (k = 0; k < run->o.n_systems; k++)
                        printf("%s: %zu articles in %.2f s (%.0f/s)\n",
                               run->o.system[k], run->n_docs,
                               run->seconds[k],
                               run->seconds[k] > 0 ? (double)run->n_docs /
                                                             run->seconds[k]
                                                   : 0.0);
        }
        for (s = 0; s <= run->n_sets; s++) {
                /* The pooled block comes last, and only for several sets. */
                bool pooled = s == run->n_sets;
                const char *name = pooled ? "pooled" : run->sets[s].name;
                size_t first = pooled ? 0 : run->sets[s].first;
                size_t n = pooled ? run->n_docs : run->sets[s].n;

                if (pooled && run->n_sets == 1 && !run->o.json)
                        break;
                if (paired) {
                        rc = eval_diff(run, first, n, &diff);
                        if (rc != 0) {
                                json_decref(root);
                                json_decref(sets);
                                return rc;
                        }
                }
                if (!run->o.json) {
                        eval_print_block(run, name, first, n,
                                         paired ? &diff : NULL);
                } else if (pooled) {
                        json_object_set_new(root, "pooled",
                                eval_json_block(run, name, first, n,
                                                paired ? &diff : NULL));
                } else {
                        json_array_append_new(sets,
                                eval_json_block(run, name, first, n,
                                                paired ? &diff : NULL));
                }
        }
        if (run->o.json) {
                json_object_set_new(root, "sets", sets);
                rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
                printf("\n");
                json_decref(root);
                if (rc != 0)
                        return -EIO;
        }
        return fflush(stdout) == 0 ? 0 : -EIO;
}

static bool eval_known_algorithm(const char *name)
{
        const char *const *a;

        if (strcmp(name, "default") == 0)
                return true;
        for (a = precis_summary_algorithms(); *a != NULL; a++)
                if (strcmp(*a, name) == 0)
                        return true;
        return false;
}

static bool eval_parse_num(const char *s, double min, double max, double *out)
{
        char *end;
        double v;

        errno = 0;
        v = strtod(s, &end);
        if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
                return false;
        *out = v;
        return true;
}

int main(int argc, char **argv)
{
        static const struct option longopts[] = {
                { "sentences", required_argument, NULL, 's' },
                { "words", required_argument, NULL, 'w' },
                { "ratio", required_argument, NULL, 'r' },
                { "algorithm", required_argument, NULL, 'a' },
                { "baseline", required_argument, NULL, 'b' },
                { "out", required_argument, NULL, 'o' },
                { "bootstrap", required_argument, NULL, 'B' },
                { "seed", required_argument, NULL, 'S' },
                { "stemmer", required_argument, NULL, 'n' },
                { "json", no_argument, NULL, 'j' },
                { "param", required_argument, NULL, 'P' },
                { "help", no_argument, NULL, 'h' },
                { NULL, 0, NULL, 0 },
        };
        struct eval_run run = { 0 };
        struct precis__score_params params;
        const char *baseline = NULL;
        int c, i, rc, lengths = 0;
        double v;
        size_t s;

        precis__score_params_default(&params);
        run.o.unit = PRECIS_LENGTH_SENTENCES;
        run.o.length = 3;
        run.o.system[0] = "default";
        run.o.bootstrap = 1000;
        run.o.seed = 1;
        run.o.stemmer = ROUGE_STEM_NLTK;
        run.o.stemmer_name = "nltk";
        while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
                switch (c) {
                case 's':
                case 'w':
                        if (!eval_parse_num(optarg, 1, 1e9, &v) ||
                            v != (double)(long)v) {
                                fprintf(stderr, "summ-eval: '%s' is not a "
                                        "positive whole number\n", optarg);
                                return 2;
                        }
                        run.o.unit = c == 's' ? PRECIS_LENGTH_SENTENCES
                                              : PRECIS_LENGTH_WORDS;
                        run.o.length = v;
                        lengths++;
                        break;
                case 'r':
                        if (!eval_parse_num(optarg, 0, 1, &v) || v == 0) {
                                fprintf(stderr, "summ-eval: --ratio wants a "
                                        "number in (0, 1], not '%s'\n",
                                        optarg);
                                return 2;
                        }
                        run.o.unit = PRECIS_LENGTH_RATIO;
                        run.o.length = v;
                        lengths++;
                        break;
                case 'a':
                        run.o.system[0] = optarg;
                        break;
                case 'b':
                        baseline = optarg;
                        break;
                case 'o':
                        run.o.out_dir = optarg;
                        break;
                case 'B':
                        if (!eval_parse_num(optarg, 0, 1e7, &v) ||
                            v != (double)(long)v) {
                                fprintf(stderr, "summ-eval: --bootstrap "
                                        "wants a count, not '%s'\n", optarg);
                                return 2;
                        }
                        run.o.bootstrap = (unsigned long)v;
                        break;
                case 'S':
                        if (!eval_parse_num(optarg, 0, 1e15, &v) ||
                            v != (double)(long long)v) {
                                fprintf(stderr, "summ-eval: --seed wants a "
                                        "whole number, not '%s'\n", optarg);
                                return 2;
                        }
                        run.o.seed = (uint64_t)v;
                        break;
                case 'n':
                        if (rouge_stemmer_parse(optarg,
                                                &run.o.stemmer) != 0) {
                                fprintf(stderr, "summ-eval: unknown "
                                        "stemmer '%s' (nltk, porter, "
                                        "none)\n", optarg);
                                return 2;
                        }
                        run.o.stemmer_name = optarg;
                        break;
                case 'j':
                        run.o.json = true;
                        break;
                case 'P':
                        if (precis__score_params_parse(&params, optarg) != 0) {
                                fprintf(stderr, "summ-eval: bad --param "
                                        "'%s'\n", optarg);
                                return 2;
                        }
                        precis__score_params_set(&params);
                        break;
                case 'h':
                        usage(stdout);
                        return 0;
                default:
                        usage(stderr);
                        return 2;
                }
        }
        if (optind >= argc || lengths > 1) {
                if (lengths > 1)
                        fprintf(stderr, "summ-eval: give one of --sentences, "
                                "--words, --ratio\n");
                usage(stderr);
                return 2;
        }
        run.o.n_systems = 1;
        if (baseline != NULL)
                run.o.system[run.o.n_systems++] = baseline;
        for (s = 0; s < run.o.n_systems; s++) {
                if (!eval_known_algorithm(run.o.system[s])) {
                        const char *const *a;

                        fprintf(stderr, "summ-eval: unknown algorithm '%s'; "
                                "known:", run.o.system[s]);
                        for (a = precis_summary_algorithms(); *a; a++)
                                fprintf(stderr, " %s", *a);
                        fprintf(stderr, "\n");
                        return 2;
                }
        }
        if (precis_init() != 0) {
                fprintf(stderr, "summ-eval: cannot initialise libsodium\n");
                return 1;
        }
        rc = rouge_new(run.o.stemmer, &run.rouge);
        if (rc != 0) {
                fprintf(stderr, "summ-eval: cannot create the scorer: %s\n",
                        strerror(-rc));
                return 1;
        }
        for (i = optind; i < argc && rc == 0; i++)
                rc = eval_set_run(&run, argv[i]);
        if (rc == 0)
                rc = eval_report(&run);
        if (rc != 0 && rc != -ENOENT)
                fprintf(stderr, "summ-eval: %s\n", precis_strerror(rc));
        for (s = 0; s < run.n_sets; s++)
                free(run.sets[s].name);
        free(run.sets);
        free(run.docs);
        rouge_free(run.rouge);
        return rc == 0 ? 0 : 1;
}
