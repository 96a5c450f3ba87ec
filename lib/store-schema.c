#include "store-schema.h"

#include <stddef.h>

#include <precis/store.h>

/* Version 1: articles, paths, summaries with their chosen sentences,
 * keywords, bodies, failures, and an FTS5 index whose content is a view
 * over the other tables, so no text is stored twice.  Kept verbatim:
 * test-store builds a version 1 store from it and migrates it. */
static const char schema_v1[] =
        "CREATE TABLE articles (\n"
        "  id INTEGER PRIMARY KEY,\n"
        "  hash TEXT NOT NULL UNIQUE,\n"
        "  title TEXT,\n"
        "  language TEXT NOT NULL,\n"
        "  format TEXT NOT NULL,\n"
        "  bytes INTEGER NOT NULL,\n"
        "  words INTEGER NOT NULL,\n"
        "  sentences INTEGER NOT NULL,\n"
        "  first_seen INTEGER NOT NULL,\n"
        "  stored_at INTEGER NOT NULL\n"
        ");\n"
        "CREATE INDEX articles_stored_at ON articles (stored_at);\n"
        "CREATE TABLE paths (\n"
        "  article_id INTEGER NOT NULL REFERENCES articles (id),\n"
        "  path TEXT NOT NULL,\n"
        "  added_at INTEGER NOT NULL,\n"
        "  PRIMARY KEY (article_id, path)\n"
        ") WITHOUT ROWID;\n"
        "CREATE TABLE summaries (\n"
        "  article_id INTEGER PRIMARY KEY REFERENCES articles (id),\n"
        "  algorithm TEXT NOT NULL,\n"
        "  version INTEGER NOT NULL,\n"
        "  params TEXT NOT NULL,\n"
        "  text TEXT NOT NULL\n"
        ");\n"
        "CREATE TABLE summary_sentences (\n"
        "  article_id INTEGER NOT NULL REFERENCES articles (id),\n"
        "  ord INTEGER NOT NULL,\n"
        "  idx INTEGER NOT NULL,\n"
        "  score REAL NOT NULL,\n"
        "  text TEXT NOT NULL,\n"
        "  PRIMARY KEY (article_id, ord)\n"
        ") WITHOUT ROWID;\n"
        "CREATE TABLE keywords (\n"
        "  article_id INTEGER NOT NULL REFERENCES articles (id),\n"
        "  rank INTEGER NOT NULL,\n"
        "  term TEXT NOT NULL,\n"
        "  weight REAL NOT NULL,\n"
        "  PRIMARY KEY (article_id, rank)\n"
        ") WITHOUT ROWID;\n"
        "CREATE TABLE bodies (\n"
        "  article_id INTEGER PRIMARY KEY REFERENCES articles (id),\n"
        "  body TEXT NOT NULL\n"
        ");\n"
        "CREATE TABLE failures (\n"
        "  path TEXT PRIMARY KEY,\n"
        "  hash TEXT,\n"
        "  error TEXT NOT NULL,\n"
        "  failed_at INTEGER NOT NULL,\n"
        "  size INTEGER NOT NULL,\n"
        "  mtime_ns INTEGER NOT NULL\n"
        ");\n"
        "CREATE INDEX failures_failed_at ON failures (failed_at);\n"
        "CREATE VIEW search_content AS\n"
        "  SELECT a.id AS id, a.title AS title, s.text AS summary,\n"
        "         b.body AS body\n"
        "  FROM articles a\n"
        "  LEFT JOIN summaries s ON s.article_id = a.id\n"
        "  LEFT JOIN bodies b ON b.article_id = a.id;\n"
        "CREATE VIRTUAL TABLE search USING fts5 (\n"
        "  title, summary, body,\n"
        "  content = 'search_content', content_rowid = 'id',\n"
        "  tokenize = 'porter unicode61 remove_diacritics 2'\n"
        ");\n"
        /* Title matches count most, then the summary, then the body. */
        "INSERT INTO search (search, rank)\n"
        "  VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');\n";

/* Version 2: failures count their attempts (so `precis failures` can say
 * how often a file failed), and paths are indexed by path (`precis show
 * PATH` and the daemon's path lookups scanned the table). */
static const char migrate_1_2[] =
        "ALTER TABLE failures ADD COLUMN attempts INTEGER NOT NULL "
        "DEFAULT 1;\n"
        "CREATE INDEX paths_path ON paths (path);\n";

/* Version 3: each known path keeps the size, mtime and inode of the file
 * when it was read, so that precisd can tell an unchanged file from the
 * store instead of remembering every file it has seen.  Older paths get
 * -1 and 0, which match no file: they are read once more and refreshed. */
static const char migrate_2_3[] =
        "ALTER TABLE paths ADD COLUMN size INTEGER NOT NULL DEFAULT -1;\n"
        "ALTER TABLE paths ADD COLUMN mtime_ns INTEGER NOT NULL "
        "DEFAULT -1;\n"
        "ALTER TABLE paths ADD COLUMN inode INTEGER NOT NULL DEFAULT 0;\n";

static const char schema_current[] =
        "CREATE TABLE articles (\n"
        "  id INTEGER PRIMARY KEY,\n"
        "  hash TEXT NOT NULL UNIQUE,\n"
        "  title TEXT,\n"
        "  language TEXT NOT NULL,\n"
        "  format TEXT NOT NULL,\n"
        "  bytes INTEGER NOT NULL,\n"
        "  words INTEGER NOT NULL,\n"
        "  sentences INTEGER NOT NULL,\n"
        "  first_seen INTEGER NOT NULL,\n"
        "  stored_at INTEGER NOT NULL\n"
        ");\n"
        "CREATE INDEX articles_stored_at ON articles (stored_at);\n"
        "CREATE TABLE paths (\n"
        "  article_id INTEGER NOT NULL REFERENCES articles (id),\n"
        "  path TEXT NOT NULL,\n"
        "  added_at INTEGER NOT NULL,\n"
        "  size INTEGER NOT NULL DEFAULT -1,\n"
        "  mtime_ns INTEGER NOT NULL DEFAULT -1,\n"
        "  inode INTEGER NOT NULL DEFAULT 0,\n"
        "  PRIMARY KEY (article_id, path)\n"
        ") WITHOUT ROWID;\n"
        "CREATE INDEX paths_path ON paths (path);\n"
        "CREATE TABLE summaries (\n"
        "  article_id INTEGER PRIMARY KEY REFERENCES articles (id),\n"
        "  algorithm TEXT NOT NULL,\n"
        "  version INTEGER NOT NULL,\n"
        "  params TEXT NOT NULL,\n"
        "  text TEXT NOT NULL\n"
        ");\n"
        "CREATE TABLE summary_sentences (\n"
        "  article_id INTEGER NOT NULL REFERENCES articles (id),\n"
        "  ord INTEGER NOT NULL,\n"
        "  idx INTEGER NOT NULL,\n"
        "  score REAL NOT NULL,\n"
        "  text TEXT NOT NULL,\n"
        "  PRIMARY KEY (article_id, ord)\n"
        ") WITHOUT ROWID;\n"
        "CREATE TABLE keywords (\n"
        "  article_id INTEGER NOT NULL REFERENCES articles (id),\n"
        "  rank INTEGER NOT NULL,\n"
        "  term TEXT NOT NULL,\n"
        "  weight REAL NOT NULL,\n"
        "  PRIMARY KEY (article_id, rank)\n"
        ") WITHOUT ROWID;\n"
        "CREATE TABLE bodies (\n"
        "  article_id INTEGER PRIMARY KEY REFERENCES articles (id),\n"
        "  body TEXT NOT NULL\n"
        ");\n"
        "CREATE TABLE failures (\n"
        "  path TEXT PRIMARY KEY,\n"
        "  hash TEXT,\n"
        "  error TEXT NOT NULL,\n"
        "  failed_at INTEGER NOT NULL,\n"
        "  size INTEGER NOT NULL,\n"
        "  mtime_ns INTEGER NOT NULL,\n"
        "  attempts INTEGER NOT NULL DEFAULT 1\n"
        ");\n"
        "CREATE INDEX failures_failed_at ON failures (failed_at);\n"
        "CREATE VIEW search_content AS\n"
        "  SELECT a.id AS id, a.title AS title, s.text AS summary,\n"
        "         b.body AS body\n"
        "  FROM articles a\n"
        "  LEFT JOIN summaries s ON s.article_id = a.id\n"
        "  LEFT JOIN bodies b ON b.article_id = a.id;\n"
        "CREATE VIRTUAL TABLE search USING fts5 (\n"
        "  title, summary, body,\n"
        "  content = 'search_content', content_rowid = 'id',\n"
        "  tokenize = 'porter unicode61 remove_diacritics 2'\n"
        ");\n"
        "INSERT INTO search (search, rank)\n"
        "  VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');\n";

const char *precis__store_schema_ddl(void)
{
        return schema_current;
}

const char *precis__store_schema_v1_ddl(void)
{
        return schema_v1;
}

const char *precis__store_migration(int from)
{
        switch (from) {
        case 1:
                return migrate_1_2;
        case 2:
                return migrate_2_3;
        default:
                return NULL;
        }
}
