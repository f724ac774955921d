"""A small time-limited memo for page services: expensive results kept for minutes.

Streamlit reruns a page on every click; the monitoring report (seconds) and the needs
tables should be computed once per change of data or filters, not once per click. The
services check the user's permission *before* looking here, so a remembered result is
never a way around the check.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class TtlMemo:
    """``get(key, compute)``: the remembered value if younger than ``ttl`` seconds.

    Parameters
    ----------
    ttl : float
        Seconds a value is kept.
    size : int
        Most values kept; the oldest goes first.
    """

    def __init__(self, ttl: float = 300.0, size: int = 32):
        self.ttl = ttl
        self.size = size
        self._values: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._values.get(key)
            if hit is not None and now - hit[0] < self.ttl:
                return hit[1]
        value = compute()
        with self._lock:
            self._values[key] = (time.monotonic(), value)
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
