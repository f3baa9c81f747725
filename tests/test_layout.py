"""Test modules stand alone: what several of them share lives in tests/support/ or a conftest.py."""
import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_test_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    return {n for n in names if n.startswith("tests.") and not n.startswith("tests.support")}


def test_no_test_module_imports_another():
    offenders = {str(p.relative_to(TESTS)): sorted(imported_test_modules(p)) for p in TESTS.rglob("*.py")}
    assert {p: names for p, names in offenders.items() if names} == {}


def test_the_check_sees_an_import_of_a_test_module(tmp_path):
    probe = tmp_path / "test_probe.py"
    probe.write_text("from tests.pipelines.extract.test_extract import CASES\nimport tests.support.texts\n")
    assert imported_test_modules(probe) == {"tests.pipelines.extract.test_extract"}
