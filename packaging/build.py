"""`make package`: the PyInstaller one-folder bundle in dist/laoshifu, and what takes its space.

    .venv/bin/python packaging/build.py [--skip-build]

Renders the icon, runs PyInstaller on packaging/laoshifu.spec, adds the desktop entry, its
installer and the icon to the folder, and prints the bundle's size with its largest parts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD, DIST = ROOT / "build", ROOT / "dist"
BUNDLE = DIST / "laoshifu"


def render_icon(target: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    QSvgRenderer(str(ROOT / "packaging" / "laoshifu.svg")).render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(target))


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def report(bundle: Path, top: int = 15) -> None:
    inside = bundle / "_internal"
    parts = sorted(((size_mb(p), p.name) for p in inside.iterdir()), reverse=True)
    print(f"\n{bundle}: {size_mb(bundle):.0f} MB")
    for megabytes, name in parts[:top]:
        print(f"  {megabytes:7.1f} MB  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="only report the sizes")
    args = parser.parse_args()
    if not args.skip_build:
        render_icon(BUILD / "laoshifu.png")
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                        "--log-level", "WARN", "--distpath", str(DIST), "--workpath",
                        str(BUILD / "pyinstaller"), str(ROOT / "packaging" / "laoshifu.spec")],
                       check=True)
        entry = (ROOT / "packaging" / "laoshifu.desktop").read_text(encoding="utf-8")
        (BUNDLE / "laoshifu.desktop").write_text(entry, encoding="utf-8")
        for name in ("laoshifu.svg", "install-desktop-entry.sh"):
            shutil.copy2(ROOT / "packaging" / name, BUNDLE / name)
    report(BUNDLE)


if __name__ == "__main__":
    main()
