"""The unittest suite of the Python binding; run by `meson test` (see ../meson.build)."""
