import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.importing import import_text_file


class Command(BaseCommand):
    help = "Import statement texts (one statement per file). Each file is its own transaction."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="statement files (.txt)")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and report, write nothing"
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="one JSON object per file on stdout"
        )

    def handle(self, *args, paths, dry_run, as_json, **options):
        reports = [self.import_one(Path(path), dry_run) for path in paths]
        for report in reports:
            if as_json:
                self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            elif report.status == "error":
                self.stderr.write(report.summary())
            else:
                self.stdout.write(report.summary())
        failed = sum(report.status == "error" for report in reports)
        if failed:
            raise CommandError(f"{failed} of {len(reports)} file(s) could not be imported")
        if dry_run and not as_json:
            self.stdout.write("dry run: nothing was written")

    def import_one(self, path, dry_run):
        return import_text_file(path, dry_run=dry_run)
