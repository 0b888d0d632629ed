/* The cue matcher: every cue of every lexicon, and the host's runtime cues, compiled
 * into one Aho-Corasick automaton over normalised UTF-8 bytes, so that a text is
 * read once whatever the number of cues.
 *
 * Layout: states in breadth-first order. A state with many children (the root,
 * the states after a CJK lead byte) gets a dense row of 256 resolved transitions;
 * the others keep their few edges sorted and fall back along failure links, which
 * keeps the tables compact (a few hundred kilobytes for all lexicons). */
#include "classify.h"

#include <string.h>

#define DENSE_MIN_EDGES 5 /* states with at least this many children get a dense row */
#define DENSE 0xFFFFu

/* Term flags: which edges need a word boundary. */
#define TERM_START_LETTER 0x01u /* starts with a letter: no letter may precede */
#define TERM_START_DIGIT 0x02u  /* starts with a digit: no digit may precede */
#define TERM_END_LETTER 0x04u
#define TERM_END_DIGIT 0x08u
#define TERM_WORD_START 0x10u   /* `^`: no letter, digit, Hangul or CJK may precede */
#define TERM_WORD_PREFIX 0x20u  /* `*` after a letter: the match runs on to the word's end */

typedef struct rd_term {
  uint32_t cue;
  uint16_t len;   /* normalised bytes */
  uint8_t flags;
} rd_term;

typedef struct rd_state {
  uint32_t edges;     /* first edge, or dense row when n_edges == DENSE */
  uint16_t n_edges;
  uint16_t depth;
  uint32_t fail;
  uint32_t hit;       /* first state with a term on the failure chain, self included; 0: none */
  int32_t term;       /* this state's own term, or -1 */
  uint32_t next_hit;  /* the next such state after this one; 0: none */
} rd_state;

struct rd_matcher {
  rd_state *states;
  size_t n_states;
  unsigned char *edge_byte;
  uint32_t *edge_to;
  size_t n_edges;
  uint32_t *dense;
  size_t n_dense;
  rd_term *terms;
  size_t n_terms;
  rd_cue *cues;
  size_t n_cues;
};

/* ---- building: a linked trie first ---------------------------------------- */

typedef struct bnode {
  uint32_t child;   /* first child, 0: none (the root is never a child) */
  uint32_t sibling;
  uint32_t fail;
  int32_t term;
  uint16_t depth;
  unsigned char byte;
} bnode;

typedef struct builder {
  const redress_allocator *a;
  bnode *nodes;
  size_t n_nodes, cap_nodes;
  rd_term *terms;
  size_t n_terms, cap_terms;
  uint32_t cue;       /* the cue being inserted */
  int word_start;     /* its term starts with `^` */
  int whole_end;      /* its term has no `*`: a letter or digit end needs a boundary */
} builder;

static uint32_t find_child(const builder *b, uint32_t node, unsigned char byte) {
  for (uint32_t c = b->nodes[node].child; c != 0; c = b->nodes[c].sibling)
    if (b->nodes[c].byte == byte) return c;
  return 0;
}

static int add_node(builder *b, uint32_t parent, unsigned char byte, uint32_t *out) {
  int rc = rd_reserve(b->a, (void **)&b->nodes, &b->cap_nodes, b->n_nodes + 1, sizeof *b->nodes);
  if (rc != REDRESS_OK) return rc;
  uint32_t n = (uint32_t)b->n_nodes++;
  bnode *node = &b->nodes[n];
  memset(node, 0, sizeof *node);
  node->term = -1;
  node->byte = byte;
  node->depth = (uint16_t)(b->nodes[parent].depth + 1);
  node->sibling = b->nodes[parent].child;
  b->nodes[parent].child = n;
  *out = n;
  return REDRESS_OK;
}

/* A term that starts (ends) with a letter or digit must not continue a word there. */
static unsigned edge_flags(const unsigned char *s, size_t len, int whole_end) {
  size_t pos = 0, start;
  int first = rd_char_kind(rd_utf8_next(s, len, &pos));
  int last = rd_char_kind(rd_utf8_prev(s, len, &start));
  unsigned flags = 0;
  if (first == RD_CH_LETTER) flags |= TERM_START_LETTER;
  if (first == RD_CH_DIGIT) flags |= TERM_START_DIGIT;
  if (whole_end && last == RD_CH_LETTER) flags |= TERM_END_LETTER;
  if (whole_end && last == RD_CH_DIGIT) flags |= TERM_END_DIGIT;
  if (!whole_end && last == RD_CH_LETTER) flags |= TERM_WORD_PREFIX;
  return flags;
}

/* Inserts one normalised form; a later insertion of the same form wins. */
static int insert_form(const unsigned char *s, size_t len, void *payload) {
  builder *b = payload;
  uint32_t node = 0;
  for (size_t i = 0; i < len; i++) {
    uint32_t next = find_child(b, node, s[i]);
    if (next == 0) {
      int rc = add_node(b, node, s[i], &next);
      if (rc != REDRESS_OK) return rc;
    }
    node = next;
  }
  int rc = rd_reserve(b->a, (void **)&b->terms, &b->cap_terms, b->n_terms + 1, sizeof *b->terms);
  if (rc != REDRESS_OK) return rc;
  unsigned flags = edge_flags(s, len, b->whole_end) | (b->word_start ? TERM_WORD_START : 0u);
  rd_term t = {b->cue, (uint16_t)len, (uint8_t)flags};
  b->terms[b->n_terms] = t;
  b->nodes[node].term = (int32_t)b->n_terms++;
  return REDRESS_OK;
}

/* ---- terms: markers and normalisation -------------------------------------- */

typedef struct term_spec {
  unsigned char norm[RD_MAX_NORM_TERM];
  size_t len;
  int whole_word_end;  /* no `*`: a letter or digit edge needs a boundary */
  int word_start;      /* `^` */
  int korean_stem;     /* `-` after a Hangul syllable */
} term_spec;

static int is_hangul_syllable_end(const char *s, size_t len) {
  size_t start;
  uint32_t cp = rd_utf8_prev((const unsigned char *)s, len, &start);
  return cp >= 0xAC00 && cp <= 0xD7A3;
}

static int parse_term(const char *term, size_t len, term_spec *out, const char **why) {
  memset(out, 0, sizeof *out);
  out->whole_word_end = 1;
  if (len > 0 && term[0] == '^') {
    out->word_start = 1;
    term++, len--;
  }
  if (len > 0 && term[len - 1] == '*') {
    out->whole_word_end = 0;
    len--;
  } else if (len > 1 && term[len - 1] == '-' && is_hangul_syllable_end(term, len - 1)) {
    out->korean_stem = 1;
    len--;
  }
  const unsigned char *s = (const unsigned char *)term;
  size_t pos = 0, n = 0;
  int blank = 1;
  while (pos < len) {
    unsigned char unit[4];
    size_t k = rd_norm_unit(s, len, &pos, unit);
    if (n + k > RD_MAX_NORM_TERM) {
      *why = "the term is too long";
      return REDRESS_ERR_RANGE;
    }
    for (size_t j = 0; j < k; j++) blank &= unit[j] == ' ' || unit[j] == '\t';
    memcpy(out->norm + n, unit, k);
    n += k;
  }
  out->len = n;
  if (n == 0 || blank) {
    *why = "the term is empty";
    return REDRESS_ERR_INVALID;
  }
  return REDRESS_OK;
}

int rd_term_check(const char *term, size_t len, int cls, const char **why) {
  term_spec spec;
  (void)cls;
  if (len > REDRESS_MAX_CUE_TERM_BYTES) {
    *why = "the term is longer than REDRESS_MAX_CUE_TERM_BYTES";
    return REDRESS_ERR_RANGE;
  }
  return parse_term(term, len, &spec, why);
}

static int insert_term(builder *b, const char *term, uint32_t cue) {
  term_spec spec;
  const char *why = NULL;
  int rc = parse_term(term, strlen(term), &spec, &why);
  if (rc != REDRESS_OK) return rc;
  b->cue = cue;
  b->word_start = spec.word_start;
  b->whole_end = spec.whole_word_end;
  if (spec.korean_stem) return rd_korean_forms(spec.norm, spec.len, insert_form, b);
  return insert_form(spec.norm, spec.len, b);
}

/* ---- failure links and packing -------------------------------------------- */

static void link_failures(builder *b, uint32_t *queue) {
  size_t head = 0, tail = 0;
  queue[tail++] = 0;
  while (head < tail) {
    uint32_t u = queue[head++];
    for (uint32_t c = b->nodes[u].child; c != 0; c = b->nodes[c].sibling) {
      queue[tail++] = c;
      if (u == 0) {
        b->nodes[c].fail = 0;
        continue;
      }
      uint32_t f = b->nodes[u].fail;
      uint32_t g;
      while ((g = find_child(b, f, b->nodes[c].byte)) == 0 && f != 0) f = b->nodes[f].fail;
      b->nodes[c].fail = g;
    }
  }
}

/* The automaton's transition from node on byte, following failure links. */
static uint32_t resolve(const builder *b, uint32_t node, unsigned char byte) {
  for (;;) {
    uint32_t c = find_child(b, node, byte);
    if (c != 0 || node == 0) return c;
    node = b->nodes[node].fail;
  }
}

static size_t child_count(const builder *b, uint32_t node) {
  size_t n = 0;
  for (uint32_t c = b->nodes[node].child; c != 0; c = b->nodes[c].sibling) n++;
  return n;
}

static int alloc_tables(rd_matcher *m, const redress_allocator *a, const builder *b,
                        const uint32_t *order) {
  m->n_states = b->n_nodes;
  m->n_edges = b->n_nodes - 1;
  for (size_t i = 0; i < b->n_nodes; i++) {
    size_t k = child_count(b, order[i]);
    if (i == 0 || k >= DENSE_MIN_EDGES) m->n_dense++;
  }
  m->states = rd_alloc(a, m->n_states * sizeof *m->states);
  m->edge_byte = rd_alloc(a, m->n_edges + 1);
  m->edge_to = rd_alloc(a, (m->n_edges + 1) * sizeof *m->edge_to);
  m->dense = rd_alloc(a, m->n_dense * 256 * sizeof *m->dense);
  if (m->states == NULL || m->edge_byte == NULL || m->edge_to == NULL || m->dense == NULL)
    return REDRESS_ERR_NOMEM;
  return REDRESS_OK;
}

/* Children of a node sorted by byte (insertion sort: there are few). */
static size_t sorted_children(const builder *b, uint32_t node, uint32_t *out) {
  size_t n = 0;
  for (uint32_t c = b->nodes[node].child; c != 0; c = b->nodes[c].sibling) {
    size_t i = n++;
    while (i > 0 && b->nodes[out[i - 1]].byte > b->nodes[c].byte) {
      out[i] = out[i - 1];
      i--;
    }
    out[i] = c;
  }
  return n;
}

static void pack_state(rd_matcher *m, const builder *b, const uint32_t *order, const uint32_t *rank,
                       size_t i, size_t *edge, size_t *dense, uint32_t *kids) {
  uint32_t node = order[i];
  rd_state *st = &m->states[i];
  const bnode *bn = &b->nodes[node];
  st->fail = rank[bn->fail];
  st->term = bn->term;
  st->depth = bn->depth;
  size_t k = sorted_children(b, node, kids);
  if (i == 0 || k >= DENSE_MIN_EDGES) {
    st->n_edges = DENSE;
    st->edges = (uint32_t)*dense;
    uint32_t *row = m->dense + *dense * 256;
    for (unsigned c = 0; c < 256; c++) row[c] = rank[resolve(b, node, (unsigned char)c)];
    (*dense)++;
    return;
  }
  st->n_edges = (uint16_t)k;
  st->edges = (uint32_t)*edge;
  for (size_t j = 0; j < k; j++) {
    m->edge_byte[*edge] = b->nodes[kids[j]].byte;
    m->edge_to[*edge] = rank[kids[j]];
    (*edge)++;
  }
}

/* hit/next_hit: the chain of states with a term along the failure links. Parents
 * precede children in breadth-first order, so fail targets are already done. */
static void link_hits(rd_matcher *m) {
  m->states[0].hit = 0;
  m->states[0].next_hit = 0;
  for (size_t i = 1; i < m->n_states; i++) {
    rd_state *st = &m->states[i];
    uint32_t via_fail = m->states[st->fail].hit;
    st->next_hit = via_fail;
    st->hit = st->term >= 0 ? (uint32_t)i : via_fail;
  }
}

static int pack(rd_matcher *m, const redress_allocator *a, builder *b) {
  size_t n = b->n_nodes;
  uint32_t *order = rd_alloc(a, n * sizeof *order);
  uint32_t *rank = rd_alloc(a, n * sizeof *rank);
  uint32_t *kids = rd_alloc(a, 256 * sizeof *kids);
  int rc = order && rank && kids ? REDRESS_OK : REDRESS_ERR_NOMEM;
  if (rc == REDRESS_OK) {
    link_failures(b, order);
    for (size_t i = 0; i < n; i++) rank[order[i]] = (uint32_t)i;
    rc = alloc_tables(m, a, b, order);
  }
  if (rc == REDRESS_OK) {
    size_t edge = 0, dense = 0;
    for (size_t i = 0; i < n; i++) pack_state(m, b, order, rank, i, &edge, &dense, kids);
    link_hits(m);
  }
  rd_free(a, order);
  rd_free(a, rank);
  rd_free(a, kids);
  return rc;
}

/* ---- building the whole matcher ------------------------------------------- */

static const rd_lexicon *const builtin[] = {&rd_lexicon_common, &rd_lexicon_en, &rd_lexicon_ko,
                                            &rd_lexicon_zh};
#define N_BUILTIN (sizeof builtin / sizeof builtin[0])

static size_t builtin_cue_count(void) {
  size_t n = 0;
  for (size_t i = 0; i < N_BUILTIN; i++) n += builtin[i]->count;
  return n;
}

static int insert_all(rd_matcher *m, builder *b, const rd_host_cue *host, size_t n_host) {
  size_t cue = 0;
  for (size_t l = 0; l < N_BUILTIN; l++) {
    for (size_t i = 0; i < builtin[l]->count; i++, cue++) {
      const rd_lex_entry *e = &builtin[l]->entries[i];
      rd_cue c = {e->cls, 0, (int32_t)e->weight * 100};
      m->cues[cue] = c;
      int rc = insert_term(b, e->term, (uint32_t)cue);
      if (rc != REDRESS_OK) return rc;
    }
  }
  for (size_t i = 0; i < n_host; i++, cue++) {
    rd_cue c = {host[i].cls, 1, host[i].weight};
    m->cues[cue] = c;
    int rc = insert_term(b, host[i].term, (uint32_t)cue);
    if (rc != REDRESS_OK) return rc;
  }
  return REDRESS_OK;
}

void rd_matcher_free(rd_matcher *m, const redress_allocator *a) {
  if (m == NULL) return;
  rd_free(a, m->states);
  rd_free(a, m->edge_byte);
  rd_free(a, m->edge_to);
  rd_free(a, m->dense);
  rd_free(a, m->terms);
  rd_free(a, m->cues);
  rd_free(a, m);
}

int rd_matcher_build(rd_matcher **out, const redress_allocator *a, const rd_host_cue *host,
                     size_t n_host) {
  rd_matcher *m = rd_alloc(a, sizeof *m);
  if (m == NULL) return REDRESS_ERR_NOMEM;
  memset(m, 0, sizeof *m);
  builder b;
  memset(&b, 0, sizeof b);
  b.a = a;
  m->n_cues = builtin_cue_count() + n_host;
  m->cues = rd_alloc(a, m->n_cues * sizeof *m->cues);
  int rc = m->cues != NULL ? REDRESS_OK : REDRESS_ERR_NOMEM;
  if (rc == REDRESS_OK) rc = rd_reserve(a, (void **)&b.nodes, &b.cap_nodes, 4096, sizeof *b.nodes);
  if (rc == REDRESS_OK) {
    memset(&b.nodes[0], 0, sizeof b.nodes[0]);
    b.nodes[0].term = -1;
    b.n_nodes = 1;
    rc = insert_all(m, &b, host, n_host);
  }
  if (rc == REDRESS_OK) rc = pack(m, a, &b);
  rd_free(a, b.nodes);
  if (rc != REDRESS_OK) {
    rd_free(a, b.terms);
    rd_matcher_free(m, a);
    return rc;
  }
  m->terms = b.terms;
  m->n_terms = b.n_terms;
  *out = m;
  return REDRESS_OK;
}

const rd_cue *rd_matcher_cue(const rd_matcher *m, uint32_t cue) { return &m->cues[cue]; }
size_t rd_matcher_cue_count(const rd_matcher *m) { return m->n_cues; }

/* ---- scanning --------------------------------------------------------------- */

static const unsigned char ascii_fold[128] = {
  0,   1,   2,   3,   4,   5,   6,   7,   8,   9,   10,  11,  12,  13,  14,  15,
  16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  26,  27,  28,  29,  30,  31,
  ' ', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
  '@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
  'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '[', '\\', ']', '^', '_',
  '`', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
  'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', 127,
};

static uint32_t step(const rd_matcher *m, uint32_t s, unsigned char byte) {
  for (;;) {
    const rd_state *st = &m->states[s];
    if (st->n_edges == DENSE) return m->dense[(size_t)st->edges * 256 + byte];
    const unsigned char *eb = m->edge_byte + st->edges;
    for (unsigned i = 0; i < st->n_edges; i++) {
      if (eb[i] == byte) return m->edge_to[st->edges + i];
      if (eb[i] > byte) break;
    }
    s = st->fail;
  }
}

static int kind_before(const unsigned char *s, size_t pos) {
  size_t start;
  return pos == 0 ? RD_CH_SPACE : rd_char_kind(rd_utf8_prev(s, pos, &start));
}

static int kind_after(const unsigned char *s, size_t len, size_t pos) {
  return pos >= len ? RD_CH_SPACE : rd_char_kind(rd_utf8_next(s, len, &pos));
}

static int boundaries_ok(unsigned flags, const unsigned char *s, size_t len, size_t start,
                         size_t end) {
  if (flags & (TERM_START_LETTER | TERM_START_DIGIT | TERM_WORD_START)) {
    int k = kind_before(s, start);
    if ((flags & TERM_START_LETTER) && k == RD_CH_LETTER) return 0;
    if ((flags & TERM_START_DIGIT) && k == RD_CH_DIGIT) return 0;
    if ((flags & TERM_WORD_START) &&
        (k == RD_CH_LETTER || k == RD_CH_DIGIT || k == RD_CH_HANGUL || k == RD_CH_CJK))
      return 0;
  }
  if (flags & (TERM_END_LETTER | TERM_END_DIGIT)) {
    int k = kind_after(s, len, end);
    if ((flags & TERM_END_LETTER) && k == RD_CH_LETTER) return 0;
    if ((flags & TERM_END_DIGIT) && k == RD_CH_DIGIT) return 0;
  }
  return 1;
}

typedef struct scan {
  const rd_matcher *m;
  const redress_allocator *a;
  const unsigned char *text;
  size_t len;
  uint32_t ring[RD_MAX_NORM_TERM + 1]; /* original offset of each recent normalised byte */
  size_t n;                           /* normalised bytes so far */
  rd_matches *out;
} scan;

#define RING_MASK 255u

/* A match that contains earlier ones replaces them: the longer cue is the one meant
 * ("never again" over "never", "not happy" over "happy"). */
static int push_match(scan *sc, uint32_t start, uint32_t end, uint32_t cue) {
  rd_matches *o = sc->out;
  while (o->count > 0 && o->items[o->count - 1].end > start &&
         start <= o->items[o->count - 1].start)
    o->count--;
  int rc = rd_reserve(sc->a, (void **)&o->items, &o->cap, o->count + 1, sizeof *o->items);
  if (rc != REDRESS_OK) return rc;
  rd_match mt = {start, end, cue};
  o->items[o->count++] = mt;
  return REDRESS_OK;
}

/* Where the word that a prefix term matched ends, so that the match (and the
 * reason's span) names the whole word: "refund*" in "refunds" spans "refunds". */
static size_t word_end(const unsigned char *s, size_t len, size_t pos) {
  while (pos < len) {
    size_t next = pos;
    int k = rd_char_kind(rd_utf8_next(s, len, &next));
    if (k != RD_CH_LETTER && k != RD_CH_DIGIT) break;
    pos = next;
  }
  return pos;
}

/* The longest term ending here whose word boundaries hold. */
static int report(scan *sc, uint32_t state, size_t end) {
  for (uint32_t x = sc->m->states[state].hit; x != 0; x = sc->m->states[x].next_hit) {
    const rd_term *t = &sc->m->terms[sc->m->states[x].term];
    size_t start = sc->ring[(sc->n - t->len) & RING_MASK];
    if (!boundaries_ok(t->flags, sc->text, sc->len, start, end)) continue;
    if (t->flags & TERM_WORD_PREFIX) end = word_end(sc->text, sc->len, end);
    return push_match(sc, (uint32_t)start, (uint32_t)end, t->cue);
  }
  return REDRESS_OK;
}

int rd_matcher_scan(const rd_matcher *m, const redress_allocator *a, const char *text,
                    size_t len, rd_matches *out) {
  scan sc;
  sc.m = m;
  sc.a = a;
  sc.text = (const unsigned char *)text;
  sc.len = len;
  sc.n = 0;
  sc.out = out;
  out->count = 0;
  const rd_state *states = m->states;
  uint32_t s = 0;
  size_t i = 0;
  while (i < len) {
    unsigned char byte = sc.text[i];
    if (byte < 0x80) { /* the common case, kept tight */
      s = step(m, s, ascii_fold[byte]);
      sc.ring[sc.n++ & RING_MASK] = (uint32_t)i++;
      if (states[s].hit != 0) {
        int rc = report(&sc, s, i);
        if (rc != REDRESS_OK) return rc;
      }
      continue;
    }
    size_t start = i;
    unsigned char unit[4];
    size_t k = rd_norm_unit(sc.text, len, &i, unit);
    for (size_t j = 0; j < k; j++) {
      s = step(m, s, unit[j]);
      sc.ring[sc.n++ & RING_MASK] = (uint32_t)start;
    }
    if (states[s].hit != 0) {
      int rc = report(&sc, s, i);
      if (rc != REDRESS_OK) return rc;
    }
  }
  return REDRESS_OK;
}

void rd_matches_free(rd_matches *ms, const redress_allocator *a) {
  rd_free(a, ms->items);
  ms->items = NULL;
  ms->count = ms->cap = 0;
}
