#include <getopt.h>

#include <precis/store.h>

#include "cli.h"
#include "options.h"
#include "output.h"
#include "term.h"

static const char stats_usage[] =
        "usage: precis stats [--json]\n"
        "Counts and sizes of the store: articles, paths, failures, bytes, "
        "words,\n"
        "languages, formats, first and last ingest.\n"
        "  --json   an object: articles, failures, paths, bytes, ...\n";

static json_t *stats_counts_json(const struct precis_store_count *v, size_t n)
{
        json_t *o = json_object();
        size_t i;

        for (i = 0; i < n; i++)
                json_object_set_new(o, v[i].name, json_integer(v[i].count));
        return o;
}

static void stats_counts_text(FILE *f, const char *what,
                              const struct precis_store_count *v, size_t n)
{
        size_t i;

        fprintf(f, "%-13s", what);
        for (i = 0; i < n; i++)
                fprintf(f, "%s%s %lld", i > 0 ? ", " : "", v[i].name,
                        (long long) v[i].count);
        fputs(n == 0 ? "-\n" : "\n", f);
}

static int stats_run(struct cli_ctx *ctx, int argc, char **argv)
{
        struct precis_error err = { 0 };
        struct precis_store_stats s;
        struct precis_store *st;
        char t[32];
        int rc, json = 0;

        if (cli_json_only(ctx, argc, argv, stats_usage, 0, &json, &rc) < 0)
                return rc;
        rc = cli_store_open(ctx, PRECIS_STORE_READONLY, &st, NULL);
        if (rc != CLI_EXIT_OK)
                return rc;
        rc = precis_store_stats(st, &s, &err);
        precis_store_close(st);
        if (rc != 0)
                return cli_store_fail(ctx, rc, &err);
        if (json) {
                json_t *o = json_object();

                json_object_set_new(o, "articles", json_integer(s.articles));
                json_object_set_new(o, "failures", json_integer(s.failures));
                json_object_set_new(o, "paths", json_integer(s.paths));
                json_object_set_new(o, "bytes", json_integer(s.bytes));
                json_object_set_new(o, "words", json_integer(s.words));
                json_object_set_new(o, "sentences",
                                    json_integer(s.sentences));
                json_object_set_new(o, "db_bytes", json_integer(s.file_bytes));
                json_object_set_new(o, "schema_version",
                                    json_integer(s.schema_version));
                json_object_set_new(o, "languages",
                                    stats_counts_json(s.languages,
                                                      s.n_languages));
                json_object_set_new(o, "formats",
                                    stats_counts_json(s.formats, s.n_formats));
                json_object_set_new(o, "first_stored",
                                    s.first_stored > 0
                                            ? json_string(cli_time(
                                                      s.first_stored, t))
                                            : json_null());
                json_object_set_new(o, "last_stored",
                                    s.last_stored > 0
                                            ? json_string(cli_time(
                                                      s.last_stored, t))
                                            : json_null());
                json_object_set_new(o, "last_failure",
                                    s.last_failure > 0
                                            ? json_string(cli_time(
                                                      s.last_failure, t))
                                            : json_null());
                rc = cli_json_print(ctx, o, 0);
        } else {
                FILE *f = ctx->out;
                char hs[32];

                fprintf(f, "articles     %lld\n", (long long) s.articles);
                fprintf(f, "paths        %lld\n", (long long) s.paths);
                fprintf(f, "failures     %lld\n", (long long) s.failures);
                fprintf(f, "size         %s\n", cli_human_size(s.bytes, hs));
                fprintf(f, "words        %lld\n", (long long) s.words);
                fprintf(f, "sentences    %lld\n", (long long) s.sentences);
                fprintf(f, "store size   %s (schema %d)\n",
                        cli_human_size(s.file_bytes, hs), s.schema_version);
                stats_counts_text(f, "languages", s.languages, s.n_languages);
                stats_counts_text(f, "formats", s.formats, s.n_formats);
                fprintf(f, "first stored %s\n", cli_local_time(s.first_stored, t));
                fprintf(f, "last stored  %s\n", cli_local_time(s.last_stored, t));
                fprintf(f, "last failure %s\n", cli_local_time(s.last_failure, t));
        }
        precis_store_stats_done(&s);
        return cli_write_status(ctx, rc);
}

const struct cli_command cli_cmd_stats = {
        .name = "stats",
        .usage = "[--json]",
        .help = "counts, sizes, languages, formats, last ingest",
        .run = stats_run,
};
