"""frontwatch: news reports of armed conflict -> a traceable event database."""

import logging
import os

__version__ = "0.1.0"

# oneDNN (torch's CPU kernels) keeps a compiled primitive per input shape, 1,024 by default; sentence
# batches come in many shapes, and the cache grew a long ingest by about 90 MB for no speed (measured:
# the same CPU seconds at 8; bench/RESULTS.md, issue 15). Read when torch first runs a kernel, so it
# is set here, before any stage imports torch; a value the user set wins.
os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "8")

logging.getLogger(__name__).addHandler(logging.NullHandler())
