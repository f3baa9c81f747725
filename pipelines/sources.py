"""Fetch a configured source's new documents and keep a raw copy of each in the lake.

Every fetched page, feed and inbox file is kept byte for byte under
`LAKE/raw/<sha256[:2]>/<sha256>.<ext>` so the lake can be rebuilt without fetching
again; `LAKE/raw/_manifest/<source>.jsonl` says which URL or file each copy came from
and doubles as the record of what a source has already delivered. Both are written through
the lake's storage layer (pipelines/storage.py), so `LAKE` is a folder or an s3:// URI alike.

Nothing here raises on a bad input: a timeout, an HTTP error, a feed that is not XML
or declares entities, a page too large or not UTF-8 becomes a Reject and the rest of
the batch goes on. Only a failure of the lake's own disk raises.
"""
from __future__ import annotations

import glob
import hashlib
import io
import ipaddress
import json
import math
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

import httpcore
import httpx
from sitrep.pipelines.collection import FeedSource, FetchLimits, InboxSource, UrlsSource, WarcSource
from sitrep.pipelines.documents import Document
from sitrep.pipelines.ingest import SUFFIXES, Reject, decode_text, html_document, read_path, special_file
from sitrep.pipelines.location import LakeLocation
from sitrep.pipelines.storage import LakeFiles

RAW_DIR = "raw"
MANIFEST_DIR = "_manifest"
HTML_TYPES = ("text/html", "application/xhtml+xml")


# --- the raw store -----------------------------------------------------------------


def lake_files(lake: str | Path | LakeLocation | LakeFiles) -> LakeFiles:
    return lake if isinstance(lake, LakeFiles) else LakeFiles.of(lake)


def raw_path(sha256: str, ext: str) -> str:
    """Where the raw copy of bytes with this digest lives, relative to the lake."""
    return f"{RAW_DIR}/{sha256[:2]}/{sha256}.{ext}"


def stored_raw_path(files: LakeFiles, data: bytes, ext: str) -> str:
    """The raw copy of these bytes (its path or URI), written only if the store does not hold it yet."""
    dest = raw_path(hashlib.sha256(data).hexdigest(), ext)
    if not files.exists(dest):
        files.write_atomic(dest, data)
    return files.uri(dest)


def file_sha256(path: Path) -> str:
    with Path(path).open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def stored_raw_file(files: LakeFiles, path: Path, sha256: str, ext: str) -> str:
    """The raw copy of a local file, copied in chunks (files may be larger than memory)."""
    dest = raw_path(sha256, ext)
    if not files.exists(dest):
        with Path(path).open("rb") as f:
            files.write_atomic(dest, iter(lambda: f.read(1 << 20), b""))
    return files.uri(dest)


@dataclass(frozen=True)
class RawEntry:
    """One line of a source's manifest: where a raw copy came from."""

    source: str
    key: str  # what counts as already delivered: an entry's URL, or path@sha256 of a file
    sha256: str  # of the raw copy; "" for an entry that only marks something rejected for good
    ext: str
    url: str | None = None
    fetched_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


def manifest_path(source: str) -> str:
    return f"{RAW_DIR}/{MANIFEST_DIR}/{source}.jsonl"


def seen_keys(lake: str | Path | LakeLocation | LakeFiles, source: str) -> set[str]:
    """Keys a source has delivered in earlier committed runs."""
    data = lake_files(lake).read_bytes(manifest_path(source))
    if data is None:
        return set()
    keys = set()
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            keys.add(json.loads(line)["key"])
        except (json.JSONDecodeError, KeyError, TypeError):
            continue  # a line torn by a crash mid-append: its key is fetched again, harmlessly
    return keys


def record_entries(lake: str | Path | LakeLocation | LakeFiles, source: str, entries: Iterable[RawEntry]) -> int:
    """Append entries to the source's manifest; returns how many were written. (On object
    storage the manifest is written again whole: one source's runs go one at a time.)"""
    lines = [json.dumps(asdict(e), sort_keys=True) + "\n" for e in entries]
    if lines:
        lake_files(lake).append(manifest_path(source), "".join(lines).encode("utf-8"))
    return len(lines)


# --- HTTP --------------------------------------------------------------------------
#
# Every connection goes through GuardedBackend: it resolves the host once, refuses it
# unless every address is public (or the source allows the host by name), and connects to
# exactly the address it checked, so a DNS answer that changes between check and connect
# (rebinding) gains nothing. The host name still goes out as the Host header and the TLS
# server name. Redirects are followed here, one hop at a time, each hop through the same
# check; and every read is bounded by the request's deadline, not only by a read timeout.

# Addresses of cloud providers' instance-metadata services, named in a refusal's detail.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "169.254.170.2")
)


class BlockedAddress(Exception):
    """A host resolving to an address the fetch policy refuses."""


def address_class(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not a public one (loopback, private...), or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for name in ("loopback", "link_local", "multicast", "private", "reserved", "unspecified"):
        if getattr(ip, f"is_{name}"):
            return name.replace("_", "-")
    return None if ip.is_global else "not a public address"


def _host_entry(host: str) -> str:
    host = host.lower().rstrip(".")
    return f"[{host}]" if ":" in host else host


@dataclass(frozen=True)
class FetchPolicy:
    """Where a source may connect: public addresses, and the hosts it allows by name."""

    allow_hosts: frozenset[str] = frozenset()
    resolve: Callable[..., list] = socket.getaddrinfo

    def allows_by_name(self, host: str, port: int) -> bool:
        entry = _host_entry(host)
        return entry in self.allow_hosts or f"{entry}:{port}" in self.allow_hosts

    def checked_addresses(self, host: str, port: int, seconds: float = math.inf) -> list[str]:
        """The addresses to connect to for host:port, resolved within `seconds`; BlockedAddress
        when the policy refuses them."""
        try:
            infos = _resolved_within(self.resolve, host, port, seconds)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not self.allows_by_name(host, port):
            for address in addresses:
                why = address_class(ipaddress.ip_address(address.split("%", 1)[0]))
                if why:
                    raise BlockedAddress(
                        f"{host} resolves to {address} ({why}); add {_host_entry(host)!r} to the source's "
                        "allow_hosts to fetch from it"
                    )
        return addresses


def _resolved_within(resolve: Callable[..., list], host: str, port: int, seconds: float) -> list:
    """resolve(host, port) if it answers within `seconds`, else httpcore.ConnectTimeout.

    getaddrinfo cannot be interrupted, and a resolver that hangs would hold the request past
    its deadline: it runs in a daemon thread, which is left behind (to end when the resolver
    gives up) once the deadline has passed."""
    if seconds == math.inf:
        return resolve(host, port, type=socket.SOCK_STREAM)
    answer: dict = {}

    def run() -> None:
        try:
            answer["infos"] = resolve(host, port, type=socket.SOCK_STREAM)
        except BaseException as exc:  # handed to the caller below
            answer["error"] = exc

    worker = threading.Thread(target=run, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(max(seconds, 0.0))
    if worker.is_alive():
        raise httpcore.ConnectTimeout(f"resolving {host} took longer than the request's deadline")
    if "error" in answer:
        raise answer["error"]
    return answer["infos"]


class _Deadline:
    """The instant the request under way must be done by (set per request by SafeClient)."""

    def __init__(self) -> None:
        self.at = math.inf

    def remaining(self, timeout: float | None) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("request deadline passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._stream, self._deadline = stream, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.remaining(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        tls = self._stream.start_tls(ssl_context, server_hostname, self._deadline.remaining(timeout))
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str):
        return self._stream.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, connecting only to addresses the policy has checked."""

    def __init__(self, policy: FetchPolicy, deadline: _Deadline) -> None:
        self.policy, self.deadline = policy, deadline
        self._backend = httpcore.SyncBackend()

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        failure: Exception | None = None
        for address in self.policy.checked_addresses(host, port, self.deadline.remaining(None)):
            try:
                stream = self._backend.connect_tcp(
                    address, port, self.deadline.remaining(timeout), local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return _DeadlineStream(stream, self.deadline)
        raise failure or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("Unix sockets are not fetched from")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, backend: GuardedBackend) -> None:
        super().__init__(trust_env=False)
        # httpx 0.28 takes no network backend (encode/httpx#3749 proposes it): swap the
        # pool it built for one with ours. No proxy is used: it would connect for us, unchecked.
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=backend)


@dataclass(frozen=True)
class Fetched:
    url: str
    data: bytes
    content_type: str = ""
    charset: str | None = None


class SafeClient:
    """An HTTP client for one source's run: the fetch policy on every connection, a deadline
    on every request, and a budget for the run (`limits.run_budget_seconds`)."""

    def __init__(self, limits: FetchLimits, allow_hosts: Iterable[str] = (), resolve: Callable[..., list] | None = None):
        self.limits = limits
        self.policy = FetchPolicy(frozenset(allow_hosts), resolve or socket.getaddrinfo)
        self.deadline = _Deadline()
        self.budget_ends = time.monotonic() + limits.run_budget_seconds
        self.http = httpx.Client(
            transport=_GuardedTransport(GuardedBackend(self.policy, self.deadline)),
            timeout=httpx.Timeout(limits.timeout_seconds),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": limits.user_agent},
        )

    def budget_spent(self) -> bool:
        return time.monotonic() >= self.budget_ends

    def __enter__(self) -> SafeClient:
        return self

    def __exit__(self, *exc) -> None:
        self.http.close()


def http_client(limits: FetchLimits, allow_hosts: Iterable[str] = ()) -> SafeClient:
    return SafeClient(limits, allow_hosts)


def _is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def fetched_bytes(client: SafeClient, url: str, limits: FetchLimits) -> Fetched | Reject:
    """A URL's body, read up to `limits.max_bytes`, following at most `limits.max_redirects`
    redirects, all within `limits.deadline_seconds` (and what is left of the run's budget)."""
    if not _is_http(url):
        return Reject(url, "bad_url", "only http and https URLs are fetched")
    started = time.monotonic()
    client.deadline.at = min(started + limits.deadline_seconds, client.budget_ends)
    try:
        return _followed(client, url, limits)
    except BlockedAddress as exc:
        return Reject(url, "blocked_address", str(exc))
    except httpx.TimeoutException as exc:
        if time.monotonic() >= client.deadline.at:
            spent = client.deadline.at - started
            return Reject(url, "too_slow", f"not complete within {spent:.1f}s (deadline_seconds {limits.deadline_seconds}, "
                          f"run_budget_seconds {limits.run_budget_seconds})")
        return Reject(url, "timeout", f"{type(exc).__name__} after {limits.timeout_seconds}s")
    except httpx.UnsupportedProtocol as exc:
        return Reject(url, "bad_url", str(exc))
    except httpx.HTTPError as exc:
        return Reject(url, "fetch_failed", f"{type(exc).__name__}: {exc}")
    finally:
        client.deadline.at = math.inf


def _followed(client: SafeClient, url: str, limits: FetchLimits) -> Fetched | Reject:
    request = client.http.build_request("GET", url)
    for _ in range(limits.max_redirects + 1):
        response = client.http.send(request, stream=True)
        try:
            if response.next_request is None:
                return _body(url, response, limits)
            request = response.next_request
        finally:
            response.close()
        if not _is_http(str(request.url)):
            return Reject(url, "bad_url", f"redirected to {request.url}: only http and https URLs are fetched")
    return Reject(url, "too_many_redirects", f"more than {limits.max_redirects} redirects")


def _body(url: str, response: httpx.Response, limits: FetchLimits) -> Fetched | Reject:
    if response.status_code >= 400:
        return Reject(url, "http_error", f"HTTP {response.status_code} {response.reason_phrase}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        return Reject(url, "too_large", f"Content-Length {declared} > {limits.max_bytes}")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            return Reject(url, "too_large", f"body over {limits.max_bytes} bytes")
        chunks.append(chunk)
    return Fetched(
        url=str(response.url),
        data=b"".join(chunks),
        content_type=response.headers.get("content-type", ""),
        charset=response.charset_encoding,
    )


# --- feeds -------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    link: str  # "" when the entry has none
    title: str = ""
    published_at: date | None = None
    entry_id: str = ""  # the feed's own id of the entry (RSS guid, Atom id), if any

    @property
    def key(self) -> str:
        """What marks the entry delivered: its link, or for an entry without one its id (or title)."""
        if self.link:
            return self.link
        named = self.entry_id or self.title
        return "entry@" + hashlib.sha256(named.encode("utf-8", "replace")).hexdigest()[:16]

    @property
    def label(self) -> str:
        return repr(self.entry_id or self.title or "(untitled)")


# Real feeds nest a few dozen elements deep at most (XHTML content included); a document
# nested deeper is built to exhaust a parser, and libxml2 stops at the same depth.
MAX_XML_DEPTH = 256


def unsafe_xml_reject(data: bytes, origin: str) -> Reject | None:
    """A Reject when the bytes are not well-formed XML, declare entities or nest too deep, else None.

    Entity declarations are how "billion laughs" and external-entity attacks work; no
    real feed needs them. defusedxml refuses them as soon as they are declared, before
    anything is expanded; the depth is counted while parsing, which stops at the limit.
    """
    import defusedxml
    import defusedxml.ElementTree as safe_et

    depth = 0
    try:
        events = safe_et.iterparse(io.BytesIO(data), ("start", "end"), forbid_dtd=False, forbid_entities=True, forbid_external=True)
        for event, element in events:
            if event == "start":
                depth += 1
                if depth > MAX_XML_DEPTH:
                    return Reject(origin, "too_deep", f"elements nested more than {MAX_XML_DEPTH} deep")
            else:
                depth -= 1
                element.clear()
    except defusedxml.DefusedXmlException as exc:
        return Reject(origin, "xml_entities", f"{type(exc).__name__}: entity or external declarations refused")
    except ParseError as exc:
        return Reject(origin, "not_xml", str(exc))
    return None


def feed_entries(data: bytes, feed_url: str) -> list[FeedEntry] | Reject:
    """The entries of an RSS or Atom document, checked safe before feedparser reads it."""
    import feedparser

    refused = unsafe_xml_reject(data, feed_url)
    if refused:
        return refused
    # A stream, never bytes or str: feedparser treats a string as a URL or file name to open.
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": feed_url})
    if not parsed.get("version") and not parsed.entries:
        return Reject(feed_url, "not_feed", "well-formed XML but neither RSS nor Atom")
    entries = []
    for entry in parsed.entries:
        # An entry without a link is kept (link ""): the collector rejects it, naming the feed and entry.
        link = entry.get("link") or ""
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        entries.append(
            FeedEntry(
                link=link.strip() if isinstance(link, str) else "",
                title=entry.get("title", ""),
                published_at=date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None,
                entry_id=entry.get("id", "") or "",
            )
        )
    return entries


# --- documents from fetched bytes --------------------------------------------------


def url_doc_id(url: str) -> str:
    """A page's doc_id comes from its URL, so a page that changes replaces its old events."""
    return "url-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.I)
    return match.group(1) if match else None


@dataclass
class Collected:
    """What one collection of a source came to."""

    documents: list[Document] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    entries: list[RawEntry] = field(default_factory=list)  # recorded as delivered once committed

    def add(self, item: Document | Reject) -> None:
        (self.rejects if isinstance(item, Reject) else self.documents).append(item)


def page_document(
    files: LakeFiles,
    url: str,
    data: bytes,
    content_type: str,
    charset: str | None = None,
    published_at: date | None = None,
    title: str = "",
) -> tuple[Document | Reject, str | None]:
    """A Document from a fetched HTML page, and the raw copy kept of it (its path or URI)."""
    media = _media_type(content_type)
    if media and media not in HTML_TYPES:
        return Reject(url, "unsupported_content", f"Content-Type {content_type!r}"), None
    stored = stored_raw_path(files, data, "html")
    text = decode_text(data, url, charset)
    if isinstance(text, Reject):
        return text, stored
    doc = html_document(text, doc_id=url_doc_id(url), origin=stored, url=url, published_at=published_at, title=title)
    return doc, stored


def _digest(stored: str) -> str:
    """The sha256 a raw copy's path or URI is named after."""
    return stored.rsplit("/", 1)[-1].split(".", 1)[0]


def _add_page(out: Collected, files: LakeFiles, source: str, url: str, got: Fetched | Reject, **meta) -> None:
    if isinstance(got, Reject):
        out.rejects.append(got)
        return
    item, stored = page_document(files, url, got.data, got.content_type, got.charset, **meta)
    out.add(item)
    if stored is not None:
        out.entries.append(RawEntry(source, url, _digest(stored), "html", url))


def new_entries(entries: list[FeedEntry], seen: set[str], limit: int) -> list[FeedEntry]:
    """Entries whose key (link) no earlier run delivered, each once, in feed order, at most `limit`."""
    fresh: dict[str, FeedEntry] = {}
    for entry in entries:
        if entry.key not in seen and entry.key not in fresh:
            fresh[entry.key] = entry
    return list(fresh.values())[:limit]


def collected_feed(source: FeedSource, files: LakeFiles, limits: FetchLimits, seen: set[str], client: SafeClient) -> Collected:
    out = Collected()
    url = str(source.url)
    got = fetched_bytes(client, url, limits)
    if isinstance(got, Reject):
        out.rejects.append(got)
        return out
    sha = _digest(stored_raw_path(files, got.data, "xml"))
    if f"feed@{sha}" not in seen:
        out.entries.append(RawEntry(source.name, f"feed@{sha}", sha, "xml", url))
    entries = feed_entries(got.data, url)
    if isinstance(entries, Reject):
        out.rejects.append(entries)
        return out
    todo = new_entries(entries, seen, limits.max_entries)
    for n, entry in enumerate(todo):
        if not _is_http(entry.link):
            # Nothing to fetch, now or later: rejected once (marked delivered), naming feed and entry.
            why = f"link {entry.link!r} is not an http(s) URL" if entry.link else "it has no link"
            out.rejects.append(Reject(f"{url} entry {entry.label}", "bad_link", f"feed entry {entry.label}: {why}"))
            out.entries.append(RawEntry(source.name, entry.key, sha, "xml", url))
            continue
        if client.budget_spent():
            out.rejects.append(_over_budget(url, len(todo) - n, limits))
            break
        page = fetched_bytes(client, entry.link, limits)
        _add_page(out, files, source.name, entry.link, page, published_at=entry.published_at, title=entry.title)
    return out


def _over_budget(source_url: str, left: int, limits: FetchLimits) -> Reject:
    # Not marked delivered: the next run fetches them.
    return Reject(source_url, "over_budget", f"run_budget_seconds {limits.run_budget_seconds} spent; {left} URL(s) left for the next run")


def collected_urls(
    source: UrlsSource, files: LakeFiles, limits: FetchLimits, seen: set[str], client: SafeClient
) -> Collected:
    # A listed URL is polled every run: the lake skips a page whose content has not changed,
    # and the manifest gains a line only for content it has not recorded yet.
    out = Collected()
    urls = list(map(str, source.urls))
    for n, url in enumerate(urls):
        if client.budget_spent():
            out.rejects.append(_over_budget(url, len(urls) - n, limits))
            break
        _add_page(out, files, source.name, url, fetched_bytes(client, url, limits))
    versioned = (replace(e, key=f"{e.key}@{e.sha256}") for e in out.entries)
    out.entries = [e for e in versioned if e.key not in seen]
    return out


def inbox_files(source: InboxSource) -> list[Path]:
    """The inbox's files of a readable kind, with any FIFO, symlink loop or broken link among
    them (reading one of those gives its Reject)."""
    return sorted(
        p for p in source.folder.glob(source.glob)
        if p.suffix.lower() in SUFFIXES and not p.name.startswith(".") and (p.is_file() or special_file(p))
    )


def collected_inbox(source: InboxSource, files: LakeFiles, seen: set[str]) -> Collected:
    """New or changed files of an inbox folder, read as `sitrep run` reads them."""
    out = Collected()
    if not source.folder.is_dir():
        out.rejects.append(Reject(str(source.folder), "missing_folder", f"inbox of source {source.name!r}"))
        return out
    for path in inbox_files(source):
        special = special_file(path)
        if special:
            # Never hashed (a FIFO would block the read). Reported once, not on every scheduled
            # run: it is marked delivered under its kind, so only a regular file put in its
            # place (a key with a digest) is read, and reported, again.
            key = f"{path}@{special}"
            if key not in seen:
                out.rejects += list(read_path(path))
                out.entries.append(RawEntry(source.name, key, "", "", None))
            continue
        sha = file_sha256(path)
        key = f"{path}@{sha}"
        if key in seen:
            continue
        ext = SUFFIXES[path.suffix.lower()]
        stored_raw_file(files, path, sha, ext)
        for item in read_path(path):
            out.add(item)
        out.entries.append(RawEntry(source.name, key, sha, ext, None))
    return out


def warc_files(source: WarcSource) -> list[Path]:
    found = {Path(p) for pattern in source.paths for p in glob.glob(pattern, recursive=True)}
    return sorted(p for p in found if p.is_file())


def _html_responses(path: Path, limits: FetchLimits) -> Iterator[Fetched | Reject]:
    """HTML response records of a WARC file (other records, such as images, are passed over)."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if not record.format.startswith("warc"):
                # warcio reads anything else as the legacy ARC format, record after garbage record
                raise ValueError(f"not a WARC file (read as {record.format!r})")
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{record.rec_headers.get_header('WARC-Record-ID')}"
            content_type = record.http_headers.get_header("Content-Type") or ""
            if _media_type(content_type) not in HTML_TYPES or record.http_headers.get_statuscode() != "200":
                continue
            data = record.content_stream().read(limits.max_bytes + 1)
            if len(data) > limits.max_bytes:
                yield Reject(url, "too_large", f"record body over {limits.max_bytes} bytes")
                continue
            yield Fetched(url, data, content_type, _charset(content_type))


def collected_warc(source: WarcSource, files: LakeFiles, limits: FetchLimits, seen: set[str]) -> Collected:
    out = Collected()
    found = warc_files(source)
    if not found:
        out.rejects.append(Reject(", ".join(source.paths), "no_files", f"no WARC file matches for source {source.name!r}"))
    for path in found:
        sha = file_sha256(path)
        key = f"{path}@{sha}"
        if key in seen:
            continue
        part = Collected()
        try:
            for got in _html_responses(path, limits):
                url = got.url if isinstance(got, Fetched) else got.source
                _add_page(part, files, source.name, url, got)
        except Exception as exc:  # warcio raises several kinds on a damaged or non-WARC file
            part.rejects.append(Reject(str(path), "bad_warc", f"{type(exc).__name__}: {exc}"))
        out.documents += part.documents
        out.rejects += part.rejects
        # Each page's raw copy gets its own entry; the WARC file itself is not copied (it is
        # already a local archive), its entry only marks it delivered.
        out.entries += part.entries
        out.entries.append(RawEntry(source.name, key, sha, "warc", str(path)))
    return out


def collected_source(
    source: InboxSource | FeedSource | UrlsSource | WarcSource, lake: str | Path | LakeLocation | LakeFiles,
    limits: FetchLimits,
) -> Collected:
    """Everything new a source offers: documents, rejects, and manifest entries to record."""
    files = lake_files(lake)
    seen = seen_keys(files, source.name)
    if isinstance(source, InboxSource):
        return collected_inbox(source, files, seen)
    if isinstance(source, WarcSource):
        return collected_warc(source, files, limits, seen)
    with http_client(limits, source.allow_hosts) as client:
        if isinstance(source, FeedSource):
            return collected_feed(source, files, limits, seen, client)
        return collected_urls(source, files, limits, seen, client)
