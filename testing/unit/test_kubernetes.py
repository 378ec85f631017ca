"""deployment/kubernetes: manifests that hang together and follow the course's rules.

No cluster runs here, so these checks read the YAML: labels and selectors agree,
probes use chapter 1's endpoints, every container is limited and runs as non-root,
secrets only come from Secret objects, and each worker starts a module that exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "deployment" / "kubernetes"
SERVICE_FILES = sorted(p for p in FOLDER.glob("*.yaml") if p.name != "namespace.yaml")


def documents(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def of_kind(docs: list[dict], kind: str) -> list[dict]:
    return [doc for doc in docs if doc["kind"] == kind]


@pytest.fixture(params=SERVICE_FILES, ids=[p.stem for p in SERVICE_FILES])
def docs(request) -> list[dict]:
    return documents(request.param)


def test_every_object_lives_in_the_course_namespace(docs) -> None:
    assert {doc["metadata"]["namespace"] for doc in docs} == {"capstones"}


def test_deployments_select_their_own_pods(docs) -> None:
    for deployment in of_kind(docs, "Deployment"):
        spec = deployment["spec"]
        assert (
            spec["selector"]["matchLabels"].items()
            <= spec["template"]["metadata"]["labels"].items()
        )


def test_containers_are_limited_non_root_and_pinned(docs) -> None:
    for deployment in of_kind(docs, "Deployment"):
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        for container in pod["containers"]:
            assert {"requests", "limits"} <= container["resources"].keys()
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
            assert not container["image"].endswith(":latest") and ":" in container["image"]


def test_api_pods_use_the_health_probes(docs) -> None:
    for deployment in of_kind(docs, "Deployment"):
        if deployment["metadata"]["labels"]["tier"] != "api":
            continue
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"


def test_services_reach_api_pods_on_a_named_port(docs) -> None:
    (service,) = of_kind(docs, "Service")
    matching = [
        d
        for d in of_kind(docs, "Deployment")
        if service["spec"]["selector"].items()
        <= d["spec"]["template"]["metadata"]["labels"].items()
    ]
    assert len(matching) == 1
    ports = {
        p["name"] for c in matching[0]["spec"]["template"]["spec"]["containers"] for p in c["ports"]
    }
    assert {p["targetPort"] for p in service["spec"]["ports"]} <= ports


def test_config_and_secrets_come_from_objects_not_literals(docs) -> None:
    config_maps = {doc["metadata"]["name"] for doc in of_kind(docs, "ConfigMap")}
    for deployment in of_kind(docs, "Deployment"):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            refs = container["envFrom"]
            assert {r["configMapRef"]["name"] for r in refs if "configMapRef" in r} <= config_maps
            assert any("secretRef" in r for r in refs)
            assert "env" not in container  # nothing secret can hide in a literal value
    for config_map in of_kind(docs, "ConfigMap"):
        assert not {"SECRET_KEY", "DATABASE_URL", "JWT_PRIVATE_KEY"} & config_map["data"].keys()


def test_workers_start_a_module_that_exists(docs) -> None:
    for deployment in of_kind(docs, "Deployment"):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            command = container.get("command", [])
            if command[:1] == ["celery"]:
                module = command[command.index("-A") + 1].split(":")[0]
                assert (ROOT / (module.replace(".", "/") + ".py")).exists(), module


def test_autoscalers_and_budgets_point_at_real_deployments(docs) -> None:
    names = {d["metadata"]["name"] for d in of_kind(docs, "Deployment")}
    for hpa in of_kind(docs, "HorizontalPodAutoscaler"):
        assert hpa["spec"]["scaleTargetRef"]["name"] in names
    for budget in of_kind(docs, "PodDisruptionBudget"):
        labels = budget["spec"]["selector"]["matchLabels"]
        assert any(
            labels.items() <= d["spec"]["template"]["metadata"]["labels"].items()
            for d in of_kind(docs, "Deployment")
        )
