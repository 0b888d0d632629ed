/*
 * A throwaway PostgreSQL cluster for tests: initdb into a temporary directory,
 * a server listening only on a private Unix socket (no TCP), one database, and
 * everything deleted when the test is done.
 *
 * As root the server runs as an unprivileged user (PostgreSQL refuses root):
 * `redress-test`, created with useradd when absent, else `nobody`; the cluster's
 * directory is owned by that user. The server binaries are looked up under
 * /usr/lib/postgresql/<version>/bin (the newest version) and then on PATH.
 */
#ifndef REDRESS_TEST_PG_CLUSTER_H
#define REDRESS_TEST_PG_CLUSTER_H

#include <stddef.h>
#include <sys/types.h>

typedef struct pg_cluster {
  char root[256];      /* the temporary directory holding everything */
  char data[320];      /* the data directory */
  char sock[320];      /* the socket directory */
  char log[320];       /* server and tool output */
  char bin[256];       /* where initdb, pg_ctl and createdb are */
  char conninfo[512];  /* how to connect to the test database */
  uid_t uid;           /* the server's user */
  gid_t gid;
  int drop_privileges; /* running as root: the tools run as uid/gid */
  int running;
} pg_cluster;

enum { PGC_STARTED = 0, PGC_FAILED = -1, PGC_SKIP = 77 };

/* Starts a cluster and creates database "redress_test". Returns PGC_STARTED,
 * PGC_SKIP when the server binaries are absent, or PGC_FAILED; `why` says why. */
int pgc_start(pg_cluster *c, char *why, size_t whylen);

/* Stops the server and deletes the directory (safe to call twice). */
void pgc_stop(pg_cluster *c);

#endif
