"""deployment/terraform: parsed and cross-checked the way `terraform validate` would.

No registry this course installs from ships a terraform binary, so the checks that
matter for this configuration run on the parsed HCL. With terraform on the PATH, the
real `terraform validate` runs as well.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import hcl2
import pytest

FOLDER = Path(__file__).resolve().parents[2] / "deployment" / "terraform"


@pytest.fixture(scope="module")
def parsed() -> dict[str, list]:
    merged: dict[str, list] = {}
    for path in sorted(FOLDER.glob("*.tf")):
        with path.open(encoding="utf-8") as handle:
            for block, entries in hcl2.load(handle).items():
                merged.setdefault(block, []).extend(entries)
    return merged


@pytest.fixture(scope="module")
def source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(FOLDER.glob("*.tf")))


def names(blocks: list[dict], depth: int) -> set[str]:
    """Return `type.name` (depth 2) or `name` (depth 1) for each declared block."""
    found = set()
    for block in blocks:
        for kind, body in block.items():
            kind = kind.strip('"')
            if depth == 1:
                found.add(kind)
            else:
                found |= {f"{kind}.{name.strip(chr(34))}" for name in body}
    return found


def test_every_variable_reference_is_declared_and_every_variable_used(parsed, source) -> None:
    declared = names(parsed["variable"], 1)
    used = set(re.findall(r"\bvar\.(\w+)", source))
    assert used - declared == set()
    assert declared - used == set()


def test_every_resource_and_data_reference_is_declared(parsed, source) -> None:
    resources = names(parsed["resource"], 2)
    data = names(parsed["data"], 2)
    code = re.sub(r'"[^"\n]*"', lambda m: re.sub(r"[^$]\{", "", m[0]), source)
    referenced = set(re.findall(r"(?<![\w.])(aws_\w+\.\w+)(?=[.\[\s,)\]])", code))
    assert referenced - resources == set()
    assert set(re.findall(r"\bdata\.(aws_\w+\.\w+)", source)) - data == set()


def test_variables_are_typed_and_described(parsed) -> None:
    for block in parsed["variable"]:
        for name, body in block.items():
            assert body.get("type") and body.get("description"), name


def test_secrets_have_no_default_and_are_sensitive(parsed) -> None:
    (password,) = [b['"db_password"'] for b in parsed["variable"] if '"db_password"' in b]
    assert password.get("sensitive") is True
    assert "default" not in password


def test_provider_is_pinned(parsed) -> None:
    (settings,) = parsed["terraform"]
    aws = settings["required_providers"][0]["aws"]
    assert aws["source"].strip('"') == "hashicorp/aws" and aws["version"].startswith('"~>')


def test_load_balancer_uses_the_readiness_probe(source) -> None:
    assert 'path                = "/health/ready"' in source


TERRAFORM = shutil.which("terraform")


@pytest.mark.skipif(TERRAFORM is None, reason="no terraform binary on PATH")
def test_terraform_fmt_is_clean() -> None:
    done = subprocess.run(
        [TERRAFORM, "fmt", "-check", "-diff", str(FOLDER)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout


@pytest.mark.skipif(TERRAFORM is None, reason="no terraform binary on PATH")
def test_terraform_validate(tmp_path) -> None:
    workdir = tmp_path / "tf"
    shutil.copytree(FOLDER, workdir)
    init = subprocess.run(
        [TERRAFORM, "init", "-backend=false", "-input=false"],
        cwd=workdir,
        capture_output=True,
        text=True,
    )
    if init.returncode != 0 and "registry.terraform.io" in init.stdout + init.stderr:
        pytest.skip(
            "terraform validate needs the AWS provider, and its registry is out of reach here"
        )
    assert init.returncode == 0, init.stdout + init.stderr
    done = subprocess.run([TERRAFORM, "validate"], cwd=workdir, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
