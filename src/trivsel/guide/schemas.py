"""The API's shapes for the collaboration guide: a page's place, and its current version as sanitised HTML."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from trivsel.guide.models import Audience, Section

# Pydantic reads these annotations at run time: keep every name they use a real import.


class GuidePageOut(Schema):
    slug: str
    title: str
    section: Section
    audience: Audience
    url: str = Field(description="The page in the guide")
    intro: str = Field(description="The first paragraph as plain text (a search hit: the text around the words)")


class GuidePageDetailOut(GuidePageOut):
    version: int
    updated_at: datetime.datetime
    html: str = Field(description="The text, rendered from Markdown and sanitised when it was saved")
    markdown: str = Field(description="The text as the editor wrote it")
