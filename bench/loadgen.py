"""Run load against one URL: wrk (preferred), or a Python thread pool when wrk is missing.
Both return {"rps", "p50_ms", "p99_ms", "requests", "errors"}."""

import http.client
import re
import subprocess
import threading
import time

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
PERCENTILE = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)


def wrk(port, path, cookie_header, seconds, connections, scheme="http"):
    """wrk on 127.0.0.1:`port`; `scheme` https for nginx (wrk does not check its certificate)."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if cookie_header:
        command += ["-H", f"Cookie: {cookie_header}"]
    command.append(f"{scheme}://127.0.0.1:{port}{path}")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    percentiles = {p: float(v) * UNITS[u] for p, v, u in PERCENTILE.findall(out)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return {
        "rps": rps,
        "p50_ms": percentiles["50"],
        "p99_ms": percentiles["99"],
        "requests": requests,
        "errors": errors,
    }


def python_load(port, path, cookie_header, seconds, connections):
    """`connections` users, each with a keep-alive connection, for `seconds`."""
    headers = {"Cookie": cookie_header} if cookie_header else {}

    def user():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)

        def get():
            nonlocal connection
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.will_close:
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                return response.status < 400
            except OSError:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                return False

        return get

    return concurrently([user() for _ in range(connections)], seconds)


def concurrently(users, seconds):
    """Each of `users` in a thread of its own for `seconds`: a user is a function that makes one
    request and says whether it succeeded, or None when it has no more to make. The latency of
    each request and the throughput, as wrk reports them."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def run(user):
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            succeeded = user()
            if succeeded is None:
                break
            mine.append((time.perf_counter() - start) * 1000)
            failed += not succeeded
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if not latencies:
        raise RuntimeError("No request was made.")
    latencies.sort()

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))]

    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": percentile(50),
        "p99_ms": percentile(99),
        "requests": len(latencies),
        "errors": errors[0],
    }
