"""The environment is pinned: lock files satisfy pyproject.toml, and make, CI and conda use them."""

import re
import tomllib
from importlib import metadata

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO

RUNTIME_LOCK = REPO / "requirements.lock"
DEV_LOCK = REPO / "requirements-dev.lock"


def locked(path) -> dict[str, str]:
    """``{normalised name: version}`` of a lock file's ``name==version`` lines."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in "# -":
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line.split(";")[0].strip())
        assert match, f"{path.name}: not an exact pin: {line!r}"
        pins[canonicalize_name(match[1])] = match[2]
    return pins


def project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.mark.parametrize(
    ("lock", "groups"), [(RUNTIME_LOCK, ("runtime",)), (DEV_LOCK, ("runtime", "dev"))]
)
def test_the_lock_pins_every_requirement_of_pyproject_within_its_range(lock, groups):
    pins = locked(lock)
    listed = project()
    wanted = {"runtime": listed["dependencies"], "dev": listed["optional-dependencies"]["dev"]}
    for group in groups:
        for text in wanted[group]:
            requirement = Requirement(text)
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{lock.name} lacks {name}: run `make lock`"
            assert requirement.specifier.contains(pins[name], prereleases=True), (
                f"{lock.name} pins {name}=={pins[name]}, outside {text!r}: run `make lock`"
            )


def test_the_dev_lock_pins_the_runtime_exactly_as_the_runtime_lock():
    runtime, dev = locked(RUNTIME_LOCK), locked(DEV_LOCK)
    assert {name: dev.get(name) for name in runtime} == runtime


def test_the_installed_versions_are_the_locked_versions():
    """What `make` installed (here, in CI's fresh clone, on a new machine) is the lock."""
    differ = {}
    for name, version in locked(DEV_LOCK).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            differ[name] = f"locked {version}, installed {installed}"
    assert not differ, f"not the locked versions (run make): {differ}"


def test_make_installs_from_the_lock_files():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -r requirements.lock" in makefile
    assert "pip install --quiet --no-deps -e ." in makefile  # the library adds no package
    assert "pip install --quiet -r requirements-dev.lock" in makefile
    assert ".[dev]" not in makefile  # the dev tools come from the lock, not from ranges
    # the platform and Python the lock is solved for, as the README says
    assert "--python-version 3.11 --python-platform x86_64-unknown-linux-gnu" in makefile
    assert re.search(r"^lock: .*## ", makefile, re.M)
    # CI runs the README's command, which installs from the lock
    assert re.search(r"^make test$", (REPO / ".ci" / "run").read_text(encoding="utf-8"), re.M)


def test_conda_environment_installs_from_the_lock():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    plain = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert plain == ["python=3.11", "pip"]
    assert pip == [["-r requirements-dev.lock", "-e ."]]
    assert project()["requires-python"] == ">=3.11"


def test_user_facing_packages_are_there():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    for package in ("jupyterlab", "pandas", "matplotlib", "papermill", "nbconvert"):
        assert f'"{package}>=' in text
