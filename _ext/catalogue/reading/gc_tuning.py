"""The garbage collector during a build: fewer, larger young collections.

A big catalogue's build holds millions of objects that live until its end:
the environment, and the doctrees Sphinx keeps from reading to writing.
CPython's cyclic collector starts a young collection every 700 new
container objects, and a full one, which walks every object of the
process, every ten rounds of the middle generation once the heap grew by a
quarter.  Profiled at 10,000 APIs (``bench/``, ``-j 1``), the collector took
64 s of a 275 s build, 53 s of it in 28 full collections.

With a first threshold of 10,000, the same build made 14 full collections
and took 246 s; its peak memory grew from 2.7 to 2.9 GB, since garbage
waits a little longer.  (Freezing the environment with :func:`gc.freeze`
after reading saved a few more seconds but kept every written doctree
alive to the end: 3.1 GB, too close to the 3 GiB target; not done.)

The thresholds are set when the builder starts and restored when the build
finishes, so that a process that does more than one build (the tests) gets
its own settings back.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Container allocations between two young collections.
YOUNG_THRESHOLD = 10_000

_saved: list[tuple[int, int, int]] = []


def raise_thresholds(app: Sphinx) -> None:
    """``builder-inited``: young collections every :data:`YOUNG_THRESHOLD` allocations."""
    first, second, third = gc.get_threshold()
    _saved.append((first, second, third))
    if first and first < YOUNG_THRESHOLD:  # 0: the collector is off; leave it so
        gc.set_threshold(YOUNG_THRESHOLD, second, third)


def restore_thresholds(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the thresholds the process had."""
    if _saved:
        gc.set_threshold(*_saved.pop())
