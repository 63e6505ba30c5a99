"""Where kaoping keeps its own bookkeeping, outside the published site (SPEC §5).

Stamps, caches, compiled templates and the record of what kaoping wrote into an output live in
`.kaoping/` beside the content folder (git-ignored), one subfolder per output folder, so the
output holds the site and nothing else, and nothing a build reads back can come from the output.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

STATE = ".kaoping"


def state_folder(content: Path, output: Path) -> Path:
    """The bookkeeping folder for building `content` into `output` (not created here).

    Keyed by the output's resolved path: two outputs of one content folder never share stamps."""
    key = hashlib.sha256(str(Path(output).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(content).resolve().parent / STATE / key
