"""Retention metrics: an accumulator over complaints and the retention model."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, cast

from . import _types as t
from ._convert import TimeIn
from ._handle import OwnedHandle, expect, locked
from ._lib import METRICS_TOTAL, TIME_MIN, TIME_NEVER, lib
from ._util import Text, text_out
from .complaint import Complaint
from .enums import EnumKind, GroupBy, Metric
from .errors import InvalidError

if TYPE_CHECKING:
    from .desk import Desk


@dataclass
class RetentionModel:
    """How handling turns into kept and lost customers (redress_retention_model);
    the defaults are REDRESS_RETENTION_MODEL_INIT's."""
    voice_rate: float = 0.04
    silent_churn: float = 0.91
    retention_on_the_spot: float = 0.95
    retention_resolved: float = 0.70
    retention_unresolved: float = 0.09
    word_of_mouth: float = 20.0

    def to_c(self) -> t.RetentionModel:
        c = lib.redress_retention_model_init()
        for f in fields(self):
            setattr(c, f.name, getattr(self, f.name))
        return cast(t.RetentionModel, c)


def metric_name(metric: Metric) -> str:
    """The library's snake_case name ("first_contact_resolution_rate")."""
    return str(lib.redress_enum_name(EnumKind.METRIC, metric).decode("utf-8"))


class Metrics(OwnedHandle):
    """An accumulator (redress_metrics). Made by Desk.metrics(); a context manager.
    Values are floats, NaN when there is nothing to measure."""

    _what = "metrics accumulator"
    _c_type = "redress_metrics"

    def __init__(self, desk: "Desk", handle: Any) -> None:
        super().__init__(handle, desk._core)
        self._desk = desk
        desk._adopt(self)

    def _free(self, handle: Any) -> None:
        lib.raw.redress_metrics_free(handle)

    @locked
    def add(self, complaint: Complaint) -> "Metrics":
        """Count one complaint as it stands now."""
        expect(complaint, Complaint, "complaint")
        self._desk._check(lib.redress_metrics_add(self, complaint))
        return self

    @locked
    def add_many(self, complaints: Iterable[Complaint]) -> "Metrics":
        """Count complaints in order, as add() would one by one but faster over many.

        On failure the ones before the complaint that failed stay counted (the
        exception's message names its index)."""
        batch = list(complaints)
        for i, c in enumerate(batch):
            expect(c, Complaint, f"complaints[{i}]")
        stranger = next((i for i, c in enumerate(batch) if c._core is not self._core), None)
        # A complaint of another desk is refused here, the ones before it counted, as the
        # library would: it must not read an object whose desk's lock we do not hold.
        mine = batch if stranger is None else batch[:stranger]
        with self._core.calling(mine):  # none of them may be freed during the call
            array = (t.complaint_p * len(mine))(*[c.handle for c in mine])
            self._desk._check(lib.redress_metrics_add_many(None, self, array, len(mine)))
        if stranger is not None:
            raise InvalidError(f"metrics_add_many: complaint {stranger} is of another desk")
        return self

    @locked
    def add_store(self, received_from: Optional[int] = None,
                  received_before: Optional[int] = None) -> "Metrics":
        """Count every stored complaint received in [received_from, received_before)."""
        lo = TIME_MIN if received_from is None else received_from
        hi = TIME_NEVER if received_before is None else received_before
        self._desk._check(lib.redress_metrics_add_store(self, lo, hi))
        return self

    @locked
    def value(self, metric: Metric, group: Optional[int] = None) -> float:
        """One value, of the total (group None) or of a group index."""
        out = ctypes.c_double()
        index = METRICS_TOTAL if group is None else group
        self._desk._check(lib.redress_metrics_value(ctypes.byref(out), self, index, metric))
        return out.value

    def values(self, group: Optional[int] = None) -> Dict[Metric, float]:
        """Every metric of the total or of a group."""
        return {m: self.value(m, group) for m in Metric}

    @property
    def group_count(self) -> int:
        return int(lib.redress_metrics_group_count(self))

    @property
    def group_keys(self) -> List[str]:
        return [text_out(lib.redress_metrics_group_key(self, i)) or ""
                for i in range(self.group_count)]

    @locked
    def group(self, key: Text) -> int:
        """The index of the group with this key; NotFoundError if there is none."""
        out = ctypes.c_int()
        self._desk._check(lib.redress_metrics_group_find(ctypes.byref(out), self, key))
        return out.value


def new(desk: "Desk", group_by: GroupBy, as_of: Optional[TimeIn],
        model: Optional[RetentionModel]) -> Metrics:
    out = t.metrics_p()
    c_model = model.to_c() if model is not None else None
    at = desk.now() if as_of is None else as_of
    desk._check(lib.redress_metrics_new(ctypes.byref(out), desk,
                                        ctypes.byref(c_model) if c_model is not None else None,
                                        group_by, at))
    return Metrics(desk, out)  # (Desk.metrics holds the lock)
