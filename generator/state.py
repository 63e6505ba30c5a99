"""Where kaoping keeps its own bookkeeping, outside the published site (SPEC §5).

Stamps, caches, compiled templates and the record of what kaoping wrote into an output live in
`.kaoping/` beside the content folder (git-ignored), one subfolder per output folder, so the
output holds the site and nothing else, and nothing a build reads back can come from the output.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

STATE = ".kaoping"


def state_folder(content: Path, output: Path) -> Path:
    """The bookkeeping folder for building `content` into `output` (not created here; a former one
    may be renamed to it, see _adopt).

    One per output: two outputs of one content folder never share stamps. An output inside the
    project (the folder that holds content/, as site/ usually is) is keyed by its path inside it,
    so the project keeps its bookkeeping when it is moved whole: a USB stick that is E: on one PC
    and F: on the next, a renamed or copied folder. Without that, kaoping would no longer know the
    site as its own and would refuse to update it. An output elsewhere is keyed by its full path."""
    project = Path(content).resolve().parent
    target = Path(output).resolve()
    state = project / STATE
    try:
        folder = state / _key("project:" + target.relative_to(project).as_posix())
    except ValueError:
        return state / _key(str(target))
    _adopt(state / _key(str(target)), folder)
    return folder


def _key(place: str) -> str:
    return hashlib.sha256(place.encode("utf-8")).hexdigest()[:16]


def _adopt(former: Path, folder: Path) -> None:
    """Earlier kaoping keyed every output by its full path: such a folder, for the same output at
    the same path, is taken over as it is (one rename), so an upgrade does not forget what kaoping wrote."""
    if os.path.isdir(former) and not os.path.lexists(folder):
        try:
            os.replace(former, folder)
        except OSError:  # another process took it over first, or the state folder is read-only
            pass
