//! Classification verdicts and their reasons.
use std::ptr;

use crate::enums::{Formality, Legitimacy, Severity, Temperament};
use crate::sys;
use crate::text::from_c;

/// One signal that counted.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    pub rule: String,
    pub weight: f64,
    /// Byte offset and length in the complaint text, for a text reason.
    pub span: Option<(usize, usize)>,
    /// The structured field read, for a structured reason.
    pub field: Option<String>,
    pub value: String,
}

/// A classification result; it may outlive its desk. Freed on drop.
pub struct Verdict {
    raw: *mut sys::redress_verdict,
}

impl Verdict {
    pub(crate) fn from_raw(raw: *mut sys::redress_verdict) -> Self {
        Verdict { raw }
    }

    /// What the verdict concludes, through the versioned output struct. A verdict
    /// never changes, so each getter reads it afresh (a few numbers).
    fn summary(&self) -> sys::redress_verdict_summary {
        let mut out = sys::redress_verdict_summary {
            version: sys::REDRESS_VERDICT_SUMMARY_VERSION,
            ..Default::default()
        };
        // SAFETY: the verdict is alive until drop; `out` is a whole struct of its version.
        let rc = unsafe { sys::redress_verdict_get(&mut out, self.raw) };
        assert_eq!(
            rc,
            sys::REDRESS_OK,
            "redress_verdict_get refused a live verdict"
        );
        out
    }

    pub fn temperament(&self) -> Temperament {
        Temperament::from_library(self.summary().temperament)
    }

    pub fn rational(&self) -> f64 {
        self.summary().rational
    }

    pub fn emotional(&self) -> f64 {
        self.summary().emotional
    }

    pub fn legitimacy(&self) -> Legitimacy {
        Legitimacy::from_library(self.summary().legitimacy)
    }

    pub fn confidence(&self) -> f64 {
        self.summary().confidence
    }

    /// Bits of `enums::risk`.
    pub fn risks(&self) -> u32 {
        self.summary().risks
    }

    /// Bits of `enums::playbook`.
    pub fn playbook(&self) -> u32 {
        self.summary().playbook
    }

    pub fn severity(&self) -> Severity {
        Severity::from_library(self.summary().severity)
    }

    /// The register the customer writes in (formal or informal).
    pub fn formality(&self) -> Formality {
        Formality::from_library(self.summary().formality)
    }

    /// The suggested offer, None when there is none.
    pub fn offer(&self) -> Option<i64> {
        let v = self.summary().offer;
        (v != sys::REDRESS_AMOUNT_UNKNOWN).then_some(v)
    }

    /// The reasons, in the library's order.
    pub fn reasons(&self) -> Reasons<'_> {
        Reasons {
            verdict: self,
            next: 0,
        }
    }
}

impl Drop for Verdict {
    fn drop(&mut self) {
        // SAFETY: freed exactly once.
        unsafe { sys::redress_verdict_free(self.raw) }
    }
}

/// Iterator over a verdict's reasons.
pub struct Reasons<'v> {
    verdict: &'v Verdict,
    next: usize,
}

impl Iterator for Reasons<'_> {
    type Item = Reason;

    fn next(&mut self) -> Option<Reason> {
        let mut r = sys::redress_reason {
            version: sys::REDRESS_REASON_VERSION,
            rule: ptr::null(),
            weight: 0.0,
            has_span: 0,
            offset: 0,
            length: 0,
            field: ptr::null(),
            value: ptr::null(),
        };
        // SAFETY: the verdict is alive; an out-of-range index gives NOTFOUND and writes
        // nothing. The strings are borrowed from the verdict and copied at once.
        if unsafe { sys::redress_verdict_reason(&mut r, self.verdict.raw, self.next) }
            != sys::REDRESS_OK
        {
            return None;
        }
        self.next += 1;
        Some(Reason {
            rule: from_c(r.rule).unwrap_or_default(),
            weight: r.weight,
            span: (r.has_span != 0).then_some((r.offset, r.length)),
            field: from_c(r.field),
            value: from_c(r.value).unwrap_or_default(),
        })
    }
}
