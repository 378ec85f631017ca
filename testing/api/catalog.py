"""Find every API in the course: each chapter's demo and each capstone service."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Api:
    """One API: where its factory is, and the files every API must ship."""

    name: str
    package: str
    folder: Path
    readme: Path

    @property
    def postman(self) -> Path:
        return self.folder / "postman_collection.json"

    @property
    def locustfile(self) -> Path:
        return self.folder / "locustfile.py"

    def factory(self) -> Callable[..., Flask]:
        """Import the API's create_app."""
        return importlib.import_module(self.package).create_app


def apis() -> list[Api]:
    """Return every API that exists, chapters first."""
    found = []
    for demo in sorted(ROOT.glob("chapters/ch[0-9][0-9]_*/api_demo/__init__.py")):
        chapter = demo.parent.parent
        found.append(
            Api(
                name=chapter.name[:4],
                package=f"chapters.{chapter.name}.api_demo",
                folder=demo.parent,
                readme=chapter / "README.md",
            )
        )
    for service in sorted(ROOT.glob("projects/*/api/__init__.py")):
        project = service.parent.parent
        found.append(
            Api(
                name=project.name,
                package=f"projects.{project.name}.api",
                folder=project,
                readme=project / "README.md",
            )
        )
    return found
