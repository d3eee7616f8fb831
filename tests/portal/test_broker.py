"""The embedded broker (`make run`, no REDIS_URL) hands the worker whole messages only."""

from django.conf import settings
from kombu import Connection
from kombu.transport import virtual

from portal import broker


def _connection(tmp_path):
    folder = tmp_path / "queue"
    folder.mkdir()
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "store_processed": False,
        "control_folder": str(tmp_path / "control"),
    }
    return Connection("filesystem://", transport=broker.Transport, transport_options=options), folder


def test_the_embedded_broker_is_the_whole_message_transport():
    if not getattr(settings, "CELERY_BROKER_TRANSPORT", None):  # the Redis run configures Redis instead
        assert settings.CELERY_BROKER_URL.startswith("redis://")
        return
    assert settings.CELERY_BROKER_TRANSPORT == "portal.broker:Transport"


def test_a_message_is_never_visible_to_the_worker_before_it_is_written_whole(tmp_path, monkeypatch):
    connection, folder = _connection(tmp_path)
    seen_while_writing = []
    write = broker.Channel._write

    def watching_write(path, data):
        seen_while_writing.extend(p.name for p in folder.iterdir() if p.name.endswith(".celery.msg"))
        write(path, data)
        # Written, not yet renamed: what a polling worker would look for is still absent.
        seen_while_writing.extend(p.name for p in folder.iterdir() if p.name.endswith(".celery.msg"))

    monkeypatch.setattr(broker.Channel, "_write", staticmethod(watching_write))
    # kombu keeps the filesystem transport's exchanges and bindings in one process-wide state: a fresh one, so
    # bindings another test declared (the worker test's) do not stand in for this folder's.
    monkeypatch.setattr(broker.Transport, "global_state", virtual.BrokerState())
    with connection:
        queue = connection.SimpleQueue("celery")
        queue.put({"task": "deliver_emails", "keys": ["a", "b"]})
        assert seen_while_writing == []
        assert [p.suffix for p in folder.iterdir()] == [".msg"]
        message = queue.get(timeout=1)
        assert message.payload == {"task": "deliver_emails", "keys": ["a", "b"]}
        message.ack()
        queue.close()


def test_a_fresh_var_folder_takes_tasks_without_make_run_creating_the_broker_folders(tmp_path):
    """Only `make run` (scripts/run_dev.py) created var/celery/{queue,processed,control}, under the checkout even
    when PORTAL_VAR_DIR pointed elsewhere: a web server, a command or a worker started any other way failed every
    enqueue ("No such file or directory") and the worker stopped at once ("Unrecoverable error")."""
    import os
    import subprocess
    import sys

    var = tmp_path / "var"
    code = (
        "import django; django.setup()\n"
        "from accounts.tasks import deliver_emails\n"
        "deliver_emails.delay(['probe'])\n"
    )
    env = {
        **{key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PORTAL_VAR_DIR": str(var),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert [path.suffix for path in (var / "celery" / "queue").iterdir()] == [".msg"]
    assert (var / "celery" / "control").is_dir()
