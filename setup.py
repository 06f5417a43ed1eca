"""Build hook: put the page's vendored npm library (rillet/vendor, versions pinned in its
package-lock.json) into the build, fetching it with ``npm ci`` when it is missing or not the
locked version. Everything else about the package is in pyproject.toml.

Only building needs npm; installing the wheel does not.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

VENDOR = Path(__file__).resolve().parent / "rillet" / "vendor"


def vendor_current(vendor: Path) -> bool:
    """Whether every package locked in ``vendor/package-lock.json`` is installed under
    ``vendor/node_modules`` at its locked version."""
    lock = json.loads((vendor / "package-lock.json").read_text())
    for where, locked in lock["packages"].items():
        manifest = vendor / where / "package.json"
        if where and (
            not manifest.is_file()
            or json.loads(manifest.read_text()).get("version") != locked["version"]
        ):
            return False
    return True


class BuildPyWithVendor(build_py):
    """``build_py`` that first installs the locked vendor packages (``npm ci``) if needed."""

    def run(self) -> None:
        if not vendor_current(VENDOR):
            npm = shutil.which("npm")
            if npm is None:
                raise SystemExit(
                    "error: building rillet needs npm to fetch the page's vendored library "
                    "(markdown-it, pinned in rillet/vendor/package-lock.json); npm is not on "
                    "PATH. Install Node.js/npm (Debian: apt-get install npm) and build again."
                )
            subprocess.run(
                [npm, "ci", "--prefix", str(VENDOR), "--no-audit", "--no-fund"], check=True
            )
            # The package-data globs may have been expanded before the files existed.
            self.__dict__.pop("data_files", None)
        super().run()


setup(cmdclass={"build_py": BuildPyWithVendor})
