from django.db import migrations, models


class Migration(migrations.Migration):
    """JobRun, moved from the credentials app: the model only (its table, credentials_jobrun, already exists)."""

    initial = True

    dependencies = [
        ("credentials", "0005_jobrun_to_portal_event_kinds"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="JobRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100)),
                        ("started_at", models.DateTimeField()),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("counts", models.JSONField(blank=True, default=dict)),
                        ("dry_run", models.BooleanField(default=False)),
                        ("error", models.TextField(blank=True)),
                    ],
                    options={"ordering": ["-started_at", "-id"], "db_table": "credentials_jobrun"},
                ),
            ],
            database_operations=[],
        ),
    ]
