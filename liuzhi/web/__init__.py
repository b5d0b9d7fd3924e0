"""The web front end (``liuzhi serve``): public pages, the JSON API under /api/v1/, review
in the browser and accounts with roles. A thin layer over the library, like the CLI."""

from liuzhi.web.app import create_app

__all__ = ["create_app"]
