"""The lifetime every wrapper of a C object shares: freed by close(), a with-block or
garbage collection, whichever comes first; unusable (ValueError) once freed."""
from __future__ import annotations

from typing import Any, Optional, TypeVar

T = TypeVar("T", bound="OwnedHandle")


class OwnedHandle:
    #: How the error of a closed object names it ("the calendar is closed").
    _what = "object"

    def __init__(self, handle: Any) -> None:
        self._handle: Optional[Any] = handle

    def _free(self, handle: Any) -> None:
        """Release the C object; called once, by close()."""
        raise NotImplementedError

    def close(self) -> None:
        """Free the C object. Idempotent."""
        handle, self._handle = self._handle, None
        if handle is not None:
            self._free(handle)

    def __enter__(self: T) -> T:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()

    @property
    def handle(self) -> Any:
        """The C handle; ValueError once the object is closed."""
        if self._handle is None:
            raise ValueError(f"the {self._what} is closed")
        return self._handle
