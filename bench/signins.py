"""Sign-ins per second (S11): password hashing dominates a sign-in, so measure it as deployed.

Runs the portal's own argon2id verifier (portal.services.accounts.HASHER) in one process per
core for a fixed time and prints the whole machine's sign-ins per second, beside argon2-cffi's
default parameters for comparison.

    .venv/bin/python -m bench.signins [--seconds 5]
"""

import argparse
import multiprocessing
import os
import time

import argon2

from portal.services.accounts import HASHER

PASSWORD = "correct horse battery staple"


def _verifies(hasher_params, seconds, results):
    hasher = argon2.PasswordHasher(**hasher_params)
    stored = hasher.hash(PASSWORD)
    done, deadline = 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        hasher.verify(stored, PASSWORD)
        done += 1
    results.put(done)


def measure(hasher_params, seconds, processes):
    results = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_verifies, args=(hasher_params, seconds, results))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    total = sum(results.get() for _ in workers)
    for worker in workers:
        worker.join()
    return total / seconds


def _params(hasher):
    return {
        "time_cost": hasher.time_cost,
        "memory_cost": hasher.memory_cost,
        "parallelism": hasher.parallelism,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    for label, hasher in (
        ("portal (argon2id, 19 MiB, t=2, p=1)", HASHER),
        ("argon2-cffi defaults (64 MiB, t=3, p=4)", argon2.PasswordHasher()),
    ):
        one = measure(_params(hasher), args.seconds, 1)
        machine = measure(_params(hasher), args.seconds, cores)
        print(
            f"{label:<42} one core: {one:6.1f} sign-ins/s ({1000 / one:5.1f} ms each)   "
            f"whole machine ({cores} cores): {machine:6.1f} sign-ins/s"
        )


if __name__ == "__main__":
    main()
