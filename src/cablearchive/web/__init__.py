"""The web viewer and the JSON API over an archive (FastAPI, Jinja2 templates, vendored htmx)."""

from cablearchive.web.app import create_app

__all__ = ["create_app"]
