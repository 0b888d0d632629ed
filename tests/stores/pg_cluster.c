/* setgroups() and friends are not POSIX. */
#define _DEFAULT_SOURCE

#include "pg_cluster.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tmpdir.h"

#define PGC_PORT "54329"
#define PGC_USER "redress-test"

static int say(char *why, size_t whylen, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, whylen, fmt, ap);
  va_end(ap);
  return code;
}

static int executable_at(const char *dir, const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return access(path, X_OK) == 0;
}

static int has_server(const char *dir) {
  return executable_at(dir, "initdb") && executable_at(dir, "pg_ctl") &&
         executable_at(dir, "postgres");
}

/* The major version in /usr/lib/postgresql/<N>/bin, for picking the newest. */
static long version_of(const char *path) {
  const char *p = strstr(path, "/postgresql/");
  return p != NULL ? strtol(p + strlen("/postgresql/"), NULL, 10) : 0;
}

static int find_in_versions(pg_cluster *c) {
  glob_t g;
  if (glob("/usr/lib/postgresql/*/bin", 0, NULL, &g) != 0) return 0;
  long best = -1;
  for (size_t i = 0; i < g.gl_pathc; i++) {
    long v = version_of(g.gl_pathv[i]);
    if (v > best && has_server(g.gl_pathv[i])) {
      best = v;
      snprintf(c->bin, sizeof c->bin, "%s", g.gl_pathv[i]);
    }
  }
  globfree(&g);
  return best >= 0;
}

static int find_on_path(pg_cluster *c) {
  const char *path = getenv("PATH");
  if (path == NULL) return 0;
  while (*path != '\0') {
    size_t len = strcspn(path, ":");
    if (len > 0 && len < sizeof c->bin) {
      snprintf(c->bin, sizeof c->bin, "%.*s", (int)len, path);
      if (has_server(c->bin)) return 1;
    }
    path += len + (path[len] == ':');
  }
  c->bin[0] = '\0';
  return 0;
}

/* execv() wants writable strings; the child is about to exec, so copies are free. */
static void exec_copy(const char *const argv[]) {
  char *copy[32];
  size_t n = 0;
  for (; argv[n] != NULL && n < 31; n++) copy[n] = strdup(argv[n]);
  copy[n] = NULL;
  execv(copy[0], copy);
}

/* Runs argv with stdout and stderr appended to the log, as the server's user. */
static int run(const pg_cluster *c, const char *const argv[]) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fd = open(c->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    if (c->drop_privileges &&
        (setgroups(0, NULL) != 0 || setgid(c->gid) != 0 || setuid(c->uid) != 0))
      _exit(126);
    setenv("LC_ALL", "C", 1);
    exec_copy(argv);
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run_useradd(void) {
  const char *tools[] = {"/usr/sbin/useradd", "/sbin/useradd"};
  for (size_t i = 0; i < 2; i++) {
    if (access(tools[i], X_OK) != 0) continue;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
      execl(tools[i], tools[i], "--system", "--no-create-home", "--home-dir", "/nonexistent",
            "--shell", "/usr/sbin/nologin", PGC_USER, (char *)NULL);
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
  }
  return -1;
}

/* As root: the dedicated test user (created if needed), else nobody. */
static int pick_user(pg_cluster *c, char *why, size_t whylen) {
  if (geteuid() != 0) {
    c->uid = geteuid();
    c->gid = getegid();
    return 0;
  }
  struct passwd *pw = getpwnam(PGC_USER);
  if (pw == NULL && run_useradd() == 0) pw = getpwnam(PGC_USER);
  if (pw == NULL) pw = getpwnam("nobody");
  if (pw == NULL)
    return say(why, whylen, -1, "running as root, and neither user %s nor nobody exists",
               PGC_USER);
  c->uid = pw->pw_uid;
  c->gid = pw->pw_gid;
  c->drop_privileges = 1;
  return 0;
}

static void bin_path(char *out, size_t outlen, const pg_cluster *c, const char *tool) {
  snprintf(out, outlen, "%s/%s", c->bin, tool);
}

static int make_dirs(pg_cluster *c, char *why, size_t whylen) {
  if (td_make(c->root, sizeof c->root, "pg") != 0)
    return say(why, whylen, -1, "cannot create a temporary directory");
  td_path(c->data, sizeof c->data, c->root, "data");
  td_path(c->sock, sizeof c->sock, c->root, "sock");
  td_path(c->log, sizeof c->log, c->root, "log");
  if (mkdir(c->sock, 0700) != 0) return say(why, whylen, -1, "mkdir %s failed", c->sock);
  int fd = open(c->log, O_WRONLY | O_CREAT, 0600);
  if (fd >= 0) close(fd);
  if (c->drop_privileges && (chown(c->root, c->uid, c->gid) != 0 ||
                             chown(c->sock, c->uid, c->gid) != 0 ||
                             chown(c->log, c->uid, c->gid) != 0))
    return say(why, whylen, -1, "cannot give %s to uid %ld", c->root, (long)c->uid);
  return 0;
}

/* The last lines of the log, for a failure message. */
static const char *log_tail(const pg_cluster *c, char *buf, size_t len) {
  buf[0] = '\0';
  FILE *f = fopen(c->log, "r");
  if (f == NULL) return buf;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, size > (long)len - 1 ? size - (long)len + 1 : 0, SEEK_SET);
  size_t n = fread(buf, 1, len - 1, f);
  buf[n] = '\0';
  fclose(f);
  for (char *p = buf; *p != '\0'; p++)
    if (*p == '\n') *p = ' ';
  return buf;
}

static int init_and_start(pg_cluster *c) {
  char initdb[512], pg_ctl[512], createdb[512], opts[1024];
  bin_path(initdb, sizeof initdb, c, "initdb");
  bin_path(pg_ctl, sizeof pg_ctl, c, "pg_ctl");
  bin_path(createdb, sizeof createdb, c, "createdb");
  const char *init_argv[] = {initdb, "-D", c->data, "-U", "redress", "--auth=trust", "-E", "UTF8",
                       "--locale=C", "--no-sync", NULL};
  if (run(c, init_argv) != 0) return -1;
  snprintf(opts, sizeof opts,
           "-c listen_addresses='' -k '%s' -p " PGC_PORT " -c fsync=off "
           "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40",
           c->sock);
  const char *start_argv[] = {pg_ctl, "start", "-w", "-t", "60", "-D", c->data, "-l", c->log,
                        "-o", opts, NULL};
  if (run(c, start_argv) != 0) return -1;
  c->running = 1;
  const char *createdb_argv[] = {createdb, "-h", c->sock, "-p", PGC_PORT, "-U", "redress",
                           "redress_test", NULL};
  return run(c, createdb_argv) == 0 ? 0 : -1;
}

int pgc_start(pg_cluster *c, char *why, size_t whylen) {
  memset(c, 0, sizeof *c);
  if (!find_in_versions(c) && !find_on_path(c))
    return say(why, whylen, PGC_SKIP,
               "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found under "
               "/usr/lib/postgresql/*/bin or on PATH; install the postgresql package");
  if (pick_user(c, why, whylen) != 0 || make_dirs(c, why, whylen) != 0) {
    pgc_stop(c);
    return PGC_FAILED;
  }
  if (init_and_start(c) != 0) {
    char tail[600];
    say(why, whylen, PGC_FAILED, "cluster in %s did not start (%s): %s", c->root, c->bin,
        log_tail(c, tail, sizeof tail));
    pgc_stop(c);
    return PGC_FAILED;
  }
  snprintf(c->conninfo, sizeof c->conninfo,
           "host=%s port=" PGC_PORT " user=redress dbname=redress_test", c->sock);
  return PGC_STARTED;
}

void pgc_stop(pg_cluster *c) {
  if (c->running) {
    char pg_ctl[512];
    bin_path(pg_ctl, sizeof pg_ctl, c, "pg_ctl");
    const char *argv[] = {pg_ctl, "stop", "-w", "-m", "immediate", "-D", c->data, NULL};
    run(c, argv);
    c->running = 0;
  }
  if (c->root[0] != '\0') td_remove(c->root);
  c->root[0] = '\0';
}
