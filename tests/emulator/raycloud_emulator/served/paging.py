"""MaxResults / NextToken paging for the served json operations."""

from __future__ import annotations

from typing import Any

from ..aws_request import AwsRequest

_DEFAULT_PAGE = 100


def page(request: AwsRequest, items: list[Any]) -> tuple[list[Any], str | None]:
    """One page of `items` and the token of the next page (None on the last page)."""
    token = str(request.params.get("NextToken") or "")
    start = int(token.removeprefix("page-")) if token.startswith("page-") else 0
    size = int(request.params.get("MaxResults") or _DEFAULT_PAGE)
    end = start + max(size, 1)
    return items[start:end], (f"page-{end}" if end < len(items) else None)
