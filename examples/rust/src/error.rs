//! Errors: the library's return code and the desk's sentence about it.
use std::ffi::CStr;
use std::fmt;
use std::os::raw::c_int;

use crate::sys;

/// The failure codes of redress_error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    Invalid,
    NoMem,
    NotFound,
    Exists,
    Conflict,
    State,
    Store,
    Parse,
    Range,
    Version,
    User,
    /// A code this binding does not know (a newer library).
    Other(c_int),
}

impl ErrorCode {
    pub fn from_raw(code: c_int) -> Self {
        match code {
            sys::REDRESS_ERR_INVALID => ErrorCode::Invalid,
            sys::REDRESS_ERR_NOMEM => ErrorCode::NoMem,
            sys::REDRESS_ERR_NOTFOUND => ErrorCode::NotFound,
            sys::REDRESS_ERR_EXISTS => ErrorCode::Exists,
            sys::REDRESS_ERR_CONFLICT => ErrorCode::Conflict,
            sys::REDRESS_ERR_STATE => ErrorCode::State,
            sys::REDRESS_ERR_STORE => ErrorCode::Store,
            sys::REDRESS_ERR_PARSE => ErrorCode::Parse,
            sys::REDRESS_ERR_RANGE => ErrorCode::Range,
            sys::REDRESS_ERR_VERSION => ErrorCode::Version,
            sys::REDRESS_ERR_USER => ErrorCode::User,
            other => ErrorCode::Other(other),
        }
    }

    pub fn raw(self) -> c_int {
        match self {
            ErrorCode::Invalid => sys::REDRESS_ERR_INVALID,
            ErrorCode::NoMem => sys::REDRESS_ERR_NOMEM,
            ErrorCode::NotFound => sys::REDRESS_ERR_NOTFOUND,
            ErrorCode::Exists => sys::REDRESS_ERR_EXISTS,
            ErrorCode::Conflict => sys::REDRESS_ERR_CONFLICT,
            ErrorCode::State => sys::REDRESS_ERR_STATE,
            ErrorCode::Store => sys::REDRESS_ERR_STORE,
            ErrorCode::Parse => sys::REDRESS_ERR_PARSE,
            ErrorCode::Range => sys::REDRESS_ERR_RANGE,
            ErrorCode::Version => sys::REDRESS_ERR_VERSION,
            ErrorCode::User => sys::REDRESS_ERR_USER,
            ErrorCode::Other(code) => code,
        }
    }
}

/// A failed call: the code and the desk's explanation (redress_desk_errmsg), or the
/// library's name of the code when there is no desk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The error for `code` with the desk's message, read at once: it is borrowed from
    /// the desk until its next call.
    pub(crate) fn from_desk(code: c_int, desk: *const sys::redress_desk) -> Self {
        // SAFETY: errmsg accepts any desk pointer of ours (or NULL) and never returns NULL.
        let message = unsafe { CStr::from_ptr(sys::redress_desk_errmsg(desk)) };
        Error {
            code: ErrorCode::from_raw(code),
            message: message.to_string_lossy().into_owned(),
        }
    }

    /// The error for `code` where no desk can explain it.
    pub(crate) fn from_code(code: c_int) -> Self {
        Error {
            code: ErrorCode::from_raw(code),
            message: strerror(code),
        }
    }

    /// An argument Rust could not even hand to C (a string with an interior NUL).
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error {
            code: ErrorCode::Invalid,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} ({}): {}", self.code, self.code.raw(), self.message)
    }
}

impl std::error::Error for Error {}

/// The library's name of a return code, e.g. "REDRESS_ERR_STATE: verb not allowed ...".
pub fn strerror(code: c_int) -> String {
    // SAFETY: strerror returns a static string for every code.
    unsafe { CStr::from_ptr(sys::redress_strerror(code)) }
        .to_string_lossy()
        .into_owned()
}

/// Ok for REDRESS_OK, else the error with the desk's message.
pub(crate) fn check(rc: c_int, desk: *const sys::redress_desk) -> Result<()> {
    if rc == sys::REDRESS_OK {
        Ok(())
    } else {
        Err(Error::from_desk(rc, desk))
    }
}
