//! Classification verdicts and their reasons.
use crate::enums::{Legitimacy, Severity, Temperament};
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

    pub fn temperament(&self) -> Temperament {
        // SAFETY (all getters): the verdict is alive until drop.
        Temperament::from_library(unsafe { sys::redress_verdict_temperament(self.raw) })
    }

    pub fn rational(&self) -> f64 {
        unsafe { sys::redress_verdict_rational(self.raw) }
    }

    pub fn emotional(&self) -> f64 {
        unsafe { sys::redress_verdict_emotional(self.raw) }
    }

    pub fn legitimacy(&self) -> Legitimacy {
        Legitimacy::from_library(unsafe { sys::redress_verdict_legitimacy(self.raw) })
    }

    pub fn confidence(&self) -> f64 {
        unsafe { sys::redress_verdict_confidence(self.raw) }
    }

    /// Bits of `enums::risk`.
    pub fn risks(&self) -> u32 {
        unsafe { sys::redress_verdict_risks(self.raw) }
    }

    /// Bits of `enums::playbook`.
    pub fn playbook(&self) -> u32 {
        unsafe { sys::redress_verdict_playbook(self.raw) }
    }

    pub fn severity(&self) -> Severity {
        Severity::from_library(unsafe { sys::redress_verdict_severity(self.raw) })
    }

    /// The suggested offer, None when there is none.
    pub fn offer(&self) -> Option<i64> {
        let v = unsafe { sys::redress_verdict_offer(self.raw) };
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
        let (v, i) = (self.verdict.raw, self.next);
        // SAFETY: the verdict is alive; an out-of-range index gives NULL.
        let rule = from_c(unsafe { sys::redress_verdict_reason_rule(v, i) })?;
        self.next += 1;
        let (mut offset, mut length) = (0usize, 0usize);
        let span = unsafe { sys::redress_verdict_reason_span(&mut offset, &mut length, v, i) };
        Some(Reason {
            rule,
            weight: unsafe { sys::redress_verdict_reason_weight(v, i) },
            span: (span == sys::REDRESS_OK).then_some((offset, length)),
            field: from_c(unsafe { sys::redress_verdict_reason_field(v, i) }),
            value: from_c(unsafe { sys::redress_verdict_reason_value(v, i) }).unwrap_or_default(),
        })
    }
}
