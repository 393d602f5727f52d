"""Read untrusted PDF and Word files in a child process with a memory and a time limit.

Why: a few KB of PDF or .docx can ask for gigabytes (a flate or zip bomb) or hours (a
page tree of 100,000 pages). The readers refuse what they can recognise; this worker
bounds everything else. The child runs ``python -m assistant.extract.worker`` in its
own process group with an address-space limit (``MEMORY_LIMIT_BYTES``); the parent
waits at most ``TIME_LIMIT_SECONDS`` for each file and kills the group after that. A
file that exhausts either limit becomes an InputError naming it ("te zwaar om te
lezen"); the next file gets a fresh child.

One child serves many files (starting one costs about half a second of imports), so a
batch pays that once: ``shared_worker()`` is the process-wide worker, started on first
use and stopped at exit. Requests and replies are one JSON header line plus raw bytes,
never pickle, so a child that a hostile file took over cannot run code in the parent.

The limits need POSIX (``resource``, process groups); elsewhere files are read in the
calling process without them.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass

from ..errors import InputError
from .extracted import ExtractedText, TextBlock

MEMORY_LIMIT_BYTES = 1536 * 1024 * 1024  # address space of the child: 1.5 GB
TIME_LIMIT_SECONDS = 50.0  # wall-clock time per file: the whole command stays under a minute
KINDS = ("pdf", "docx")
SUPPORTED = os.name == "posix"


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = MEMORY_LIMIT_BYTES
    seconds: float = TIME_LIMIT_SECONDS

    def describe(self, which: str = "both") -> str:
        memory = (
            f"{self.memory_bytes / 2**30:.1f} GB"
            if self.memory_bytes >= 2**30
            else f"{self.memory_bytes / 2**20:.0f} MB"
        )
        seconds = f"{self.seconds:g} s"
        return {"time": seconds, "memory": f"{memory} geheugen"}.get(which, f"{seconds} / {memory}")


class WorkerError(RuntimeError):
    """A reader raised something other than InputError inside the worker: a bug, not bad
    input, so it stays an internal error (the message names the exception)."""


def read_in_process(kind: str, data: bytes, label: str) -> ExtractedText:
    """Run the reader for `kind` here, without limits (the child calls this too)."""
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, label)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(data, label)
    raise ValueError(f"unknown kind {kind!r}")


class ExtractionWorker:
    """One child process that reads files one at a time; restarted after it dies.

    Thread-safe (the app serves sessions from threads): requests are serialised."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits()
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def read(self, kind: str, data: bytes, label: str) -> ExtractedText:
        if not SUPPORTED:
            return read_in_process(kind, data, label)
        with self._lock:
            return self._read(kind, data, label)

    def close(self) -> None:
        """Stop the child: end of input lets it exit; kill its group if it does not."""
        with self._lock:
            self._stop(graceful=True)

    def __enter__(self) -> ExtractionWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _read(self, kind: str, data: bytes, label: str) -> ExtractedText:
        deadline = time.monotonic() + self.limits.seconds
        proc = self._running()
        header = json.dumps({"kind": kind, "label": label, "size": len(data)}).encode()
        try:
            proc.stdin.write(header + b"\n")
            proc.stdin.write(data)
            proc.stdin.flush()
            reply = _receive_line(proc, deadline)
        except TimeoutError:
            self._stop(graceful=False)
            raise InputError(self._too_heavy(label, "time")) from None
        except (BrokenPipeError, EOFError, OSError, ValueError):
            self._stop(graceful=False)  # died: the memory limit, a signal, a crash
            raise InputError(self._too_heavy(label, "both")) from None
        if "ok" in reply:
            return _from_dict(reply["ok"])
        if "input" in reply:
            raise InputError(reply["input"])
        if "memory" in reply:
            self._stop(graceful=True)  # it exits after a MemoryError; start afresh
            raise InputError(self._too_heavy(label, "memory"))
        raise WorkerError(reply.get("error", "onbekend antwoord van de leesproces"))

    def _too_heavy(self, label: str, which: str) -> str:
        return f"te zwaar om te lezen: {label} (meer dan {self.limits.describe(which)})"

    def _running(self) -> subprocess.Popen:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        self._stop(graceful=False)
        limits = [str(self.limits.memory_bytes), str(self.limits.seconds)]
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.extract.worker", *limits],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # the reader's complaints are not the user's one line
            start_new_session=True,  # its own process group, killed as a whole
            cwd=_project_root(),
        )
        return self._proc

    def _stop(self, graceful: bool) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if graceful and proc.poll() is None:
                try:
                    proc.stdin.close()
                    proc.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        finally:
            for pipe in (proc.stdin, proc.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()


def _project_root() -> str:
    """The folder that holds the assistant package, so ``-m assistant...`` finds it
    whether it is installed or run from a checkout."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _receive_line(proc: subprocess.Popen, deadline: float) -> dict:
    """Read one reply line from the child, waiting no later than `deadline`."""
    fd = proc.stdout.fileno()
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(timeout=left):
                raise TimeoutError
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                return json.loads(b"".join(chunks))


def _to_dict(extracted: ExtractedText) -> dict:
    return asdict(extracted)


def _from_dict(data: dict) -> ExtractedText:
    return ExtractedText(
        text=data["text"],
        footnotes={int(k): v for k, v in data["footnotes"].items()},
        kind=data["kind"],
        warnings=tuple(data["warnings"]),
        meta=dict(data["meta"]),
        blocks=tuple(TextBlock(**block) for block in data["blocks"]),
    )


_shared: ExtractionWorker | None = None
_shared_pid = 0
_shared_lock = threading.Lock()


def shared_worker() -> ExtractionWorker:
    """The process-wide worker (one per process, also after a fork), stopped at exit."""
    global _shared, _shared_pid
    with _shared_lock:
        if _shared is None or _shared_pid != os.getpid():
            _shared, _shared_pid = ExtractionWorker(), os.getpid()
            atexit.register(_shared.close)
        return _shared


# --- the child -------------------------------------------------------------------------


def _serve(memory_bytes: int, seconds: float) -> None:
    """Answer requests from stdin until it closes; exit after a MemoryError. Each request
    also has an alarm at twice the parent's time limit: should the parent be killed while
    a file is being read, the orphaned child does not go on reading it for ever."""
    import math
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    alarm = math.ceil(seconds * 2) + 5  # SIGALRM's default action ends the process
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the replies
    while True:
        header = requests.readline()
        if not header:
            return
        request = json.loads(header)
        data = requests.read(request["size"])
        stop = False
        signal.alarm(alarm)
        try:
            reply = {"ok": _to_dict(read_in_process(request["kind"], data, request["label"]))}
        except InputError as exc:
            reply = {"input": exc.message}
        except MemoryError:
            reply, stop = {"memory": True}, True
        except Exception as exc:  # a bug in a reader: reported, the parent decides
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        signal.alarm(0)
        del data
        replies.write(json.dumps(reply).encode() + b"\n")
        replies.flush()
        if stop:
            return


if __name__ == "__main__":
    _serve(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else TIME_LIMIT_SECONDS)
