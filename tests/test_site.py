"""The real site (the repository itself) builds cleanly, as ``make strict`` does.

This builds the catalogue's own sources: it fails when a record of the
site is wrong, not only when the extension is.  Every record must get its
page, and every page must be reachable from the three entry pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from helpers.commands import sphinx
from helpers.html import internal_links

REPO = Path(__file__).resolve().parents[1]


def _ids(folder: Path) -> set[str]:
    return {path.stem for path in folder.glob("*.yml")}


def test_real_site_builds_strictly(tmp_path):
    """-E -W -n --keep-going: a full, nitpicky build with no warning at all."""
    apis = _ids(REPO / "apis")
    providers = _ids(REPO / "apis" / "fournisseurs")
    themes = _ids(REPO / "apis" / "themes")
    outdir = tmp_path / "html"
    result = sphinx("-E", "-W", "-n", "--keep-going", "-b", "html", str(REPO), str(outdir), cwd=REPO)
    assert result.returncode == 0, result.stderr[-5000:]
    assert "WARNING" not in result.stderr, result.stderr[-5000:]

    # One page per API record, no more, no less.
    written = {path.stem for path in (outdir / "apis").glob("*.html")}
    assert len(written) == len(apis)
    assert written == apis

    # Every record page is linked from the catalogue, themes or providers page.
    linked: dict[str, set[str]] = {
        entry: {target for _, target, _ in internal_links(outdir, f"{entry}.html")}
        for entry in ("catalogue", "themes", "fournisseurs")
    }
    every_link = set().union(*linked.values())
    pages = (
        {f"apis/{i}.html" for i in apis}
        | {f"apis/fournisseurs/{i}.html" for i in providers}
        | {f"apis/themes/{i}.html" for i in themes}
    )
    assert all((outdir / page).is_file() for page in pages)
    assert sorted(pages - every_link) == []
    # And each from the page meant for it.
    assert sorted({f"apis/{i}.html" for i in apis} - linked["catalogue"]) == []
    assert sorted({f"apis/themes/{i}.html" for i in themes} - linked["themes"]) == []
    assert sorted({f"apis/fournisseurs/{i}.html" for i in providers} - linked["fournisseurs"]) == []

    # Furo's labels are read aloud in the page's language: none left in English.
    english = sorted(
        path.relative_to(outdir).as_posix()
        for path in outdir.rglob("*.html")
        if re.search(r'aria-label="Toggle|Skip to content', path.read_text(encoding="utf-8"))
    )
    assert english == []
    home = (outdir / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Déplier ou replier la section Thèmes"' in home
    assert 'aria-label="Changer de thème : clair, sombre ou automatique"' in home
    assert "Aller au contenu" in home

    # 404.html: served for any missing address, at any depth, so every link
    # and asset starts from the site's root path, and each exists.
    missing = BeautifulSoup((outdir / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert missing.find("h1").get_text() == "Page introuvable"
    assert missing.select_one("form[role=search]")["action"] == "/search.html"
    addresses = [a["href"] for a in missing.select("a[href]")] + [s["src"] for s in missing.select("script[src]")]
    addresses += [link["href"] for link in missing.select("link[rel=stylesheet]")]
    local = [address.split("?")[0].split("#")[0] for address in addresses if not address.startswith(("#", "http"))]
    assert local and all(address.startswith("/") for address in local), local
    assert [address for address in local if not (outdir / address.lstrip("/")).is_file()] == []
    # A missing page is not a page of the site: not in the search, not in the sitemap.
    assert "404.html" not in (outdir / "sitemap.xml").read_text(encoding="utf-8")
