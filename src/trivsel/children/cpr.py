"""CPR numbers: validated, encrypted at rest, found by a keyed digest, shown masked."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError


def normalise(raw: str) -> str:
    """Validate a CPR number as typed ("DDMMÅÅ-XXXX" or ten digits); return ten digits."""
    try:
        number = stdnum_cpr.validate(raw)
    except StdnumError as exc:
        raise ValidationError(_("That is not a valid CPR number (DDMMÅÅ-XXXX)."), code="invalid_cpr") from exc
    return number


def birth_date_of(number: str) -> datetime.date:
    return stdnum_cpr.get_birth_date(number)


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.CPR_KEYS])


def encrypt(number: str) -> str:
    return _fernet().encrypt(number.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def digest(number: str) -> str:
    """Keyed so the digest of a known CPR cannot be computed without the key."""
    return hmac.new(settings.CPR_KEYS[0].encode(), number.encode(), hashlib.sha256).hexdigest()


def masked(number: str) -> str:
    return f"{number[:6]}-XXXX"


def formatted(number: str) -> str:
    return f"{number[:6]}-{number[6:]}"


_CPR_LIKE = re.compile(r"(\d{6})-?\d{1,4}")


def mask_in_text(text: str) -> str:
    """Mask anything that looks like a CPR number, e.g. in a search criterion bound for the log."""
    return _CPR_LIKE.sub(r"\1-XXXX", text)
