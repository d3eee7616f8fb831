"""JSON log lines (one object per line) carrying the current request id and user id.

`JsonFormatter` is the formatter in settings.LOGGING when LOG_FORMAT=json (the production default).
Celery tasks log one line each when they finish (signal handlers below), with the task id as request id.
"""

import contextvars
import datetime as dt
import json
import logging
import time

request_id_var = contextvars.ContextVar("request_id", default=None)
user_id_var = contextvars.ContextVar("user_id", default=None)

# Attributes every LogRecord has; anything else passed through `extra=` goes into the JSON object.
_STANDARD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        payload = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        user_id = user_id_var.get()
        if user_id is not None:
            payload["user_id"] = user_id
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and key not in payload and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


# --- Celery: one line per task ---------------------------------------------------------------------------
task_logger = logging.getLogger("portal.task")
_task_started = {}


def _task_prerun(task_id=None, task=None, **kwargs):
    _task_started[task_id] = time.monotonic()
    request_id_var.set(task_id)


def _task_postrun(task_id=None, task=None, state=None, **kwargs):
    started = _task_started.pop(task_id, None)
    task_logger.info(
        "task",
        extra={
            "task": getattr(task, "name", None),
            "task_id": task_id,
            "state": state,
            "duration_ms": round((time.monotonic() - started) * 1000, 1) if started else None,
        },
    )
    request_id_var.set(None)


def connect_celery_signals():
    from celery.signals import task_postrun, task_prerun

    task_prerun.connect(_task_prerun, weak=False, dispatch_uid="portal.logging.prerun")
    task_postrun.connect(_task_postrun, weak=False, dispatch_uid="portal.logging.postrun")


connect_celery_signals()
