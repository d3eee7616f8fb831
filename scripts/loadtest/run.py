"""`make loadtest`: seed PostgreSQL, serve the portal with gunicorn on 127.0.0.1, run locust headless, report.

Phases against the same server in one run:
Users start 1 a second (LOADTEST_SPAWN_RATE) and statistics are reset once all have started, so the
sign-in storm of the ramp-up is not in the numbers. Then:
  1. mixed  : learners (dashboard, catalog, transcript, files) and reviewers (queue), LOADTEST_SECONDS (60)
  2. login  : the login page alone, no think time (near-static baseline), LOADTEST_BASELINE_SECONDS (20)
  3. dash   : the signed-in dashboard alone, no think time, same users and time as phase 2
  4-5. phases 2 and 3 again (alternating, so a slow spell of a shared machine weighs on both sides)
Prints requests/s, p50/p95/p99 and errors per phase and the dashboard:login-page throughput ratio, and writes
var/loadtest/report.md. Environment: LOADTEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
kdla_loadtest), LOADTEST_CACHE_URL (redis://127.0.0.1:6379/2), LOADTEST_PORT (8107), LOADTEST_WORKERS (4),
LOADTEST_USERS (25), LOADTEST_BASELINE_USERS (8), LOADTEST_STAFF (10000).
LOADTEST_SMOKE=1 or BENCH_SMOKE=1 (`make bench-smoke`, run by CI): 200 staff in their own database
(kdla_loadtest_smoke), 2 users, a few seconds a phase; it fails on any request error but judges no figure.
"""

import csv
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "loadtest"
BIN = Path(sys.executable).parent


SMOKE = "1" in (os.environ.get("LOADTEST_SMOKE"), os.environ.get("BENCH_SMOKE"))


def env_int(name, default, smoke=None):
    return int(os.environ.get(name) or (smoke if SMOKE and smoke is not None else default))


def ensure_database(url):
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer {url}")


def run_locust(name, classes, users, seconds, host):
    """Users start at SPAWN_RATE a second (so their sign-ins, ~0.5 s of PBKDF2 each on one core, are spread out as in real
    life); statistics are reset once all have started and then measured for `seconds`."""
    spawn_rate = env_int("LOADTEST_SPAWN_RATE", 1, smoke=2)
    ramp = -(-users // spawn_rate)
    prefix = OUT / name
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "scripts" / "loadtest" / "locustfile.py"),
        "--headless",
        "--host",
        host,
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--reset-stats",
        "--run-time",
        f"{seconds + ramp}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    subprocess.run(command, check=False, cwd=ROOT)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def row_summary(row):
    requests = int(row["Request Count"])
    failures = int(row["Failure Count"])
    return {
        "name": row["Name"],
        "requests": requests,
        "failures": failures,
        "rps": float(row["Requests/s"]),
        "p50": row["50%"],
        "p95": row["95%"],
        "p99": row["99%"],
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get(
        "LOADTEST_DATABASE_URL",
        f"postgres://postgres@127.0.0.1:5432/kdla_loadtest{'_smoke' if SMOKE else ''}",
    )
    staff = env_int("LOADTEST_STAFF", 10_000, smoke=200)
    # locust runs with this environment and picks among the seeded staff
    os.environ["LOADTEST_STAFF"] = str(staff)
    port = env_int("LOADTEST_PORT", 8107)
    host = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PORTAL_ENV": "development",
        "DEBUG": "false",
        "REVIEWER_MFA_REQUIRED": "false",
        "LOG_FORMAT": "json",
        "CONN_MAX_AGE": "60",
        "PYTHONUNBUFFERED": "1",
        # The shared cache, as in production (docker-compose.yml): a Redis database of its own.
        "CACHE_URL": os.environ.get("LOADTEST_CACHE_URL", "redis://127.0.0.1:6379/2"),
    }
    env.pop("REDIS_URL", None)
    ensure_database(database_url)
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "loadtest" / "seed.py"), "--staff", str(staff)],
        env=env,
        check=True,
        cwd=ROOT,
    )

    log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 (closed in finally)
    workers = env_int("LOADTEST_WORKERS", 4, smoke=2)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"{host}/healthz")
        seconds = env_int("LOADTEST_SECONDS", 60, smoke=4)
        baseline_seconds = env_int("LOADTEST_BASELINE_SECONDS", 20, smoke=2)
        users = env_int("LOADTEST_USERS", 25, smoke=2)
        baseline_users = env_int("LOADTEST_BASELINE_USERS", 8, smoke=1)
        mixed = run_locust("mixed", ["Learner", "Reviewer"], users, seconds, host)
        # Baselines alternate (login, dashboard, login, dashboard) so a slow spell of a shared machine weighs
        # on both sides of the ratio.
        rounds = []
        for n in (1, 2):
            login_rows = run_locust(f"login{n}", ["LoginPageOnly"], baseline_users, baseline_seconds, host)
            dash_rows = run_locust(f"dashboard{n}", ["DashboardOnly"], baseline_users, baseline_seconds, host)
            rounds.append((login_rows, dash_rows))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    lines = [
        f"# Load test ({workers} gunicorn workers on 127.0.0.1, {users} users mixed for {seconds} s; "
        f"{baseline_users} users per baseline for {baseline_seconds} s)",
        "",
        "| phase | request | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    phases = [("mixed", mixed)]
    for n, (login_rows, dash_rows) in enumerate(rounds, 1):
        phases += [(f"login {n}", login_rows), (f"dashboard {n}", dash_rows)]
    for phase, rows in phases:
        for row in rows:
            s = row_summary(row)
            lines.append(
                f"| {phase} | {s['name']} | {s['requests']} | {s['failures']} | {s['rps']:.1f} | "
                f"{s['p50']} | {s['p95']} | {s['p99']} |"
            )

    def rps(rows, name):
        return next(float(r["Requests/s"]) for r in rows if r["Name"] == name)

    login_rps = [rps(login_rows, "baseline: login page") for login_rows, _ in rounds]
    dash_rps = [rps(dash_rows, "baseline: dashboard") for _, dash_rows in rounds]
    ratio = sum(dash_rps) / sum(login_rps) if sum(login_rps) else 0.0
    errors = sum(int(r["Failure Count"]) for _, rows in phases for r in rows if r["Name"] == "Aggregated")
    lines += [
        "",
        "Dashboard throughput / login page throughput, two alternating rounds: "
        + ", ".join(
            f"{dash:.1f} / {login:.1f} = {dash / login:.2f}"
            for dash, login in zip(dash_rps, login_rps, strict=True)
            if login
        )
        + f"; together {ratio:.2f} (aim >= 0.70)",
        f"Errors in all phases: {errors}",
    ]
    report = "\n".join(lines)
    (OUT / "report.md").write_text(report + "\n")
    print(report)
    requests = sum(int(r["Request Count"]) for _, rows in phases for r in rows if r["Name"] == "Aggregated")
    return 1 if errors or not requests else 0


if __name__ == "__main__":
    sys.exit(main())
