import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.csv_import import CsvProblems, import_csv
from statements.importing import ImportReport, import_statement_file
from statements.sources import ImportProblem


class Command(BaseCommand):
    help = (
        "Import statements. A text, Markdown, HTML, Word (.docx) or PDF file holds one statement "
        "(its own transaction); a .csv file holds one row per signatory, any number of "
        "statements, imported all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            help="statement files (.txt, .md, .html, .docx, .pdf) or CSV files (.csv)",
        )
        parser.add_argument(
            "--title",
            help="the statement's title, overriding the one read or proposed (one file only)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and report, write nothing"
        )
        parser.add_argument(
            "--json",
            dest="as_json",
            action="store_true",
            help="one JSON object per statement on stdout (JSON Lines)",
        )

    def handle(self, *args, paths, dry_run, as_json, title=None, **options):
        if title is not None and (len(paths) != 1 or paths[0].lower().endswith(".csv")):
            raise CommandError("--title names the title of one statement file: give one file")
        reports = []
        for path in paths:
            reports.extend(self.import_one(Path(path), dry_run, title))
        for report in reports:
            if as_json:
                self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            elif report.status == "error":
                self.stderr.write(report.summary())
            else:
                self.stdout.write(report.summary())
        failed = sum(report.status == "error" for report in reports)
        if failed:
            raise CommandError(
                f"{failed} problem(s); the files or rows named above were not imported"
            )
        if dry_run and not as_json:
            self.stdout.write("dry run: nothing was written")

    def import_one(self, path, dry_run, title=None) -> list[ImportReport]:
        if path.suffix.lower() != ".csv":
            return [import_statement_file(path, title=title, dry_run=dry_run)]
        try:
            data = path.read_bytes()
        except OSError as error:
            problem = ImportProblem(str(path), f"cannot read the file ({error.strerror})")
            return [ImportReport(file=str(path), status="error", error=str(problem))]
        try:
            return import_csv(data, str(path), dry_run=dry_run)
        except CsvProblems as problems:
            return [
                ImportReport(file=str(path), status="error", error=str(problem))
                for problem in problems.problems
            ]
