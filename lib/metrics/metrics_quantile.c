/* Exact means and quantiles of duration samples.
 *
 * Quantiles are selected, not sorted for: quickselect with a median-of-three pivot
 * and a three-way partition (durations repeat a lot, and equal keys must not make
 * it quadratic) runs in expected O(n). Should an unlucky input keep it from
 * converging, it falls back to heapsort of what is left, so the worst case stays
 * O(n log n). Everything works in place on the sample array. */
#include "metrics/metrics.h"

#include <math.h>

double rd_samples_mean(const rd_samples *s) {
  if (s->n == 0) return NAN;
  return rd_wide_value(s->sum) / (double)s->n;
}

static void swap(int64_t *a, int64_t *b) {
  int64_t t = *a;
  *a = *b;
  *b = t;
}

static int64_t median3(int64_t a, int64_t b, int64_t c) {
  if (a > b) swap(&a, &b);
  if (b > c) b = c;
  return a > b ? a : b;
}

/* Rearranges v[lo..hi] into < pivot, == pivot, > pivot; [*eq_lo, *eq_hi] is the middle. */
static void partition3(int64_t *v, size_t lo, size_t hi, int64_t pivot, size_t *eq_lo,
                       size_t *eq_hi) {
  size_t lt = lo, i = lo, gt = hi + 1;
  while (i < gt) {
    if (v[i] < pivot)
      swap(&v[lt++], &v[i++]);
    else if (v[i] > pivot)
      swap(&v[i], &v[--gt]);
    else
      i++;
  }
  *eq_lo = lt;
  *eq_hi = gt - 1;
}

static void sift_down(int64_t *v, size_t root, size_t n) {
  for (size_t child; (child = 2 * root + 1) < n; root = child) {
    if (child + 1 < n && v[child + 1] > v[child]) child++;
    if (v[root] >= v[child]) return;
    swap(&v[root], &v[child]);
  }
}

static void heap_sort(int64_t *v, size_t n) {
  for (size_t i = n / 2; i-- > 0;) sift_down(v, i, n);
  for (size_t end = n; end-- > 1;) {
    swap(&v[0], &v[end]);
    sift_down(v, 0, end);
  }
}

static unsigned floor_log2(size_t n) {
  unsigned bits = 0;
  while (n >>= 1) bits++;
  return bits;
}

/* Puts the k-th smallest of v[0..n) at v[k], smaller ones before it, larger after. */
static void select_kth(int64_t *v, size_t n, size_t k) {
  size_t lo = 0, hi = n - 1;
  unsigned budget = 2 * floor_log2(n) + 8;
  while (lo < hi) {
    if (budget-- == 0) {
      heap_sort(v + lo, hi - lo + 1);
      return;
    }
    size_t eq_lo, eq_hi;
    int64_t pivot = median3(v[lo], v[lo + (hi - lo) / 2], v[hi]);
    partition3(v, lo, hi, pivot, &eq_lo, &eq_hi);
    if (k < eq_lo)
      hi = eq_lo - 1;
    else if (k > eq_hi)
      lo = eq_hi + 1;
    else
      return;
  }
}

static int64_t min_of(const int64_t *v, size_t n) {
  int64_t m = v[0];
  for (size_t i = 1; i < n; i++)
    if (v[i] < m) m = v[i];
  return m;
}

double rd_quantile(int64_t *v, size_t n, uint64_t num, uint64_t den) {
  if (n == 0) return NAN;
  /* the rank in integers, so that 0.9 * (n - 1) is never off by a rounding */
  uint64_t scaled = (uint64_t)(n - 1) * num;
  size_t k = (size_t)(scaled / den);
  uint64_t rest = scaled % den;
  select_kth(v, n, k);
  if (rest == 0) return (double)v[k];
  int64_t next = min_of(v + k + 1, n - k - 1); /* the (k+1)-th smallest */
  return (double)v[k] + (double)(next - v[k]) * (double)rest / (double)den;
}
