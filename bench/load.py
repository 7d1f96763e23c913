"""The load run: gunicorn with two workers on the bench database, driven over loopback for
a bounded time as a logged-in coordinator; requests per second and p95 latency of the
start page, a meeting page and the bench's minimal one-query view, in the same run so
their ratio means something.

The server runs as in production (DEBUG off, persistent database connections) under
bench.settings_local, which adds the minimal view's URL. Debian's `wrk` drives it when
installed; otherwise a small generator of threads with keep-alive connections does.
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

HOST = "127.0.0.1"
LOGIN_PATH = "/konto/logga-in/"
MINIMAL_PATH = "/bench/minimal/"


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    p95_ms: float
    tool: str

    @property
    def rps(self) -> float:
        return round(self.requests / self.seconds, 1) if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def gunicorn_available() -> bool:
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


class Server:
    """gunicorn on a free loopback port; stopped (by its own process id) on exit."""

    def __init__(self, workers: int = 2):
        self.port = free_port()
        self.workers = workers
        self.process = None

    def __enter__(self):
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "bench.settings_local",
            "DEBUG": "false",
            # A throwaway key: the session comes from logging in to this server.
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(settings.BASE_DIR),
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "samverkan.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"{HOST}:{self.port}",
                "--log-level",
                "warning",
                "--chdir",
                str(settings.BASE_DIR),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "gunicorn stopped: " + self.process.stderr.read().decode()[-2000:]
                )
            try:
                status, _, _ = request(self.port, LOGIN_PATH)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __exit__(self, *exc):
        self.stop()


def request(port, path, method="GET", body=None, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def _cookies(headers) -> dict[str, str]:
    jar = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {key: morsel.value for key, morsel in jar.items()}


def login(port: int, username: str, password: str) -> str:
    """Log in through the login form as a person would; returns the Cookie header."""
    status, headers, body = request(port, LOGIN_PATH)
    cookies = _cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not token or "csrftoken" not in cookies:
        raise RuntimeError(f"the login form did not load (status {status})")
    form = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    )
    status, headers, _ = request(
        port,
        LOGIN_PATH,
        method="POST",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"http://{HOST}:{port}{LOGIN_PATH}",
        },
    )
    session = _cookies(headers).get("sessionid")
    if status != 302 or not session:
        raise RuntimeError(f"logging in as {username} failed (status {status})")
    return f"sessionid={session}"


def _python_load(port, path, cookie, seconds, connections) -> Result:
    """Threads, each on its own keep-alive connection (reopened when the server closes
    it, as gunicorn's sync workers do after every response)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        mine, failed = [], 0
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                mine.append(time.perf_counter() - started)
                if response.will_close:
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, port, timeout=30)
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000 if len(latencies) > 1 else 0.0
    return Result(len(latencies), errors[0], elapsed, round(p95, 1), "python")


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("bench p95_us=%d requests=%d errors=%d duration_us=%d\\n",
    latency:percentile(95), summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout,
    summary.duration))
end
"""


def _wrk_load(port, path, cookie, seconds, connections) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "p95.lua"
        script.write_text(WRK_SCRIPT)
        output = subprocess.run(
            [
                "wrk",
                "-t1",
                "--timeout",
                "30s",
                f"-c{connections}",
                f"-d{seconds}s",
                "-H",
                f"Cookie: {cookie}",
                "-s",
                str(script),
                f"http://{HOST}:{port}{path}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    found = re.search(r"bench p95_us=(\d+) requests=(\d+) errors=(\d+) duration_us=(\d+)", output)
    if not found:
        raise RuntimeError(f"wrk printed no summary: {output[-500:]}")
    p95_us, count, errors, duration_us = map(int, found.groups())
    return Result(count, errors, duration_us / 1e6, round(p95_us / 1000, 1), "wrk")


def load(port, path, cookie, seconds=10, connections=4, tool=None) -> Result:
    tool = tool or ("wrk" if shutil.which("wrk") else "python")
    run = _wrk_load if tool == "wrk" else _python_load
    # Check first that the page answers this user (not a redirect to the login page).
    status, _, _ = request(port, path, headers={"Cookie": cookie})
    if status != 200:
        raise RuntimeError(f"{path} answered {status} before the load run")
    run(port, path, cookie, min(2, seconds), connections)  # warm both workers
    return run(port, path, cookie, seconds, connections)


def load_run(*, username, password, paths: dict[str, str], seconds=10, connections=4, tool=None):
    """{name: Result} for each path, against one gunicorn with two workers."""
    with Server(workers=2) as server:
        cookie = login(server.port, username, password)
        return {
            name: load(server.port, path, cookie, seconds, connections, tool)
            for name, path in paths.items()
        }
