/* The PostgreSQL store's schema, version 2 (store_postgres.h says what each part is
 * for): created in an empty database, or migrated from version 1. */
#include "pg_schema.h"

#include <stddef.h>

/* The stored bytes as jsonb, or NULL when they are not JSON, so that the generated
 * column never makes a save fail. */
#define DOC_FUNCTION                                                                     \
  "CREATE FUNCTION redress_doc_jsonb(doc bytea) RETURNS jsonb "                          \
  "LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$ "                               \
  "BEGIN RETURN convert_from(doc, 'UTF8')::jsonb; "                                      \
  "EXCEPTION WHEN others THEN RETURN NULL; END $$;"

#define INDEXES                                                                               \
  "CREATE INDEX complaints_due ON complaints (tenant, next_alarm, id) "                       \
  "WHERE next_alarm IS NOT NULL;"                                                             \
  "CREATE INDEX complaints_customer ON complaints (tenant, customer_id, id);"                 \
  "CREATE INDEX complaints_state ON complaints (tenant, state, updated_at);"                  \
  "CREATE INDEX complaints_owner ON complaints (tenant, owner, state, id) "                    \
  "WHERE owner IS NOT NULL;"                                                                  \
  "CREATE INDEX complaints_team ON complaints (tenant, team, state, id) "                      \
  "WHERE team IS NOT NULL;"

#define FEED_TABLES                                                                           \
  "CREATE TABLE redress_feed ("                                                               \
  "  tenant text COLLATE \"C\" NOT NULL,"                                                     \
  "  cursor bigint NOT NULL CHECK (cursor >= 1),"                                             \
  "  complaint_id text COLLATE \"C\" NOT NULL,"                                               \
  "  revision bigint NOT NULL,"                                                               \
  "  kind integer NOT NULL,"                                                                  \
  "  event_kind integer NOT NULL,"                                                            \
  "  event_seq bigint NOT NULL,"                                                              \
  "  deadline_kind integer NOT NULL,"                                                         \
  "  level integer NOT NULL,"                                                                 \
  "  anchor bigint NOT NULL,"                                                                 \
  "  at bigint NOT NULL,"                                                                     \
  "  due bigint," /* NULL: REDRESS_TIME_NEVER */                                              \
  "  PRIMARY KEY (tenant, cursor));"                                                          \
  "CREATE TABLE redress_feed_heads ("                                                         \
  "  tenant text COLLATE \"C\" NOT NULL PRIMARY KEY,"                                         \
  "  last bigint NOT NULL);"

/*
 * The writes, as functions: one round trip each, atomic as one statement, and in a
 * fixed lock order. A write that has changes first locks its tenant's head row (made on
 * first use) and keeps it until its transaction ends, so the tenant's writers take
 * cursors one after the other, in commit order: once a reader has seen cursor n, every
 * cursor below n is committed. Then the record is written with compare-and-swap, and
 * only when it was (0 returned) the changes and the new head. A refused write returns
 * 1 (conflict) or 2 (no such complaint) with nothing written. Changes come flattened,
 * eight numbers each: kind, event_kind, event_seq, deadline_kind, level, anchor, at,
 * due (NULL: never).
 */
#define LOCK_HEAD_FUNCTION                                                                     \
  "CREATE FUNCTION redress_lock_head(p_tenant text) RETURNS bigint LANGUAGE plpgsql AS $$ "    \
  "DECLARE v_last bigint; "                                                                    \
  "BEGIN "                                                                                     \
  "  SELECT last INTO v_last FROM redress_feed_heads WHERE tenant = p_tenant FOR UPDATE; "     \
  "  IF NOT FOUND THEN "                                                                       \
  "    INSERT INTO redress_feed_heads (tenant, last) VALUES (p_tenant, 0) "                    \
  "      ON CONFLICT (tenant) DO NOTHING; "                                                    \
  "    SELECT last INTO v_last FROM redress_feed_heads WHERE tenant = p_tenant FOR UPDATE; "   \
  "  END IF; "                                                                                 \
  "  RETURN v_last; "                                                                          \
  "END $$;"

#define FEED_ADD_FUNCTION                                                                      \
  "CREATE FUNCTION redress_feed_add(p_tenant text, p_last bigint, p_id text, "                 \
  "  p_revision bigint, p_changes bigint[]) RETURNS void LANGUAGE plpgsql AS $$ "              \
  "DECLARE v_n integer := coalesce(array_length(p_changes, 1), 0) / 8; "                       \
  "BEGIN "                                                                                     \
  "  INSERT INTO redress_feed (tenant, cursor, complaint_id, revision, kind, event_kind, "     \
  "    event_seq, deadline_kind, level, anchor, at, due) "                                     \
  "  SELECT p_tenant, p_last + i + 1, p_id, p_revision, p_changes[i * 8 + 1], "                \
  "    p_changes[i * 8 + 2], p_changes[i * 8 + 3], p_changes[i * 8 + 4], "                     \
  "    p_changes[i * 8 + 5], p_changes[i * 8 + 6], p_changes[i * 8 + 7], "                     \
  "    p_changes[i * 8 + 8] FROM generate_series(0, v_n - 1) AS i; "                           \
  "  UPDATE redress_feed_heads SET last = p_last + v_n WHERE tenant = p_tenant; "              \
  "END $$;"

#define SAVE_FUNCTION                                                                          \
  "CREATE FUNCTION redress_save(p_tenant text, p_id text, p_customer text, p_state bigint, "   \
  "  p_severity bigint, p_channel bigint, p_received bigint, p_updated bigint, "               \
  "  p_alarm bigint, p_revision bigint, p_doc bytea, p_owner text, p_team text, "            \
  "  p_expected bigint, p_changes bigint[]) "                                                 \
  "RETURNS integer LANGUAGE plpgsql AS $$ "                                                    \
  "DECLARE v_n integer := coalesce(array_length(p_changes, 1), 0) / 8; "                       \
  "  v_last bigint; v_rows integer; "                                                          \
  "BEGIN "                                                                                     \
  "  IF v_n > 0 THEN v_last := redress_lock_head(p_tenant); END IF; "                          \
  "  IF p_expected = 0 THEN "                                                                  \
  "    INSERT INTO complaints (tenant, id, customer_id, state, severity, channel, "            \
  "      received_at, updated_at, next_alarm, revision, doc_bytes, owner, team) VALUES "      \
  "      (p_tenant, p_id, p_customer, p_state, p_severity, p_channel, p_received, p_updated, " \
  "      p_alarm, p_revision, p_doc, p_owner, p_team) ON CONFLICT (tenant, id) DO NOTHING; "   \
  "  ELSE "                                                                                    \
  "    UPDATE complaints SET customer_id = p_customer, state = p_state, "                      \
  "      severity = p_severity, channel = p_channel, received_at = p_received, "               \
  "      updated_at = p_updated, next_alarm = p_alarm, revision = p_revision, "                \
  "      doc_bytes = p_doc, owner = p_owner, team = p_team "                                  \
  "      WHERE tenant = p_tenant AND id = p_id AND revision = p_expected; "                    \
  "  END IF; "                                                                                 \
  "  GET DIAGNOSTICS v_rows = ROW_COUNT; "                                                      \
  "  IF v_rows = 0 THEN RETURN 1; END IF; "                                                    \
  "  IF v_n > 0 THEN "                                                                         \
  "    PERFORM redress_feed_add(p_tenant, v_last, p_id, p_revision, p_changes); "              \
  "  END IF; "                                                                                 \
  "  RETURN 0; "                                                                               \
  "END $$;"

#define REMOVE_FUNCTION                                                                        \
  "CREATE FUNCTION redress_remove(p_tenant text, p_id text, p_expected bigint, "               \
  "  p_change bigint[]) RETURNS integer LANGUAGE plpgsql AS $$ "                               \
  "DECLARE v_last bigint; v_rows integer; "                                                    \
  "BEGIN "                                                                                     \
  "  IF p_change IS NOT NULL THEN v_last := redress_lock_head(p_tenant); END IF; "             \
  "  DELETE FROM complaints WHERE tenant = p_tenant AND id = p_id AND revision = p_expected; " \
  "  GET DIAGNOSTICS v_rows = ROW_COUNT; "                                                     \
  "  IF v_rows = 0 THEN "                                                                      \
  "    IF EXISTS (SELECT 1 FROM complaints WHERE tenant = p_tenant AND id = p_id) THEN "       \
  "      RETURN 1; "                                                                           \
  "    END IF; "                                                                               \
  "    RETURN 2; "                                                                             \
  "  END IF; "                                                                                 \
  "  IF p_change IS NOT NULL THEN "                                                            \
  "    PERFORM redress_feed_add(p_tenant, v_last, p_id, p_expected, p_change); "               \
  "  END IF; "                                                                                 \
  "  RETURN 0; "                                                                               \
  "END $$;"

const char *const pg_schema_create[] = {
    DOC_FUNCTION
    "CREATE TABLE complaints ("
    "  tenant text COLLATE \"C\" NOT NULL DEFAULT '',"
    "  id text COLLATE \"C\" NOT NULL,"
    "  customer_id text COLLATE \"C\" NOT NULL,"
    "  state integer NOT NULL,"
    "  severity integer NOT NULL,"
    "  channel integer NOT NULL,"
    "  received_at bigint NOT NULL,"
    "  updated_at bigint NOT NULL,"
    "  next_alarm bigint," /* NULL: REDRESS_TIME_NEVER */
    "  revision bigint NOT NULL CHECK (revision >= 1),"
    "  doc_bytes bytea NOT NULL,"
    "  doc jsonb GENERATED ALWAYS AS (redress_doc_jsonb(doc_bytes)) STORED,"
    "  owner text COLLATE \"C\"," /* NULL: none */
    "  team text COLLATE \"C\"," /* NULL: none */
    "  PRIMARY KEY (tenant, id));" INDEXES,
    FEED_TABLES,
    LOCK_HEAD_FUNCTION,
    FEED_ADD_FUNCTION,
    SAVE_FUNCTION,
    REMOVE_FUNCTION,
    "CREATE TABLE redress_meta (schema_version integer NOT NULL);"
    "INSERT INTO redress_meta VALUES (2);",
    NULL,
};

/* Version 1 had no tenant (its complaints become the default tenant's, ""), no feed
 * (it starts empty: it holds the changes saved from now on) and no owner and team (its
 * complaints predate assign, so NULL is what they hold). */
const char *const pg_schema_migrate_1[] = {
    "ALTER TABLE complaints ADD COLUMN tenant text COLLATE \"C\" NOT NULL DEFAULT '',"
    "  ADD COLUMN owner text COLLATE \"C\","
    "  ADD COLUMN team text COLLATE \"C\";"
    "ALTER TABLE complaints DROP CONSTRAINT complaints_pkey;"
    "ALTER TABLE complaints ADD PRIMARY KEY (tenant, id);"
    "DROP INDEX complaints_due;"
    "DROP INDEX complaints_customer;"
    "DROP INDEX complaints_state;" INDEXES,
    FEED_TABLES,
    LOCK_HEAD_FUNCTION,
    FEED_ADD_FUNCTION,
    SAVE_FUNCTION,
    REMOVE_FUNCTION,
    "UPDATE redress_meta SET schema_version = 2;",
    NULL,
};
