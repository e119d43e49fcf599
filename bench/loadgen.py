"""Run load against one URL: wrk (preferred), or a Python thread pool when wrk is missing.
Both return {"rps", "p50_ms", "p99_ms", "requests", "errors"}."""

import http.client
import re
import subprocess
import threading
import time

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
PERCENTILE = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)


def wrk(port, path, cookie_header, seconds, connections):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if cookie_header:
        command += ["-H", f"Cookie: {cookie_header}"]
    command.append(f"http://127.0.0.1:{port}{path}")
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
    """`connections` threads, each with a keep-alive connection, for `seconds`."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds
    headers = {"Cookie": cookie_header} if cookie_header else {}

    def user():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        mine = []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status < 400
                if response.will_close:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            except OSError:
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            mine.append((time.perf_counter() - start) * 1000)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=user) for _ in range(connections)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))]

    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(50),
        "p99_ms": pct(99),
        "requests": len(latencies),
        "errors": errors[0],
    }
