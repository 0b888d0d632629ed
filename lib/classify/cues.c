/* The cue matcher: every cue of every lexicon, and the host's runtime cues, compiled
 * into one Aho-Corasick automaton over normalised UTF-8 bytes, so that a text is
 * read once whatever the number of cues.
 *
 * Layout, for a scan that is a chain of dependent loads and so as fast as the caches
 * that hold its tables. Bytes are first mapped to classes: each byte that occurs in
 * some term gets one (ASCII capitals share their small letter's, which folds case for
 * free), every other byte class 0, on which every state goes to the root. The root,
 * its children and the states with many children (after a CJK lead byte) own a dense
 * row of resolved transitions, one per class, so that their step is one load and
 * never walks failure links. The other states, most of them, keep their few edges
 * in a few words laid out depth first, so that the states along a term share cache
 * lines, and fall back along failure links until a dense state answers. All of it
 * is one array of 32-bit words (about 330 KB for the built-in lexicons). A
 * transition is the place of its target with a flag telling whether that state ends
 * a term, so the scan reads the term tables only when there is something to report. */
#include "classify/amount_starts.h"
#include "classify/ngram_walk.h"

#include <string.h>

#define DENSE_DEPTH 1     /* states this close to the root get a dense row */
#define DENSE_MIN_EDGES 5 /* and so do states with at least this many children */
#define TO_HIT 0x80000000u   /* transition flag: the target state ends a term */
#define TO_STATE 0x7FFFFFFFu /* transition: the target state */

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

/* A sparse state in the code: these words, then one transition per edge. A sparse
 * state has fewer than DENSE_MIN_EDGES edges, so their classes fit one word. */
typedef char sparse_classes_fit_a_word[DENSE_MIN_EDGES <= 5 ? 1 : -1];
#define SPARSE_FAIL 0    /* the place of the failure state */
#define SPARSE_HITS 1    /* the state's hits: a link, 0 if none */
#define SPARSE_CLASSES 2 /* edge classes, lowest byte first, ascending; 0xFF pads */
#define SPARSE_EDGES 3

/* The terms a state reports, longest first, as a chain of links: the state's own term
 * and those along its failure links. Read only when a transition carries TO_HIT. */
typedef struct rd_link {
  uint32_t cue;
  uint32_t next;  /* the next link; 0: none (link 0 is unused) */
  uint16_t len;   /* normalised bytes */
  uint8_t flags;  /* TERM_* */
} rd_link;

/* States are known by their place in the code: a dense state's row starts there (one
 * transition per class, then its hits), a sparse state's words (SPARSE_*) do.
 * Transitions are places, with TO_HIT. */
struct rd_matcher {
  unsigned char byte_class[256];
  size_t n_classes;   /* the classes of term bytes, and class 0 */
  size_t n_dense;     /* states with a row */
  size_t dense_end;   /* places below this are rows */
  uint32_t *code;
  size_t n_code;
  rd_link *links;     /* 1 + the builder's terms */
  size_t n_links;
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

static int wants_row(const builder *b, uint32_t node) {
  return b->nodes[node].depth <= DENSE_DEPTH || child_count(b, node) >= DENSE_MIN_EDGES;
}

/* The packing plan: the trie's nodes breadth first, and each node's place in the code
 * and the first link of its hits. */
typedef struct plan {
  uint32_t *order;
  uint32_t *at;
  uint32_t *head;
  uint32_t *stack;
  uint32_t kids[256];
  unsigned char class_byte[256];
} plan;

/* Classes in byte order, so that edges sorted by byte are sorted by class; a capital
 * letter takes its small letter's class (terms are normalised to small letters).
 * Valid UTF-8 never uses 0xFF, so fewer than 255 classes exist and 0xFF can pad. */
static void assign_classes(rd_matcher *m, const builder *b, plan *p) {
  memset(m->byte_class, 0, sizeof m->byte_class);
  for (size_t i = 1; i < b->n_nodes; i++) m->byte_class[b->nodes[i].byte] = 1;
  unsigned next = 1;
  p->class_byte[0] = 0;
  for (unsigned c = 0; c < 256; c++) {
    if (m->byte_class[c] == 0) continue;
    p->class_byte[next] = (unsigned char)c;
    m->byte_class[c] = (unsigned char)next++;
  }
  for (unsigned c = 'A'; c <= 'Z'; c++) m->byte_class[c] = m->byte_class[c + 32];
  m->n_classes = next;
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

/* Dense states first, breadth first; then the sparse ones depth first, so that the
 * states along a term lie next to each other in the code. Fails with RANGE when the
 * code would not fit 31-bit places. */
static int place_states(rd_matcher *m, const builder *b, plan *p) {
  size_t n = b->n_nodes, row = m->n_classes + 1;
  m->n_dense = 0;
  for (size_t i = 0; i < n; i++) {
    uint32_t node = p->order[i];
    p->at[node] = wants_row(b, node) ? (uint32_t)(m->n_dense++ * row) : UINT32_MAX;
  }
  m->dense_end = m->n_dense * row;
  size_t code = m->dense_end, depth = 0;
  if (code > TO_STATE) return REDRESS_ERR_RANGE;
  p->stack[depth++] = 0;
  while (depth > 0) {
    uint32_t node = p->stack[--depth];
    size_t k = sorted_children(b, node, p->kids);
    for (size_t j = k; j-- > 0;) p->stack[depth++] = p->kids[j];
    if (p->at[node] != UINT32_MAX) continue;
    p->at[node] = (uint32_t)code;
    code += SPARSE_EDGES + k;
    if (code > TO_STATE) return REDRESS_ERR_RANGE;
  }
  m->n_code = code;
  return REDRESS_OK;
}

/* Links: term i of the builder is link i + 1, followed by the hits of the state's
 * failure. Parents precede children in breadth-first order, so a failure's head is
 * known before it is needed. */
static void link_hits(rd_matcher *m, const builder *b, plan *p) {
  rd_link none = {0, 0, 0, 0};
  m->links[0] = none;
  for (size_t t = 0; t < b->n_terms; t++) {
    rd_link l = {b->terms[t].cue, 0, b->terms[t].len, b->terms[t].flags};
    m->links[t + 1] = l;
  }
  p->head[0] = 0;
  for (size_t i = 1; i < b->n_nodes; i++) {
    const bnode *bn = &b->nodes[p->order[i]];
    uint32_t via_fail = p->head[bn->fail];
    if (bn->term >= 0) m->links[bn->term + 1].next = via_fail;
    p->head[p->order[i]] = bn->term >= 0 ? (uint32_t)bn->term + 1 : via_fail;
  }
}

/* A transition to node, flagged when the state ends a term. */
static uint32_t transition(const plan *p, uint32_t node) {
  return p->at[node] | (p->head[node] != 0 ? TO_HIT : 0u);
}

static void pack_row(rd_matcher *m, const builder *b, const plan *p, uint32_t node) {
  uint32_t *row = m->code + p->at[node];
  row[0] = 0; /* a byte in no term leads back to the root, which ends no term */
  for (size_t c = 1; c < m->n_classes; c++)
    row[c] = transition(p, resolve(b, node, p->class_byte[c]));
  row[m->n_classes] = p->head[node];
}

/* A sparse state: its failure, its hits, its edges' classes (0xFF pads) and targets. */
static void pack_edges(rd_matcher *m, const builder *b, plan *p, uint32_t node) {
  uint32_t *code = m->code + p->at[node];
  size_t k = sorted_children(b, node, p->kids);
  uint32_t classes = 0xFFFFFFFFu;
  for (size_t j = k; j-- > 0;)
    classes = (classes << 8) | m->byte_class[b->nodes[p->kids[j]].byte];
  code[SPARSE_FAIL] = p->at[b->nodes[node].fail];
  code[SPARSE_HITS] = p->head[node];
  code[SPARSE_CLASSES] = classes;
  for (size_t j = 0; j < k; j++) code[SPARSE_EDGES + j] = transition(p, p->kids[j]);
}

static int pack_tables(rd_matcher *m, const redress_allocator *a, const builder *b, plan *p) {
  assign_classes(m, b, p);
  int rc = place_states(m, b, p);
  if (rc != REDRESS_OK) return rc;
  m->n_links = b->n_terms + 1;
  m->code = rd_alloc(a, m->n_code * sizeof *m->code);
  m->links = rd_alloc(a, m->n_links * sizeof *m->links);
  if (m->code == NULL || m->links == NULL) return REDRESS_ERR_NOMEM;
  link_hits(m, b, p);
  for (size_t i = 0; i < b->n_nodes; i++) {
    uint32_t node = p->order[i];
    if (p->at[node] < m->dense_end) pack_row(m, b, p, node);
    else pack_edges(m, b, p, node);
  }
  return REDRESS_OK;
}

static int pack(rd_matcher *m, const redress_allocator *a, builder *b) {
  size_t n = b->n_nodes;
  plan *p = rd_alloc(a, sizeof *p);
  if (p == NULL) return REDRESS_ERR_NOMEM;
  p->order = rd_alloc(a, n * sizeof *p->order);
  p->at = rd_alloc(a, n * sizeof *p->at);
  p->head = rd_alloc(a, n * sizeof *p->head);
  p->stack = rd_alloc(a, n * sizeof *p->stack);
  int rc = p->order && p->at && p->head && p->stack ? REDRESS_OK : REDRESS_ERR_NOMEM;
  if (rc == REDRESS_OK) {
    link_failures(b, p->order);
    rc = pack_tables(m, a, b, p);
  }
  rd_free(a, p->order);
  rd_free(a, p->at);
  rd_free(a, p->head);
  rd_free(a, p->stack);
  rd_free(a, p);
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
  rd_free(a, m->code);
  rd_free(a, m->links);
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
  rd_free(a, b.terms);
  if (rc != REDRESS_OK) {
    rd_matcher_free(m, a);
    return rc;
  }
  *out = m;
  return REDRESS_OK;
}

const rd_cue *rd_matcher_cue(const rd_matcher *m, uint32_t cue) { return &m->cues[cue]; }
const rd_cue *rd_matcher_cues(const rd_matcher *m) { return m->cues; }
size_t rd_matcher_cue_count(const rd_matcher *m) { return m->n_cues; }

/* ---- scanning --------------------------------------------------------------- */

/* The transition from the state at `at` on a byte of class cls, with its TO_HIT flag. */
static uint32_t step(const rd_matcher *m, uint32_t at, unsigned cls) {
  const uint32_t *code = m->code;
  while (at >= m->dense_end) {
    uint32_t classes = code[at + SPARSE_CLASSES];
    for (unsigned i = 0; i < DENSE_MIN_EDGES - 1; i++, classes >>= 8) {
      unsigned c = classes & 0xFFu;
      if (c == cls) return code[at + SPARSE_EDGES + i];
      if (c > cls) break;
    }
    at = code[at + SPARSE_FAIL];
  }
  return code[at + cls];
}

/* The first link of the hits of the state at `at`. */
static uint32_t hits_of(const rd_matcher *m, uint32_t at) {
  return m->code[at + (at < m->dense_end ? m->n_classes : SPARSE_HITS)];
}

/* Most candidates meet ASCII at their edges ("th" inside "the"), answered by a table. */
static int kind_before(const unsigned char *s, size_t pos) {
  size_t start;
  if (pos == 0) return RD_CH_SPACE;
  if (s[pos - 1] < 0x80) return rd_ascii_kind[s[pos - 1]];
  return rd_char_kind(rd_utf8_prev(s, pos, &start));
}

static int kind_after(const unsigned char *s, size_t len, size_t pos) {
  if (pos >= len) return RD_CH_SPACE;
  if (s[pos] < 0x80) return rd_ascii_kind[s[pos]];
  return rd_char_kind(rd_utf8_next(s, len, &pos));
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
  if (o->count == o->cap) {
    int rc = rd_reserve(sc->a, (void **)&o->items, &o->cap, o->count + 1, sizeof *o->items);
    if (rc != REDRESS_OK) return rc;
  }
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

/* The longest term ending here whose word boundaries hold; n normalised bytes were
 * read. */
static int report(scan *sc, uint32_t at, size_t n, size_t end) {
  const rd_link *links = sc->m->links;
  for (uint32_t x = hits_of(sc->m, at); x != 0; x = links[x].next) {
    const rd_link *t = &links[x];
    size_t start = sc->ring[(n - t->len) & RING_MASK];
    if (!boundaries_ok(t->flags, sc->text, sc->len, start, end)) continue;
    if (t->flags & TERM_WORD_PREFIX) end = word_end(sc->text, sc->len, end);
    return push_match(sc, (uint32_t)start, (uint32_t)end, t->cue);
  }
  return REDRESS_OK;
}

/* A three-byte character that normalisation leaves as it is: Hangul syllables and the
 * CJK ideographs fold to themselves, and only a syllable followed by a trailing jamo
 * (U+11A8.., lead byte 0xE1) could be recomposed. */
static int verbatim3(const unsigned char *s, size_t len, size_t i) {
  return s[i] >= 0xE4 && s[i] <= 0xED && (i + 3 == len || s[i + 3] != 0xE1);
}

#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

/* The scan; with w (and st), each unit it reads also goes to the model's n-gram walk
 * and is noted when an amount may start there: work (hashing, tests of the byte at
 * hand) that overlaps the automaton's chain of dependent loads. Inlined twice, so that
 * the scan without them tests nothing. */
static ALWAYS_INLINE int scan_text(const rd_matcher *m, const redress_allocator *a,
                                   const char *text, size_t len, rd_matches *out,
                                   rd_ngram_walk *w, rd_amount_starts *st) {
  scan sc;
  sc.m = m;
  sc.a = a;
  sc.text = (const unsigned char *)text;
  sc.len = len;
  sc.out = out;
  out->count = 0;
  const unsigned char *s = sc.text, *cls = m->byte_class;
  uint32_t to = 0; /* the last transition: state and TO_HIT */
  size_t i = 0, n = 0; /* n: normalised bytes so far */
  while (i < len) {
    size_t start = i;
    if (s[i] < 0x80) { /* the common cases, kept tight */
      if (w != NULL) {
        rd_ngram_ascii(w, s[i], start);
        rd_amount_starts_ascii(st, s[i], start);
      }
      to = step(m, to & TO_STATE, cls[s[i++]]);
      sc.ring[n++ & RING_MASK] = (uint32_t)start;
    } else if (verbatim3(s, len, i)) {
      if (w != NULL) {
        rd_ngram_verbatim3(w, s, start);
        rd_amount_starts_wide(st, s, start);
      }
      for (size_t end = i + 3; i < end; i++) {
        to = step(m, to & TO_STATE, cls[s[i]]);
        sc.ring[n++ & RING_MASK] = (uint32_t)start;
      }
    } else {
      unsigned char unit[4];
      size_t k = rd_norm_unit(s, len, &i, unit);
      if (w != NULL) {
        rd_amount_starts_other(st, s, start);
        if (k > 0) rd_ngram_unit(w, unit, k, start, i);
      }
      for (size_t j = 0; j < k; j++) {
        to = step(m, to & TO_STATE, cls[unit[j]]);
        sc.ring[n++ & RING_MASK] = (uint32_t)start;
      }
    }
    if (to & TO_HIT) {
      int rc = report(&sc, to & TO_STATE, n, i);
      if (rc != REDRESS_OK) return rc;
    }
  }
  if (w != NULL) rd_ngram_end_word(w);
  return REDRESS_OK;
}

int rd_matcher_scan(const rd_matcher *m, const redress_allocator *a, const char *text,
                    size_t len, rd_matches *out) {
  return scan_text(m, a, text, len, out, NULL, NULL);
}

int rd_matcher_scan_ngrams(const rd_matcher *m, const redress_allocator *a, const char *text,
                           size_t len, rd_matches *out, rd_ngrams *g, rd_amount_starts *starts) {
  rd_ngram_walk w;
  memset(&w, 0, sizeof w);
  w.sink = g;
  starts->n = 0;
  starts->overflowed = 0;
  return scan_text(m, a, text, len, out, &w, starts);
}

void rd_matches_free(rd_matches *ms, const redress_allocator *a) {
  rd_free(a, ms->items);
  ms->items = NULL;
  ms->count = ms->cap = 0;
}
