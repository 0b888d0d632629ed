//! Strings across the boundary: Rust text to NUL-terminated C strings and back.
use std::ffi::{CStr, CString};
use std::os::raw::c_char;
use std::ptr;

use crate::error::{Error, Result};

/// A C copy of `text`. Text with an interior NUL cannot be a C string: it is refused
/// here with ErrorCode::Invalid, as the library would refuse a malformed argument.
pub(crate) fn c_string(text: impl AsRef<[u8]>, what: &str) -> Result<CString> {
    CString::new(text.as_ref())
        .map_err(|e| Error::invalid(format!("{what}: NUL byte at offset {}", e.nul_position())))
}

/// An optional C string; `None` becomes NULL through `ptr_of`.
pub(crate) fn opt_c_string(text: Option<&str>, what: &str) -> Result<Option<CString>> {
    text.map(|t| c_string(t, what)).transpose()
}

pub(crate) fn ptr_of(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |c| c.as_ptr())
}

/// An owned copy of a borrowed C string, None for NULL. The library validates UTF-8 on
/// entry, so the lossy conversion never replaces anything in practice.
pub(crate) fn from_c(p: *const c_char) -> Option<String> {
    if p.is_null() {
        None
    } else {
        // SAFETY: a non-NULL string from the library is NUL-terminated and alive until
        // the object it is borrowed from next changes; it is copied here at once.
        Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
    }
}
