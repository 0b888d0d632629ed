/* Classification throughput (MB/s, one core) on a generated mixed corpus of English,
 * Korean and Chinese complaints (>= 10 MB), and side by side with two npm analysers on
 * the English part of the same corpus: `sentiment` (the peer: word scores
 * only) and `vader-sentiment` (VADER, the closest in what it weighs: negation,
 * intensifiers, capitals, punctuation).
 *
 *   bench_classify [--mb N] [--compare tests/bench/npm_peer_bench.js | --compare none]
 *                  [--texts FILE]
 *
 * --texts writes the mixed corpus to FILE in the four-column format of
 * tests/tools/classify_corpus (lang, -, -, text; one text a line) and classifies
 * nothing: two builds' `classify_corpus --reasons FILE` compare their verdicts on
 * exactly the texts timed here.
 *
 * The English texts are written to a temporary file and the script (by default the
 * one beside this file) is run with node for each package; install them first:
 * `npm install --prefix /tmp/sentiment-bench sentiment vader-sentiment`. Figures are
 * medians of BENCH_RUNS passes, timed in CPU time of the thread (bench_util.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "redress.h"

#ifndef BENCH_SOURCE_DIR
#define BENCH_SOURCE_DIR "tests/bench"
#endif

/* Fragments the generator strings together; written for this benchmark. */
static const char *const en_parts[] = {
  "Hello, I am writing about order #%u.", "I was charged twice for the same item.",
  "The parcel never arrived and tracking number %u shows nothing since Monday.",
  "I am absolutely furious!!!", "This is the third time I have called about this.",
  "Please refund %u.%02u EUR to my card as soon as possible.",
  "Your agent told me the fee would be waived.", "I'm so upset and disappointed, honestly.",
  "If this is not fixed by Friday I will contact the ombudsman.",
  "My lawyer will be in touch.", "I will post this on Twitter and Trustpilot.",
  "Cancel my subscription, I'm switching to another provider.",
  "According to your return policy I have 30 days to return it.",
  "The engineer did not turn up between 8am and 12pm.",
  "Can you explain why invoice INV-%u shows a different total?",
  "Thank you for your help, kind regards.", "WHY IS NOBODY ANSWERING???",
  "The product stopped working after %u days and is still under warranty.",
  "I have been a loyal customer for %u years.", "Nobody listens, I feel completely ignored.",
};
static const char *const ko_parts[] = {
  "안녕하세요, 주문번호 %u 관련 문의드립니다.", "같은 상품이 두 번 결제되었습니다.",
  "택배가 아직도 도착하지 않았어요.", "정말 화가 나서 미치겠어요 ㅠㅠ",
  "벌써 세 번째 연락드립니다.", "%u원 환불 부탁드립니다.", "상담원이 설치비는 면제된다고 안내했어요.",
  "너무 속상하고 실망했습니다.", "답변이 없으면 소비자원에 신고하겠습니다.", "변호사와 상담 중입니다.",
  "인스타랑 맘카페에 다 올릴 거예요.", "다른 통신사로 갈아탈게요.", "환불 규정에 따르면 7일 이내 반품 가능합니다.",
  "기사님이 약속 시간에 오지 않았습니다.", "청구서 %u번 금액이 다른 이유를 설명해 주세요.",
  "감사합니다. 좋은 하루 되세요.", "이게 말이 되나요?!", "보증기간 내 고장이라 무상수리 요청드립니다.",
  "%u년 동안 이용한 고객입니다.", "아무도 제 말을 안 들어주네요 ㅡㅡ",
};
static const char *const zh_parts[] = {
  "您好，关于订单号%u的问题。", "同一件商品被扣款两次。", "快递到现在还没收到，物流一直没更新。",
  "气死我了！！", "这已经是第三次投诉了。", "请退款%u元到我的卡上。", "客服说安装费可以免除。",
  "真的很失望，太难过了。", "如果不处理我就打12315投诉。", "我已经咨询了律师。", "我要发微博让大家都知道。",
  "我要携号转网，换一家。", "根据七天无理由退货规定可以退货。", "师傅预约了却没有上门。",
  "请解释发票%u的金额为什么不对。", "谢谢，辛苦了。", "你们到底有没有人管？？", "还在保修期内，请安排维修。",
  "我是%u年的老用户了。", "根本没人理我，感觉被无视了。",
};

typedef struct corpus {
  char *text;        /* all texts, NUL-separated */
  size_t *start;     /* offset of each text */
  size_t *len;
  size_t count, cap, used, size;
} corpus;

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rng(void) { /* xorshift64*: the same corpus on every run */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}

static void append_text(corpus *c, const char *const *parts, size_t n_parts) {
  char buf[2048];
  size_t len = 0;
  unsigned pieces = 2 + rng() % 6;
  for (unsigned i = 0; i < pieces; i++) {
    char one[512];
    const char *fmt = parts[rng() % n_parts];
    int k = snprintf(one, sizeof one, fmt, 1000 + rng() % 900000, rng() % 100);
    if (k < 0 || len + (size_t)k + 2 >= sizeof buf) break;
    if (len > 0) buf[len++] = ' ';
    memcpy(buf + len, one, (size_t)k);
    len += (size_t)k;
  }
  if (c->count == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 1024;
    c->start = realloc(c->start, c->cap * sizeof *c->start);
    c->len = realloc(c->len, c->cap * sizeof *c->len);
  }
  if (c->used + len + 1 > c->size) {
    c->size = 2 * (c->used + len + 1);
    c->text = realloc(c->text, c->size);
  }
  if (c->start == NULL || c->len == NULL || c->text == NULL) abort();
  memcpy(c->text + c->used, buf, len);
  c->text[c->used + len] = '\0';
  c->start[c->count] = c->used;
  c->len[c->count++] = len;
  c->used += len + 1;
}

#define N(a) (sizeof a / sizeof a[0])

/* Classifies every text once; returns MB/s (10^6 bytes per CPU second). */
static double pass(redress_desk *desk, const corpus *c, size_t *bytes_out) {
  size_t bytes = 0;
  double t0 = bench_cpu_seconds();
  for (size_t i = 0; i < c->count; i++) {
    redress_verdict *v = NULL;
    if (redress_classify_text(&v, desk, c->text + c->start[i], c->len[i]) != REDRESS_OK) abort();
    redress_verdict_free(v);
    bytes += c->len[i];
  }
  double secs = bench_cpu_seconds() - t0;
  *bytes_out = bytes;
  return (double)bytes / 1e6 / secs;
}

/* The median MB/s of BENCH_RUNS passes. */
static double run(redress_desk *desk, const corpus *c, size_t *bytes_out) {
  double rates[BENCH_RUNS];
  for (int r = 0; r < BENCH_RUNS; r++) rates[r] = pass(desk, c, bytes_out);
  char spread[64];
  bench_spread(spread, sizeof spread, rates, BENCH_RUNS);
  printf("  (%d passes: %s MB/s)\n", BENCH_RUNS, spread);
  return bench_median(rates, BENCH_RUNS);
}

static double node_mbps(const char *script, const char *package, const char *file) {
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "node '%s' '%s' '%s' %d", script, package, file, BENCH_RUNS);
  FILE *p = popen(cmd, "r");
  if (p == NULL) return -1;
  char line[512];
  double mbps = -1;
  while (fgets(line, sizeof line, p) != NULL) {
    fputs(line, stdout);
    const char *k = strstr(line, "\"mb_per_s\":");
    if (k != NULL) mbps = atof(k + 11);
  }
  pclose(p);
  return mbps;
}

/* One npm analyser on the English texts in `file`, reported beside our rate. */
static void compare_with(const char *script, const char *package, const char *file,
                         double en_rate, double mb, double target) {
  double theirs = node_mbps(script, package, file);
  if (theirs > 0)
    printf("ratio: libredress %.1f MB/s / %s %.2f MB/s = %.1fx on the same English texts\n",
           en_rate, package, theirs, en_rate / theirs);
  else
    printf("%s comparison unavailable (node or the package missing)\n", package);
  char workload[96], peer[64];
  snprintf(workload, sizeof workload, "Classification: English part, %.0f MB%s", mb,
           target > 0 ? "" : ", feature peer");
  snprintf(peer, sizeof peer, "npm %s", package);
  bench_result r = {workload, en_rate, theirs, "MB/s", peer, 0, target, NULL, -1};
  bench_report(&r);
}

static void usage(FILE *to) {
  fprintf(to,
          "usage: bench_classify [--mb N] [--compare SCRIPT | --compare none] [--texts FILE]\n"
          "  --mb N          size of the generated mixed corpus in MB (default 12)\n"
          "  --compare S     node script that runs the npm analysers on the English part\n"
          "                  (default %s/npm_peer_bench.js); none: skip them\n"
          "  --texts FILE    write the corpus (lang, -, -, text per line) and stop\n",
          BENCH_SOURCE_DIR);
}

/* The language of a generated text, from its first byte. */
static const char *lang_of(const char *text) {
  unsigned char b = (unsigned char)text[0];
  return b < 0x80 ? "en" : b == 0xEC || b == 0xEB || b == 0xEA || b == 0xED ? "ko" : "zh";
}

static int write_texts(const corpus *c, const char *path) {
  FILE *f = fopen(path, "w");
  if (f == NULL) {
    fprintf(stderr, "bench_classify: cannot write %s\n", path);
    return 1;
  }
  for (size_t i = 0; i < c->count; i++)
    fprintf(f, "%s\t-\t-\t%.*s\n", lang_of(c->text + c->start[i]), (int)c->len[i],
            c->text + c->start[i]);
  return fclose(f) == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
  double mb = 12.0;
  const char *compare = BENCH_SOURCE_DIR "/npm_peer_bench.js";
  const char *texts = NULL;
  for (int i = 1; i < argc; i += 2) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      usage(stdout);
      return 0;
    }
    if (i + 1 >= argc) {
      usage(stderr);
      return 2;
    }
    if (strcmp(argv[i], "--mb") == 0) mb = atof(argv[i + 1]);
    else if (strcmp(argv[i], "--compare") == 0) compare = argv[i + 1];
    else if (strcmp(argv[i], "--texts") == 0) texts = argv[i + 1];
    else {
      usage(stderr);
      return 2;
    }
  }
  corpus mixed = {0}, english = {0};
  while ((double)mixed.used < mb * 1e6) {
    unsigned lang = rng() % 3;
    if (lang == 0) append_text(&mixed, en_parts, N(en_parts));
    if (lang == 1) append_text(&mixed, ko_parts, N(ko_parts));
    if (lang == 2) append_text(&mixed, zh_parts, N(zh_parts));
  }
  for (size_t i = 0; i < mixed.count; i++) /* the English part, for the comparison */
    if ((unsigned char)mixed.text[mixed.start[i]] < 0x80) {
      const char *t = mixed.text + mixed.start[i];
      size_t len = mixed.len[i];
      if (english.count == english.cap) {
        english.cap = english.cap ? 2 * english.cap : 1024;
        english.start = realloc(english.start, english.cap * sizeof *english.start);
        english.len = realloc(english.len, english.cap * sizeof *english.len);
        if (english.start == NULL || english.len == NULL) abort();
      }
      english.start[english.count] = (size_t)(t - mixed.text);
      english.len[english.count++] = len;
    }
  english.text = mixed.text;
  if (texts != NULL) return write_texts(&mixed, texts);

  redress_desk *desk = NULL;
  if (redress_desk_open(&desk, NULL) != REDRESS_OK) return 1;
  size_t bytes = 0;
  (void)pass(desk, &mixed, &bytes); /* warm-up: builds the matcher, touches the pages */
  double mixed_rate = run(desk, &mixed, &bytes);
  printf("libredress classify: mixed en/ko/zh corpus %.1f MB, %zu texts: %.1f MB/s (%.0f texts/s)\n",
         (double)mixed.used / 1e6, mixed.count, mixed_rate,
         mixed_rate * 1e6 / ((double)bytes / (double)mixed.count));
  char workload[96];
  snprintf(workload, sizeof workload, "Classification: mixed en/ko/zh, %.0f MB, one core",
           (double)mixed.used / 1e6);
  bench_result mixed_result = {workload, mixed_rate, 0, "MB/s", NULL, 0, 0, "≥100 MB/s",
                               mixed_rate >= 100};
  bench_report(&mixed_result);
  double en_rate = run(desk, &english, &bytes);
  printf("libredress classify: English part %zu texts, %.1f MB: %.1f MB/s\n", english.count,
         (double)bytes / 1e6, en_rate);
  if (compare != NULL && strcmp(compare, "none") != 0) {
    char path[] = "/tmp/redress-bench-en-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f == NULL) return 1;
    for (size_t i = 0; i < english.count; i++)
      fprintf(f, "%.*s\n", (int)english.len[i], english.text + english.start[i]);
    fclose(f);
    compare_with(compare, "sentiment", path, en_rate, (double)bytes / 1e6, 20);
    compare_with(compare, "vader-sentiment", path, en_rate, (double)bytes / 1e6, 0);
    remove(path);
  }
  redress_desk_close(desk);
  free(mixed.text);
  free(mixed.start);
  free(mixed.len);
  free(english.start);
  free(english.len);
  return 0;
}
