from django.core.management.base import BaseCommand, CommandError

from dedup.merging import MergeError, undo_merge
from dedup.models import MergeRecord

from ._lookup import organization, user


class Command(BaseCommand):
    help = "Undo a merge exactly: give the merged organisation back what it had."

    def add_arguments(self, parser):
        parser.add_argument(
            "merged", nargs="?", help="id or slug of the organisation that was merged away"
        )
        parser.add_argument("--record", type=int, help="the merge record id instead")
        parser.add_argument("--user", help="username recorded as the one who undid it")

    def handle(self, *args, merged, record, **options):
        if (merged is None) == (record is None):
            raise CommandError("give the merged organisation (id or slug) or --record, not both")
        if record is not None:
            found = MergeRecord.objects.filter(pk=record).first()
            if found is None:
                raise CommandError(f"no merge record {record}")
        else:
            org = organization(merged)
            found = MergeRecord.objects.active().filter(merged=org).first()
            if found is None:
                raise CommandError(f"#{org.pk} {org.name!r} is not merged into anything")
        try:
            undo_merge(found, user=user(options["user"]))
        except MergeError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"undid merge {found.pk}: #{found.merged_id} is separate from #{found.survivor_id} "
            f"again ({len(found.signature_ids)} signature(s), {len(found.variant_ids)} name "
            f"variant(s) moved back)"
        )
