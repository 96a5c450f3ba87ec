#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <precis/config.h>
#include <precis/store.h>

#include "cli.h"
#include "output.h"

int cli_config_load(struct cli_ctx *ctx, struct precis_config *cfg,
                    const char **ret_file)
{
        struct precis_error err = { 0 };
        const char *file = ctx->config_path;
        char *msgs = NULL;
        int rc;

        if (ret_file != NULL)
                *ret_file = NULL;
        if (file == NULL && access(precis_config_default_path(), F_OK) == 0)
                file = precis_config_default_path();
        if (file == NULL) {
                rc = precis_config_init_defaults(cfg);
                if (rc != 0)
                        return cli_fail(ctx, CLI_EXIT_INTERNAL,
                                        "out of memory");
                return CLI_EXIT_OK;
        }
        rc = precis_config_load(file, cfg, &msgs, &err);
        if (rc == PRECIS_E_CONFIG && msgs != NULL) {
                /* Every problem, one per line, each with file:line. */
                char *line, *save = NULL;

                for (line = strtok_r(msgs, "\n", &save); line != NULL;
                     line = strtok_r(NULL, "\n", &save))
                        cli_fail(ctx, 0, "%s", line);
                free(msgs);
                return CLI_EXIT_USAGE;
        }
        free(msgs);
        if (rc == -ENOMEM)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "out of memory");
        if (rc != 0)
                return cli_fail(ctx, CLI_EXIT_USAGE, "%s",
                                precis_error_msg(&err, rc));
        if (ret_file != NULL)
                *ret_file = file;
        return CLI_EXIT_OK;
}

int cli_store_fail(struct cli_ctx *ctx, int rc, const struct precis_error *err)
{
        const char *msg = precis_error_msg(err, rc);

        switch (rc) {
        case -ENOMEM:
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "out of memory");
        case PRECIS_E_NOTFOUND:
                return cli_fail(ctx, CLI_EXIT_NOTFOUND, "%s", msg);
        case PRECIS_E_AMBIGUOUS:
        case PRECIS_E_QUERY:
        case PRECIS_E_INVAL:
                return cli_fail(ctx, CLI_EXIT_USAGE, "%s", msg);
        case -ENOENT:
                return cli_fail(ctx, CLI_EXIT_STORE,
                                "%s\n(create one with `precis import DIR`, "
                                "or name it with --db PATH or [store] path "
                                "in the configuration)", msg);
        case -EBUSY:
                return cli_fail(ctx, CLI_EXIT_STORE, "%s", msg);
        default:
                return cli_fail(ctx, CLI_EXIT_STORE, "%s", msg);
        }
}

/* The store to open (@local false) or where precisd keeps its local
 * files for it (@local true; see precis_config_local_path()). */
static int cli_path(struct cli_ctx *ctx, bool local, char **ret_path)
{
        struct precis_config cfg;
        const char *file = NULL;
        char *path;
        int rc;

        if (ctx->db_path != NULL && !(local &&
                                      precis_store_is_url(ctx->db_path))) {
                path = strdup(ctx->db_path);
        } else {
                rc = cli_config_load(ctx, &cfg, &file);
                if (rc != CLI_EXIT_OK)
                        return rc;
                path = strdup(local ? precis_config_local_path(
                                              &cfg, file != NULL,
                                              ctx->db_path)
                                    : precis_config_store_path(
                                              &cfg, file != NULL, NULL));
                precis_config_done(&cfg);
        }
        if (path == NULL)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "out of memory");
        *ret_path = path;
        return CLI_EXIT_OK;
}

int cli_store_path(struct cli_ctx *ctx, char **ret_path)
{
        return cli_path(ctx, false, ret_path);
}

int cli_local_path(struct cli_ctx *ctx, char **ret_path)
{
        return cli_path(ctx, true, ret_path);
}

int cli_store_set_host(struct cli_ctx *ctx, struct precis_store *st)
{
        struct precis_config cfg;
        int rc;

        rc = cli_config_load(ctx, &cfg, NULL);
        if (rc != CLI_EXIT_OK)
                return rc;
        rc = precis_store_set_host(st, cfg.host_name);
        precis_config_done(&cfg);
        if (rc != 0)
                return cli_fail(ctx, CLI_EXIT_INTERNAL, "out of memory");
        return CLI_EXIT_OK;
}

int cli_store_open(struct cli_ctx *ctx, unsigned flags,
                   struct precis_store **ret_st, char **ret_path)
{
        struct precis_error err = { 0 };
        char *path = NULL; /* set when cli_store_path() succeeds */
        int rc;

        rc = cli_store_path(ctx, &path);
        if (rc != CLI_EXIT_OK)
                return rc;
        rc = precis_store_open(path, flags, ret_st, &err);
        if (rc != 0) {
                free(path);
                return cli_store_fail(ctx, rc, &err);
        }
        if (ret_path != NULL)
                *ret_path = path;
        else
                free(path);
        return CLI_EXIT_OK;
}
