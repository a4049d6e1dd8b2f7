"""The web side of wirewatch: a REST API (``/api``, OpenAPI at ``/openapi.json``) and HTML pages.

Needs the ``serve`` extra (FastAPI, uvicorn, Jinja2). ``create_app(Settings(db=...))`` builds
the application; ``wirewatch serve`` runs it on 127.0.0.1 by default.
"""

from __future__ import annotations

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
