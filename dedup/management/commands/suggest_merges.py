import json
import os
import sys

from django.core.management.base import BaseCommand

from dedup.models import MergeSuggestion
from dedup.suggesting import rescan_all


class Command(BaseCommand):
    help = (
        "List pending merge suggestions, highest score first. --full rescans every active "
        "organisation first (imports already match their new names as they arrive)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="rescan the whole registry before listing"
        )
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="one JSON object per pending suggestion on stdout (JSON Lines)",
        )

    def handle(self, *args, full, as_json, **options):
        if full:
            created = rescan_all()
            self.stderr.write(f"full rescan: {created} new suggestion(s)")
        try:
            self.list_pending(as_json)
            self.stdout.flush()  # here, not at exit, so a closed pipe is caught below
        except BrokenPipeError:
            # The reader stopped reading (`suggest_merges | head`): the normal end of a listing.
            # Python flushes stdout again at exit; point it at /dev/null so that flush succeeds.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    def list_pending(self, as_json: bool) -> None:
        suggestions = MergeSuggestion.objects.pending().highest_first().with_organizations()
        for suggestion in suggestions.iterator(chunk_size=2000):
            if as_json:
                record = {
                    "a": suggestion.organization_a.name,
                    "b": suggestion.organization_b.name,
                    "score": suggestion.score,
                    "reasons": suggestion.reasons,
                    "cluster": suggestion.cluster,
                }
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"{suggestion.score:5.1f}  cluster {suggestion.cluster}  "
                    f"#{suggestion.organization_a_id} {suggestion.organization_a.name}  ~  "
                    f"#{suggestion.organization_b_id} {suggestion.organization_b.name}\n"
                    f"       {'; '.join(suggestion.reasons)}"
                )
