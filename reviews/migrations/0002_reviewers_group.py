"""Create the "KDLA Reviewers" group with the review permissions."""

from django.db import migrations

GROUP = "KDLA Reviewers"
PERMISSIONS = [
    ("reviews", "decision", "review_submissions", "Can review file submissions and credit requests"),
    ("reviews", "decision", "view_decision", "Can view decision"),
    ("credentials", "credential", "view_credential", "Can view credential"),
    ("credentials", "externalfile", "view_externalfile", "Can view external file"),
    ("credit_requests", "creditrequest", "view_creditrequest", "Can view credit request"),
]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("credentials", "0001_initial"),
        ("credit_requests", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
