"""Every cURL example in an API's README runs, as written, against a fresh instance."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

DOC_BASE = "http://127.0.0.1:5000"
BLOCK = re.compile(r"^```bash\n(.*?)^```", re.DOTALL | re.MULTILINE)
# Each curl call also reports its status code on stderr, where it cannot disturb
# the output an example pipes into another command.
WRAPPER = "curl() { command curl --write-out '%{stderr}HTTP %{http_code}\\n' \"$@\"; }\n"

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


def curl_script(readme: str) -> str:
    """Join the README's bash blocks that call curl into one script."""
    return "\n".join(block for block in BLOCK.findall(readme) if "curl " in block)


def test_readme_curl_examples_run(api, live_url) -> None:
    script = curl_script(api.readme.read_text(encoding="utf-8"))
    assert script, f"{api.readme.name} has no ```bash block with a curl example"
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", WRAPPER + script.replace(DOC_BASE, live_url)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"the examples failed:\n{done.stdout}\n{done.stderr}"
    codes = [int(code) for code in re.findall(r"^HTTP (\d{3})$", done.stderr, re.MULTILINE)]
    assert codes, "no curl call reported a status"
    assert [code for code in codes if code >= 500 or code == 0] == [], done.stderr
