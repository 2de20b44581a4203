"""From an index to answers, whatever the backend: the query language,
filters, hits, facets, snippets (the only place that writes markup),
suggestions and documents. :class:`SearchService` is the entry point."""
from ingest.errors import QueryError

from .filters import Filters
from .hits import SORTS
from .service import SearchService
from .snippets import make_snippet

__all__ = ["Filters", "QueryError", "SORTS", "SearchService", "make_snippet"]
