"""`make run`: the portal (Django's server) plus a Celery worker with embedded beat; Ctrl-C stops all of it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def main():
    port = os.environ.get("PORT", "8000")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for folder in ("var/celery/queue", "var/celery/processed", "var/private"):
        (ROOT / folder).mkdir(parents=True, exist_ok=True)
    web = subprocess.Popen([PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}"], cwd=ROOT, env=env)
    worker = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--beat",
            "--loglevel=INFO",
            "--concurrency=1",
            "--pool=solo",
        ],
        cwd=ROOT,
        env=env,
    )
    processes = [web, worker]
    print(f"\n  KDLA Certification Portal: http://127.0.0.1:{port}/")
    print("  Demo accounts: learner@example.com and reviewer@example.com, password kdla-demo-password")
    print(
        "  Emails (verification links, notifications) are printed below. Ctrl-C stops everything.\n",
        flush=True,
    )

    def stop(*_):
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 10
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while all(process.poll() is None for process in processes):
        time.sleep(0.5)
    stop()


if __name__ == "__main__":
    main()
