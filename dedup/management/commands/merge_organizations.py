from django.core.management.base import BaseCommand, CommandError

from dedup.merging import MergeError, merge_organizations

from ._lookup import organization, user


class Command(BaseCommand):
    help = (
        "Merge one organisation into another: signatures and name variants move to the "
        "survivor, the merged record points to it. Undo with `unmerge`."
    )

    def add_arguments(self, parser):
        parser.add_argument("survivor", help="id or slug of the organisation that stays")
        parser.add_argument("merged", help="id or slug of the organisation merged into it")
        parser.add_argument(
            "--display-name", help="the survivor's display name, one of the two records' names"
        )
        parser.add_argument("--user", help="username recorded as the one who decided")

    def handle(self, *args, survivor, merged, display_name, **options):
        survivor, merged = organization(survivor), organization(merged)
        try:
            record = merge_organizations(
                survivor, merged, user=user(options["user"]), display_name=display_name
            )
        except MergeError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"merged #{merged.pk} {merged.name!r} into #{survivor.pk} {record.display_name!r}: "
            f"{len(record.signature_ids)} signature(s), {len(record.variant_ids)} name variant(s) "
            f"moved (merge record {record.pk})"
        )
