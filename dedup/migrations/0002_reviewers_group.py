"""The "Reviewers" group: staff in it may decide merge suggestions (dedup.decide_merge)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Reviewers"
PERMISSIONS = [("dedup", "decide_merge"), ("dedup", "view_mergesuggestion"), ("dedup", "view_mergerecord")]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); make sure they exist now.
    app_config = apps.get_app_config("dedup")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dedup", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
