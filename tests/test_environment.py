"""pyproject.toml and environment.yml list the same packages."""

import re
import tomllib

import yaml

from conftest import REPO


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_conda_environment_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r): r for r in project["dependencies"]}
    wanted |= {_name(r): r for r in project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    listed = {}
    for dep in env["dependencies"]:
        for item in dep["pip"] if isinstance(dep, dict) else [dep]:
            if item.startswith("-e") or _name(item) in ("python", "pip"):
                continue
            listed[_name(item)] = item
    assert listed.keys() == wanted.keys()
    for name, requirement in wanted.items():
        # the same lower bound in both files
        assert re.sub(r"\s", "", listed[name]).endswith(
            re.sub(r"\s", "", requirement)[len(name) :]
        ), name


def test_user_facing_packages_are_there():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    for package in ("jupyterlab", "pandas", "matplotlib", "papermill", "nbconvert"):
        assert f'"{package}>=' in text
