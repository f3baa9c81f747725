import ast
from pathlib import Path

PIPELINES = Path(__file__).resolve().parents[2] / "pipelines"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_pipelines_never_imports_prefect_or_flows():
    files = sorted(PIPELINES.rglob("*.py"))
    assert len(files) > 5
    offenders = [str(p) for p in files if imported_modules(p) & {"prefect", "flows"}]
    assert offenders == []


def test_only_the_warehouse_and_its_query_sandbox_touch_duckdb():
    users = sorted(p.name for p in PIPELINES.rglob("*.py") if "duckdb" in imported_modules(p))
    assert users == ["sandbox.py", "warehouse.py"]


def test_pipelines_sets_no_module_global_at_run_time():
    # Configuration and loaded data are passed in (pipelines.resources), never kept in globals.
    offenders = [
        f"{p.name}:{node.lineno}"
        for p in sorted(PIPELINES.rglob("*.py"))
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.Global)
    ]
    assert offenders == []
