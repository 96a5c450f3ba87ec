#define _GNU_SOURCE /* open_memstream() */

#include <ini.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <precis/config.h>

/* Dump @c into a new string (free()). */
static char *dump(const struct precis_config *c)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        assert_non_null(f);
        assert_int_equal(precis_config_dump(c, f), 0);
        fclose(f);
        return buf;
}

static void defaults_follow_the_table(void **state)
{
        struct precis_config c;

        (void) state;
        assert_int_equal(precis_config_init_defaults(&c), 0);
        assert_string_equal(c.inbox_path, "/var/lib/precis/inbox");
        assert_false(c.recursive);
        assert_int_equal(c.settle_ms, 500);
        assert_int_equal(c.poll_interval, 0);
        assert_int_equal(c.after, PRECIS_AFTER_KEEP);
        assert_null(c.done_dir);
        assert_null(c.failed_dir);
        assert_int_equal(c.ignore.n, 7);
        assert_string_equal(c.ignore.v[0], ".*");
        assert_string_equal(c.ignore.v[6], "*~");
        assert_int_equal(c.max_bytes, 16777216);
        assert_false(c.follow_symlinks);
        assert_int_equal(c.extensions.n, 0);
        assert_string_equal(c.store_path, "/var/lib/precis/precis.db");
        assert_string_equal(c.length, "5");
        assert_int_equal(c.length_unit, PRECIS_LENGTH_SENTENCES);
        assert_true(c.length_value == 5.0);
        assert_string_equal(c.algorithm, "default");
        assert_string_equal(c.language, "auto");
        assert_int_equal(c.keywords, 10);
        precis_config_done(&c);
}

struct seen {
        const char *section[64]; /* borrowed from the table */
        char *key[64];           /* owned */
        char *sec[64];           /* owned */
        char *value[64];         /* owned */
        int n;
};

static int seen_handler(void *user, const char *section, const char *name,
                        const char *value)
{
        struct seen *s = user;

        assert_true(s->n < 64);
        s->sec[s->n] = strdup(section);
        s->key[s->n] = strdup(name);
        s->value[s->n] = strdup(value);
        s->n++;
        return 1;
}

/* config/precis.conf lists every key of the table once, with its default,
 * and nothing else; and it loads. */
static void shipped_file_matches_the_table(void **state)
{
        const struct precis_config_key *k;
        const char *src = getenv("PRECIS_SRC");
        struct precis_config c, d;
        struct precis_error err = { 0 };
        struct seen s;
        char path[4096];
        char *a, *b;
        int i, n_keys = 0;

        (void) state;
        if (src == NULL) {
                /* Run outside CTest: the source tree is unknown. */
                skip();
                return;
        }
        snprintf(path, sizeof(path), "%s/config/precis.conf", src);
        memset(&s, 0, sizeof(s));
        assert_int_equal(ini_parse(path, seen_handler, &s), 0);
        for (k = precis_config_keys(); k->key != NULL; k++) {
                int found = 0;

                n_keys++;
                for (i = 0; i < s.n; i++) {
                        if (strcmp(s.sec[i], k->section) != 0 ||
                            strcmp(s.key[i], k->key) != 0)
                                continue;
                        found++;
                        if (strcmp(s.value[i], k->def) != 0)
                                fail_msg("%s.%s: file says '%s', table '%s'",
                                         k->section, k->key, s.value[i],
                                         k->def);
                }
                if (found != 1)
                        fail_msg("%s.%s appears %d times in %s", k->section,
                                 k->key, found, path);
        }
        if (s.n != n_keys)
                fail_msg("%s has %d keys, the table %d", path, s.n, n_keys);
        for (i = 0; i < s.n; i++) {
                free(s.sec[i]);
                free(s.key[i]);
                free(s.value[i]);
        }

        assert_int_equal(precis_config_load(path, &c, NULL, &err), 0);
        assert_int_equal(precis_config_init_defaults(&d), 0);
        a = dump(&c);
        b = dump(&d);
        assert_string_equal(a, b);
        free(a);
        free(b);
        precis_config_done(&c);
        precis_config_done(&d);
}

static void values_are_parsed(void **state)
{
        static const char text[] =
                "[inbox]\n"
                "path = /srv/in   ; inline comment\n"
                "recursive = yes\n"
                "settle_ms = 250\n"
                "after = move\n"
                "done_dir = /srv/done\n"
                "ignore = *.tmp,  *.bak ,\n"
                "extensions = .TXT, html\n"
                "max_bytes = 1048576\n"
                "[store]\n"
                "path = /srv/precis.db\n"
                "[summary]\n"
                "length = 120w\n"
                "language = en\n"
                "keywords = 0\n";
        struct precis_error err = { 0 };
        struct precis_config c;

        (void) state;
        assert_int_equal(precis_config_load_string(text, "t.conf", &c, NULL,
                                                   &err), 0);
        assert_string_equal(c.inbox_path, "/srv/in");
        assert_true(c.recursive);
        assert_int_equal(c.settle_ms, 250);
        assert_int_equal(c.after, PRECIS_AFTER_MOVE);
        assert_string_equal(c.done_dir, "/srv/done");
        assert_int_equal(c.ignore.n, 2);
        assert_string_equal(c.ignore.v[1], "*.bak");
        assert_int_equal(c.extensions.n, 2);
        assert_string_equal(c.extensions.v[0], "TXT");
        assert_int_equal(c.max_bytes, 1048576);
        assert_string_equal(c.store_path, "/srv/precis.db");
        assert_int_equal(c.length_unit, PRECIS_LENGTH_WORDS);
        assert_true(c.length_value == 120.0);
        assert_string_equal(c.language, "english");
        assert_int_equal(c.keywords, 0);

        assert_int_equal(precis_config_name_wanted(&c, "a.txt"), 1);
        assert_int_equal(precis_config_name_wanted(&c, "b.HTML"), 1);
        assert_int_equal(precis_config_name_wanted(&c, "c.md"), 0);
        assert_int_equal(precis_config_name_wanted(&c, "d.txt.tmp"), 0);
        assert_int_equal(precis_config_name_wanted(&c, "noext"), 0);
        precis_config_done(&c);
}

static void every_error_names_its_line(void **state)
{
        static const char text[] =
                "[inbox]\n"                  /* 1 */
                "path = /in\n"               /* 2 */
                "recursve = true\n"          /* 3: unknown key */
                "; a comment\n"              /* 4 */
                "follow_symlinks = maybe\n"  /* 5: not a boolean */
                "settle_ms = -4\n"           /* 6: not a number */
                "[colour]\n"                 /* 7 */
                "red = 1\n"                  /* 8: unknown section */
                "[summary]\n"                /* 9 */
                "this line has no equals\n"  /* 10: syntax */
                "length = lots\n"            /* 11: bad length */
                "[inbox\n"                   /* 12: unterminated */
                "[store]\n"                  /* 13 */
                "path =\n";                  /* 14: must not be empty */
        static const char *const want[] = {
                "t.conf:3: unknown key 'recursve' in [inbox]",
                "t.conf:5: inbox.follow_symlinks: 'maybe' is not a boolean",
                "t.conf:6: inbox.settle_ms: '-4' is not a whole number",
                "t.conf:8: unknown section [colour]",
                "t.conf:10: expected 'key = value'",
                "t.conf:11: summary.length: 'lots' is not a length",
                "t.conf:12: section header without ']'",
                "t.conf:14: store.path must not be empty",
        };
        struct precis_error err = { 0 };
        struct precis_config c;
        char *msgs = NULL, *p;
        size_t i;

        (void) state;
        assert_int_equal(precis_config_load_string(text, "t.conf", &c, &msgs,
                                                   &err), PRECIS_E_CONFIG);
        assert_non_null(msgs);
        p = msgs;
        for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
                char *hit = strstr(p, want[i]);

                if (hit == NULL)
                        fail_msg("missing, in order: '%s' in:\n%s", want[i],
                                 msgs);
                p = hit + strlen(want[i]);
        }
        assert_non_null(strstr(err.msg, "t.conf:3:"));
        assert_non_null(strstr(err.msg, "(and 7 more)"));
        /* On failure the config is left empty, safe to free again. */
        assert_null(c.inbox_path);
        precis_config_done(&c);
        free(msgs);
}

static void duplicates_and_cross_key_rules(void **state)
{
        struct precis_error err = { 0 };
        struct precis_config c;
        char *msgs = NULL;

        (void) state;
        assert_int_equal(precis_config_load_string("[inbox]\nafter = move\n",
                                                   "a.conf", &c, &msgs, &err),
                         PRECIS_E_CONFIG);
        assert_non_null(strstr(msgs, "a.conf:2: after = move needs "
                                     "inbox.done_dir"));
        free(msgs);
        msgs = NULL;
        assert_int_equal(precis_config_load_string("[store]\npath = /a\n\n"
                                                   "path = /b\n",
                                                   "b.conf", &c, &msgs, &err),
                         PRECIS_E_CONFIG);
        assert_non_null(strstr(msgs, "b.conf:4: store.path already set on "
                                     "line 2"));
        free(msgs);
        /* An indented line continues a list. */
        assert_int_equal(precis_config_load_string("[inbox]\n"
                                                   "ignore = *.a,\n"
                                                   "  *.b\n",
                                                   "c.conf", &c, NULL, &err),
                         0);
        assert_int_equal(c.ignore.n, 2);
        assert_string_equal(c.ignore.v[1], "*.b");
        precis_config_done(&c);
        assert_int_equal(precis_config_load("/nonexistent/precis.conf", &c,
                                            NULL, &err), -2 /* ENOENT */);
        assert_non_null(strstr(err.msg, "/nonexistent/precis.conf"));
}

static void dump_reads_back_the_same(void **state)
{
        static const char text[] =
                "[inbox]\n"
                "path = /data/in\n"
                "after = delete\n"
                "failed_dir = /data/failed\n"
                "poll_interval = 30\n"
                "ignore = *.x, *.y\n"
                "[summary]\n"
                "length = 20%\n"
                "algorithm = default\n";
        struct precis_config c, d;
        char *a, *b;

        (void) state;
        assert_int_equal(precis_config_load_string(text, "t", &c, NULL, NULL),
                         0);
        a = dump(&c);
        assert_non_null(strstr(a, "after = delete\n"));
        assert_non_null(strstr(a, "length = 20%\n"));
        assert_int_equal(precis_config_load_string(a, "dump", &d, NULL, NULL),
                         0);
        b = dump(&d);
        assert_string_equal(a, b);
        assert_int_equal(d.length_unit, PRECIS_LENGTH_RATIO);
        free(a);
        free(b);
        precis_config_done(&c);
        precis_config_done(&d);
}

static void set_validates_like_the_file(void **state)
{
        struct precis_error err = { 0 };
        struct precis_config c;

        (void) state;
        assert_int_equal(precis_config_init_defaults(&c), 0);
        assert_int_equal(precis_config_set(&c, "inbox", "path", "/tmp/in",
                                           &err), 0);
        assert_string_equal(c.inbox_path, "/tmp/in");
        assert_int_equal(precis_config_set(&c, "inbox", "settle_ms",
                                           "9999999999", &err),
                         PRECIS_E_CONFIG);
        assert_non_null(strstr(err.msg, "settle_ms"));
        assert_int_equal(precis_config_set(&c, "inbox", "nope", "1", &err),
                         PRECIS_E_CONFIG);
        assert_int_equal(precis_config_set(&c, "summary", "algorithm",
                                           "no-such-algorithm", &err),
                         PRECIS_E_CONFIG);
        assert_non_null(strstr(err.msg, "default"));
        assert_int_equal(c.settle_ms, 500);
        precis_config_done(&c);
}

static void store_path_status_name_and_cross_rules(void **state)
{
        struct precis_config c;
        struct precis_error err = { 0 };
        char *st;

        (void) state;
        assert_int_equal(precis_config_init_defaults(&c), 0);
        /* --db wins; no file read means the quick-start store. */
        assert_string_equal(precis_config_store_path(&c, true, "/x.db"),
                            "/x.db");
        assert_string_equal(precis_config_store_path(&c, false, NULL),
                            "./precis.db");
        assert_string_equal(precis_config_store_path(&c, true, NULL),
                            "/var/lib/precis/precis.db");
        st = precis_config_status_path("/srv/p.db");
        assert_string_equal(st, "/srv/p.db.status");
        free(st);

        assert_null(precis_config_cross_check(&c));
        assert_int_equal(precis_config_set(&c, "inbox", "after", "move",
                                           &err), 0);
        assert_non_null(strstr(precis_config_cross_check(&c), "done_dir"));
        assert_int_equal(precis_config_set(&c, "inbox", "done_dir", "/d",
                                           &err), 0);
        assert_null(precis_config_cross_check(&c));
        precis_config_done(&c);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(defaults_follow_the_table),
                cmocka_unit_test(shipped_file_matches_the_table),
                cmocka_unit_test(values_are_parsed),
                cmocka_unit_test(every_error_names_its_line),
                cmocka_unit_test(duplicates_and_cross_key_rules),
                cmocka_unit_test(dump_reads_back_the_same),
                cmocka_unit_test(set_validates_like_the_file),
                cmocka_unit_test(store_path_status_name_and_cross_rules),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
