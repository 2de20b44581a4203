"""Imported once by the ingest's forkserver process (see ``ingest.run``):
loads the readers and underthesea's model there, so that every worker
process forked from it starts warm (fork after the load is safe: loading
starts no threads)."""
from .readers import docx, html, pdf, txt  # noqa: F401  (imported for their cost)
from .run.workers import worker_init  # noqa: F401
from .vietnamese.segment import warm_up

warm_up()
