"""`make run`: the portal (Django's server) plus a Celery worker with embedded beat; Ctrl-C stops all of it.

Each child runs in its own process group, so a Ctrl-C reaches only this script, which then signals every
child's whole group exactly once (Django's autoreloader runs the server in a second process, and a worker
that sees two interrupts does a cold shutdown). Whatever is still running after a grace period is killed.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GRACE_SECONDS = 10


def start(args, env):
    return subprocess.Popen([PYTHON, *args], cwd=ROOT, env=env, start_new_session=True)


def signal_group(process, signum):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def site_url(port):
    return f"http://127.0.0.1:{port}"


def main():
    port = os.environ.get("PORT", "8000")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # Emails (sent by the server and the worker) link to where this portal is actually served.
    env.setdefault("SITE_URL", site_url(port))
    demo = subprocess.run(
        [PYTHON, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    processes = []
    stopping = False

    def stop(*_, status=0):
        nonlocal stopping
        if stopping:
            return
        stopping = True
        for process in processes:
            signal_group(process, signal.SIGINT)
        deadline = time.monotonic() + GRACE_SECONDS
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            # The autoreloader's server process may outlive its parent: clear the whole group.
            signal_group(process, signal.SIGKILL)
        print("\n  Stopped the portal and the Celery worker.", flush=True)
        sys.exit(status)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    processes.append(start(["manage.py", "runserver", f"127.0.0.1:{port}"], env))
    processes.append(
        start(
            [
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--beat",
                "--loglevel=INFO",
                "--pool=solo",
                "--concurrency=1",
            ],
            env,
        )
    )
    print(f"\n  KDLA Certification Portal: http://127.0.0.1:{port}/")
    print("  Demo accounts (a learner and a reviewer):")
    print(demo.stdout.rstrip())
    print(
        "  Emails (verification links, notifications) are printed below. Ctrl-C stops everything.\n",
        flush=True,
    )
    while all(process.poll() is None for process in processes):
        time.sleep(0.5)
    print("\n  A process stopped on its own: stopping the others.", flush=True)
    stop(status=1)


if __name__ == "__main__":
    main()
