from django.db import migrations, models


class Migration(migrations.Migration):
    """JobRun moves to the portal app (portal.jobs runs every app's sweeps); its table stays as it is."""

    dependencies = [
        ("credentials", "0004_text_limits"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="JobRun")],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="credentialevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("registered", "Registered"),
                    ("enrolled", "Enrolled"),
                    ("status", "Status changed"),
                    ("credit", "Credit added"),
                    ("deadline", "Upload deadline changed"),
                    ("reminder", "Reminder"),
                    ("file_uploaded", "File uploaded"),
                    ("file_approved", "File approved"),
                    ("file_returned", "File returned"),
                    ("file_infected", "File infected"),
                    ("credit_request", "Credit request"),
                    ("credit_decision", "Credit decision"),
                    ("credit_request_infected", "Credit request infected"),
                ],
                max_length=40,
            ),
        ),
    ]
