"""Settings: the packaged defaults, a user file laid over them, CLI values on top."""
from __future__ import annotations

import copy
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    pass


def _load_defaults() -> dict[str, Any]:
    text = resources.files("rasid.config").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _overlay(base: dict[str, Any], extra: dict[str, Any], where: str = "") -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        path = f"{where}.{key}" if where else key
        if key not in base:
            raise ConfigError(f"unknown setting {path!r}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"setting {path!r} must be a table")
            out[key] = _overlay(base[key], value, path)
        else:
            out[key] = value
    return out


@dataclass(frozen=True)
class Settings:
    """All options, read-only. ``settings["ingest"]["max_bytes"]`` or ``settings.get("ingest.max_bytes")``."""

    data: dict[str, Any] = field(default_factory=_load_defaults)

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.data[section]

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def with_values(self, values: dict[str, Any]) -> "Settings":
        """A copy with ``{"section.key": value}`` overrides (None values are skipped)."""
        nested: dict[str, Any] = {}
        for dotted, value in values.items():
            if value is None:
                continue
            node = nested
            parts = dotted.split(".")
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            node[parts[-1]] = value
        return Settings(_overlay(self.data, nested))


def load_settings(path: str | os.PathLike[str] | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults, then the user file (argument or ``RASID_CONFIG``), then overrides."""
    data = _load_defaults()
    path = path or os.environ.get("RASID_CONFIG")
    if path:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"config file {p} does not exist")
        try:
            data = _overlay(data, tomllib.loads(p.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {p} is not valid TOML: {exc}") from exc
    settings = Settings(data)
    return settings.with_values(overrides or {}) if overrides else settings
