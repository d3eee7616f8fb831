"""The project's shared models. JobRun: what a scheduled job did (see `portal.jobs`)."""

from django.db import models


class JobRun(models.Model):
    """What a scheduled sweep did (shown to reviewers under /review/)."""

    name = models.CharField(max_length=100)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    dry_run = models.BooleanField(default=False)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        # Moved from the credentials app without moving its table (state-only migrations).
        db_table = "credentials_jobrun"
