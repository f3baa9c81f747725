"""The distribution installs every package of the tree (a non-editable install has no other way to find them)."""
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {name: ROOT / path for name, path in config["package-dir"].items()}
    found = {
        ".".join([top, *init.parent.relative_to(folder).parts])
        for top, folder in folders.items()
        for init in folder.rglob("__init__.py")
    }
    assert found == set(config["packages"])
