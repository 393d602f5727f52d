"""The tests' own layout rules: shared code lives in tests/support, never in a test module.

A test that imports another test module runs that module's tests' setup as a side effect and
ties two files together by accident; conftest is pytest's, not a library.
"""

from __future__ import annotations

import ast
from collections import Counter

from support.project import PROJECT

TESTS = PROJECT / "tests"


def _imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_no_test_imports_another_test_module_or_conftest():
    offenders = sorted(
        f"{path.relative_to(TESTS)} imports {module}"
        for path in TESTS.rglob("*.py")
        for module in _imported_modules(path)
        if module.split(".")[-1].startswith("test_") or module.split(".")[0] == "conftest"
    )
    assert not offenders, "\n".join(offenders)


def test_tests_live_in_the_four_folders_with_unique_names():
    """unit, cli, app, sync; equal basenames would clash in pytest's default import mode."""
    tests = list(TESTS.rglob("test_*.py"))
    folders = {path.relative_to(TESTS).parts[0] for path in tests}
    assert folders == {"unit", "cli", "app", "sync"}
    twice = [name for name, n in Counter(path.name for path in tests).items() if n > 1]
    assert not twice, twice


def test_the_scan_sees_a_test_module_import(tmp_path):
    sample = tmp_path / "test_x.py"
    sample.write_text("from test_app import go\nimport conftest\nfrom support.x import y\n")
    assert _imported_modules(sample) == {"test_app", "conftest", "support.x"}
