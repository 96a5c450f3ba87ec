#ifndef PRECIS_STORE_SCHEMA_H
#define PRECIS_STORE_SCHEMA_H

/* The store's schema, kept apart from the queries in store.c: the DDL of
 * the current version and the forward migrations.  Internal to lib/. */

/* SQL creating the current schema (PRECIS_STORE_SCHEMA_VERSION) in an
 * empty database; the caller sets PRAGMA user_version. */
const char *precis__store_schema_ddl(void);

/* SQL taking a store from version @from to @from + 1, for 1 <= @from <
 * PRECIS_STORE_SCHEMA_VERSION. */
const char *precis__store_migration(int from);

/* SQL of the first released schema (version 1), for the migration test. */
const char *precis__store_schema_v1_ddl(void);

#endif /* PRECIS_STORE_SCHEMA_H */
