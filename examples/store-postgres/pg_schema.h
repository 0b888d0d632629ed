/* The PostgreSQL store's schema texts (pg_schema.c); not for hosts. */
#ifndef REDRESS_EXAMPLE_PG_SCHEMA_H
#define REDRESS_EXAMPLE_PG_SCHEMA_H

/* Version 2, in a database without it: tables, indexes, the write functions and the
 * version row, as steps run in order in one transaction (NULL ends the list; C99 caps
 * a string literal at 4095 bytes). */
extern const char *const pg_schema_create[];
/* From version 1 to version 2, in place, as steps. */
extern const char *const pg_schema_migrate_1[];

#endif
