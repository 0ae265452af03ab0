"""The Danish catalogue covers every UI string: the default language never falls back to English."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

SRC = Path(__file__).resolve().parent.parent
CATALOGUE = SRC / "locale" / "da" / "LC_MESSAGES" / "django.po"


def _statistics(po_file: Path) -> str:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr


def test_the_danish_catalogue_is_complete_and_compiles():
    stats = _statistics(CATALOGUE)
    assert "fuzzy" not in stats and "untranslated" not in stats, stats


def test_every_string_in_the_source_is_in_the_danish_catalogue(tmp_path, settings, monkeypatch):
    """Re-extract the strings into a copy of the catalogue: nothing may come out untranslated."""
    copy = tmp_path / "da" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    shutil.copy(CATALOGUE, copy)
    settings.LOCALE_PATHS = [tmp_path]
    monkeypatch.chdir(SRC)
    call_command("makemessages", locale=["da"], no_obsolete=True, verbosity=0)
    stats = _statistics(copy)
    missing = re.findall(r'^msgid "(.+)"\nmsgstr ""\n\n', copy.read_text(encoding="utf-8"), flags=re.M)
    assert "untranslated" not in stats and "fuzzy" not in stats, f"{stats}: {missing[:20]}"


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_login_page_speaks_the_chosen_language(db, client, language):
    client.cookies["django_language"] = language
    html = client.get("/konto/log-ind/").content.decode()
    assert f'<html lang="{language}">' in html
    assert ("Log ind" if language == "da" else "Log in") in html
