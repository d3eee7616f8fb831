"""Reviewers see people, libraries and the records behind a credential in the admin (view only)."""

from django.db import migrations

GROUP = "KDLA Reviewers"
PERMISSIONS = [
    ("accounts", "user", "view_user", "Can view user"),
    ("accounts", "library", "view_library", "Can view library"),
    ("accounts", "personevent", "view_personevent", "Can view person event"),
    ("credentials", "credentialevent", "view_credentialevent", "Can view credential event"),
    ("credentials", "creditentry", "view_creditentry", "Can view credit entry"),
    ("courses", "enrollment", "view_enrollment", "Can view enrollment"),
]


def add_permissions(apps, schema_editor):
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


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*group.permissions.filter(codename__in=[p[2] for p in PERMISSIONS]))


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_text_limits"),
        ("accounts", "0005_person_events"),
        ("courses", "0001_initial"),
    ]
    operations = [migrations.RunPython(add_permissions, remove_permissions)]
