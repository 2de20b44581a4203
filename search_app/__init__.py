"""From the index to answers: ``search/`` (the search service, whatever the
backend), ``web/`` (the Flask UI and JSON API), ``cli.py`` (the ``tracuu``
command)."""
from .web import create_app

__all__ = ["create_app"]
