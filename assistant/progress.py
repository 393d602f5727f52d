"""Progress of long work (ingest, embedding) on stderr, also when stderr is a log file.

Long library functions take a callback ``progress(done, total)``; ``Progress`` is the one
the command line gives them. On a terminal it redraws one line in place; in a log file,
under cron or in CI it writes a plain line at most every 5 seconds (the first one 5 seconds
after the start) and a final line:

    Embedden: 320/444 passages (72%), 8,1 passages/s, nog ongeveer 15 s
    Embedden: 444/444 passages (100%), 8,0 passages/s, klaar in 55 s
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

ProgressCallback = Callable[[int, int], None]
"""progress(done, total): called with (0, total) at the start and after each step."""

TTY_INTERVAL = 0.2  # seconds between redraws of the line on a terminal
LOG_INTERVAL = 5.0  # seconds between plain lines in a log


class Progress:
    """A ``progress(done, total)`` callback that reports on a stream (stderr by default).

    ``min_interval`` is the least time between two reports (the final line is always
    written); by default 0.2 s on a terminal and 5 s otherwise. ``clock`` returns seconds
    (``time.monotonic``) and can be replaced in tests; ``tty`` overrides the detection.
    A new run (done 0 after a finished one) starts the clock again.
    """

    def __init__(
        self,
        label: str,
        unit: str,
        stream: TextIO | None = None,
        min_interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        tty: bool | None = None,
    ) -> None:
        self.label = label
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.tty = _is_tty(self.stream) if tty is None else tty
        default = TTY_INTERVAL if self.tty else LOG_INTERVAL
        self.min_interval = default if min_interval is None else min_interval
        self.clock = clock
        self._started: float | None = None
        self._last_report: float | None = None
        self._finished = False
        self._open_line = 0  # length of the line drawn in place, 0 when none is open
        self._broken = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self._started is None or (self._finished and done == 0):
            self._started, self._last_report, self._finished = now, None, False
        elif self._finished:
            return
        final = done >= total
        # a terminal shows the line at once; a log gets its first line after an interval,
        # so a short run writes only its final line
        since = self._last_report if self._last_report is not None or self.tty else self._started
        if not final and since is not None and now - since < self.min_interval:
            return
        self._last_report = now
        self._finished = final
        self._write(self.line(done, total, now - self._started), final)

    def line(self, done: int, total: int, elapsed: float) -> str:
        """The report for `done` of `total` after `elapsed` seconds."""
        unit = self.unit
        if total <= 0:
            return f"{self.label}: niets te doen (0 {unit})"
        done = min(max(done, 0), total)
        text = f"{self.label}: {done}/{total} {unit} ({done * 100 // total}%)"
        if done <= 0 or elapsed <= 0:
            return text
        rate = done / elapsed
        text += f", {_number(rate)} {unit}/s"
        if done >= total:
            return f"{text}, klaar in {duration(elapsed)}"
        left = (total - done) / rate
        return f"{text}, {'bijna klaar' if left < 0.5 else 'nog ongeveer ' + duration(left)}"

    def close(self) -> None:
        """End a line drawn in place (after an interruption); nothing otherwise."""
        if self._open_line:
            self._emit("\n")
            self._open_line = 0

    def _write(self, text: str, final: bool) -> None:
        if not self.tty:
            self._emit(text + "\n")
            return
        padding = " " * max(self._open_line - len(text), 0)  # wipe a longer previous line
        self._emit("\r" + text + padding + ("\n" if final else ""))
        self._open_line = 0 if final else len(text)

    def _emit(self, text: str) -> None:
        if self._broken:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stream never stops the work
            self._broken = True


def duration(seconds: float) -> str:
    """'15 s', '2 min 10 s', '1 u 5 min' (rounded to whole seconds, minutes above an hour)."""
    seconds = max(round(seconds), 0)
    if seconds == 0:
        return "minder dan 1 s"
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        minutes, rest = divmod(seconds, 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, rest = divmod(round(seconds / 60), 60)
    return f"{hours} u {rest} min" if rest else f"{hours} u"


def _number(value: float) -> str:
    """8,1 (one decimal, Dutch comma); two decimals below 1 so a slow rate is not 0,0."""
    return (f"{value:.1f}" if value >= 1 else f"{value:.2f}").replace(".", ",")


def _is_tty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False
