"""The entry point uvicorn imports in each worker: ``liuzhi.web.serve:app`` (a factory)."""

from __future__ import annotations

from fastapi import FastAPI

from liuzhi import config
from liuzhi.web.app import create_app


def app() -> FastAPI:
    return create_app(config.load())
