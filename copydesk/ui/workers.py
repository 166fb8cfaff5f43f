"""Long jobs off the GUI thread, reporting by signals: generation, model loading, any store call.

Views connect to the signals and never block: the window keeps repainting while the model
writes. Each job that touches the database opens its own connection (SQLite connections
belong to one thread).
"""

from __future__ import annotations

import functools
import traceback
from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from copydesk.generation.backend import Cancelled, CancelToken


def quiet_after_close(run):
    """A job still running when the window closes finds its signals deleted with the window:
    nobody is listening any more, so it ends quietly instead of printing a traceback on exit."""

    @functools.wraps(run)
    def wrapper(self) -> None:
        try:
            run(self)
        except RuntimeError as exc:
            if "deleted" not in str(exc):
                raise

    return wrapper


class JobSignals(QObject):
    progress = Signal(str)
    result = Signal(object)
    failed = Signal(str)
    finished = Signal()


class FunctionJob(QRunnable):
    """Run `fn(progress)` in the thread pool; emit its result, or a one-line failure message."""

    def __init__(self, fn: Callable[[Callable[[str], None]], object]):
        super().__init__()
        self.fn = fn
        self.signals = JobSignals()
        self.setAutoDelete(False)  # the view holds it until `finished`

    @quiet_after_close
    def run(self) -> None:
        try:
            value = self.fn(self.signals.progress.emit)
        except Exception as exc:  # reported in the window's banner, never a traceback dialog
            self.signals.failed.emit(_describe(exc))
        else:
            self.signals.result.emit(value)
        finally:
            self.signals.finished.emit()


def start(job: QRunnable, pool: QThreadPool | None = None) -> QRunnable:
    (pool or QThreadPool.globalInstance()).start(job)
    return job


class GenerateSignals(QObject):
    token = Signal(int, str)  # draft index, text so far
    status = Signal(str)
    drafts_ready = Signal(list)  # list[Draft], best first
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()


class GenerateJob(QRunnable):
    """One generation request through the pipeline, streaming tokens, cancellable."""

    def __init__(self, pipeline, request, examples: list[dict] | None = None):
        super().__init__()
        self.pipeline = pipeline
        self.request = request
        self.examples = examples
        self.cancel_token = CancelToken()
        self.signals = GenerateSignals()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self.cancel_token.cancel()

    @quiet_after_close
    def run(self) -> None:
        try:
            if self.pipeline.uses_model(self.request):
                self.signals.status.emit("Loading the model…")
                self.pipeline.backend.load()
                self.signals.status.emit("Writing drafts…")
            drafts = self.pipeline.generate(self.request, self.signals.token.emit, self.cancel_token, self.examples)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:
            self.signals.failed.emit(_describe(exc))
        else:
            if self.cancel_token.cancelled:
                self.signals.cancelled.emit()
            else:
                self.signals.drafts_ready.emit(drafts)
        finally:
            self.signals.finished.emit()


class TrainSignals(QObject):
    progress = Signal(dict)  # step, steps, loss, tokens_per_s, eta_s
    result = Signal(dict)  # the training record
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()


class TrainJob(QRunnable):
    """A long training run (`fn(progress, cancelled) -> record`), with progress and cancel."""

    def __init__(self, fn: Callable):
        super().__init__()
        self.fn = fn
        self.cancel_token = CancelToken()
        self.signals = TrainSignals()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self.cancel_token.cancel()

    @quiet_after_close
    def run(self) -> None:
        from copydesk.generation.training import TrainingCancelled

        try:
            record = self.fn(self.signals.progress.emit, lambda: self.cancel_token.cancelled)
        except TrainingCancelled:
            self.signals.cancelled.emit()
        except Exception as exc:
            self.signals.failed.emit(_describe(exc))
        else:
            self.signals.result.emit(record)
        finally:
            self.signals.finished.emit()


def _describe(exc: Exception) -> str:
    """A message for the banner: the exception's own text (ours name the file and the fix)."""
    text = str(exc).strip()
    if not text:
        text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return text
