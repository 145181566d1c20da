"""Settings come from the environment; production settings pass `check --deploy`."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from .conftest import ROOT


def manage(*args, **env):
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "registry.settings",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_is_a_clear_error_when_debug_is_off():
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: SECRET_KEY is not set. Set SECRET_KEY in the environment "
        "(or DJANGO_DEBUG=1 for local development)."
    ]


def test_production_settings_pass_check_deploy():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "production-like-secret-0123456789abcdefghijkl",
        ALLOWED_HOSTS="undersigned.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def in_fresh_process(code: str, **env) -> subprocess.CompletedProcess:
    """Run `code` after `django.setup()` with registry.settings and only the given environment."""
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "registry.settings",
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_warnings_and_request_lines_are_logged_once_in_debug():
    code = (
        "import logging; logging.getLogger('django.request').warning('Not Found: /nope/'); "
        "logging.getLogger('django.server').info('\"GET /nope/ HTTP/1.1\" 404 5258')"
    )
    result = in_fresh_process(code, DJANGO_DEBUG="1")
    warning, request = result.stderr.splitlines()
    assert warning == "Not Found: /nope/"
    assert request.startswith("[") and request.endswith('] "GET /nope/ HTTP/1.1" 404 5258')


@pytest.mark.parametrize(("behind_proxy", "header"), [("", None), ("1", "HTTP_X_FORWARDED_PROTO")])
def test_forwarded_proto_is_trusted_only_behind_a_tls_proxy(behind_proxy, header):
    code = (
        "from django.conf import settings; "
        "print((getattr(settings, 'SECURE_PROXY_SSL_HEADER', None) or [None])[0])"
    )
    result = in_fresh_process(
        code, SECRET_KEY="k" * 50, ALLOWED_HOSTS="x.example", DJANGO_BEHIND_TLS_PROXY=behind_proxy
    )
    assert result.stdout.strip() == str(header), result.stderr


@pytest.mark.django_db
def test_local_admin_is_created_once_with_a_random_password(capsys):
    call_command("ensure_local_admin")
    first = capsys.readouterr().out
    call_command("ensure_local_admin")
    second = capsys.readouterr().out
    user = get_user_model().objects.get()
    password = first.split("password: ")[1].split()[0]
    assert user.is_staff and user.check_password(password) and len(password) >= 12
    assert "exists already" in second


@pytest.mark.django_db
def test_local_admin_passwords_differ_between_machines(capsys):
    call_command("ensure_local_admin")
    first = capsys.readouterr().out.split("password: ")[1].split()[0]
    get_user_model().objects.all().delete()
    call_command("ensure_local_admin")
    second = capsys.readouterr().out.split("password: ")[1].split()[0]
    assert first != second
