"""Keep the compare page's recent comparisons, so opening one again does not redo it.

A comparison builds both Word documents, redlines them and renders the redline as HTML:
a quarter of a second or more. ``Comparisons`` keeps the last few, keyed by what they
depend on (``api.comparison_state``: the two commits, or the files of the working tree,
and the release tags), so a save, a release or an edit on disk is never shown stale.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Shown = TypeVar("Shown")

KEPT = 16  # comparisons kept per workspace: each is the page's HTML, some 100 KB


class Comparisons(Generic[Shown]):
    """A small least-recently-used store of comparisons, safe across worker threads."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, Shown] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Shown],
            still: Callable[[], Hashable]) -> Shown:
        """Return the comparison kept under ``key``, else make it and return it.

        What is made is kept only if ``still()`` returns ``key`` after it was made: a save
        while it was being made may have moved a revision, and then it is not that key's.
        """
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        made = make()  # not under the lock: another comparison may be made meanwhile
        if still() != key:
            return made
        with self._lock:
            self._kept[key] = made
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return made


__all__ = ["Comparisons"]
