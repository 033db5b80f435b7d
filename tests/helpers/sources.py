"""The YAML records of a test project, read without the extension, and edits to them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .text import french_key


@dataclass
class Records:
    """The YAML records of a source directory, keyed by identifier."""

    apis: dict[str, dict]
    providers: dict[str, dict]
    themes: dict[str, dict]

    def theme_id(self, name: str) -> str:
        return next(tid for tid, theme in self.themes.items() if theme["name"] == name)

    def api_title(self, api_id: str) -> str:
        return self.apis[api_id]["title"]

    def provider_title(self, provider_id: str) -> str:
        provider = self.providers[provider_id]
        acronym = provider.get("acronym")
        if acronym and acronym.casefold() not in provider["name"].casefold():
            return f"{provider['name']} ({acronym})"
        return provider["name"]

    def sorted_api_ids(self, ids=None) -> list[str]:
        ids = self.apis if ids is None else ids
        return sorted(ids, key=lambda i: (*french_key(self.apis[i]["title"]), i))

    def apis_where(self, predicate) -> list[str]:
        return self.sorted_api_ids([i for i, api in self.apis.items() if predicate(api)])

    def apis_of_theme(self, theme_id: str) -> list[str]:
        name = self.themes[theme_id]["name"]
        return self.apis_where(lambda api: name in api.get("themes", []))

    def sorted_provider_ids(self) -> list[str]:
        return sorted(self.providers, key=lambda i: (*french_key(self.providers[i]["name"]), i))

    def sorted_theme_ids(self) -> list[str]:
        return sorted(self.themes, key=lambda i: (*french_key(self.themes[i]["name"]), i))

    def row_classes(self, api_id: str) -> set[str]:
        """Classes every table row of this API carries, for the catalogue's filters."""
        api = self.apis[api_id]
        classes = {f"access-{api.get('access', 'unknown')}", f"status-{api.get('status', 'stable')}"}
        if api.get("producer"):
            classes.add(f"provider-{api['producer']}")
        classes |= {f"theme-{self.theme_id(name)}" for name in api.get("themes", [])}
        return classes


def _load_dir(directory: Path) -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.yml"))
    }


def load_records(srcdir: Path) -> Records:
    srcdir = Path(srcdir)
    return Records(
        apis=_load_dir(srcdir / "apis"),
        providers=_load_dir(srcdir / "apis" / "fournisseurs"),
        themes=_load_dir(srcdir / "apis" / "themes"),
    )


def add_file(srcdir: Path, relative: str, text: str) -> Path:
    path = Path(srcdir) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def replace_in(srcdir: Path, relative: str, old: str, new: str) -> None:
    path = Path(srcdir) / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")
