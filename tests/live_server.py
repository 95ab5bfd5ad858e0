"""A real gunicorn server of the app on a free local port, and a small JSON client for it.

Concurrency tests and benchmarks need several server processes answering at once, which
the Flask test client cannot give: this module starts `gunicorn wsgi:app` as a subprocess
against a given database and talks to it over plain HTTP (stdlib only, so that client
threads share nothing but the barrier they start at).
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_SECONDS = 30
REQUEST_TIMEOUT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Response:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def code(self) -> str | None:
        """The problem+json `code` of an error answer."""
        return self.body.get("code") if isinstance(self.body, dict) else None


class ApiClient:
    """JSON over one keep-alive HTTP connection; not shared between threads."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.token = token
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: Any = None, headers: dict | None = None) -> Response:
        headers = {"Accept": "application/json", **(headers or {})}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        reused = self.connection is not None
        try:
            return self._send(method, path, payload, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.close()
            if not reused:
                raise
            # The server had closed the idle keep-alive connection: retry once on a fresh one.
            return self._send(method, path, payload, headers)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, body: Any = None, headers: dict | None = None) -> Response:
        return self.request("POST", path, body if body is not None else {}, headers)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _send(self, method: str, path: str, payload: bytes | None, headers: dict) -> Response:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port,
                                                         timeout=REQUEST_TIMEOUT_SECONDS)
        self.connection.request(method, path, body=payload, headers=headers)
        answer = self.connection.getresponse()
        raw = answer.read()
        content_type = answer.getheader("Content-Type", "")
        body = json.loads(raw) if "json" in content_type and raw else raw.decode(errors="replace")
        return Response(answer.status, body, dict(answer.getheaders()))


def run_concurrently(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call in its own thread, all released at once by a barrier; results in order.

    An exception in a call is returned in its place rather than raised, so one failure
    does not hide what the other calls saw.
    """
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported to the caller as a result
            results[index] = error

    threads = [threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


class LiveServer:
    """`gunicorn wsgi:app` with several worker processes on a free port of 127.0.0.1."""

    def __init__(self, database_url: str, workers: int = 2, threads: int = 4,
                 environment: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.workers, self.threads = workers, threads
        self.environment = environment or {}
        handle, name = tempfile.mkstemp(prefix="live-server-", suffix=".log")
        os.close(handle)
        self.log_path = Path(name)
        self.process: subprocess.Popen | None = None

    def start(self) -> str:
        command = [sys.executable, "-m", "gunicorn", "wsgi:app",
                   "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
                   "--threads", str(self.threads), "--preload", "--graceful-timeout", "1",
                   "--backlog", "512", "--error-logfile", "-"]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=self._environment(),
                                            stdout=log, stderr=subprocess.STDOUT)
        self._wait_until_healthy()
        return self.base_url

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # SIGINT is gunicorn's quick shutdown: nothing is left to finish gracefully.
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        self.log_path.unlink(missing_ok=True)

    def log_tail(self, lines: int = 60) -> str:
        """The end of the server's log, to explain a failure."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def _environment(self) -> dict[str, str]:
        environment = {key: value for key, value in os.environ.items()
                       if key not in ("DATABASE_URL", "TEST_DATABASE_URL")}
        environment.update({"DATABASE_URL": self.database_url, "SECRET_KEY": "live-server-secret",
                            "RATELIMIT_ENABLED": "false", "APP_ENV": "development",
                            "PYTHONUNBUFFERED": "1", **self.environment})
        return environment

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            if self._healthy():
                return
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer /healthz in time:\n{self.log_tail()}")

    def _healthy(self) -> bool:
        probe = ApiClient(self.base_url)
        try:
            # Ready once the database answers; a missing scheduler process does not matter here.
            answer = probe.get("/healthz")
            return isinstance(answer.body, dict) and answer.body.get("database") == "ok"
        except OSError:
            return False
        finally:
            probe.close()


@contextmanager
def live_server(database_url: str, **options: Any) -> Iterator[LiveServer]:
    server = LiveServer(database_url, **options)
    try:
        server.start()
        yield server
    finally:
        server.stop()
