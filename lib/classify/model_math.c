/* exp, log and sqrt for the model, written out so that the library needs only libc
 * (no libm) and gives the same probabilities on every platform: plain double
 * arithmetic in a fixed order, no library rounding differences. Accurate to about
 * 1e-14 relative over the ranges the model uses. */
#include "classify/classify.h"

#include <string.h>

#define LN2 0.69314718055994530942
#define EXP_LIMIT 700.0

static double with_exponent(double m, int e) {
  uint64_t bits;
  memcpy(&bits, &m, sizeof bits);
  bits += (uint64_t)(int64_t)e << 52; /* m is normal and e keeps it so (|x| <= 700) */
  memcpy(&m, &bits, sizeof m);
  return m;
}

/* The values of a batch go through the same operations in the same order as one
 * value would, side by side, so that the divisions and the series of one overlap
 * those of the others (the model's heads are a batch). */
#define EXP_BATCH 16

static void exp_batch(const double *xs, double *out, size_t n) {
  double r[EXP_BATCH], term[EXP_BATCH], sum[EXP_BATCH];
  int k[EXP_BATCH];
  for (size_t j = 0; j < n; j++) {
    double x = xs[j];
    if (x > EXP_LIMIT) x = EXP_LIMIT;
    if (x < -EXP_LIMIT) x = -EXP_LIMIT;
    double kd = x / LN2;
    k[j] = (int)(kd < 0 ? kd - 0.5 : kd + 0.5);
    r[j] = x - (double)k[j] * LN2; /* |r| <= ln2 / 2 */
    term[j] = 1.0;
    sum[j] = 1.0;
  }
  for (int i = 1; i <= 14; i++)
    for (size_t j = 0; j < n; j++) {
      term[j] *= r[j] / (double)i;
      sum[j] += term[j];
    }
  for (size_t j = 0; j < n; j++) out[j] = with_exponent(sum[j], k[j]);
}

void rd_exp_many(const double *x, double *out, size_t n) {
  for (size_t done = 0; done < n; done += EXP_BATCH)
    exp_batch(x + done, out + done, n - done < EXP_BATCH ? n - done : EXP_BATCH);
}

double rd_exp(double x) {
  double y;
  exp_batch(&x, &y, 1);
  return y;
}

/* x > 0 and finite. */
double rd_log(double x) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int e = (int)((bits >> 52) & 0x7FF) - 1023;
  bits = (bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull; /* m in [1, 2) */
  double m;
  memcpy(&m, &bits, sizeof m);
  if (m > 1.41421356237309504880) {
    m /= 2.0;
    e++;
  }
  double s = (m - 1.0) / (m + 1.0), s2 = s * s, term = s, sum = 0.0;
  for (int i = 1; i <= 21; i += 2) {
    sum += term / (double)i;
    term *= s2;
  }
  return 2.0 * sum + (double)e * LN2;
}

double rd_sqrt(double x) {
  if (x <= 0.0) return 0.0;
  double y = x >= 1.0 ? x : 1.0;
  for (int i = 0; i < 64; i++) {
    double next = 0.5 * (y + x / y);
    if (next >= y) break; /* Newton from above decreases until it settles */
    y = next;
  }
  return y;
}
