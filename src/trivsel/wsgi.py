"""WSGI entry point: ``gunicorn trivsel.wsgi`` (with ``src`` on the Python path)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trivsel.settings")
application = get_wsgi_application()
