"""The guide's default pages (made again if a live-server test flushed them) and an editor."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from trivsel.accounts.models import User
from trivsel.guide.models import GuidePage
from trivsel.guide.testing import default_guide, make_editor


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The unit tests read the English source strings; the views' tests and the browser test read Danish."""
    with translation.override("en"):
        yield


@pytest.fixture
def guide(db: None) -> list[GuidePage]:
    return default_guide()


@pytest.fixture
def editor(db: None) -> User:
    return make_editor()


@pytest.fixture
def no_pages(db: None) -> None:
    """An empty guide, whether or not the data migration's pages are there (a live-server test flushes them)."""
    GuidePage.objects.update(current=None)
    GuidePage.objects.all().delete()
