/* Civil dates from day numbers: the calendar date and the ISO 8601 week of a day,
 * for reports that group or print instants by date (UTC days since 1970-01-01). */
#include "time/tz.h"

void rd_civil_from_days(int64_t days, int64_t *year, int *month, int *day) {
  int64_t y = rd_year_of_day(days);
  int64_t left = days - rd_days_from_civil(y, 1, 1); /* 0-based day of the year */
  int m = 1;
  while (m < 12 && left >= rd_month_days(y, m)) left -= rd_month_days(y, m++);
  *year = y;
  *month = m;
  *day = (int)left + 1;
}

/* ISO 8601: weeks start on Monday, and a week belongs to the year that holds its
 * Thursday; so week 1 is the one with the year's first Thursday, and the days
 * around New Year may belong to the neighbouring year's week 52 or 53. */
void rd_iso_week(int64_t days, int64_t *iso_year, int *week) {
  int64_t weekday = rd_floor_mod(days + 3, 7); /* 1970-01-01 was a Thursday: 0 = Monday */
  int64_t thursday = days - weekday + 3;
  int64_t y = rd_year_of_day(thursday);
  *iso_year = y;
  *week = (int)((thursday - rd_days_from_civil(y, 1, 1)) / 7) + 1;
}
