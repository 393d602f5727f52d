"""Long work of the app (the Kamer sync, reading documents into the corpus and the index)
in a thread of the server, not in a page's run.

Streamlit stops a page's run at its next Streamlit call as soon as the user clicks anything
(the page runs again with the click). Work done inside the page was therefore cut off,
silently, by any click while it ran: the Ministerie box, the number box, another page.
Here the work runs in its own thread with its own Workspace; a page only starts it and
shows its progress and its result, also after a click, a reload or in another tab. One
piece of work at a time per home: two would write the same index folder.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AssistantError

_log = logging.getLogger(__name__)
_numbers = itertools.count(1)


@dataclass
class Job:
    """One run of a piece of work: its progress lines, then its result or its error."""

    name: str
    number: int
    started: float = field(default_factory=time.time)
    lines: list[str] = field(default_factory=list)
    fraction: float | None = None  # how far, when the work can say it
    result: object = None
    error: Exception | None = None
    finished: float | None = None
    _done: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def running(self) -> bool:
        return not self._done.is_set()

    @property
    def last_line(self) -> str | None:
        return self.lines[-1] if self.lines else None

    def wait(self, timeout: float | None = None) -> bool:
        """True once the work has ended (for tests and for a page that can wait a moment)."""
        return self._done.wait(timeout)

    def progress(self, line: str, fraction: float | None = None) -> None:
        """What the work reports: a line for the page, and how far it is when it knows."""
        self.lines.append(line)
        if fraction is not None:
            self.fraction = max(0.0, min(1.0, fraction))

    def _run(self, work: Callable[[Callable[..., None]], object]) -> None:
        try:
            self.result = work(self.progress)
        except Exception as exc:  # the page shows it; the server's thread never dies of it
            _log.info("job %s ended with an error", self.name, exc_info=exc)
            self.error = exc
        finally:
            self.finished = time.time()
            self._done.set()


_jobs: dict[tuple[str, str], Job] = {}
_lock = threading.Lock()


LABELS = {"sync": "het bijwerken vanaf de Tweede Kamer", "corpus": "het inlezen in het corpus"}


def start(home: Path, name: str, work: Callable[[Callable[..., None]], object]) -> Job:
    """Start `work(progress)` for this home unless the same work is running there already:
    then that job is returned (a double click or a second tab joins it, never doubles it).
    Other work still running there is an AssistantError (code "busy")."""
    home_key = str(Path(home).resolve())
    with _lock:
        for (other_home, other), job in _jobs.items():
            if other_home == home_key and job.running:
                if other == name:
                    return job
                raise AssistantError(
                    f"{LABELS.get(other, other)} loopt nog; wacht tot het klaar is en probeer "
                    "het dan opnieuw",
                    code="busy",
                )
        job = _jobs[(home_key, name)] = Job(name, next(_numbers))
        threading.Thread(target=job._run, args=(work,), name=f"job-{name}", daemon=True).start()
    return job


def latest(home: Path, name: str) -> Job | None:
    """The running job, else the last one that ended, since the server started."""
    with _lock:
        return _jobs.get((str(Path(home).resolve()), name))
