"""Test mode "no POSIX": takes away, in every Python process that starts with this folder on
PYTHONPATH and KAOPING_TEST_NO_POSIX=1 (kaoping and each worker it spawns), what Windows lacks:

- `fcntl` cannot be imported;
- multiprocessing offers only the spawn start method (no fork, no forkserver), and os.fork is gone;
- os.link raises OSError, as on a FAT or exFAT stick;
- ctypes.CDLL(None) raises TypeError, as it does on Windows.

tests/test_portable.py runs every command under it (with PYTHONIOENCODING=gbk, in a folder named
"我的 考评"). Python imports sitecustomize at start-up, before any of kaoping.
"""

import os

if os.environ.get("KAOPING_TEST_NO_POSIX") == "1":
    import ctypes
    import errno
    import multiprocessing
    import multiprocessing.context as contexts
    import sys

    sys.modules["fcntl"] = None  # `import fcntl` raises ImportError

    class _SpawnOnly(contexts.DefaultContext):
        def get_all_start_methods(self):
            return ["spawn"]

    for method in ("fork", "forkserver"):
        contexts._concrete_contexts.pop(method, None)  # get_context(method) raises ValueError
    contexts._default_context = _SpawnOnly(contexts._concrete_contexts["spawn"])
    for name in multiprocessing.__all__:  # the module's functions are the default context's bound methods
        setattr(multiprocessing, name, getattr(contexts._default_context, name))
    del os.fork

    def _no_link(source, target, *args, **kwargs):
        raise OSError(errno.EPERM, "hard links are not supported on this file system", str(source))

    os.link = _no_link

    class _WindowsCDLL(ctypes.CDLL):
        def __init__(self, name, *args, **kwargs):
            if name is None:
                raise TypeError("expected str, bytes or os.PathLike object, not NoneType")
            super().__init__(name, *args, **kwargs)

    ctypes.CDLL = _WindowsCDLL
