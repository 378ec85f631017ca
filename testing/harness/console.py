"""Colour for the terminal, only when it is one and NO_COLOR is unset."""

from __future__ import annotations

import os
import sys


def _paint(code: str):
    def paint(text: str) -> str:
        if os.environ.get("NO_COLOR") or not sys.stdout.isatty():
            return text
        return f"\033[{code}m{text}\033[0m"

    return paint


bold = _paint("1")
dim = _paint("2")
red = _paint("31")
green = _paint("32")
yellow = _paint("33")
