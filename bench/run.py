"""Performance benchmark of the catalogue (``make bench``): not a test, not run by CI.

For each size N, two sites with the same content are generated
(:mod:`generate`): ours (YAML records + the extension) and a baseline of
hand-written MyST pages.  Each repetition then measures, in child processes:

- clean full builds of both, at ``-j 1`` and in parallel: wall and CPU time
  (children included), peak RSS; whether ``-j N`` writes the same HTML as
  ``-j 1``; the size of an API page, of ``catalogue.html`` and of
  ``searchindex.js``;
- incremental builds of ours after a full build: no change, one record's
  tagline edited, one record added, one removed: time, documents re-read
  and re-written (parsed from Sphinx's output), and for each, the pages
  that should have been re-written and were not, or the reverse;
- ``make validate`` (``python -m catalogue validate``);
- the same records with an OpenAPI snapshot on one API in ten
  (``generate.write_specs``): a full build (its time against the records
  alone: the cost of reading specifications), then one snapshot edited
  (time, and the documents re-read: its record only);
- in Chromium (:mod:`browser`), once per size, on the ``-j 1`` outputs of
  both sites: the catalogue page's weight and the time until its filters
  respond in a phone's window, the time a search query takes, and (ours)
  the time the home page's field takes to answer a keystroke.

It prints medians against the targets of the issue and writes every figure
to ``_build/bench/results-<time>.json`` and ``_build/bench/latest.json``.
Times depend on the machine and its load: compare runs made on one machine.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser  # noqa: E402
import generate  # noqa: E402

PROJECT = generate.PROJECT
SEED = 1
#: Fixed, so that dates in pages do not depend on the clock (and on git).
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1767225600", PYTHONDONTWRITEBYTECODE="1", NO_COLOR="1")
ENV.pop("FORCE_COLOR", None)

# -- Running and measuring one child ------------------------------------------------------


def measure(command: list[str], log: Path, env: dict | None = None) -> dict:
    """Run *command*; its wall time, CPU time and peak RSS (its worker processes included).

    ``os.wait4`` gives the resource usage of the child and of the children it
    waited for (Sphinx's parallel workers); ``ru_maxrss`` is the largest
    resident size of any one of them, in KiB on Linux.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env or ENV, cwd=PROJECT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mib": usage.ru_maxrss / 1024,
        "returncode": child.returncode,
        "warnings": len(re.findall(r"WARNING|AVERTISSEMENT", text)),
        "log": str(log),
    }


def sphinx(src: Path, out: Path, jobs: int, quiet: bool, log: Path) -> dict:
    command = [sys.executable, "-m", "sphinx", "--no-color", "-b", "html", "-d", str(out / "doctrees"), "-j", str(jobs)]
    command += ["-q"] if quiet else []
    result = measure(command + [str(src), str(out / "html")], log)
    if result["returncode"]:
        sys.exit(f"échec de la construction ({log}) :\n" + Path(log).read_text()[-3000:])
    return result


def validate(src: Path, log: Path) -> dict:
    return measure([sys.executable, "-m", "catalogue", "--root", str(src), "validate"], log,
                   env=dict(ENV, PYTHONPATH=str(generate.EXT)))


def full_build(src: Path, out: Path, jobs: int, log: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    return sphinx(src, out, jobs, quiet=True, log=log)


# -- Reading the output -------------------------------------------------------------------------

_UPDATING = re.compile(r"updating environment: (?:\[[^\]]*\] )?(\d+) added, (\d+) changed, (\d+) removed")
_READ = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", re.MULTILINE)
_WRITTEN = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (\S+)", re.MULTILINE)


def activity(log: str) -> dict:
    """What a (non-quiet, non-tty) Sphinx build says it read and wrote."""
    text = Path(log).read_text(encoding="utf-8")
    updating = _UPDATING.search(text)
    added, changed, removed = (int(x) for x in updating.groups()) if updating else (0, 0, 0)
    return {"added": added, "changed": changed, "removed": removed,
            "read": sorted(set(_READ.findall(text))), "written": sorted(set(_WRITTEN.findall(text)))}


def same_html(a: Path, b: Path) -> tuple[bool, list[str]]:
    """Do two outputs hold the same .html files, byte for byte?  (and which differ)"""
    files_a = {p.relative_to(a) for p in a.rglob("*.html")}
    files_b = {p.relative_to(b) for p in b.rglob("*.html")}
    differ = sorted(str(p) for p in files_a ^ files_b)
    differ += sorted(str(p) for p in files_a & files_b if not filecmp.cmp(a / p, b / p, shallow=False))
    return not differ, differ[:10]


def sizes(html: Path) -> dict:
    api_pages = sorted(p.stat().st_size for p in (html / "apis").glob("*.html"))
    return {
        "api_page": statistics.median(api_pages),
        "catalogue": (html / "catalogue.html").stat().st_size,
        "searchindex": (html / "searchindex.js").stat().st_size,
        "total": sum(p.stat().st_size for p in html.rglob("*") if p.is_file()),
    }


# -- Incremental builds ----------------------------------------------------------------------------


def pages_showing(m: generate.Model, api: dict, listed: bool) -> set[str]:
    """Pages that show *api* in a table or a related-APIs list (not its own page).

    *listed*: the change alters the lists themselves (an API added or
    removed), so the provider table's counts and partners' tables change too.
    """
    # index: Sphinx re-writes the toctree parents of the pages it writes
    # (env.files_to_rebuild), and the home page's toctree holds catalogue.
    pages = {"catalogue", "themes", "index", f"apis/fournisseurs/{api['producer']}"}
    pages |= {f"apis/themes/{m.theme_id(name)}" for name in api["themes"]}
    pages |= {f"apis/{other['id']}" for other in m.related_index().get(api["id"], [])}
    pages |= {f"apis/{other}" for other in api.get("related_apis", ()) if other in m.by_id}
    if listed:
        # The list of records to complete (a-completer) names every API.
        pages |= {"fournisseurs", "a-completer"}
        pages |= {f"apis/fournisseurs/{p}" for p in api.get("partners", ()) if p in m.providers}
    return pages


def choose(m: generate.Model) -> tuple[dict, dict, dict]:
    """The record to edit, the one to remove, and a new one to add (deterministic).

    None of them is among the five latest updates (the home page's table),
    nor a glossary example; the removed one is named by no other record, so
    that removing it leaves the catalogue valid.
    """
    latest = {a["id"] for a in sorted(m.apis, key=lambda a: a["last_update"], reverse=True)[:5]}
    examples = set(generate._example_apis(m))
    related = m.related_index()
    named = {other for a in m.apis for other in a.get("related_apis", ())}
    ordered = [a for a in m.sorted_apis() if a["id"] not in latest | examples]
    edit = next(a for a in ordered if related[a["id"]] and len(a["themes"]) >= 2)
    remove = next(a for a in reversed(ordered) if a["id"] not in named and a is not edit)
    added = dict(edit, id="api-banc-d-essai", title="API Banc d'essai ajoutée", last_update="2019-06-01",
                 related_apis=[edit["id"]], partners=[p for p in m.providers if p != edit["producer"]][:1])
    return edit, remove, added


def incremental(src: Path, out: Path, m: generate.Model, logs: Path) -> dict:
    """Four incremental builds after a full one; sources are restored afterwards."""
    edit, remove, added = choose(m)
    results = {}

    def step(name: str, expected: set[str] | None) -> None:
        log = logs / f"incr-{name}.log"
        run = sphinx(src, out, 1, quiet=False, log=log)
        run.update(activity(log))
        if expected is not None:
            run["expected"] = sorted(expected)
            run["unexpected"] = sorted(set(run["written"]) - expected)
            run["missing"] = sorted(expected - set(run["written"]))
        results[name] = run

    step("none", set())
    edited = dict(edit, tagline=edit["tagline"].rstrip(".") + ", modifiée pour le banc d'essai.")
    generate.write_api_record(src, edited)
    step("edit", {f"apis/{edit['id']}"} | pages_showing(m, edit, listed=False))
    path = generate.write_api_record(src, added)
    with_added = generate.Model(m.apis + [added], m.providers, m.themes)
    step("add", {f"apis/{added['id']}"} | pages_showing(with_added, added, listed=True))
    removed_path = src / "apis" / f"{remove['id']}.yml"
    removed_text = removed_path.read_text(encoding="utf-8")
    removed_path.unlink()
    step("remove", pages_showing(with_added, remove, listed=True))
    # Back to the generated sources, for the next repetition.
    generate.write_api_record(src, edit)
    path.unlink()
    removed_path.write_text(removed_text, encoding="utf-8")
    results["records"] = {"edit": edit["id"], "add": added["id"], "remove": remove["id"]}
    return results


def specs_builds(src: Path, out: Path, m: generate.Model, logs: Path) -> dict:
    """The site with a specification on one API in ten: a full build, then one snapshot edited."""
    full = full_build(src, out, 1, logs / "full.log")
    api = m.sorted_apis()[0]  # write_specs gives the first API of each ten a snapshot
    path = src / "apis" / "openapi" / f"{api['id']}.json"
    original = path.read_text(encoding="utf-8")
    spec = json.loads(original)
    spec["paths"]["/banc-d-essai"] = {"get": {"summary": "Opération ajoutée", "responses": {"200": {"description": "ok"}}}}
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    log = logs / "edit.log"
    edit = sphinx(src, out, 1, quiet=False, log=log)
    edit.update(activity(log))
    path.write_text(original, encoding="utf-8")
    sizes = sorted(p.stat().st_size for p in (out / "html" / "apis").glob("*.html")
                   if (src / "apis" / "openapi" / f"{p.stem}.json").exists())
    return {"full": full, "edit": edit, "spec_page": statistics.median(sizes) if sizes else 0,
            "specs": len(sizes), "api": api["id"]}


# -- One size ---------------------------------------------------------------------------------------


def bench_size(n: int, repeat: int, jobs: list[int], baseline_jobs: list[int], work: Path) -> dict:
    sources = {kind: work / f"{kind}-{n}" for kind in ("records", "baseline", "specs")}
    started = time.perf_counter()
    m = generate.generate(n, SEED, sources["records"], "records")
    generate.generate(n, SEED, sources["baseline"], "baseline")
    generate.generate(n, SEED, sources["specs"], "specs")
    print(f"[N={n}] sites générés en {time.perf_counter() - started:.1f} s", file=sys.stderr)
    runs = []
    for rep in range(repeat):
        run: dict = {"full": {}, "sizes": {}, "identical": {}}
        for kind, j in [(k, j) for j in jobs for k in ("records", "baseline") if k == "records" or j in baseline_jobs]:
            out = work / f"{kind}-{n}-out" / f"j{j}"
            result = full_build(sources[kind], out, j, work / "logs" / f"{kind}-{n}-j{j}-r{rep}.log")
            run["full"][f"{kind}-j{j}"] = result
            print(f"[N={n} r{rep + 1}/{repeat}] {kind} -j {j} : {result['wall']:.1f} s, "
                  f"{result['rss_mib']:.0f} Mio, {result['warnings']} avertissement(s)", file=sys.stderr)
            if j == 1:
                run["sizes"][kind] = sizes(out / "html")
            elif rep == 0:  # outputs do not change between repetitions: compare once
                same, differ = same_html(work / f"{kind}-{n}-out" / "j1" / "html", out / "html")
                run["identical"][f"{kind}-j{j}"] = {"same": same, "differ": differ}
        if rep == 0 and browser.available():
            run["browser"] = {kind: browser.measure_site(work / f"{kind}-{n}-out" / "j1" / "html")
                              for kind in ("records", "baseline")}
            seen = run["browser"]["records"]
            typing = f"{seen['typing']['median']:.1f} ms" if seen["typing"] else "non mesurée"
            print(f"[N={n}] navigateur : filtres prêts en {seen['catalogue']['ready_ms']:.0f} ms, "
                  f"requête {seen['search']['median_ms']:.1f} ms, frappe {typing}", file=sys.stderr)
        run["specs"] = specs_builds(sources["specs"], work / f"specs-{n}-out", m, work / "logs" / f"specs-{n}-r{rep}")
        print(f"[N={n} r{rep + 1}/{repeat}] avec spécifications : {run['specs']['full']['wall']:.1f} s, "
              f"une spécification modifiée : {run['specs']['edit']['wall']:.1f} s", file=sys.stderr)
        out = work / f"records-{n}-out" / "j1"
        run["incremental"] = incremental(sources["records"], out, m, work / "logs" / f"records-{n}-r{rep}")
        run["validate"] = validate(sources["records"], work / "logs" / f"validate-{n}-r{rep}.log")
        print(f"[N={n} r{rep + 1}/{repeat}] incrémental : "
              + ", ".join(f"{k} {v['wall']:.1f} s" for k, v in run["incremental"].items() if "wall" in v)
              + f" ; validate {run['validate']['wall']:.1f} s", file=sys.stderr)
        runs.append(run)
    return {"n": n, "repeat": repeat, "runs": runs, "median": medians(runs)}


def medians(runs: list[dict]) -> dict:
    def med(values):
        return statistics.median(values)

    first = runs[0]
    result: dict = {"full": {}, "sizes": {}, "incremental": {}}
    for key in first["full"]:
        result["full"][key] = {m: med([r["full"][key][m] for r in runs]) for m in ("wall", "cpu", "rss_mib")}
    for kind in first["sizes"]:
        result["sizes"][kind] = {m: med([r["sizes"][kind][m] for r in runs]) for m in first["sizes"][kind]}
    for name, step in first["incremental"].items():
        if name == "records":
            continue
        result["incremental"][name] = {
            "wall": med([r["incremental"][name]["wall"] for r in runs]),
            "read": len(step["read"]), "written": len(step["written"]),
            "unexpected": step.get("unexpected", []), "missing": step.get("missing", []),
        }
    result["validate"] = med([r["validate"]["wall"] for r in runs])
    result["specs"] = {
        "full": med([r["specs"]["full"]["wall"] for r in runs]),
        "edit": med([r["specs"]["edit"]["wall"] for r in runs]),
        "read": first["specs"]["edit"]["read"],
        "spec_page": first["specs"]["spec_page"],
        "count": first["specs"]["specs"],
        "api": first["specs"]["api"],
    }
    if "browser" in first:
        result["browser"] = first["browser"]
    result["identical"] = {k: v["same"] for k, v in first["identical"].items()}
    return result


# -- Report ---------------------------------------------------------------------------------------


def rows(results: list[dict]) -> list[tuple]:
    """(N, metric, ours, baseline, ratio, target, met) for the table; *met* is None without a target."""
    out: list[tuple] = []
    by_n = {r["n"]: r["median"] for r in results}
    for n, med in by_n.items():
        full, same = med["full"], med["identical"]
        ours1, base1 = full["records-j1"], full.get("baseline-j1", {})

        def versus(metric: str, label: str, key: str, target: str = "", limit: float | None = None) -> None:
            ours, base = full[f"records-{key}"][metric], full.get(f"baseline-{key}", {}).get(metric)
            ratio = ours / base if base else None
            met = (ratio <= limit) if (limit is not None and ratio is not None) else None
            out.append((n, label, ours, base, ratio, target, met))

        versus("wall", "build complet -j 1, temps (s)", "j1", *(("≤ 1.10 ×", 1.10) if n == 1000 else ()))
        versus("cpu", "build complet -j 1, CPU (s)", "j1")
        versus("rss_mib", "build complet -j 1, pic RSS (Mio)", "j1")
        if n >= 10000:
            out[-1] = out[-1][:5] + ("≤ 3072 Mio", ours1["rss_mib"] <= 3072)
        for j in sorted({int(key.rsplit("-j", 1)[1]) for key in full} - {1}):
            key = f"j{j}"
            versus("wall", f"build complet -j {j}, temps (s)", key)
            ours_speed = full[f"records-{key}"]["wall"] / ours1["wall"]
            base_speed = full[f"baseline-{key}"]["wall"] / base1["wall"] if f"baseline-{key}" in full else None
            out.append((n, f"  -j {j} / -j 1 (temps)", ours_speed, base_speed, None,
                        "< 1 (N ≥ 1000)" if n >= 1000 else "", ours_speed < 1 if n >= 1000 else None))
            out.append((n, f"  sortie -j {j} identique à -j 1 (.html)", same.get(f"records-{key}"),
                        same.get(f"baseline-{key}"), None, "identique", same.get(f"records-{key}")))
            versus("rss_mib", f"  -j {j}, pic RSS d'un processus (Mio)", key)
        sizes_ours, sizes_base = med["sizes"]["records"], med["sizes"].get("baseline", {})
        for metric, label in (("api_page", "page d'API, médiane (Kio)"), ("catalogue", "catalogue.html (Kio)"),
                              ("searchindex", "searchindex.js (Kio)")):
            base = sizes_base.get(metric)
            out.append((n, label, sizes_ours[metric] / 1024, base and base / 1024, base and sizes_ours[metric] / base, "", None))
        for name, step in med["incremental"].items():
            share = step["wall"] / ours1["wall"]
            extra = f", {len(step['unexpected'])} en trop, {len(step['missing'])} manquante(s)" \
                if step["unexpected"] or step["missing"] else ""
            label = f"incrémental « {name} » : {step['read']} relu(s), {step['written']} réécrit(s){extra} (s)"
            target, met = "", None
            if name == "edit":
                target = "1 relu, pages attendues" + (", ≤ 10 %" if n == 1000 else "")
                met = step["read"] == 1 and not extra and (n != 1000 or share <= 0.10)
            out.append((n, label, step["wall"], None, share, target, met))
        out.append((n, "make validate (s)", med["validate"], None, None, "< 10 s" if n >= 10000 else "",
                    med["validate"] < 10 if n >= 10000 else None))
        specs = med["specs"]
        out.append((n, f"build complet -j 1 avec {specs['count']} spécifications (s)", specs["full"], ours1["wall"],
                    specs["full"] / ours1["wall"], "", None))
        reread_ok = specs["read"] == [f"apis/{specs['api']}"]
        out.append((n, f"  une spécification modifiée : {len(specs['read'])} relu(s) (s)", specs["edit"], None,
                    specs["edit"] / specs["full"], "1 relu", reread_ok))
        out.append((n, "  page d'API avec spécification, médiane (Kio)", specs["spec_page"] / 1024,
                    med["sizes"]["records"]["api_page"] / 1024, None, "", None))
        if "browser" in med:
            out.extend(browser_rows(n, med["browser"]))
    if 1000 in by_n and 10000 in by_n:
        for metric, label in (("wall", "temps"), ("cpu", "CPU")):
            growth = by_n[10000]["full"]["records-j1"][metric] / by_n[1000]["full"]["records-j1"][metric]
            base = by_n[10000]["full"]["baseline-j1"][metric] / by_n[1000]["full"]["baseline-j1"][metric]
            out.append(("1k→10k", f"croissance du build complet -j 1 ({label})", growth, base, None, "≤ 11", growth <= 11))
    if len(by_n) > 1:
        small, large = min(by_n), max(by_n)
        growth = by_n[large]["sizes"]["records"]["api_page"] / by_n[small]["sizes"]["records"]["api_page"]
        out.append((f"{small}→{large}", "taille d'une page d'API (rapport)", growth, None, None, "≤ 1.05", growth <= 1.05))
    return out


def browser_rows(n: int, seen: dict) -> list[tuple]:
    """The Chromium measures of one size: ours against the hand-written site (Sphinx's search)."""
    ours, base = seen["records"], seen["baseline"]

    def line(label, mine, theirs, target="", met=None):
        return (n, label, mine, theirs, mine / theirs if mine is not None and theirs else None, target, met)

    ready = ours["catalogue"]["ready_ms"]
    query = ours["search"]["max_ms"]
    typing = ours["typing"] or {}
    return [
        line("navigateur : catalogue.html et ce qu'elle charge (Kio)", ours["catalogue"]["kib"], base["catalogue"]["kib"]),
        line("navigateur : filtres prêts, téléphone (ms ; réf. : chargement)", ready, base["catalogue"]["ready_ms"],
             "< 2000 ms" if n == 1000 else "", ready < 2000 if n == 1000 else None),
        line("navigateur : un filtre appliqué (ms)", ours["catalogue"]["apply_ms"], None),
        line("navigateur : requête, médiane (ms ; réf. : recherche de Sphinx)", ours["search"]["median_ms"],
             base["search"]["median_ms"]),
        line("navigateur : requête, la plus lente (ms)", query, base["search"]["max_ms"],
             "< 100 ms" if n >= 10000 else "", query < 100 if n >= 10000 else None),
        line("navigateur : frappe dans le champ d'accueil, médiane (ms)", typing.get("median"), None,
             "< 50 ms" if n >= 10000 else "", typing.get("median", 1e9) < 50 if n >= 10000 else None),
        line("navigateur : frappe, 90e centile (ms)", typing.get("p90"), None),
    ]


def fmt(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "oui" if value else "NON"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def print_table(table: list[tuple]) -> None:
    header = ("N", "mesure", "nous", "référence", "rapport", "cible", "atteinte ?")
    cells = [header] + [tuple(fmt(v) for v in row) for row in table]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for index, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


def main() -> None:
    parser = argparse.ArgumentParser(description="Banc de performance du catalogue (make bench).")
    parser.add_argument("--sizes", default="100,1000", help="nombres d'API, séparés par des virgules")
    parser.add_argument("--with-10k", action="store_true", help="ajouter N = 10000 (long)")
    parser.add_argument("--repeat", type=int, help="répétitions (défaut : 3, et 1 pour N = 10000)")
    parser.add_argument("--jobs", default="1,2,3", help="valeurs de -j pour notre site")
    parser.add_argument("--baseline-jobs", help="valeurs de -j pour la référence (défaut : 1,2, et 1 pour N = 10000)")
    parser.add_argument("--out", type=Path, default=PROJECT / "_build" / "bench")
    parser.add_argument("--table", type=Path, metavar="JSON", help="réafficher le tableau d'un fichier de résultats")
    args = parser.parse_args()
    if args.table:
        print_table(rows(json.loads(args.table.read_text(encoding="utf-8"))["results"]))
        return

    sizes_ = [int(s) for s in args.sizes.split(",") if s] + ([10000] if args.with_10k else [])
    jobs = sorted({1, *(int(j) for j in args.jobs.split(","))})
    out = args.out.resolve()
    results = []
    for n in sizes_:
        # At 10,000 APIs a build takes minutes: one repetition, and the
        # baseline only at -j 1, unless asked otherwise.
        repeat = args.repeat or (1 if n >= 10000 else 3)
        baseline_jobs = [int(j) for j in (args.baseline_jobs or ("1" if n >= 10000 else "1,2")).split(",") if j]
        results.append(bench_size(n, repeat, jobs, baseline_jobs, out / "work"))
    table = rows(results)
    print_table(table)
    print("\nMédianes. « rapport » : nous / référence ; pour les constructions incrémentales, part du "
          "temps d'une construction complète -j 1. Pages relues et réécrites : celles que Sphinx annonce "
          "(reading sources, writing output) ; « en trop » et « manquantes » : par rapport aux pages qui "
          "montrent la fiche.")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    document = {
        "date": stamp, "python": sys.version.split()[0], "cpus": os.cpu_count(), "seed": SEED,
        "argv": sys.argv[1:], "results": results,
        "table": [dict(zip(("n", "metric", "ours", "baseline", "ratio", "target", "met"), row)) for row in table],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2, default=str)
    (out / f"results-{stamp}.json").write_text(text, encoding="utf-8")
    (out / "latest.json").write_text(text, encoding="utf-8")
    print(f"\nrésultats : {out / f'results-{stamp}.json'}")


if __name__ == "__main__":
    main()
