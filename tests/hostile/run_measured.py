"""Run a command and print its peak resident memory (KiB) on the last line of stderr."""

from __future__ import annotations

import resource
import subprocess
import sys

if __name__ == "__main__":
    done = subprocess.run(sys.argv[1:], check=False)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    print(f"maxrss_kib={peak}", file=sys.stderr)
    sys.exit(done.returncode)
