"""environment.yml (conda) and pyproject.toml (pip) must install the same packages."""

import re
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from 3.11")
ROOT = Path(__file__).resolve().parents[1]
CONDA_TO_PIP = {"pytorch": "torch"}
NOT_PACKAGES = {"python", "pip"}


def conda_packages() -> dict[str, str]:
    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert spec["name"] == "gan"
    assert "conda-forge" in spec["channels"]
    packages = {}
    for entry in spec["dependencies"]:
        if isinstance(entry, dict):
            assert entry["pip"] == ["-e ."]
            continue
        name, version = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", entry).groups()
        if name not in NOT_PACKAGES:
            packages[CONDA_TO_PIP.get(name, name)] = version
    return packages


def pip_packages() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    parsed = [Requirement(line) for line in requirements]
    return {requirement.name: str(requirement.specifier) for requirement in parsed}


def test_conda_and_pip_list_the_same_packages():
    assert sorted(conda_packages()) == sorted(pip_packages())


def test_conda_and_pip_pin_the_same_versions():
    conda, pip = conda_packages(), pip_packages()
    for name, specifier in pip.items():
        assert set(conda[name].split(",")) - {""} == set(specifier.split(",")) - {""}, name


def test_python_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert f"python{project['requires-python']}" in spec["dependencies"]
