"""Production serving with gunicorn (never Flask's development server)."""
from __future__ import annotations

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, index_dir: str, options: dict):
        self.index_dir = index_dir
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # each worker builds its own app and opens the index itself (no preload)
        from . import create_app
        from .state import warm_up

        app = create_app(index_dir=self.index_dir)
        warm_up(app)  # the segmenter and vocabulary maps, before the first request
        return app


def run_server(index_dir: str, host: str = "127.0.0.1", port: int = 8000, workers: int = 2) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": max(1, workers),
        "worker_class": "gthread",
        "threads": 4,
        "timeout": 60,
        "graceful_timeout": 10,
        "limit_request_line": 8190,
        "accesslog": "-",
        "errorlog": "-",
    }
    print(f"tracuu: serving http://{host}:{port}/ (index {index_dir})", flush=True)
    _Gunicorn(index_dir, options).run()
