/* redress_enum_name(): one public entry for the names that each layer keeps next to
 * its own enumerations. It sits above them all so that no layer points up. */
#include "classify/classify.h"
#include "complaint/complaint.h"
#include "metrics/metrics.h"
#include "store/store.h"
#include "time/calendar.h"

const char *redress_enum_name(int enumeration, int value) {
  switch (enumeration) {
    case REDRESS_ENUM_TEMPERAMENT: return rd_temperament_name(value);
    case REDRESS_ENUM_RISK: return value > 0 ? rd_risk_name((uint32_t)value) : NULL;
    case REDRESS_ENUM_PLAYBOOK: return value > 0 ? rd_playbook_name((uint32_t)value) : NULL;
    case REDRESS_ENUM_METRIC: return rd_metric_name(value);
    case REDRESS_ENUM_FIELD: return rd_field_name(value);
    case REDRESS_ENUM_SPAN_UNIT: return rd_span_unit_name(value);
    case REDRESS_ENUM_GROUP_BY: return rd_group_by_name(value);
    case REDRESS_ENUM_CHANGE_KIND: return rd_change_kind_name(value);
    case REDRESS_ENUM_FORMALITY: return rd_formality_name(value);
    default: return rd_enum_name(enumeration, value);
  }
}
