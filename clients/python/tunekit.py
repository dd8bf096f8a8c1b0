"""tunekit: drive a served tunekit job from Python.

A tuning job started with ``tunekit serve tuning.yaml`` (or the local executor's reusable processes,
``executor.local.reuse: true``) runs the tuner (its strategy, journal, completion rules, early stopping and
Hyperband) but no trials: workers ask it for trials over HTTP, train, report intermediate values and tell the
outcome. This module is such a worker, in one file of Python 3.9+ standard library, so it can be copied next to a
training script::

    import tunekit

    def objective(trial):
        model = train(**trial.params)
        return accuracy(model)

    tunekit.connect("http://127.0.0.1:8470", token).optimize(objective)

or, in worker mode (the server's URL and token in ``TUNEKIT_URL`` / ``TUNEKIT_TOKEN``)::

    study = tunekit.connect()
    for trial in study:
        with trial:
            trial.complete(train_and_score(trial.params))

The protocol (paths, bodies, leases, retries) is written down in ``packages/client/src/protocol.ts`` of the
tunekit repository; this client speaks its version ``v1``. The token is sent only in the ``Authorization``
header of requests to the server's URL, never printed, logged or put in an error message.
"""

from __future__ import annotations

import http.client
import json
import logging
import math
import os
import random
import socket
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, Mapping, Optional, Tuple, Union
from urllib.parse import urlsplit

__all__ = [
    "BestTrial",
    "JobInfo",
    "LeaseLost",
    "RequestRejected",
    "ServerUnreachable",
    "Study",
    "TokenRefused",
    "Trial",
    "TrialStopped",
    "TunekitError",
    "connect",
]

__version__ = "0.1.0"

#: The protocol version this client speaks: the first segment of every path.
PROTOCOL_VERSION = "v1"

#: Environment variables a worker is connected with (``connect()`` without arguments reads them).
ENV_URL = "TUNEKIT_URL"
ENV_TOKEN = "TUNEKIT_TOKEN"
ENV_WORKER = "TUNEKIT_WORKER"

#: How long an ``ask`` may be held by the server when no trial is ready (the protocol allows 0-30 s).
ASK_WAIT_SECONDS = 20

#: Retry backoff: the first pause, its cap (seconds); each pause is doubled, with +-25 % jitter.
FIRST_RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 10.0

#: Socket timeout of a request that the server answers at once (heartbeat, report, tell, job).
REQUEST_TIMEOUT_SECONDS = 30.0

#: The longest failure reason sent in a tell (the server reads bodies of at most 1 MiB).
MAX_REASON_CHARS = 2000

ParamValue = Union[float, int, str]

logger = logging.getLogger("tunekit")
if not logger.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("[tunekit] %(message)s"))
    logger.addHandler(_handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


class TunekitError(Exception):
    """Base class of the errors this client raises."""


class TokenRefused(TunekitError):
    """The server answered 401: the token is wrong (or missing). Not retried."""


class ServerUnreachable(TunekitError):
    """No answer from the server (lost connection, 5xx, 503 ``stopping``) for ``give_up_seconds``."""


class RequestRejected(TunekitError):
    """The server refused a request (400, 404, 405, 413): a bug in the caller's values or in this client.

    Attributes:
        status: The HTTP status.
        code: The error body's ``error`` (``badRequest``, ``notFound``, ...).
    """

    def __init__(self, message: str, status: int, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class LeaseLost(TunekitError):
    """The server no longer leases this trial to this worker (409 ``leaseLost``): drop it and ask again.

    It happens when the worker sent nothing for ``leaseSeconds`` (the trial was then Failed and retried), or
    after the server was restarted without the lease. ``Study.optimize`` logs it and goes on.
    """


class TrialStopped(Exception):
    """Raise it from an objective function to end the trial as Stopped (Optuna's ``TrialPruned``).

    ``trial.raise_if_stop()`` raises it when the server said stop (early stopping, Hyperband, the job ended).
    """


@dataclass(frozen=True)
class BestTrial:
    """The best Completed trial of a job so far."""

    trial_id: int
    objective: float
    params: Dict[str, ParamValue]


@dataclass(frozen=True)
class JobInfo:
    """The job as the server sees it (``GET /v1/job``)."""

    name: str
    #: ``Running`` until the job ends; then ``Completed``, ``Failed`` or ``Interrupted``.
    status: str
    #: ``{"metric": ..., "type": "Minimize" | "Maximize"}``.
    objective: Dict[str, str]
    strategy: str
    max_trials: int
    max_parallel: int
    #: Trials finished so far by outcome, and out: ``completed``, ``failed``, ``stopped``, ``running``.
    counts: Dict[str, int]
    best: Optional[BestTrial]
    heartbeat_seconds: float
    lease_seconds: float


def _describe(error: BaseException) -> str:
    """One line naming an exception: ``ValueError: bad input``."""
    text = str(error).strip().splitlines()
    line = f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
    return line[:MAX_REASON_CHARS]


def _default_worker_name() -> str:
    """``<hostname>:<pid>``, kept to the protocol's alphabet (``A-Z a-z 0-9 . _ : @ -``) and 100 characters."""
    host = "".join(c if c.isascii() and (c.isalnum() or c in "._:@-") else "-" for c in socket.gethostname())
    return f"{host or 'worker'}:{os.getpid()}"[-100:]


def _check_worker_name(worker: str) -> str:
    if not (1 <= len(worker) <= 100) or not all(c.isascii() and (c.isalnum() or c in "._:@-") for c in worker):
        raise ValueError(
            f"worker: must be 1-100 characters of A-Z a-z 0-9 . _ : @ - (got {worker!r}); "
            f"change it or unset {ENV_WORKER}"
        )
    return worker


class _Connection:
    """HTTP transport to one server: JSON in and out, the bearer token, retries with backoff.

    Each thread keeps its own keep-alive connection (``http.client``: no proxies, no redirects, so the token goes
    to the server's address and nowhere else).
    """

    def __init__(self, url: str, token: str, give_up_seconds: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"url: must be http://host:port or https://host:port (got {url!r})")
        if parts.username or parts.password:
            raise ValueError("url: must not hold a user or password; pass the token as `token` or TUNEKIT_TOKEN")
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.https else 80)
        self.base_path = parts.path.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        #: The URL as errors name it (scheme, host, port, path; never the token).
        self.url = f"{parts.scheme}://{host}:{self.port}{self.base_path}"
        self._authorization = f"Bearer {token}"
        self.give_up_seconds = give_up_seconds
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"<tunekit connection to {self.url}>"

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        conn: Optional[http.client.HTTPConnection] = getattr(self._local, "conn", None)
        if conn is None:
            if self.https:
                conn = http.client.HTTPSConnection(self.host, self.port, timeout=timeout)
            else:
                conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
            self._local.conn = conn
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        return conn

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            conn.close()

    def _send_once(self, method: str, path: str, body: Optional[bytes], timeout: float) -> Tuple[int, bytes]:
        conn = self._connection(timeout)
        # A kept-alive connection the server has closed meanwhile fails at once: the caller retries it on a new one.
        self._local.reused = conn.sock is not None
        headers = {"Authorization": self._authorization, "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            conn.request(method, self.base_path + path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except BaseException:
            self._drop()
            raise
        if response.will_close:
            self._drop()
        return response.status, data

    def call(
        self,
        method: str,
        path: str,
        body: Optional[Mapping[str, Any]] = None,
        timeout: float = REQUEST_TIMEOUT_SECONDS,
        retry: bool = True,
    ) -> Dict[str, Any]:
        """Sends one request and returns its JSON answer, retrying lost connections and 5xx with the same body
        (unless ``retry`` is False: then the first failure raises ``ServerUnreachable``).

        Raises:
            TokenRefused: 401.
            LeaseLost: 409.
            RequestRejected: another 4xx.
            ServerUnreachable: no 2xx or 4xx answer for ``give_up_seconds``.
        """
        data = None if body is None else json.dumps(body, allow_nan=False).encode("utf-8")
        delay = FIRST_RETRY_SECONDS
        failing_since: Optional[float] = None
        fresh_retry = True
        while True:
            failure: str
            try:
                status, payload = self._send_once(method, path, data, timeout)
            except (OSError, http.client.HTTPException) as error:
                if fresh_retry and getattr(self._local, "reused", False):
                    fresh_retry = False  # a stale kept-alive connection: once more, at once, on a new one
                    continue
                failure = _describe(error) if str(error) else type(error).__name__
            else:
                if status == 200:
                    if failing_since is not None:
                        logger.info("%s answers again", self.url)
                    return self._parse(status, payload, path)
                answer = self._error_body(payload)
                if status >= 500:
                    failure = f"{status} {answer[0]}: {answer[1]}".rstrip(": ")
                elif status == 401:
                    raise TokenRefused(f"token refused by {self.url}: check TUNEKIT_TOKEN")
                elif status == 409:
                    raise LeaseLost(f"{method} {path}: {answer[1] or 'the lease of this trial was lost'}")
                else:
                    raise RequestRejected(
                        f"{self.url} refused {method} {path} ({status} {answer[0]}): {answer[1]}", status, answer[0]
                    )
            if not retry:
                raise ServerUnreachable(f"no answer from {self.url} ({failure})")
            now = time.monotonic()
            if failing_since is None:
                failing_since = now
                logger.warning("no answer from %s (%s); retrying for up to %g s", self.url, failure, self.give_up_seconds)
            left = self.give_up_seconds - (now - failing_since)
            if left <= 0:
                raise ServerUnreachable(
                    f"no answer from {self.url} for {self.give_up_seconds:g} s (last: {failure}); "
                    "check that `tunekit serve` runs there"
                )
            time.sleep(min(left, delay * random.uniform(0.75, 1.25)))
            delay = min(delay * 2, MAX_RETRY_SECONDS)

    def _parse(self, status: int, payload: bytes, path: str) -> Dict[str, Any]:
        try:
            answer = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            answer = None
        if not isinstance(answer, dict):
            raise RequestRejected(
                f"{self.url}{path} answered {status} without a JSON object: is it a tunekit server?", status, "notJson"
            )
        return answer

    @staticmethod
    def _error_body(payload: bytes) -> Tuple[str, str]:
        try:
            answer = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return "notJson", payload[:200].decode("utf-8", "replace").strip()
        if isinstance(answer, dict):
            return str(answer.get("error", "")), str(answer.get("message", ""))
        return "notJson", ""


class Trial:
    """One trial leased to this worker: its hyperparameters, and the calls that report on it and end it.

    While the trial is open a background thread sends a heartbeat every ``heartbeat_seconds`` (a report counts as
    one) and records a ``stop`` answer in ``should_stop``. Tell it exactly once: ``complete``, ``fail`` or
    ``stop``. Used as a context manager (``with trial:``), a trial left untold by an exception is told Failed
    with the exception's one-line description (``TrialStopped``: told Stopped).

    Attributes:
        id: The trial's number in the job.
        params: The tuned and the tuning file's ``static`` hyperparameters, by name (numbers for continuous and
            integer ranges, strings for categorical ones and static values).
        tuned: Only the tuned hyperparameters.
        attempt: 0 for a configuration's first run; a retry of a failed one has the same params and attempt + 1.
        objective: ``{"metric": ..., "type": "Minimize" | "Maximize"}``: report this metric's values.
        context: ``{"earlyStopping": "Off" | "Auto", "hyperband"?: {"minResource", "maxResource", "eta", ...}}``.
        should_stop: True once the server said stop (early stopping, Hyperband, the job ended).
        stop_reason: The server's reason for it.
    """

    def __init__(self, study: "Study", leased: Mapping[str, Any]) -> None:
        self._study = study
        self.id: int = int(leased["id"])
        self._lease: str = str(leased["lease"])
        self.attempt: int = int(leased.get("attempt", 0))
        self.params: Dict[str, ParamValue] = dict(leased.get("params", {}))
        self.tuned: Dict[str, ParamValue] = dict(leased.get("tuned", {}))
        self.objective: Dict[str, str] = dict(leased.get("objective", {}))
        self.context: Dict[str, Any] = dict(leased.get("context", {}))
        self.heartbeat_seconds: float = float(leased.get("heartbeatSeconds", 10))
        self.lease_seconds: float = float(leased.get("leaseSeconds", 60))
        self.should_stop = False
        self.stop_reason: Optional[str] = None
        #: ``None`` while open; then ``Completed``, ``Failed``, ``Stopped`` or ``LeaseLost``.
        self.outcome: Optional[str] = None
        self._reported = False
        self._lock = threading.Lock()
        self._closed = threading.Event()
        # Held by a heartbeat while it is sent and by a tell while it is sent: a tell waits for a heartbeat in
        # flight, and no heartbeat goes out while a tell is under way (``_telling``) or after it.
        self._sending = threading.Lock()
        self._telling = False
        self._last_contact = time.monotonic()
        self._heartbeat = threading.Thread(target=self._beat, name=f"tunekit-heartbeat-{self.id}", daemon=True)
        self._heartbeat.start()

    def __repr__(self) -> str:
        return f"<Trial {self.id} attempt {self.attempt} {self.outcome or 'open'} params={self.params!r}>"

    @property
    def is_open(self) -> bool:
        """Whether the trial still waits for its outcome."""
        return self.outcome is None

    def _path(self, action: str) -> str:
        return f"/{PROTOCOL_VERSION}/trials/{self.id}/{action}"

    def _beat(self) -> None:
        while True:
            with self._lock:
                wait = self.heartbeat_seconds - (time.monotonic() - self._last_contact)
            if self._closed.wait(max(wait, 0.0)):
                return
            with self._lock:
                if time.monotonic() - self._last_contact < self.heartbeat_seconds:
                    continue
            answer = None
            try:
                with self._sending:
                    if not (self._telling or self._closed.is_set()):
                        answer = self._study._connection.call("POST", self._path("heartbeat"), {"lease": self._lease})
            except LeaseLost:
                if self.is_open:
                    logger.warning("trial %d: the server dropped this worker's lease; the trial is abandoned", self.id)
                    self._mark_lost()
                return
            except TunekitError as error:
                if self.is_open:
                    logger.warning("trial %d: heartbeat failed: %s", self.id, error)
                return
            if answer is None:
                # A tell is under way (or done): wait for it rather than beat.
                if self._closed.wait(self.heartbeat_seconds):
                    return
                continue
            self._record(answer)

    def _record(self, answer: Mapping[str, Any]) -> None:
        with self._lock:
            self._last_contact = time.monotonic()
            if answer.get("action") == "stop" and not self.should_stop:
                self.should_stop = True
                self.stop_reason = str(answer.get("reason", "")) or "the server said stop"

    def _mark_lost(self) -> None:
        with self._lock:
            if self.outcome is None:
                self.outcome = "LeaseLost"
        self._closed.set()

    def _check_open(self, call: str) -> None:
        if self.outcome == "LeaseLost":
            raise LeaseLost(f"trial {self.id}: this worker's lease was lost; {call} is not sent (ask for another trial)")
        if self.outcome is not None:
            raise TunekitError(f"trial {self.id} was already told {self.outcome}; {call} is not sent")

    def report(self, step: int, value: Optional[float] = None, metrics: Optional[Mapping[str, float]] = None) -> bool:
        """Reports the objective's value (and other metrics) at a step, for early stopping and Hyperband.

        Args:
            step: 0, 1, 2, ... (an epoch, a boosting round); a step reported twice is ignored by the server.
            value: The objective metric's value at this step.
            metrics: Other metrics the tuning file defines, by name.

        Returns:
            True when the server said stop (also sets ``should_stop``): end training and call ``trial.stop()``
            (or, in ``optimize``, ``trial.raise_if_stop()``).

        Raises:
            LeaseLost: the server no longer leases this trial to this worker.
            ValueError: a step that is not a whole number >= 0, or a value that is not a finite number.
        """
        self._check_open("report")
        if isinstance(step, bool) or not isinstance(step, int) or step < 0:
            raise ValueError(f"step: must be a whole number >= 0 (got {step!r})")
        if value is None and not metrics:
            raise ValueError("report needs a value, metrics, or both")
        body: Dict[str, Any] = {"lease": self._lease, "step": step}
        if value is not None:
            body["value"] = _finite("value", value)
        if metrics:
            body["metrics"] = {str(name): _finite(f"metrics.{name}", v) for name, v in metrics.items()}
        try:
            answer = self._study._connection.call("POST", self._path("report"), body)
        except LeaseLost:
            self._mark_lost()
            raise
        self._reported = True
        self._record(answer)
        return self.should_stop

    def should_prune(self) -> bool:
        """Optuna's name for ``should_stop``: True once the server said stop."""
        return self.should_stop

    def raise_if_stop(self) -> None:
        """Raises ``TrialStopped`` when the server said stop, for objective functions run by ``optimize``."""
        if self.should_stop:
            raise TrialStopped(self.stop_reason or "the server said stop")

    def complete(self, value: Optional[float] = None, metrics: Optional[Mapping[str, float]] = None) -> None:
        """Tells the trial Completed with the objective's final value (without one: the last reported value).

        Raises:
            LeaseLost: the server no longer leases this trial to this worker (the outcome is not recorded).
        """
        body: Dict[str, Any] = {"status": "Completed"}
        if value is not None:
            body["value"] = _finite("value", value)
        if metrics:
            body["metrics"] = {str(name): _finite(f"metrics.{name}", v) for name, v in metrics.items()}
        self._tell(body)

    def fail(self, reason: str) -> None:
        """Tells the trial Failed with a reason (the exception, say); the job may retry it (``limits.maxRetries``)."""
        self._tell({"status": "Failed", "reason": (str(reason).strip() or "failed")[:MAX_REASON_CHARS]})

    def stop(self, reason: Optional[str] = None) -> None:
        """Tells the trial Stopped: the answer to the server's stop, or the worker's own decision (``reason``)."""
        body: Dict[str, Any] = {"status": "Stopped"}
        if reason:
            body["reason"] = str(reason)[:MAX_REASON_CHARS]
        self._tell(body)

    def _tell(self, body: Dict[str, Any]) -> None:
        status = body["status"]
        self._check_open(f"tell {status}")
        self._telling = True
        try:
            with self._sending:
                self._study._connection.call("POST", self._path("tell"), {"lease": self._lease, **body})
        except LeaseLost:
            self._mark_lost()
            raise
        except BaseException:
            # The tell did not reach the server: heartbeats go on, so the lease holds while the caller retries.
            self._telling = False
            raise
        with self._lock:
            self.outcome = status
        self._closed.set()
        self._study._refresh()

    def _finish_untold(self, why: str) -> None:
        """Ends a trial nobody told: Completed with the last reported value when there is one, else Failed."""
        if not self.is_open:
            return
        if self._reported:
            self.complete()
        else:
            self.fail(f"{why} without telling trial {self.id}: call trial.complete(value) (or report values)")

    def __enter__(self) -> "Trial":
        return self

    def __exit__(self, kind: Any, error: Optional[BaseException], _traceback: Any) -> bool:
        if not self.is_open:
            return False
        try:
            if error is None:
                self._finish_untold("the `with trial:` block ended")
            elif isinstance(error, TrialStopped):
                self.stop(str(error) or self.stop_reason)
                return True
            elif isinstance(error, LeaseLost):
                self._mark_lost()
            else:
                self.fail(_describe(error))
        except LeaseLost:
            pass
        return False


def _finite(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{name}: must be a finite number (got {value!r})")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: must be a finite number (got {value!r})") from None
    if not math.isfinite(number):
        raise ValueError(f"{name}: must be a finite number (got {number!r})")
    return number


class Study:
    """A served tuning job, as a worker sees it: iterate it for trials, or hand it a function (``optimize``).

    Create it with ``connect()``.
    """

    def __init__(self, connection: _Connection, worker: str, job: JobInfo) -> None:
        self._connection = connection
        #: This worker's name, shown in the trials' logs and reasons.
        self.worker = worker
        self._job = job
        #: Set once the server answered ``done``: it exits soon after, so later reads of the job do not wait.
        self._over = False

    def __repr__(self) -> str:
        return f"<Study {self._job.name!r} at {self._connection.url} as {self.worker}>"

    @property
    def url(self) -> str:
        """The server's URL."""
        return self._connection.url

    @property
    def name(self) -> str:
        """The job's name."""
        return self._job.name

    def info(self) -> JobInfo:
        """The job as the server sees it now (``GET /v1/job``): status, counts, best trial, settings.

        After the job is over (the server answered ``done``) the server exits once its workers heard it: then this
        returns the job as this worker last saw it (after its last trial), and logs that it did.
        """
        path = f"/{PROTOCOL_VERSION}/job"
        if not self._over:
            self._job = _job_info(self._connection.call("GET", path))
            return self._job
        try:
            self._job = _job_info(self._connection.call("GET", path, retry=False))
        except ServerUnreachable:
            logger.info(
                "the job is over and its server has exited: the job as last seen here (`tunekit best %s` has it all)",
                self._job.name,
            )
        return self._job

    @property
    def best(self) -> Optional[BestTrial]:
        """The best Completed trial so far (asks the server; see ``info``), or None."""
        return self.info().best

    def _refresh(self) -> None:
        """Reads the job once after a trial is told, without retrying: what ``info`` returns after the server left."""
        try:
            self._job = _job_info(self._connection.call("GET", f"/{PROTOCOL_VERSION}/job", retry=False))
        except TunekitError:
            pass

    def ask(self) -> Optional[Trial]:
        """Leases the next trial to this worker, waiting while the server has none ready.

        Returns:
            The trial, or None when the job is over (the server answered ``done``).
        """
        request_id = uuid.uuid4().hex
        while True:
            answer = self._connection.call(
                "POST",
                f"/{PROTOCOL_VERSION}/ask",
                {"worker": self.worker, "requestId": request_id, "waitSeconds": ASK_WAIT_SECONDS},
                timeout=ASK_WAIT_SECONDS + REQUEST_TIMEOUT_SECONDS,
            )
            status = answer.get("status")
            if status == "trial":
                return Trial(self, answer["trial"])
            if status == "done":
                self._over = True
                logger.info("job %s is over: %s", self._job.name, answer.get("reason", "done"))
                return None
            if status != "wait":
                raise RequestRejected(f"{self.url}: unknown ask answer {status!r}", 200, "unknownStatus")
            time.sleep(max(0.0, min(float(answer.get("retryAfterSeconds", 1)), MAX_RETRY_SECONDS)))
            # Nothing was leased for this request: the next ask is a new one.
            request_id = uuid.uuid4().hex

    def __iter__(self) -> Iterator[Trial]:
        """Yields trials until the job is over.

        A trial the loop body left untold when it asks for the next one is Completed with its last reported value,
        or Failed when it reported none. A loop left by an exception (or a ``break``) tells its open trial Failed;
        wrap the body in ``with trial:`` to have the exception's description as the reason.
        """
        while True:
            trial = self.ask()
            if trial is None:
                return
            try:
                yield trial
            except GeneratorExit:
                if trial.is_open:
                    try:
                        trial.fail(
                            "the worker left `for trial in study` with the trial open (an exception or a break in "
                            "the loop body; `with trial:` tells the exception)"
                        )
                    except TunekitError:
                        pass
                raise
            try:
                trial._finish_untold("the loop body ended")
            except LeaseLost:
                pass

    def optimize(self, fn: Callable[[Trial], Any], n_trials: Optional[int] = None) -> None:
        """Runs ``fn(trial)`` for each trial until the job is over (or this worker ran ``n_trials``), like Optuna.

        The number ``fn`` returns completes the trial. ``TrialStopped`` (``trial.raise_if_stop()``) tells it
        Stopped. Unlike Optuna (where an exception not in ``catch`` ends ``optimize``), any other exception tells
        the trial Failed with its one-line description, is logged with its traceback on stderr, and the loop goes
        on: a served job decides from its failure rules (``limits.maxConsecutiveFailures``, ``maxRetries``)
        whether to go on, for every worker at once. A lost lease (``LeaseLost``) is logged and the next trial
        asked. ``KeyboardInterrupt`` tells the trial Failed and is raised again.

        Args:
            fn: The objective: takes a ``Trial``, returns the objective metric's value (a finite number), or
                None after telling the trial itself.
            n_trials: At most this many trials for this worker (default: until the job is over).

        Raises:
            ServerUnreachable: no answer for ``give_up_seconds`` (the trial in hand is left to its lease).
            TokenRefused: the server refused the token.
        """
        if n_trials is not None and (isinstance(n_trials, bool) or not isinstance(n_trials, int) or n_trials < 0):
            raise ValueError(f"n_trials: must be a whole number >= 0 or None (got {n_trials!r})")
        done = 0
        while n_trials is None or done < n_trials:
            trial = self.ask()
            if trial is None:
                return
            done += 1
            try:
                self._run_one(fn, trial)
            except LeaseLost as error:
                logger.warning("trial %d abandoned: %s", trial.id, error)

    def _run_one(self, fn: Callable[[Trial], Any], trial: Trial) -> None:
        try:
            value = fn(trial)
        except TrialStopped as stopped:
            if trial.is_open:
                trial.stop(str(stopped) or trial.stop_reason)
            return
        except LeaseLost:
            trial._mark_lost()
            raise
        except (ServerUnreachable, TokenRefused):
            raise  # the server is gone or refuses this worker: nothing can be told; optimize ends with the error
        except Exception as error:
            logger.warning("trial %d failed: %s", trial.id, _describe(error), exc_info=True)
            if trial.is_open:
                trial.fail(_describe(error))
            return
        except BaseException as error:
            if trial.is_open:
                try:
                    trial.fail(_describe(error))
                except TunekitError:
                    pass
            raise
        if not trial.is_open:
            return
        if value is None:
            trial.fail("the objective function returned None: return the objective metric's value (a number)")
            return
        try:
            number = _finite("the objective function's value", value)
        except ValueError as error:
            trial.fail(str(error))
            logger.warning("trial %d failed: %s", trial.id, error)
            return
        trial.complete(number)


def _job_info(answer: Mapping[str, Any]) -> JobInfo:
    best = answer.get("best")
    return JobInfo(
        name=str(answer.get("name", "")),
        status=str(answer.get("status", "")),
        objective=dict(answer.get("objective", {})),
        strategy=str(answer.get("strategy", "")),
        max_trials=int(answer.get("maxTrials", 0)),
        max_parallel=int(answer.get("maxParallel", 0)),
        counts=dict(answer.get("counts", {})),
        best=None
        if not isinstance(best, dict)
        else BestTrial(int(best["trialId"]), float(best["objective"]), dict(best.get("params", {}))),
        heartbeat_seconds=float(answer.get("heartbeatSeconds", 10)),
        lease_seconds=float(answer.get("leaseSeconds", 60)),
    )


def connect(
    url: Optional[str] = None,
    token: Optional[str] = None,
    *,
    worker: Optional[str] = None,
    give_up_seconds: float = 600.0,
) -> Study:
    """Connects to a served job (``tunekit serve``) and returns it as a ``Study``.

    Without arguments it reads ``TUNEKIT_URL``, ``TUNEKIT_TOKEN`` and ``TUNEKIT_WORKER`` from the environment:
    that is worker mode, how a process started by ``executor.local.reuse: true`` connects. It asks the server for
    the job once, so a wrong URL or token fails here.

    Args:
        url: The server's base URL as ``tunekit serve`` printed it, e.g. ``http://127.0.0.1:8470``.
        token: The bearer token ``tunekit serve`` printed (or its ``TUNEKIT_TOKEN``).
        worker: This worker's name in the trials' logs (default: ``TUNEKIT_WORKER``, else ``<hostname>:<pid>``).
        give_up_seconds: How long to keep retrying (lost connection, 5xx, 503) without an answer before raising
            ``ServerUnreachable``.

    Raises:
        ValueError: a missing or malformed URL, token or worker name.
        TokenRefused: the server refused the token.
        ServerUnreachable: no answer for ``give_up_seconds``.
    """
    url = url if url is not None else os.environ.get(ENV_URL)
    token = token if token is not None else os.environ.get(ENV_TOKEN)
    if not url:
        raise ValueError(f"url: no server URL; pass connect(url, token) or set {ENV_URL} (tunekit serve prints it)")
    if not token:
        raise ValueError(f"token: no token; pass connect(url, token) or set {ENV_TOKEN} (tunekit serve prints it)")
    if not (isinstance(give_up_seconds, (int, float)) and give_up_seconds > 0):
        raise ValueError(f"give_up_seconds: must be a number > 0 (got {give_up_seconds!r})")
    name = _check_worker_name(worker or os.environ.get(ENV_WORKER) or _default_worker_name())
    connection = _Connection(url, token, float(give_up_seconds))
    answer = connection.call("GET", f"/{PROTOCOL_VERSION}/job")
    protocol = answer.get("protocol")
    if protocol != PROTOCOL_VERSION:
        raise TunekitError(f"{connection.url} speaks protocol {protocol!r}; this client speaks {PROTOCOL_VERSION!r}")
    return Study(connection, name, _job_info(answer))
