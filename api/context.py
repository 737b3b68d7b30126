"""The server's context moved to the domain package (kennisbank/context.py); this name stays as an alias of that
module (the same module object, so setting e.g. `CHECK_SECONDS` here sets it there)."""

import sys

from kennisbank import context as _context

sys.modules[__name__] = _context
