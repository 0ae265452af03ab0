"""Consent is deliberately not in the admin pages.

A consent is given by a guardian: recorded by a professional with a working relation to the
child (``/boern/<id>/samtykke/ny/``) or given by the parent in the portal, and withdrawn the same
ways; ``consent.services`` writes and logs it. An administrator has no relation to the child, so
the access policy gives them no reason to read consents, and no way to record one on a
guardian's behalf. Nothing is registered here, on purpose.
"""
