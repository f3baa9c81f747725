"""What scheduled collection fetches, as `sitrep.toml` declares it: the sources, the limits of
fetching, and the Prefect server `sitrep serve` uses. Validated models; pipelines/config.py reads
the file into pipelines/settings.py's Settings, which holds these."""
from __future__ import annotations

import ipaddress
import re
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cronsim import CronSim, CronSimError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, field_validator

SOURCE_KINDS = ("inbox", "feed", "urls", "warc")
# Deployment names and doc ids carry the source name: keep it to safe characters.
SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FetchLimits(_Strict):
    # The longest wait for a connection or for any one read of an answer.
    timeout_seconds: float = Field(20.0, gt=0, le=600)
    # The longest one request may take in all (connection, redirects, headers, body), however
    # the server paces its bytes: read timeouts alone let a trickling server hold on for ever.
    deadline_seconds: float = Field(60.0, gt=0, le=3600)
    # The longest one run of a source may spend fetching: runs go one at a time (the lake takes
    # one writer), so this bounds how long a slow source keeps the others waiting. Entries left
    # when it is spent are fetched by the next run.
    run_budget_seconds: float = Field(600.0, gt=0, le=86_400)
    max_redirects: int = Field(5, ge=0, le=20)
    max_bytes: int = Field(10_000_000, gt=0)
    user_agent: str = "sitrep/0.1 (event extraction)"
    # Feed entries fetched per run at most: a feed full of new links is worked off over several runs.
    max_entries: int = Field(100, gt=0)


class PrefectServer(_Strict):
    # Serve on this standing server; when absent (and PREFECT_API_URL is unset) Sitrep starts its own.
    api_url: HttpUrl | None = None
    host: str = "127.0.0.1"
    port: int = Field(0, ge=0, le=65535)  # 0: any free port
    home: Path | None = None  # PREFECT_HOME of the embedded server; default LAKE/_prefect
    startup_timeout_seconds: float = Field(90.0, gt=0)


class _Source(_Strict):
    name: str
    cron: str
    timezone: str = "UTC"

    @field_validator("name")
    @classmethod
    def _name_is_a_slug(cls, value: str) -> str:
        if not SOURCE_NAME.match(value):
            raise ValueError("use lower-case letters, digits, '-' and '_' (at most 64)")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone_exists(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown IANA time zone {value!r}") from None
        return value

    @field_validator("cron")
    @classmethod
    def _cron_parses(cls, value: str) -> str:
        try:
            CronSim(value, datetime(2025, 1, 1))
        except CronSimError as exc:
            raise ValueError(f"not a cron expression: {exc}") from None
        return value


class InboxSource(_Source):
    kind: Literal["inbox"]
    folder: Path
    glob: str = "**/*"


# `host` or `host:port`: a DNS name, an IPv4 address or a bracketed IPv6 address.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
ALLOWED_HOST = re.compile(rf"^(?P<host>{_LABEL}(?:\.{_LABEL})*|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{{1,5}}))?$")


def _allowed_host(value: str) -> str:
    entry = value.strip().lower().rstrip(".")
    match = ALLOWED_HOST.match(entry)
    if not match:
        raise ValueError(f"{value!r} is not a host name or address, with an optional :port (no scheme, no path)")
    host, port = match.group("host"), match.group("port")
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise ValueError(f"{value!r}: {host} is not an IPv6 address") from None
    if port is not None and not 0 < int(port) <= 65535:
        raise ValueError(f"{value!r}: port {port} is out of range")
    return entry


class _FetchingSource(_Source):
    # Hosts this source may fetch from although they resolve to a loopback, private,
    # link-local or otherwise non-public address (an intranet server): by name, as written
    # in the URL, optionally with a port. Every other URL of the source (configured, found
    # in a feed, or redirected to) must resolve to public addresses only.
    allow_hosts: list[Annotated[str, AfterValidator(_allowed_host)]] = Field(default_factory=list)


class FeedSource(_FetchingSource):
    kind: Literal["feed"]
    url: HttpUrl


class UrlsSource(_FetchingSource):
    kind: Literal["urls"]
    urls: list[HttpUrl] = Field(min_length=1)


class WarcSource(_Source):
    kind: Literal["warc"]
    paths: list[str] = Field(min_length=1)  # files or globs


Source = Annotated[InboxSource | FeedSource | UrlsSource | WarcSource, Field(discriminator="kind")]
