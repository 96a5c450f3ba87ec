#ifndef PRECIS_CONFIG_H
#define PRECIS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <precis/error.h>
#include <precis/summary.h>

/* The configuration file (INI, read with inih).  One table of keys (see
 * precis_config_keys()) drives parsing, defaults, validation and
 * precis_config_dump(); config/precis.conf documents every key and a unit
 * test keeps it in sync with the table.  No global state: any thread. */

enum precis_after {
        PRECIS_AFTER_KEEP = 0, /* leave the file in the inbox */
        PRECIS_AFTER_MOVE,     /* move it to done_dir */
        PRECIS_AFTER_DELETE,   /* delete it */
};

struct precis_strlist {
        char **v; /* owned array of owned strings */
        size_t n; /* entries in v */
};

struct precis_config {
        /* [inbox] */
        char *inbox_path;              /* owned; the watched folder */
        bool recursive;                /* watch subfolders too */
        unsigned settle_ms;            /* quiet time before a file is taken */
        unsigned poll_interval;        /* seconds; 0 = kernel events */
        unsigned rescan_interval;      /* seconds between safety rescans
                                        * with kernel events; 0 = none */
        enum precis_after after;       /* what to do with a stored file */
        char *done_dir;                /* owned; NULL when unset */
        char *failed_dir;              /* owned; NULL when unset */
        struct precis_strlist ignore;  /* owned; fnmatch() globs on names */
        uint64_t max_bytes;            /* largest file taken */
        bool follow_symlinks;          /* take symlinks (inside the inbox) */
        struct precis_strlist extensions; /* owned; empty = any, else e.g.
                                           * "txt" (no dot, any case) */
        /* [store] */
        char *store_path;              /* owned; the database file */
        char *store_url;               /* owned; postgresql:// URL or NULL */
        char *host_name;               /* owned; NULL = the hostname */
        /* [summary] */
        char *length;                  /* owned; "5", "120w" or "20%" */
        enum precis_length_unit length_unit; /* parsed from length */
        double length_value;           /* parsed from length */
        char *algorithm;               /* owned; "default" or a name */
        char *language;                /* owned; "auto" or a language */
        unsigned keywords;             /* keywords stored per article */
};

enum precis_config_type {
        PRECIS_CONF_STRING = 0, /* any string */
        PRECIS_CONF_PATH,       /* a path; empty = unset (NULL) */
        PRECIS_CONF_BOOL,       /* true/false, yes/no, on/off, 1/0 */
        PRECIS_CONF_UINT,       /* unsigned integer in [min, max] */
        PRECIS_CONF_U64,        /* 64-bit unsigned integer in [min, max] */
        PRECIS_CONF_LIST,       /* comma-separated list */
        PRECIS_CONF_AFTER,      /* keep | move | delete */
        PRECIS_CONF_LENGTH,     /* summary length: N, Nw or N% */
        PRECIS_CONF_ALGORITHM,  /* one of precis_summary_algorithms() */
        PRECIS_CONF_LANGUAGE,   /* auto or a known language */
};

/* One key of the table. */
struct precis_config_key {
        const char *section;        /* e.g. "inbox" */
        const char *key;            /* e.g. "settle_ms" */
        enum precis_config_type type; /* how the value is parsed */
        size_t offset;              /* offsetof() in struct precis_config */
        const char *def;            /* default, as written in the file */
        uint64_t min, max;          /* bounds for UINT/U64 */
        const char *doc;            /* one-line description */
};

/* The table, terminated by an entry whose key is NULL (static). */
const struct precis_config_key *precis_config_keys(void);

/* The default configuration file ("/etc/precis/precis.conf" unless the
 * build says otherwise; static string). */
const char *precis_config_default_path(void);

/* Fill @c with every default.  @c is overwritten (not freed first); release
 * with precis_config_done().  Returns 0 or -ENOMEM (then @c is empty). */
int precis_config_init_defaults(struct precis_config *c);

/* Read the INI file @path over the defaults into @c (overwritten, not
 * freed first).  Every problem - syntax, unknown section or key, bad value,
 * duplicate key - is collected with its "file:line"; when there are any,
 * returns PRECIS_E_CONFIG, @err holds the first ("and N more"), and
 * *ret_msgs (nullable) gets all of them, one per line (free()).  A file
 * that cannot be opened is -errno.  On failure @c is left empty (done). */
int precis_config_load(const char *path, struct precis_config *c,
                       char **ret_msgs, struct precis_error *err);

/* Same as precis_config_load() but from the string @text, with @name used
 * in messages in place of a file name. */
int precis_config_load_string(const char *text, const char *name,
                              struct precis_config *c, char **ret_msgs,
                              struct precis_error *err);

/* Set one key from its text form, validated as the file would be (for
 * command-line overrides such as `precisd --inbox DIR`).  PRECIS_E_CONFIG
 * for an unknown key or a bad value, -ENOMEM. */
int precis_config_set(struct precis_config *c, const char *section,
                      const char *key, const char *value,
                      struct precis_error *err);

/* Write the effective configuration of @c to @f as an INI file that
 * precis_config_load() reads back to the same values, each key preceded by
 * its description.  Returns 0 or -EIO. */
int precis_config_dump(const struct precis_config *c, FILE *f);

/* Summary options from [summary] of @c.  The strings in @o are borrowed
 * from @c and live as long as it does. */
void precis_config_summary_opts(const struct precis_config *c,
                                struct precis_summary_opts *o);

/* Whether a file called @name (a base name, borrowed) is to be taken from
 * the inbox by the name rules: not matched by an `ignore` glob and, when
 * `extensions` is set, ending in one of them.  Returns 1 to take it, 0 to
 * ignore it.  (File type, size and symlink rules are the caller's.) */
int precis_config_name_wanted(const struct precis_config *c, const char *name);

/* The store used when no configuration file is read (the quick start:
 * `precisd --inbox DIR`, `precis import DIR` in a home directory). */
#define PRECIS_STORE_FALLBACK "./precis.db"

/* The store a program opens: @db_opt (a --db option; nullable) when given;
 * else, when no configuration file was read (@from_file false), the
 * fallback ./precis.db, since the built-in default names the service's
 * store; else [store] path of @c.  Returns a string borrowed from the
 * arguments or static.  precisd and every precis command use it. */
const char *precis_config_store_path(const struct precis_config *c,
                                     bool from_file, const char *db_opt);

/* Where precisd keeps its local files (<path>.status, <path>.lock): the
 * store path itself for an SQLite store; for a PostgreSQL URL, [store]
 * path (or the fallback), since a URL names no place on this machine. */
const char *precis_config_local_path(const struct precis_config *c,
                                     bool from_file, const char *db_opt);

/* The status file precisd keeps beside the store @db: "<db>.status".
 * Returns a new string (free()), NULL without memory. */
char *precis_config_status_path(const char *db);

/* The rules that tie keys together (after = move needs done_dir), checked
 * for a file by precis_config_load() and for command-line overrides by
 * precisd.  Returns NULL when @c keeps them, else a static message naming
 * the keys. */
const char *precis_config_cross_check(const struct precis_config *c);

/* Free what @c owns and zero it; NULL is a no-op. */
void precis_config_done(struct precis_config *c);

#endif /* PRECIS_CONFIG_H */
