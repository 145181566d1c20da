"""Bad input gets a clear message naming the file (and line) and writes nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from signatories.models import Organization
from statements.importing import import_statement_data, import_statement_file, import_text_file
from statements.models import Statement
from statements.sources import ImportProblem

from .conftest import SEEDS

GOOD = "A joint statement\n\nWe call for peace.\n\nSigned by:\nAlpha Aid\nBeta Relief\n"


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_refused(path, *fragments):
    report = import_text_file(path)
    assert report.status == "error"
    assert str(path) in report.error
    for fragment in fragments:
        assert fragment in report.error, report.error
    assert Statement.objects.count() == 0
    assert Organization.objects.count() == 0
    return report


def test_missing_file(db, tmp_path):
    assert_refused(tmp_path / "nope.txt", "no such file")


def test_folder_instead_of_file(db, tmp_path):
    assert_refused(tmp_path, "folder")


def test_empty_file(db, tmp_path):
    assert_refused(write(tmp_path, "empty.txt", b""), "empty")
    assert_refused(write(tmp_path, "blank.txt", b" \n\n  \n"), "empty")


def test_binary_file(db, tmp_path):
    # The messages are checked without the file's path (this test's folder says "binary").
    report = assert_refused(write(tmp_path, "logo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert "an image (PNG)" in report.error.split(": ", 1)[1]
    report = assert_refused(write(tmp_path, "data.txt", b"Title\n\x00\x01\x02 Alpha Aid\n"))
    assert "binary" in report.error.split(": ", 1)[1]


def test_undecodable_bytes_name_the_line_and_the_encoding(db, tmp_path):
    latin1 = "A joint statement\n\nSigned by:\nAlpha Aid\nMédias Libres\nBeta\n".encode("latin-1")
    report = assert_refused(write(tmp_path, "latin1.txt", latin1), "not valid UTF-8", "UTF-16")
    assert ", line 5:" in report.error


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ],
)
def test_accepted_encodings(db, tmp_path, encoding, bom):
    text = GOOD.replace("Beta Relief", "Kardeşlik Derneği")
    report = import_text_file(write(tmp_path, "ok.txt", bom + text.encode(encoding)))
    assert report.status == "created", report.error
    assert report.statement["title"] == "A joint statement"
    assert [s["name_as_printed"] for s in report.signatories] == ["Alpha Aid", "Kardeşlik Derneği"]


def test_utf16_without_bom_is_refused(db, tmp_path):
    assert_refused(write(tmp_path, "u16.txt", GOOD.encode("utf-16-le")), "binary")


def test_text_without_title_gets_a_proposed_title_and_is_flagged(db, tmp_path):
    body = ("This is a long opening paragraph. " * 12).strip()
    path = write(
        tmp_path, "untitled.txt", f"{body}\n\nAlpha Aid\nBeta Relief\nGamma Care\n".encode()
    )
    report = import_text_file(path)
    assert report.status == "created", report.error
    assert report.statement["flags"] == ["title proposed"]
    assert body.startswith(report.statement["title"].rstrip(".…"))
    assert [s["name_as_printed"] for s in report.signatories] == [
        "Alpha Aid",
        "Beta Relief",
        "Gamma Care",
    ]


def test_a_given_title_overrides_the_proposed_one(db, tmp_path):
    body = ("This is a long opening paragraph. " * 12).strip()
    path = write(tmp_path, "untitled.txt", f"{body}\n\nAlpha Aid\nBeta Relief\n".encode())
    report = import_statement_file(path, title="Letter on peace")
    assert report.statement["title"] == "Letter on peace"
    assert "title proposed" not in report.statement["flags"]


def test_absurd_name_is_refused_with_its_line(db, tmp_path):
    long_name = "Association " + "x" * 300
    path = write(
        tmp_path, "long.txt", f"Title\n\nBody.\n\nSigned by:\nAlpha Aid\n{long_name}\n".encode()
    )
    report = assert_refused(path, "characters long", "at most 300")
    assert ", line 7:" in report.error


def test_a_name_too_long_for_the_registry_is_refused_with_its_line(db, tmp_path):
    """Staff may mark any line as a signatory; one the database cannot hold is refused."""
    long_name = "Association " + "x" * 300
    text = f"Title\n\nBody.\n\nSigned by:\nAlpha Aid\n{long_name}\n"
    correction = {"action": "signatory", "line": 7, "page": None, "text": long_name}
    with pytest.raises(ImportProblem) as refused:
        import_statement_data(
            text.encode(), filename="long.txt", source_file="long.txt", corrections=[correction]
        )
    assert str(refused.value).startswith("long.txt, line 7:")
    assert "characters long (at most 300)" in str(refused.value)
    assert Statement.objects.count() == 0 and Organization.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(db, tmp_path):
    from statements.importing import MAX_STATEMENT_FILE_BYTES

    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_STATEMENT_FILE_BYTES + 1)  # sparse: no 10 MB written to disk
    assert_refused(path, "MB; statement files may be at most 10 MB")


def test_broken_manifest_is_named(db, tmp_path):
    write(tmp_path, "manifest.json", b'{"ok.txt": {"title": }')
    report = import_text_file(write(tmp_path, "ok.txt", GOOD.encode()))
    assert report.status == "error"
    assert f"{tmp_path / 'manifest.json'}, line 1: invalid JSON" in report.error
    assert "ok.txt" in report.error
    assert Statement.objects.count() == 0


def test_bad_date_in_manifest(db, tmp_path):
    write(
        tmp_path, "manifest.json", json.dumps({"ok.txt": {"published_on": "6 Feb 2020"}}).encode()
    )
    assert_refused(write(tmp_path, "ok.txt", GOOD.encode()), "bad date", "YYYY-MM-DD")


def test_command_imports_the_good_files_and_fails_for_the_bad_one(db, tmp_path, capsys):
    bad = write(tmp_path, "bad.txt", b"")
    good = SEEDS / "004_2bc85844a122bc79.txt"
    with pytest.raises(CommandError):
        call_command("import_statements", str(bad), str(good))
    captured = capsys.readouterr()
    assert str(bad) in captured.err and "empty" in captured.err
    assert Statement.objects.get().source_file == good.name


def test_command_exit_status_is_non_zero_on_error(tmp_path):
    import subprocess
    import sys

    from .conftest import ROOT

    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_statements",
            "--dry-run",
            str(tmp_path / "missing.txt"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "registry.settings_test", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode != 0
    assert "missing.txt: no such file" in result.stderr
