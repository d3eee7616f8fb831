"""Celery tasks: thin wrappers that hand `now` to one service each (filled in by the sweeps issue)."""
