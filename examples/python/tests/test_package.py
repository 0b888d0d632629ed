"""The package as pip installs it: its version, its type information, and where it
loads the library from (the copy bundled next to the modules first)."""
from __future__ import annotations

import os
import re
import unittest
from pathlib import Path

import redress
from redress import _lib

from .helpers import include_dir


class Package(unittest.TestCase):
    def test_the_version_is_the_library_release(self):
        meson = Path(include_dir()).parent / "meson.build"
        project = re.search(r"project\('redress'.*?version: '([^']+)'", meson.read_text(), re.S)
        self.assertIsNotNone(project, meson)
        assert project is not None
        self.assertEqual(redress.__version__, project.group(1))
        self.assertEqual(redress.__version__, redress.version())
        pyproject = Path(redress.__file__).parent.parent / "pyproject.toml"
        if pyproject.is_file():  # the source tree (an installed package has none)
            self.assertIn(f'version = "{redress.__version__}"', pyproject.read_text())
            package_meson = (pyproject.parent / "meson.build").read_text()
            self.assertIn(f"version: '{redress.__version__}'", package_meson)

    def test_it_is_typed(self):
        self.assertTrue((Path(redress.__file__).parent / "py.typed").is_file())

    def test_the_bundled_library_comes_first(self):
        path = _lib.library_path()
        if _lib.BUNDLED.is_file():
            self.assertEqual(path, str(_lib.BUNDLED))
            self.assertEqual(_lib.BUNDLED.parent, Path(redress.__file__).resolve().parent)
        else:
            self.assertEqual(path, os.environ.get("REDRESS_LIBRARY") or _lib.SONAME)
        self.assertEqual(_lib.BUNDLED.name, _lib.SONAME)

    def test_the_installed_wheel_needs_no_library_path(self):
        if os.environ.get("REDRESS_EXPECT_BUNDLED") != "1":
            self.skipTest("run from the source tree (test-wheel.sh sets REDRESS_EXPECT_BUNDLED)")
        self.assertTrue(_lib.BUNDLED.is_file(), _lib.BUNDLED)
        self.assertNotIn("REDRESS_LIBRARY", os.environ)
        self.assertNotIn("LD_LIBRARY_PATH", os.environ)
        maps = Path("/proc/self/maps").read_text()
        self.assertIn(str(_lib.BUNDLED), maps)
