from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Statements"

    def ready(self):
        # Here rather than in a views module: a command, a shell or a worker that never loads
        # the URL conf must bump the revision on every save and delete as well.
        from signatories.models import NameVariant, Organization

        from .models import Signature, Statement
        from .revision import bump_on_save_or_delete

        for model in (Statement, Signature, Organization, NameVariant):
            uid = f"registry-revision-{model._meta.label_lower}"
            post_save.connect(bump_on_save_or_delete, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(bump_on_save_or_delete, sender=model, dispatch_uid=f"{uid}-delete")
