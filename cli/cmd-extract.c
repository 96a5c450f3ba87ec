#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <precis/doc.h>
#include <precis/lang.h>

#include "cli.h"
#include "options.h"
#include "input.h"

static const char extract_usage[] =
        "usage: precis extract [--json] FILE|-\n"
        "  prints the clean text the summarizer sees: the title, a blank "
        "line,\n"
        "  then the paragraphs separated by blank lines\n"
        "  --json   {\"title\", \"format\", \"language\", \"paragraphs\"}\n";

/* Language of the extracted text, for --json. */
static const char *extract_language(const struct precis_text *t)
{
        size_t i, n = 0;
        char *buf = malloc(65536);
        const char *name;

        if (buf == NULL)
                return "english";
        for (i = 0; i < t->n_paras && n < 65535; i++) {
                size_t l = strlen(t->paras[i]);

                if (l > 65535 - n - 1)
                        l = 65535 - n - 1;
                memcpy(buf + n, t->paras[i], l);
                n += l;
                buf[n++] = '\n';
        }
        name = precis_lang_detect(buf, n);
        free(buf);
        return name;
}

static int extract_run(struct cli_ctx *ctx, int argc, char **argv)
{
        struct precis_error err = { 0 };
        struct precis_text t;
        char *data = NULL;
        size_t len = 0, i;
        int first, json = 0, rc;

        first = cli_json_only(ctx, argc, argv, extract_usage, 1, &json, &rc);
        if (first < 0)
                return rc;
        rc = cli_input_read(argv[first], CLI_INPUT_MAX, &data, &len, &err);
        if (rc != 0)
                return cli_fail(ctx, CLI_EXIT_USAGE, "%s: %s", argv[first],
                                precis_error_msg(&err, rc));
        rc = precis_extract(data, len, &t, &err);
        free(data);
        if (rc != 0)
                return cli_fail(ctx, rc == -ENOMEM ? CLI_EXIT_INTERNAL
                                                   : CLI_EXIT_USAGE,
                                "%s: %s", argv[first],
                                precis_error_msg(&err, rc));
        if (json) {
                json_t *root = json_object(), *paras = json_array();

                json_object_set_new(root, "title",
                                    t.title != NULL ? json_string(t.title)
                                                    : json_null());
                json_object_set_new(root, "format",
                                    json_string(precis_format_name(t.format)));
                json_object_set_new(root, "language",
                                    json_string(extract_language(&t)));
                for (i = 0; i < t.n_paras; i++)
                        json_array_append_new(paras, json_string(t.paras[i]));
                json_object_set_new(root, "paragraphs", paras);
                json_dumpf(root, ctx->out, JSON_INDENT(2));
                fputc('\n', ctx->out);
                json_decref(root);
        } else {
                fprintf(ctx->out, "%s\n", t.title != NULL ? t.title : "");
                for (i = 0; i < t.n_paras; i++)
                        fprintf(ctx->out, "\n%s\n", t.paras[i]);
        }
        precis_text_done(&t);
        return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_extract = {
        .name = "extract",
        .usage = "[--json] FILE|-",
        .help = "print the clean text the summarizer sees",
        .run = extract_run,
};
