#include "faulty_store.h"

#include <string.h>

void faulty_store_init(faulty_store *f, const redress_store *inner) {
  memset(f, 0, sizeof *f);
  f->inner = *inner;
  f->fail_code = REDRESS_ERR_STORE;
}

static void note_call(faulty_store *f, const char *slot) {
  f->calls++;
  size_t used = strlen(f->trace);
  size_t need = strlen(slot) + 2;
  if (used + need < sizeof f->trace) {
    memcpy(f->trace + used, slot, need - 2);
    f->trace[used + need - 2] = ' ';
    f->trace[used + need - 1] = '\0';
  }
}

static int inject(faulty_store *f, const char *slot) {
  f->failures++;
  f->failed_slot = slot;
  if (f->on_fail != NULL) f->on_fail(f, slot, f->hook_payload);
  return f->fail_code;
}

/* Counts the call; 1 when this call is the one to fail before reaching the store. */
static int fails_now(faulty_store *f, const char *slot, int iterates) {
  note_call(f, slot);
  if (f->fail_at == 0 || f->calls != f->fail_at) return 0;
  return !(iterates && f->mode == FAULTY_AFTER_FIRST);
}

/* ---- iterations that may break after their first record ------------------------ */

typedef struct relay {
  faulty_store *f;
  const char *slot;
  redress_record_cb cb;
  void *payload;
  int armed;     /* this call breaks after its first record */
  int passed;    /* records handed on */
  int broke;
} relay;

static int relay_record(const redress_record *r, void *payload) {
  relay *rl = payload;
  if (rl->armed && rl->passed == 1) {
    rl->broke = 1;
    return 1; /* stop the wrapped store; the fault is reported below */
  }
  rl->passed++;
  return rl->cb(r, rl->payload);
}

static relay make_relay(faulty_store *f, const char *slot, redress_record_cb cb, void *payload) {
  relay rl = {f, slot, cb, payload, 0, 0, 0};
  rl.armed = f->fail_at != 0 && f->calls == f->fail_at && f->mode == FAULTY_AFTER_FIRST;
  return rl;
}

/* An armed iteration that saw no second record fails at its end instead. */
static int finish_relay(relay *rl, int rc) {
  if (!rl->armed) return rc;
  if (rl->broke || rc == REDRESS_OK) return inject(rl->f, rl->slot);
  return rc;
}

/* ---- the slots ------------------------------------------------------------------ */

static int f_load(void *ud, const char *id, redress_record_cb cb, void *payload) {
  faulty_store *f = ud;
  if (fails_now(f, "load", 0)) return inject(f, "load");
  return f->inner.load(f->inner.ud, id, cb, payload);
}

static int f_save(void *ud, const redress_record *r, uint64_t expected) {
  faulty_store *f = ud;
  if (fails_now(f, "save", 0)) return inject(f, "save");
  return f->inner.save(f->inner.ud, r, expected);
}

static int f_remove(void *ud, const char *id, uint64_t expected) {
  faulty_store *f = ud;
  if (fails_now(f, "remove", 0)) return inject(f, "remove");
  return f->inner.remove(f->inner.ud, id, expected);
}

static int f_scan(void *ud, redress_record_cb cb, void *payload) {
  faulty_store *f = ud;
  if (fails_now(f, "scan", 1)) return inject(f, "scan");
  relay rl = make_relay(f, "scan", cb, payload);
  return finish_relay(&rl, f->inner.scan(f->inner.ud, relay_record, &rl));
}

static int f_due(void *ud, redress_time until, redress_record_cb cb, void *payload) {
  faulty_store *f = ud;
  if (fails_now(f, "due", 1)) return inject(f, "due");
  relay rl = make_relay(f, "due", cb, payload);
  return finish_relay(&rl, f->inner.due(f->inner.ud, until, relay_record, &rl));
}

static int f_by_customer(void *ud, const char *customer, redress_record_cb cb, void *payload) {
  faulty_store *f = ud;
  if (fails_now(f, "by_customer", 1)) return inject(f, "by_customer");
  relay rl = make_relay(f, "by_customer", cb, payload);
  return finish_relay(&rl, f->inner.by_customer(f->inner.ud, customer, relay_record, &rl));
}

static int f_remove_logged(void *ud, const char *id, uint64_t expected,
                           const redress_change *change) {
  faulty_store *f = ud;
  if (fails_now(f, "remove_logged", 0)) return inject(f, "remove_logged");
  return f->inner.remove_logged(f->inner.ud, id, expected, change);
}

/* The feed breaks after its first change like the record iterations. */
typedef struct change_relay {
  redress_change_cb cb;
  void *payload;
  int armed, passed, broke;
} change_relay;

static int relay_change(const redress_change *ch, void *payload) {
  change_relay *rl = payload;
  if (rl->armed && rl->passed == 1) {
    rl->broke = 1;
    return 1;
  }
  rl->passed++;
  return rl->cb(ch, rl->payload);
}

static int f_feed(void *ud, uint64_t after, size_t limit, redress_change_cb cb, void *payload) {
  faulty_store *f = ud;
  if (fails_now(f, "feed", 1)) return inject(f, "feed");
  change_relay rl = {cb, payload, 0, 0, 0};
  rl.armed = f->fail_at != 0 && f->calls == f->fail_at && f->mode == FAULTY_AFTER_FIRST;
  int rc = f->inner.feed(f->inner.ud, after, limit, relay_change, &rl);
  if (rl.armed && (rl.broke || rc == REDRESS_OK)) return inject(f, "feed");
  return rc;
}

static void f_destroy(void *ud) {
  faulty_store *f = ud;
  if (f->destroy_inner && f->inner.destroy != NULL) f->inner.destroy(f->inner.ud);
}

redress_store faulty_store_vtable(faulty_store *f) {
  redress_store s = REDRESS_STORE_INIT;
  s.ud = f;
  s.load = f_load;
  s.save = f_save;
  s.remove = f_remove;
  s.scan = f_scan;
  s.due = f->inner.due != NULL ? f_due : NULL;
  s.by_customer = f->inner.by_customer != NULL ? f_by_customer : NULL;
  s.destroy = f_destroy;
  if (f->inner.version >= 2 && f->inner.feed != NULL && f->inner.remove_logged != NULL) {
    s.feed = f_feed;
    s.remove_logged = f_remove_logged;
  }
  return s;
}
