"""`make audit` (scripts/audit.sh) counts what pip-audit really resolved and checked (it said "139 of 137")."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path, dependencies, allow_incomplete="1"):
    """audit.sh with bandit passing and a pip-audit that writes `dependencies` as its JSON report."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "bandit").write_text("#!/bin/sh\nexit 0\n")
    report = json.dumps({"dependencies": dependencies})
    (bin_dir / "pip-audit").write_text(
        f'#!/bin/sh\nwhile [ "$1" != "-o" ]; do shift; done\ncat > "$2" <<\'JSON\'\n{report}\nJSON\n'
    )
    (bin_dir / "python").symlink_to(sys.executable)
    for tool in ("bandit", "pip-audit"):
        (bin_dir / tool).chmod(0o755)
    env = {**os.environ, "BIN": str(bin_dir), "AUDIT_ALLOW_INCOMPLETE": allow_incomplete}
    return subprocess.run(
        ["bash", "scripts/audit.sh"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_unreachable_database_reports_how_many_of_the_resolved_packages_were_not_checked(tmp_path):
    deps = [
        {"name": "django", "version": "5.2", "vulns": []},
        {"name": "filelock", "skip_reason": "Dependency not found on PyPI and could not be audited"},
        {"name": "celery", "version": "5.5", "vulns": []},
    ]
    result = _run(tmp_path, deps)
    assert result.returncode == 0, result.stderr
    assert "INCOMPLETE: 1 of the 3 packages resolved from requirements.lock" in result.stderr
    assert _run(tmp_path / "strict", deps, allow_incomplete="0").returncode == 3


def test_a_known_vulnerability_fails_the_audit_and_is_named(tmp_path):
    deps = [{"name": "django", "version": "5.2", "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["5.2.1"]}]}]
    result = _run(tmp_path, deps)
    assert result.returncode == 1
    assert "django 5.2: GHSA-xxxx (fix: 5.2.1)" in result.stderr
    assert "1 KNOWN VULNERABILITIES" in result.stderr


def test_the_lock_pins_every_package_its_pins_require():
    """`pip install -r requirements.lock` must install nothing unpinned: a requirement reached through an extra
    (pip-audit's CacheControl[filecache] -> filelock, locust's python-socketio[client] -> websocket-client) was
    installed at whatever version was newest, and `make audit` counted 156 resolved packages for 154 pinned.
    Read from the installed packages' metadata (the environment is built from the lock); pip itself is the
    installer's own and not pinned."""
    import re
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    locked = [
        Requirement(line)
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if re.match(r"[A-Za-z0-9_.-]+==", line)
    ]
    pins = {canonicalize_name(pin.name) for pin in locked}
    # A pin with a marker (async-timeout, for Python before 3.11.3) is installed only where the marker holds.
    installed_here = [pin for pin in locked if pin.marker is None or pin.marker.evaluate()]
    unpinned, seen = {}, set()
    todo = [(canonicalize_name(pin.name), frozenset()) for pin in installed_here]
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            unpinned.setdefault(name, "pinned but not installed here")
            continue
        for line in requires:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker and not any(marker.evaluate({"extra": extra}) for extra in extras or {""}):
                continue
            required = canonicalize_name(requirement.name)
            if required not in pins and required != "pip":
                unpinned.setdefault(required, f"{name} requires {line}")
            todo.append((required, frozenset(requirement.extras)))
    assert unpinned == {}
