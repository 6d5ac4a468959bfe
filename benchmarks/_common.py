"""What the benchmark scripts share: the repository on ``sys.path``, and a process's peak memory.

Each script imports it first (``from _common import ROOT``). Run as
``python benchmarks/bench_x.py``, a script has this folder on ``sys.path``
already; the tests' ``load_benchmark`` puts it there too. Importing it puts
the repository root (the ``pipeline`` package) and this folder (the other
scripts, ``argos_like_model``) on ``sys.path``.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: This folder (``benchmarks/``).
HERE = Path(__file__).resolve().parent
#: The repository root.
ROOT = HERE.parent
for _p in (str(HERE), str(ROOT)):
    if _p not in sys.path:
        sys.path.insert(0, _p)


def peak_rss_mib() -> float:
    """This process's peak resident set size, in MiB.

    ``VmHWM`` from ``/proc/self/status``, not ``getrusage``: Linux carries
    ``ru_maxrss`` across ``fork``/``exec``, so a child would report the
    parent's peak whenever that is larger. ``ru_maxrss`` only where there is
    no ``/proc``.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
