"""The admin CSV import keeps uploads between preview and confirm in a database cache table
(settings.CACHES["import_export"]); create it with the schema so every deployment has it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("statements", "0003_search_document")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
