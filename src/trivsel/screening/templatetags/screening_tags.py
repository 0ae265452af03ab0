"""``{{ mapping|item:key }}``: a rating's per-dimension position, looked up by the dimension's code."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def item(mapping: Mapping[str, str] | None, key: str) -> str:
    return (mapping or {}).get(key, "")
