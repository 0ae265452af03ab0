"""Receiving an uploaded file in memory only: an attendance file must never be written to disk.

Django writes uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file. This handler
keeps every upload in memory up to the import's own limit, and drops a larger one unread.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile

from trivsel.attendance.reading import MAX_FILE_BYTES


class InMemoryUploadHandler(MemoryFileUploadHandler):
    too_large = False

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        self.activated = True  # whatever the request's size: the next handler would write to disk

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > MAX_FILE_BYTES:
            self.too_large = True
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)
