"""Log records carry the id of the request they were written for."""

from __future__ import annotations

import logging

from .request_context import current_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
