"""frontwatch: news reports of armed conflict -> a traceable event database."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
