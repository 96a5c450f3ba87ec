#include <precis/config.h>
#include <precis/store.h>

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <ini.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <precis/array.h>
#include <precis/lang.h>
#include <precis/summary.h>

#ifndef PRECIS_SYSCONF_FILE
#define PRECIS_SYSCONF_FILE "/etc/precis/precis.conf"
#endif

/* A configuration file is small; anything bigger is a mistake (or not a
 * configuration file at all) and is refused rather than read. */
#define CONFIG_FILE_MAX (1u << 20)

/* Longest line inih reads (INI_MAX_LINE less the newline and the NUL), and
 * the width at which precis_config_dump() wraps a list. */
#define CONFIG_LINE_MAX 198
#define CONFIG_DUMP_WIDTH 78

#define KEY(sec, name, type, field, def, min, max, doc)                      \
        { sec, name, type, offsetof(struct precis_config, field), def, min,  \
          max, doc }

/* The one table: every key, its type, default, bounds and description.
 * Parsing, defaults, validation, dump and the shipped precis.conf (checked
 * by test-config) all follow it. */
static const struct precis_config_key config_keys[] = {
        KEY("inbox", "path", PRECIS_CONF_STRING, inbox_path,
            "/var/lib/precis/inbox", 1, 0, "the watched folder"),
        KEY("inbox", "recursive", PRECIS_CONF_BOOL, recursive, "false", 0, 0,
            "also watch subfolders"),
        KEY("inbox", "settle_ms", PRECIS_CONF_UINT, settle_ms, "500", 0,
            3600000, "quiet time after the last change before a closed "
            "file is taken"),
        KEY("inbox", "poll_interval", PRECIS_CONF_UINT, poll_interval, "0",
            0, 86400, "seconds; 0 = kernel events (polling is chosen "
            "automatically where they fail)"),
        KEY("inbox", "rescan_interval", PRECIS_CONF_UINT, rescan_interval,
            "0", 0, 86400, "seconds between full rescans even when kernel "
            "events work (a safety net); 0 = none"),
        KEY("inbox", "after", PRECIS_CONF_AFTER, after, "keep", 0, 0,
            "keep | move | delete"),
        KEY("inbox", "done_dir", PRECIS_CONF_PATH, done_dir, "", 0, 0,
            "for after = move"),
        KEY("inbox", "failed_dir", PRECIS_CONF_PATH, failed_dir, "", 0, 0,
            "failed files go here when set"),
        KEY("inbox", "ignore", PRECIS_CONF_LIST, ignore,
            ".*, *.tmp, *.part, *.filepart, *.crdownload, *.swp, *~", 0, 0,
            "comma-separated shell globs (fnmatch) on file names"),
        KEY("inbox", "max_bytes", PRECIS_CONF_U64, max_bytes, "16777216", 1,
            UINT64_C(1) << 40, "larger files fail as too big"),
        KEY("inbox", "follow_symlinks", PRECIS_CONF_BOOL, follow_symlinks,
            "false", 0, 0, "take symlinks (never out of the inbox)"),
        KEY("inbox", "extensions", PRECIS_CONF_LIST, extensions, "", 0, 0,
            "comma-separated extensions to take, e.g. txt, html, md; "
            "empty = any"),
        KEY("store", "path", PRECIS_CONF_STRING, store_path,
            "/var/lib/precis/precis.db", 1, 0, "the database file (SQLite); "
            "with url set, only where precisd keeps <path>.status and "
            "<path>.lock"),
        KEY("store", "url", PRECIS_CONF_STRING, store_url, "", 0, 0,
            "postgresql://... of a PostgreSQL store shared by several "
            "hosts; empty = the SQLite file at path"),
        KEY("store", "host_name", PRECIS_CONF_STRING, host_name, "", 0, 0,
            "this host's name in a shared store; empty = the hostname"),
        KEY("summary", "length", PRECIS_CONF_LENGTH, length, "5", 0, 0,
            "\"5\" sentences, \"120w\" words, or \"20%\" of the article"),
        KEY("summary", "algorithm", PRECIS_CONF_ALGORITHM, algorithm,
            "default", 0, 0, "summarizer; `precis summarize --help` lists "
            "them"),
        KEY("summary", "language", PRECIS_CONF_LANGUAGE, language, "auto", 0,
            0, "auto (detect) or a language name or code"),
        KEY("summary", "keywords", PRECIS_CONF_UINT, keywords, "10", 0, 100,
            "keywords stored per article"),
        { NULL, NULL, 0, 0, NULL, 0, 0, NULL },
};

const struct precis_config_key *precis_config_keys(void)
{
        return config_keys;
}

const char *precis_config_default_path(void)
{
        return PRECIS_SYSCONF_FILE;
}

static void *config_field(struct precis_config *c,
                          const struct precis_config_key *k)
{
        return (char *) c + k->offset;
}

static const void *config_cfield(const struct precis_config *c,
                                 const struct precis_config_key *k)
{
        return (const char *) c + k->offset;
}

static void config_strlist_done(struct precis_strlist *l)
{
        size_t i;

        for (i = 0; i < l->n; i++)
                free(l->v[i]);
        free(l->v);
        l->v = NULL;
        l->n = 0;
}

static char *config_trim(char *s)
{
        char *e;

        while (isspace((unsigned char) *s))
                s++;
        e = s + strlen(s);
        while (e > s && isspace((unsigned char) e[-1]))
                *--e = '\0';
        return s;
}

/* Append the comma-separated items of @value to @l (empty items skipped).
 * For extensions a leading dot is dropped. */
static int config_strlist_add(struct precis_strlist *l, const char *value,
                              bool strip_dot)
{
        char *copy, *item, *save = NULL;
        /* The list keeps no capacity: its array holds l->n at least. */
        size_t cap = l->n;
        int rc = 0;

        copy = strdup(value);
        if (copy == NULL)
                return -ENOMEM;
        for (item = strtok_r(copy, ",", &save); item != NULL;
             item = strtok_r(NULL, ",", &save)) {
                item = config_trim(item);
                /* ". txt" is "txt" and ".." nothing: trim again after
                 * each dot. */
                while (strip_dot && *item == '.')
                        item = config_trim(item + 1);
                if (*item == '\0')
                        continue;
                if (PRECIS_GROW(l->v, l->n, cap, 8) != 0) {
                        rc = -ENOMEM;
                        break;
                }
                l->v[l->n] = strdup(item);
                if (l->v[l->n] == NULL) {
                        rc = -ENOMEM;
                        break;
                }
                l->n++;
        }
        free(copy);
        return rc;
}

/* Replace the string at @field with a copy of @v (NULL for none). */
static int config_set_str(char **field, const char *v)
{
        char *copy = NULL;

        if (v != NULL) {
                copy = strdup(v);
                if (copy == NULL)
                        return -ENOMEM;
        }
        free(*field);
        *field = copy;
        return 0;
}

static int config_parse_bool(const char *v, bool *out)
{
        static const char *const yes[] = { "true", "yes", "on", "1" };
        static const char *const no[] = { "false", "no", "off", "0" };
        size_t i;

        for (i = 0; i < 4; i++) {
                if (strcasecmp(v, yes[i]) == 0) {
                        *out = true;
                        return 0;
                }
                if (strcasecmp(v, no[i]) == 0) {
                        *out = false;
                        return 0;
                }
        }
        return -1;
}

static int config_parse_u64(const char *v, uint64_t *out)
{
        unsigned long long n;
        char *end;

        if (!isdigit((unsigned char) *v))
                return -1;
        errno = 0;
        n = strtoull(v, &end, 10);
        if (errno != 0 || *end != '\0')
                return -1;
        *out = n;
        return 0;
}

static const char *const config_after_names[] = { "keep", "move", "delete" };

/* Parse @value for key @k into @c.  Returns 0, -ENOMEM, or
 * PRECIS_E_CONFIG with the reason in @why (without the location).
 * @append is set for a continuation line of a list. */
static int config_apply(struct precis_config *c,
                        const struct precis_config_key *k, const char *value,
                        bool append, char *why, size_t why_len)
{
        void *field = config_field(c, k);
        uint64_t n;
        size_t i;

        switch (k->type) {
        case PRECIS_CONF_STRING:
        case PRECIS_CONF_PATH: {
                char **s = field;

                if (*value == '\0' && k->min > 0) {
                        snprintf(why, why_len, "%s.%s must not be empty",
                                 k->section, k->key);
                        return PRECIS_E_CONFIG;
                }
                return config_set_str(s, *value != '\0' ? value : NULL);
        }
        case PRECIS_CONF_BOOL:
                if (config_parse_bool(value, field) != 0) {
                        snprintf(why, why_len,
                                 "%s.%s: '%s' is not a boolean (use true or "
                                 "false)", k->section, k->key, value);
                        return PRECIS_E_CONFIG;
                }
                return 0;
        case PRECIS_CONF_UINT:
        case PRECIS_CONF_U64: {
                uint64_t max = k->max;

                if (k->type == PRECIS_CONF_UINT && (max == 0 || max > UINT_MAX))
                        max = UINT_MAX;
                if (max == 0)
                        max = UINT64_MAX;
                if (config_parse_u64(value, &n) != 0 || n < k->min ||
                    n > max) {
                        snprintf(why, why_len,
                                 "%s.%s: '%s' is not a whole number from "
                                 "%llu to %llu", k->section, k->key, value,
                                 (unsigned long long) k->min,
                                 (unsigned long long) max);
                        return PRECIS_E_CONFIG;
                }
                if (k->type == PRECIS_CONF_UINT)
                        *(unsigned *) field = (unsigned) n;
                else
                        *(uint64_t *) field = n;
                return 0;
        }
        case PRECIS_CONF_LIST: {
                struct precis_strlist *l = field;
                bool strip_dot = strcmp(k->key, "extensions") == 0;

                if (!append)
                        config_strlist_done(l);
                return config_strlist_add(l, value, strip_dot);
        }
        case PRECIS_CONF_AFTER:
                for (i = 0; i < 3; i++) {
                        if (strcasecmp(value, config_after_names[i]) == 0) {
                                *(enum precis_after *) field =
                                        (enum precis_after) i;
                                return 0;
                        }
                }
                snprintf(why, why_len,
                         "%s.%s: '%s' is not one of keep, move, delete",
                         k->section, k->key, value);
                return PRECIS_E_CONFIG;
        case PRECIS_CONF_LENGTH: {
                enum precis_length_unit unit;
                double len;
                char **s = field;

                if (precis_summary_length_parse(value, &unit, &len) != 0) {
                        snprintf(why, why_len,
                                 "%s.%s: '%s' is not a length (\"5\" "
                                 "sentences, \"120w\" words or \"20%%\")",
                                 k->section, k->key, value);
                        return PRECIS_E_CONFIG;
                }
                if (config_set_str(s, value) != 0)
                        return -ENOMEM;
                c->length_unit = unit;
                c->length_value = len;
                return 0;
        }
        case PRECIS_CONF_ALGORITHM: {
                struct precis_error aerr = { 0 };
                char **s = field;

                if (precis_summary_algorithm_check(value, &aerr) != 0) {
                        snprintf(why, why_len, "%s.%s: %s", k->section,
                                 k->key, aerr.msg);
                        return PRECIS_E_CONFIG;
                }
                return config_set_str(s, value);
        }
        case PRECIS_CONF_LANGUAGE: {
                const char *canon = value;
                struct precis_error e = { 0 };
                char **s = field;

                if (strcasecmp(value, "auto") == 0) {
                        canon = "auto";
                } else if (precis_lang_resolve(value, &canon, &e) != 0) {
                        snprintf(why, why_len, "%s.%s: %s", k->section,
                                 k->key, precis_error_msg(&e, e.code));
                        return PRECIS_E_CONFIG;
                }
                return config_set_str(s, canon);
        }
        }
        snprintf(why, why_len, "%s.%s: unsupported type", k->section, k->key);
        return PRECIS_E_CONFIG;
}

static const struct precis_config_key *config_find(const char *section,
                                                   const char *key)
{
        const struct precis_config_key *k;

        for (k = config_keys; k->key != NULL; k++)
                if (strcmp(k->section, section) == 0 &&
                    strcmp(k->key, key) == 0)
                        return k;
        return NULL;
}

static bool config_section_known(const char *section)
{
        const struct precis_config_key *k;

        for (k = config_keys; k->key != NULL; k++)
                if (strcmp(k->section, section) == 0)
                        return true;
        return false;
}

void precis_config_done(struct precis_config *c)
{
        const struct precis_config_key *k;

        if (c == NULL)
                return;
        for (k = config_keys; k->key != NULL; k++) {
                void *field = config_field(c, k);

                switch (k->type) {
                case PRECIS_CONF_STRING:
                case PRECIS_CONF_PATH:
                case PRECIS_CONF_LENGTH:
                case PRECIS_CONF_ALGORITHM:
                case PRECIS_CONF_LANGUAGE:
                        free(*(char **) field);
                        break;
                case PRECIS_CONF_LIST:
                        config_strlist_done(field);
                        break;
                default:
                        break;
                }
        }
        memset(c, 0, sizeof(*c));
}

int precis_config_init_defaults(struct precis_config *c)
{
        const struct precis_config_key *k;
        char why[256];
        int rc;

        memset(c, 0, sizeof(*c));
        for (k = config_keys; k->key != NULL; k++) {
                rc = config_apply(c, k, k->def, false, why, sizeof(why));
                if (rc != 0) {
                        /* Only -ENOMEM is possible: the defaults are
                         * valid by construction (test-config checks). */
                        precis_config_done(c);
                        return rc == PRECIS_E_CONFIG ? -EINVAL : rc;
                }
        }
        return 0;
}

/* ---- Loading ---- */

struct config_load {
        struct precis_config *c;  /* borrowed: being filled */
        const char *name;         /* borrowed: file name for messages */
        const char *text;         /* borrowed: the whole file, NUL-ended */
        size_t pos;               /* reader position in text */
        int line;                 /* number of the line last read */
        bool line_indented;       /* that line starts with white space */
        const char *section;      /* borrowed from inih: current section */
        int *seen;                /* owned: line each key was set on */
        char *msgs;               /* owned: collected errors, '\n' ended */
        size_t msgs_len;          /* bytes in msgs */
        size_t msgs_cap;          /* bytes allocated for msgs */
        size_t n_errors;          /* errors collected */
        char first[256];          /* the first error */
        int oom;                  /* -ENOMEM was hit */
};

static void config_add_error(struct config_load *L, int line,
                             const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void config_add_error(struct config_load *L, int line,
                             const char *fmt, ...)
{
        char buf[512];
        size_t off, len;
        va_list ap;

        if (line > 0)
                off = (size_t) snprintf(buf, sizeof(buf), "%s:%d: ", L->name,
                                        line);
        else
                off = (size_t) snprintf(buf, sizeof(buf), "%s: ", L->name);
        if (off >= sizeof(buf))
                off = sizeof(buf) - 1;
        va_start(ap, fmt);
        vsnprintf(buf + off, sizeof(buf) - off, fmt, ap);
        va_end(ap);
        len = strlen(buf);
        if (L->n_errors == 0) {
                size_t n = len < sizeof(L->first) - 1 ? len
                                                      : sizeof(L->first) - 1;

                memcpy(L->first, buf, n);
                L->first[n] = '\0';
        }
        L->n_errors++;
        /* The line, its newline and the final NUL. */
        if (PRECIS_RESERVE(L->msgs, L->msgs_len, len + 2, L->msgs_cap,
                           256) != 0) {
                L->oom = -ENOMEM;
                return;
        }
        memcpy(L->msgs + L->msgs_len, buf, len);
        L->msgs_len += len;
        L->msgs[L->msgs_len++] = '\n';
        L->msgs[L->msgs_len] = '\0';
}

/* fgets-like reader for inih over the in-memory file.  It counts lines, so
 * that each message can name its line (Debian's inih is built without
 * INI_HANDLER_LINENO), and catches what inih would only report once
 * (first error): overlong lines, unterminated sections and lines without
 * '='.  Such lines are reported here and handed to inih as blank. */
static char *config_reader(char *str, int num, void *stream)
{
        struct config_load *L = stream;
        const char *p = L->text + L->pos;
        const char *nl;
        size_t len, copy;
        char *t;

        if (*p == '\0')
                return NULL;
        nl = strchr(p, '\n');
        len = nl != NULL ? (size_t) (nl - p) + 1 : strlen(p);
        L->pos += len;
        L->line++;
        L->line_indented = len > 0 && (*p == ' ' || *p == '\t');
        copy = len;
        /* The same limit with or without the newline (a last line may
         * have none), so that what precis_config_dump() writes fits. */
        if (len - (nl != NULL) > (size_t) num - 2) {
                config_add_error(L, L->line, "line longer than %d bytes",
                                 num - 2);
                snprintf(str, (size_t) num, "\n");
                return str;
        }
        memcpy(str, p, copy);
        str[copy] = '\0';
        /* Recognise syntax errors with the same rules inih applies. */
        t = str;
        while (isspace((unsigned char) *t))
                t++;
        if (*t == '\0' || *t == ';' || *t == '#')
                return str;
        /* inih drops a " ;" comment from a key's line but keeps it in a
         * continuation line's value; drop it here so both read alike. */
        if (L->line_indented) {
                char *q;

                for (q = t + 1; *q != '\0'; q++)
                        if (*q == ';' && isspace((unsigned char) q[-1])) {
                                *q = '\0';
                                break;
                        }
        }
        if (*t == '[') {
                if (strchr(t, ']') == NULL) {
                        config_add_error(L, L->line,
                                         "section header without ']'");
                        snprintf(str, (size_t) num, "\n");
                }
                return str;
        }
        if (strchr(t, '=') == NULL && strchr(t, ':') == NULL &&
            !L->line_indented) {
                config_add_error(L, L->line,
                                 "expected 'key = value', a [section] or a "
                                 "comment");
                snprintf(str, (size_t) num, "\n");
        }
        return str;
}

static int config_handler(void *user, const char *section, const char *name,
                          const char *value)
{
        struct config_load *L = user;
        const struct precis_config_key *k;
        char why[384];
        size_t idx;
        bool append = false;
        int rc;

        if (!config_section_known(section)) {
                if (*section == '\0')
                        config_add_error(L, L->line,
                                         "key '%s' outside any section "
                                         "(expected [inbox], [store] or "
                                         "[summary])", name);
                else
                        config_add_error(L, L->line,
                                         "unknown section [%s]", section);
                return 1;
        }
        k = config_find(section, name);
        if (k == NULL) {
                config_add_error(L, L->line, "unknown key '%s' in [%s]", name,
                                 section);
                return 1;
        }
        idx = (size_t) (k - config_keys);
        if (L->seen[idx] != 0) {
                /* inih hands an indented line after a key to the handler
                 * as a continuation of that key. */
                if (L->line_indented && L->seen[idx] != L->line &&
                    k->type == PRECIS_CONF_LIST) {
                        append = true;
                } else if (L->line_indented) {
                        config_add_error(L, L->line,
                                         "indented line continues %s.%s, "
                                         "which takes one value", section,
                                         name);
                        return 1;
                } else {
                        config_add_error(L, L->line,
                                         "%s.%s already set on line %d",
                                         section, name, L->seen[idx]);
                        return 1;
                }
        }
        L->seen[idx] = L->line;
        rc = config_apply(L->c, k, value, append, why, sizeof(why));
        if (rc == -ENOMEM)
                L->oom = rc;
        else if (rc != 0)
                config_add_error(L, L->line, "%s", why);
        return 1;
}

static int config_load_text(const char *text, const char *name,
                            struct precis_config *c, char **ret_msgs,
                            struct precis_error *err)
{
        struct config_load L = { 0 };
        size_t n_keys = 0;
        int rc;

        while (config_keys[n_keys].key != NULL)
                n_keys++;
        rc = precis_config_init_defaults(c);
        if (rc != 0)
                return precis_error_set(err, rc, NULL);
        L.c = c;
        L.name = name;
        L.text = text;
        L.seen = calloc(n_keys, sizeof(*L.seen));
        if (L.seen == NULL) {
                precis_config_done(c);
                return precis_error_set(err, -ENOMEM, NULL);
        }
        rc = ini_parse_stream(config_reader, &L, config_handler, &L);
        if (rc > 0 && L.n_errors == 0)
                config_add_error(&L, rc, "syntax error");
        else if (rc < 0 && L.oom == 0)
                L.oom = -ENOMEM;
        /* Cross-key rules, reported at the line that asked for them. */
        if (precis_config_cross_check(c) != NULL) {
                size_t a = (size_t) (config_find("inbox", "after") -
                                     config_keys);

                config_add_error(&L, L.seen[a], "%s",
                                 precis_config_cross_check(c));
        }
        free(L.seen);
        if (L.oom != 0) {
                free(L.msgs);
                precis_config_done(c);
                return precis_error_set(err, -ENOMEM, NULL);
        }
        if (L.n_errors > 0) {
                if (L.n_errors > 1)
                        precis_error_set(err, PRECIS_E_CONFIG,
                                         "%s (and %zu more)", L.first,
                                         L.n_errors - 1);
                else
                        precis_error_set(err, PRECIS_E_CONFIG, "%s", L.first);
                if (ret_msgs != NULL)
                        *ret_msgs = L.msgs;
                else
                        free(L.msgs);
                precis_config_done(c);
                return PRECIS_E_CONFIG;
        }
        free(L.msgs);
        return 0;
}

int precis_config_load_string(const char *text, const char *name,
                              struct precis_config *c, char **ret_msgs,
                              struct precis_error *err)
{
        return config_load_text(text, name != NULL ? name : "<string>", c,
                                ret_msgs, err);
}

int precis_config_load(const char *path, struct precis_config *c,
                       char **ret_msgs, struct precis_error *err)
{
        FILE *f;
        char *text;
        size_t len;
        int rc;

        f = fopen(path, "re");
        if (f == NULL) {
                rc = -errno;
                memset(c, 0, sizeof(*c));
                return precis_error_set(err, rc, "cannot open '%s': %s", path,
                                        precis_strerror(rc));
        }
        text = malloc(CONFIG_FILE_MAX + 1);
        if (text == NULL) {
                fclose(f);
                memset(c, 0, sizeof(*c));
                return precis_error_set(err, -ENOMEM, NULL);
        }
        len = fread(text, 1, CONFIG_FILE_MAX + 1, f);
        rc = ferror(f) ? -EIO : 0;
        fclose(f);
        if (rc == 0 && len > CONFIG_FILE_MAX)
                rc = precis_error_set(err, PRECIS_E_CONFIG,
                                      "%s: larger than %u bytes; not a "
                                      "configuration file?", path,
                                      CONFIG_FILE_MAX);
        else if (rc == 0 && memchr(text, '\0', len) != NULL)
                rc = precis_error_set(err, PRECIS_E_CONFIG,
                                      "%s: contains NUL bytes; not a "
                                      "configuration file?", path);
        else if (rc != 0)
                precis_error_set(err, rc, "cannot read '%s': %s", path,
                                 precis_strerror(rc));
        if (rc != 0) {
                free(text);
                memset(c, 0, sizeof(*c));
                return rc;
        }
        text[len] = '\0';
        rc = config_load_text(text, path, c, ret_msgs, err);
        free(text);
        return rc;
}

int precis_config_set(struct precis_config *c, const char *section,
                      const char *key, const char *value,
                      struct precis_error *err)
{
        const struct precis_config_key *k = config_find(section, key);
        char why[384];
        int rc;

        if (k == NULL)
                return precis_error_set(err, PRECIS_E_CONFIG,
                                        "unknown key '%s' in [%s]", key,
                                        section);
        rc = config_apply(c, k, value, false, why, sizeof(why));
        if (rc == PRECIS_E_CONFIG)
                return precis_error_set(err, rc, "%s", why);
        if (rc != 0)
                return precis_error_set(err, rc, NULL);
        return 0;
}

/* ---- Dump ---- */

static int config_dump_value(const struct precis_config *c,
                             const struct precis_config_key *k, FILE *f)
{
        const void *field = config_cfield(c, k);
        size_t i;

        switch (k->type) {
        case PRECIS_CONF_STRING:
        case PRECIS_CONF_PATH:
        case PRECIS_CONF_LENGTH:
        case PRECIS_CONF_ALGORITHM:
        case PRECIS_CONF_LANGUAGE: {
                const char *s = *(char *const *) field;
                char *shown = NULL;
                int rc;

                if (s == NULL)
                        s = "";
                /* A password in the URL is never shown. */
                if (s == c->store_url && *s != '\0') {
                        shown = precis_store_display_name(s);
                        if (shown == NULL)
                                return -ENOMEM;
                        s = shown;
                }
                /* " ;" would start an inline comment, and the spaces could
                 * push a value that fitted its line over inih's limit. */
                rc = fprintf(f, "%s%s%s", k->key,
                             *s == ';' || strlen(k->key) + 3 + strlen(s) >
                                                  CONFIG_LINE_MAX
                                     ? "="
                                     : " = ",
                             s) < 0
                             ? -EIO
                             : 0;
                free(shown);
                return rc;
        }
        case PRECIS_CONF_BOOL:
                return fputs(*(const bool *) field ? "true" : "false", f) < 0
                               ? -EIO : 0;
        case PRECIS_CONF_UINT:
                return fprintf(f, "%u", *(const unsigned *) field) < 0 ? -EIO
                                                                      : 0;
        case PRECIS_CONF_U64:
                return fprintf(f, "%llu",
                               (unsigned long long) *(const uint64_t *) field)
                               < 0 ? -EIO : 0;
        case PRECIS_CONF_LIST: {
                const struct precis_strlist *l = field;
                size_t col = strlen(k->key) + 2, n;
                const char *sep;

                if (fprintf(f, "%s =", k->key) < 0)
                        return -EIO;
                for (i = 0; i < l->n; i++) {
                        n = strlen(l->v[i]);
                        /* No space before ';' (an inline comment). */
                        sep = l->v[i][0] == ';' ? (i > 0 ? "," : "")
                                                : (i > 0 ? ", " : " ");
                        /* Long lists go on indented continuation lines,
                         * which the loader appends; one cannot start with
                         * ';' or '#' (a comment) or '[' (a section), so
                         * those get a comma. */
                        if ((i > 0 && col + strlen(sep) + n >
                                              CONFIG_DUMP_WIDTH) ||
                            col + strlen(sep) + n > CONFIG_LINE_MAX) {
                                sep = strchr(";#[", l->v[i][0]) != NULL
                                              ? ","
                                              : "";
                                if (fputs("\n\t", f) < 0)
                                        return -EIO;
                                col = 1;
                        }
                        if (fprintf(f, "%s%s", sep, l->v[i]) < 0)
                                return -EIO;
                        col += strlen(sep) + n;
                }
                return 0;
        }
        case PRECIS_CONF_AFTER: {
                unsigned a = (unsigned) *(const enum precis_after *) field;

                return fputs(a < 3 ? config_after_names[a] : "keep", f) < 0
                               ? -EIO : 0;
        }
        }
        return -EINVAL;
}

int precis_config_dump(const struct precis_config *c, FILE *f)
{
        const struct precis_config_key *k;
        const char *section = NULL;
        int rc;

        for (k = config_keys; k->key != NULL; k++) {
                if (section == NULL || strcmp(section, k->section) != 0) {
                        if (fprintf(f, "%s[%s]\n", section != NULL ? "\n" : "",
                                    k->section) < 0)
                                return -EIO;
                        section = k->section;
                }
                if (fprintf(f, "; %s (default: %s)\n", k->doc,
                            *k->def != '\0' ? k->def : "unset") < 0)
                        return -EIO;
                /* Strings and lists write their own "key =" (see above). */
                if ((k->type == PRECIS_CONF_BOOL ||
                     k->type == PRECIS_CONF_UINT ||
                     k->type == PRECIS_CONF_U64 ||
                     k->type == PRECIS_CONF_AFTER) &&
                    fprintf(f, "%s = ", k->key) < 0)
                        return -EIO;
                rc = config_dump_value(c, k, f);
                if (rc != 0)
                        return rc;
                if (fputc('\n', f) == EOF)
                        return -EIO;
        }
        return fflush(f) == 0 ? 0 : -EIO;
}

void precis_config_summary_opts(const struct precis_config *c,
                                struct precis_summary_opts *o)
{
        precis_summary_opts_init(o);
        o->algorithm = c->algorithm;
        o->language = c->language;
        o->unit = c->length_unit;
        o->length = c->length_value;
        o->keywords = c->keywords;
}

int precis_config_name_wanted(const struct precis_config *c, const char *name)
{
        const char *dot;
        size_t i;

        for (i = 0; i < c->ignore.n; i++)
                if (fnmatch(c->ignore.v[i], name, 0) == 0)
                        return 0;
        if (c->extensions.n == 0)
                return 1;
        dot = strrchr(name, '.');
        if (dot == NULL || dot == name)
                return 0;
        for (i = 0; i < c->extensions.n; i++)
                if (strcasecmp(dot + 1, c->extensions.v[i]) == 0)
                        return 1;
        return 0;
}

const char *precis_config_store_path(const struct precis_config *c,
                                     bool from_file, const char *db_opt)
{
        if (db_opt != NULL)
                return db_opt;
        if (!from_file || c == NULL)
                return PRECIS_STORE_FALLBACK;
        if (c->store_url != NULL)
                return c->store_url;
        if (c->store_path == NULL)
                return PRECIS_STORE_FALLBACK;
        return c->store_path;
}

const char *precis_config_local_path(const struct precis_config *c,
                                     bool from_file, const char *db_opt)
{
        const char *db = precis_config_store_path(c, from_file, db_opt);

        if (!precis_store_is_url(db))
                return db;
        if (!from_file || c == NULL || c->store_path == NULL)
                return PRECIS_STORE_FALLBACK;
        return c->store_path;
}

char *precis_config_status_path(const char *db)
{
        size_t n = strlen(db) + sizeof(".status");
        char *p = malloc(n);

        if (p != NULL)
                snprintf(p, n, "%s.status", db);
        return p;
}

const char *precis_config_cross_check(const struct precis_config *c)
{
        if (c->after == PRECIS_AFTER_MOVE && c->done_dir == NULL)
                return "after = move needs inbox.done_dir";
        if (c->store_url != NULL && !precis_store_is_url(c->store_url))
                return "store.url must start with postgresql:// or "
                       "postgres://";
        return NULL;
}
