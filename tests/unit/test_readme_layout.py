"""README's Layout section names every module, folder, script and benchmark there is.

A newcomer reads the layout first; a module it does not name is one they will not find, and
a name it keeps after a move sends them to a file that is gone.
"""

from __future__ import annotations

import re

from support.project import PROJECT

PACKAGE = PROJECT / "assistant"


def layout_block() -> str:
    readme = PROJECT.joinpath("README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def _named(block: str) -> set[str]:
    """Every file name the block mentions (anywhere: "corpus.py, search.py") and every folder
    in the name column ("  cli/", "  app/pages/" names app/ and pages/), ending in /."""
    files = set(re.findall(r"[\w.-]+\.(?:py|js|css|j2|toml)\b", block))
    folders = {
        part + "/"
        for lead in re.findall(r"(?m)^ {0,2}((?:[\w-]+/)+)", block)
        for part in lead.strip("/").split("/")
    }
    return files | folders


def test_every_module_and_package_is_in_the_layout():
    named = _named(layout_block())
    missing = []
    for path in sorted(PACKAGE.rglob("*")):
        if "__pycache__" in path.parts or path.name in ("__init__.py", "__main__.py"):
            continue
        if path.is_dir() and f"{path.name}/" not in named:
            missing.append(f"{path.relative_to(PROJECT)}/")
        elif path.suffix in (".py", ".js") and path.name not in named:
            missing.append(str(path.relative_to(PROJECT)))
    assert not missing, "not in README's Layout: " + ", ".join(missing)


def test_every_name_in_the_layout_exists():
    files = {p.name for p in PROJECT.rglob("*") if ".venv" not in p.parts and ".git" not in p.parts}
    gone = sorted(n for n in _named(layout_block()) if n.rstrip("/") not in files)
    assert not gone, "README's Layout names what is not there: " + ", ".join(gone)


def test_every_benchmark_and_script_is_in_the_readme():
    readme = PROJECT.joinpath("README.md").read_text(encoding="utf-8")
    tools = [*PROJECT.glob("benchmarks/*.py"), *PROJECT.glob("scripts/*")]
    missing = [str(p.relative_to(PROJECT)) for p in tools if p.name not in readme]
    assert not missing, "not named in README.md: " + ", ".join(sorted(missing))
