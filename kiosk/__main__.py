"""``python -m kiosk`` runs the same command line as the ``kiosk`` script."""

from kiosk.cli.main import main

raise SystemExit(main())
