"""The production stack's files: docker-compose.yml, Dockerfile and .env.example.

The compose file is checked as Compose itself resolves it: `docker compose config` (the v2 plugin) where it
is installed, else `docker-compose config` (Debian's docker-compose 1.29, which `.ci/run` installs), run in
a scratch project folder holding `.env` = `.env.example`, exactly what a first deploy does
(`cp .env.example .env`). The assertions read the resolved output: anchors merged, variables substituted.
With neither tool a local run skips these tests; under CI (CI=true) that is a failure.

The two tools print the same model with small differences (1.29 keeps short volume syntax
"name:/path:rw"; v2 writes long syntax and the project `name`), normalised by the helpers below.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import service_missing

ROOT = Path(__file__).resolve().parents[2]
LONG_RUNNING = {"web", "worker", "beat", "postgres", "redis", "minio", "mailpit"}
ONE_SHOT = {"migrate", "createbuckets"}
OPTIONAL = {"clamd"}  # profile "antivirus"
PORTAL = ("migrate", "web", "worker", "beat")  # the services built from this repository's image


def _compose_command():
    docker = shutil.which("docker")
    plugin = docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False)
    if plugin and plugin.returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def _run_config(command, project, *extra):
    return subprocess.run(
        [
            *command,
            "--file",
            str(ROOT / "docker-compose.yml"),
            "--project-directory",
            str(project),
            "--env-file",
            str(project / ".env"),
            *extra,
            "config",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=project,
        timeout=120,
    )


@pytest.fixture(scope="module")
def compose_run(tmp_path_factory):
    """(command, project folder) for a compose that can resolve the file; skip or fail when there is none."""
    command = _compose_command()
    if command is None:
        service_missing(
            "neither `docker compose` nor `docker-compose` is here (apt-get install docker-compose)"
        )
    project = tmp_path_factory.mktemp("compose-project")
    (project / ".env").write_text((ROOT / ".env.example").read_text())
    return command, project


@pytest.fixture(scope="module")
def resolved_run(compose_run):
    command, project = compose_run
    return _run_config(command, project, "--profile", "antivirus")


@pytest.fixture(scope="module")
def resolved(resolved_run):
    assert resolved_run.returncode == 0, resolved_run.stderr
    return yaml.safe_load(resolved_run.stdout)


def _environment(service):
    env = service.get("environment") or {}
    if isinstance(env, list):  # KEY=value lines
        env = dict(item.split("=", 1) for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def _mounts(service):
    """(type, source, target) of each mount, whichever syntax the tool printed."""
    mounts = []
    for mount in service.get("volumes") or []:
        if isinstance(mount, str):
            source, target = mount.split(":")[:2]
            kind = "bind" if source.startswith(("/", ".", "~")) else "volume"
            mounts.append((kind, source, target))
        else:
            mounts.append((mount["type"], mount.get("source"), mount["target"]))
    return mounts


def _ports(service):
    """(published, target) pairs as strings."""
    pairs = []
    for port in service.get("ports") or []:
        if isinstance(port, str):
            *published, target = port.split(":")
            pairs.append((published[-1] if published else "", target))
        else:
            pairs.append((str(port.get("published", "")), str(port["target"])))
    return pairs


# --- Resolved by Compose ----------------------------------------------------------------------------------------


def test_compose_resolves_the_file_with_every_variable_from_env_example(resolved_run, resolved):
    assert "variable is not set" not in resolved_run.stderr, resolved_run.stderr
    assert set(resolved["services"]) == LONG_RUNNING | ONE_SHOT | OPTIONAL
    if "name" in resolved:  # Compose v2 prints the project name; 1.29 does not
        assert resolved["name"] == "kdla-portal"


def test_every_long_running_service_has_a_health_check_and_one_shots_do_not_restart(resolved):
    services = resolved["services"]
    for name in LONG_RUNNING | OPTIONAL:
        health = services[name].get("healthcheck") or {}
        assert health.get("test") and not health.get("disable"), f"{name} has no health check"
        assert services[name]["restart"] == "unless-stopped"
    for name in ONE_SHOT:
        assert services[name]["restart"] == "no"


def test_web_is_checked_on_readyz_and_publishes_a_port_range_to_scale(resolved):
    web = resolved["services"]["web"]
    probe = " ".join(web["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/readyz" in probe
    assert ("8000-8009", "8000") in _ports(web)
    assert "container_name" not in web


def test_app_services_wait_for_the_single_migrate_job_and_healthy_backends(resolved):
    services = resolved["services"]
    assert "manage.py migrate --noinput" in " ".join(services["migrate"]["command"])
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["createbuckets"]["condition"] == "service_completed_successfully"
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert "clamd" not in depends, "clamd is optional: nothing may wait for it"
    assert set(services["migrate"]["depends_on"]) == {"postgres"}


def test_beat_runs_exactly_once_and_only_in_the_beat_service(resolved):
    services = resolved["services"]
    beat = services["beat"]
    assert beat["command"][:4] == ["celery", "-A", "portal", "beat"]
    assert beat["deploy"]["replicas"] == 1
    assert "scale" not in beat
    for name, service in services.items():
        command = service.get("command") or []
        if name != "beat":
            assert "beat" not in command and "--beat" not in command and "-B" not in command, name
    assert services["worker"]["command"][:4] == ["celery", "-A", "portal", "worker"]


def test_portal_services_get_the_database_broker_cache_and_production_mode_from_env_example(resolved):
    services = resolved["services"]
    postgres = _environment(services["postgres"])
    expected_db = (
        f"postgres://{postgres['POSTGRES_USER']}:{postgres['POSTGRES_PASSWORD']}@postgres:5432/"
        f"{postgres['POSTGRES_DB']}"
    )
    assert expected_db == "postgres://kdla:change-me-too@postgres:5432/kdla"
    for name in PORTAL:
        env = _environment(services[name])
        assert env["DATABASE_URL"] == expected_db, name
        assert env["REDIS_URL"] == "redis://redis:6379/0", name
        # The shared cache in a Redis database of its own: flushing it can never drop queued tasks.
        assert env["CACHE_URL"] == "redis://redis:6379/1", name
        assert env["PORTAL_ENV"] == "production", name
        assert env["SECRET_KEY"], f"{name} gets .env's SECRET_KEY through env_file"
        assert env["CLAMD_HOST"] == "", "the virus scan is off unless .env turns it on"


def test_uploads_go_to_the_minio_bucket_and_no_service_mounts_a_shared_upload_folder(resolved):
    services = resolved["services"]
    minio = _environment(services["minio"])
    bucket = _environment(services["createbuckets"])["BUCKET"]
    assert bucket == "kdla-private-uploads"
    for name in PORTAL:
        env = _environment(services[name])
        assert env["AWS_STORAGE_BUCKET_NAME"] == bucket, name
        assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000", name
        assert env["AWS_ACCESS_KEY_ID"] == minio["MINIO_ROOT_USER"], name
        assert env["AWS_SECRET_ACCESS_KEY"] == minio["MINIO_ROOT_PASSWORD"], name
        assert not env.get("PRIVATE_MEDIA_ROOT"), f"{name} would store uploads on local disk"
    for name in ("web", "worker", "migrate"):
        assert not _mounts(services[name]), f"{name} must not mount local disk (uploads go to S3)"
    assert _mounts(services["beat"]) == [("volume", "beat-schedule", "/app/var/celery")]


def test_data_lives_in_named_volumes_each_used_by_one_service(resolved):
    declared = set(resolved["volumes"])
    assert declared == {
        "postgres-data",
        "redis-data",
        "minio-data",
        "mailpit-data",
        "beat-schedule",
        "clamav-db",
    }
    owners = {}
    for name, service in resolved["services"].items():
        for kind, source, _target in _mounts(service):
            assert kind == "volume" and source in declared, f"{name} mounts {source} ({kind})"
            assert source not in owners, f"{source} is shared by {owners.get(source)} and {name}"
            owners[source] = name
    assert owners["postgres-data"] == "postgres"


def test_redis_persists_the_queue_with_an_append_only_file(resolved):
    redis = resolved["services"]["redis"]
    command = redis["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--appendfsync") + 1] == "always"
    assert _mounts(redis) == [("volume", "redis-data", "/data")]


def test_bucket_job_makes_the_bucket_private(resolved):
    script = " ".join(resolved["services"]["createbuckets"]["entrypoint"])
    assert "mc mb --ignore-existing" in script
    assert "mc anonymous set none" in script


def test_clamd_is_an_optional_service_behind_the_antivirus_profile(resolved):
    clamd = resolved["services"]["clamd"]
    assert clamd["image"].startswith("clamav/clamav:")
    assert clamd["profiles"] == ["antivirus"]
    assert "clamdcheck.sh" in clamd["healthcheck"]["test"]
    assert _mounts(clamd) == [("volume", "clamav-db", "/var/lib/clamav")]
    assert not clamd.get("ports"), "clamd is reached over the compose network only"


def test_without_the_profile_compose_v2_leaves_clamd_out(compose_run):
    """Compose v2 drops services of inactive profiles from `config`; 1.29 lists them all (but `up` skips
    them), so with 1.29 the profile itself is what the test above checks."""
    command, project = compose_run
    result = _run_config(command, project)
    assert result.returncode == 0, result.stderr
    services = set(yaml.safe_load(result.stdout)["services"])
    if command[-1] == "compose":
        assert services == LONG_RUNNING | ONE_SHOT
    else:
        assert services == LONG_RUNNING | ONE_SHOT | OPTIONAL


# --- Plain files ---------------------------------------------------------------------------------------------


def _env_example():
    names = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            assert match.group(1) not in names, f".env.example sets {match.group(1)} twice"
            names[match.group(1)] = match.group(2)
    return names


def test_env_example_lists_every_setting_the_portal_reads_once():
    settings_source = (ROOT / "portal" / "settings.py").read_text()
    read = set(re.findall(r'env(?:_bool|_int|_list)?\(\s*"([A-Z][A-Z0-9_]*)"', settings_source))
    read |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z][A-Z0-9_]*)"', settings_source))
    compose_text = (ROOT / "docker-compose.yml").read_text()
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", compose_text))
    example = _env_example()
    missing = sorted((read | interpolated) - set(example))
    assert not missing, f".env.example lacks {missing}"
    assert example["COMPOSE_PROJECT_NAME"] == "kdla-portal"
    assert example["CLAMD_HOST"] == "" and example["COMPOSE_PROFILES"] == ""


def test_dockerfile_runs_gunicorn_as_an_unprivileged_user_with_static_files_collected():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "gunicorn portal.wsgi:application" in dockerfile
    assert re.search(r"^USER portal$", dockerfile, re.M)
    assert "collectstatic --noinput" in dockerfile
    assert "HEALTHCHECK" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".git", ".venv", "var/", "db.sqlite3*"} <= set(ignored)
