"""Where a lake lives: its folder or URI, its DuckLake catalog and the path of its Parquet data.

A local lake is one folder: the catalog is `LAKE/sitrep.sqlite` (SQLite, so several local
processes can use it at once) and DuckLake writes its Parquet files under `LAKE/data/`.
A lake on S3-compatible storage keeps its data under `URI/data/` and needs a catalog named
explicitly: a PostgreSQL database for writers on many machines (`postgres:dbname=… host=…`),
or a local SQLite file for one machine (`sqlite:/path/to/catalog.sqlite`).

S3 lakes are addressed by URI, e.g. `s3://bucket/lake?endpoint_override=http://host:9000&scheme=http`;
credentials come from the usual AWS variables or files.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

CATALOG_FILE = "sitrep.sqlite"
DATA_DIR = "data"
CATALOG_KINDS = ("sqlite", "postgres")


class LakeConfigError(ValueError):
    """A lake location that cannot work (an S3 lake without a catalog, an unknown catalog kind)."""


def is_uri(location: str | Path) -> bool:
    return "://" in str(location)


@dataclass(frozen=True)
class LakeLocation:
    root: str  # the lake as the user named it: an absolute folder, or a URI
    catalog: str  # DuckLake's metadata database: "sqlite:/abs/file" or "postgres:<libpq connection string>"
    data_path: str  # where DuckLake writes Parquet, ending in "/"
    as_of: int | str | None = None  # read this snapshot (an id, or a time) rather than the latest

    def __str__(self) -> str:
        return self.root

    @property
    def local(self) -> bool:
        return not is_uri(self.root)

    @property
    def catalog_kind(self) -> str:
        return self.catalog.split(":", 1)[0]

    @property
    def catalog_file(self) -> Path | None:
        """The SQLite catalog's file, for catalogs that are one."""
        return Path(self.catalog.split(":", 1)[1]) if self.catalog_kind == "sqlite" else None

    @property
    def s3_options(self) -> dict[str, str] | None:
        """Endpoint, scheme and region an s3:// data path was given in its URI's query."""
        if not self.data_path.startswith("s3://"):
            return None
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.root).query).items()} if is_uri(self.root) else {}
        endpoint = query.get("endpoint_override", "")
        scheme = query.get("scheme") or (urlsplit(endpoint).scheme if "://" in endpoint else "https")
        return {
            "endpoint": endpoint.split("://", 1)[-1],
            "use_ssl": "false" if scheme == "http" else "true",
            "region": query.get("region", ""),
        }


def lake_location(lake: str | Path | LakeLocation, catalog: str | None = None, data_path: str | None = None) -> LakeLocation:
    """The lake's location; `catalog` and `data_path` override the defaults described above."""
    if isinstance(lake, LakeLocation):
        return lake
    if is_uri(lake):
        root = str(lake)
        base = root.split("?", 1)[0].rstrip("/")
        if catalog is None:
            raise LakeConfigError(
                f"{root}: a lake on object storage needs a catalog: --catalog postgres:'dbname=… host=…' "
                "(many machines) or --catalog sqlite:/local/file.sqlite (one machine)"
            )
        default_data = f"{base}/{DATA_DIR}/"
    else:
        folder = Path(lake).expanduser().resolve()
        root = str(folder)
        default_data = f"{folder / DATA_DIR}/"
        catalog = catalog or f"sqlite:{folder / CATALOG_FILE}"
    kind = catalog.split(":", 1)[0]
    if kind not in CATALOG_KINDS or ":" not in catalog:
        raise LakeConfigError(f"catalog {catalog!r}: use sqlite:PATH or postgres:CONNECTION-STRING")
    if kind == "sqlite":
        catalog = f"sqlite:{Path(catalog.split(':', 1)[1]).expanduser().resolve()}"
    data = data_path or default_data
    return LakeLocation(root=root, catalog=catalog, data_path=data if data.endswith("/") else data + "/")
