//! Retention metrics accumulators.
use std::ptr;

use crate::complaint::Complaint;
use crate::convert;
use crate::desk::Desk;
use crate::enums::{GroupBy, Metric};
use crate::error::Result;
use crate::sys;
use crate::text::{c_string, from_c};

/// An accumulator (redress_metrics); borrows its desk, freed on drop.
pub struct Metrics<'d> {
    raw: *mut sys::redress_metrics,
    desk: &'d Desk,
}

impl<'d> Metrics<'d> {
    pub(crate) fn new(desk: &'d Desk, group_by: GroupBy, as_of: i64) -> Result<Self> {
        let mut raw = ptr::null_mut();
        // SAFETY: a NULL model selects the defaults.
        desk.check(unsafe {
            sys::redress_metrics_new(&mut raw, desk.raw(), ptr::null(), group_by.raw(), as_of)
        })?;
        Ok(Metrics { raw, desk })
    }

    /// Count one complaint as it stands now.
    pub fn add(&mut self, complaint: &Complaint<'_>) -> Result<()> {
        // SAFETY: both are alive.
        self.desk
            .check(unsafe { sys::redress_metrics_add(self.raw, complaint.raw()) })
    }

    /// Count complaints in order, as `add` would one by one but faster over many.
    /// On failure the ones before the complaint that failed stay counted; the
    /// error's message names its index.
    pub fn add_many(&mut self, complaints: &[&Complaint<'_>]) -> Result<()> {
        let raw: Vec<*mut sys::redress_complaint> =
            complaints.iter().map(|c| c.raw() as *mut _).collect();
        // SAFETY: every complaint is alive and only read; `added` may be NULL.
        self.desk.check(unsafe {
            sys::redress_metrics_add_many(ptr::null_mut(), self.raw, raw.as_ptr(), raw.len())
        })
    }

    /// Count every stored complaint received in [from, to); None for no limit.
    pub fn add_store(&mut self, from: Option<i64>, to: Option<i64>) -> Result<()> {
        let from = from.unwrap_or(sys::REDRESS_TIME_MIN);
        let to = to.unwrap_or(sys::REDRESS_TIME_NEVER);
        self.desk
            .check(unsafe { sys::redress_metrics_add_store(self.raw, from, to) })
    }

    /// One value of the total (None) or of a group; NaN when there is nothing to measure.
    /// A negative group is refused (C would read -1 as the total).
    pub fn value(&mut self, metric: Metric, group: Option<i32>) -> Result<f64> {
        let mut out = 0.0;
        let group = convert::group(group)?;
        // SAFETY: the accumulator is alive.
        self.desk.check(unsafe {
            sys::redress_metrics_value(&mut out, self.raw, group, metric.raw())
        })?;
        Ok(out)
    }

    pub fn group_count(&self) -> usize {
        unsafe { sys::redress_metrics_group_count(self.raw) }
    }

    /// The keys of the groups, by index.
    pub fn group_keys(&self) -> Vec<String> {
        (0..self.group_count())
            .map_while(|i| i32::try_from(i).ok())
            .map(|i| {
                from_c(unsafe { sys::redress_metrics_group_key(self.raw, i) }).unwrap_or_default()
            })
            .collect()
    }

    /// The index of the group with `key`.
    pub fn group(&self, key: &str) -> Result<i32> {
        let key = c_string(key, "key")?;
        let mut out = 0;
        self.desk
            .check(unsafe { sys::redress_metrics_group_find(&mut out, self.raw, key.as_ptr()) })?;
        Ok(out)
    }
}

impl Drop for Metrics<'_> {
    fn drop(&mut self) {
        // SAFETY: freed exactly once, before the desk (it borrows it).
        unsafe { sys::redress_metrics_free(self.raw) }
    }
}
