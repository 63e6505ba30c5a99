"""python -m kaoping: the same as the kaoping command (where the Scripts folder is not on PATH)."""

import sys

from kaoping.cli import main

if __name__ == "__main__":  # a worker spawned by a build imports this module without running it
    sys.exit(main())
