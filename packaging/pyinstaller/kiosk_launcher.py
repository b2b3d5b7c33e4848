"""Entry point of the frozen ``kiosk`` executable: the same command line as ``kiosk``."""

from __future__ import annotations

import sys

from kiosk.cli.main import main

if __name__ == "__main__":
    # Code that re-invokes the command as ``sys.executable -m kiosk ...`` (the app starts its
    # delivery worker that way) reaches this executable, where sys.executable *is* kiosk.
    if getattr(sys, "frozen", False) and sys.argv[1:3] == ["-m", "kiosk"]:
        del sys.argv[1:3]
    sys.exit(main())
