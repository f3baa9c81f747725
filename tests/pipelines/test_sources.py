import hashlib
import io
import ipaddress
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitrep.pipelines.collection import FeedSource, FetchLimits, InboxSource, UrlsSource, WarcSource
from sitrep.pipelines.documents import Document
from sitrep.pipelines.ingest import Reject
from sitrep.pipelines.sources import (
    BlockedAddress,
    FetchPolicy,
    SafeClient,
    address_class,
    collected_source,
    feed_entries,
    fetched_bytes,
    http_client,
    record_entries,
    seen_keys,
    stored_raw_path,
    url_doc_id,
)
from sitrep.pipelines.storage import LakeFiles
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.support.web import Page, article, redirect, serving

# Short enough that the slow page times out quickly, long enough for a loaded CI machine.
LIMITS = FetchLimits(timeout_seconds=1.0, max_bytes=200_000)
SLOW = 3.0

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title></channel></rss>"""


def rss(*links: str) -> bytes:
    items = "".join(
        f"<item><title>Entry {i}</title><link>{link}</link><pubDate>Mon, 13 Jan 2025 08:00:00 GMT</pubDate></item>"
        for i, link in enumerate(links)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode()


@pytest.fixture
def site():
    with serving() as s:
        yield s


def feed_source(url: str, allow: tuple[str, ...] | None = None) -> FeedSource:
    """A feed source allowed to fetch from the feed's own host:port (the loopback test site),
    as a user allows an intranet host: `allow_hosts` in its config."""
    allow = (urlsplit(url).netloc,) if allow is None else allow
    return FeedSource(name="wire", cron="*/15 * * * *", kind="feed", url=url, allow_hosts=list(allow))


def reasons(collected) -> dict[str, str]:
    return {r.source: r.reason for r in collected.rejects}


def test_raw_store_names_a_copy_by_its_sha256_and_writes_it_once(tmp_path):
    data = b"<html>same bytes</html>"
    files = LakeFiles.of(tmp_path)
    first = Path(stored_raw_path(files, data, "html"))
    sha = hashlib.sha256(data).hexdigest()
    assert first == tmp_path / "raw" / sha[:2] / f"{sha}.html"
    assert first.read_bytes() == data
    written_at = first.stat().st_mtime_ns
    again = Path(stored_raw_path(files, data, "html"))
    assert again == first and again.stat().st_mtime_ns == written_at
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no temporary file left behind


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (Page(b"boom", status=500, content_type="text/plain"), "http_error"),
        (Page(article("Late", "Too late."), delay=SLOW), "timeout"),
        (Page(b"x" * (LIMITS.max_bytes + 1)), "too_large"),
    ],
)
def test_a_failed_fetch_is_a_reject_naming_the_url(site, page, reason):
    url = site.add("/p", page)
    with http_client(LIMITS, [site.netloc]) as client:
        got = fetched_bytes(client, url, LIMITS)
    assert isinstance(got, Reject)
    assert (got.source, got.reason) == (url, reason)


def test_an_unreachable_host_is_a_reject(site):
    with http_client(LIMITS, ["127.0.0.1:9"]) as client:
        got = fetched_bytes(client, "http://127.0.0.1:9/nothing-listens-here", LIMITS)
    assert isinstance(got, Reject) and got.reason == "fetch_failed"


def test_feed_pages_become_documents_and_failures_rejects_while_the_batch_goes_on(site, tmp_path):
    good = site.add("/a/good", Page(article("Border clash", "Five soldiers were killed in an ambush on Sunday, the army said.")))
    broken = site.add("/a/broken", Page(b"oops", status=500, content_type="text/plain"))
    slow = site.add("/a/slow", Page(article("Slow", "A slow page."), delay=SLOW))
    latin = site.add("/a/latin", Page("<html><body><p>Café attaqué à Kharkiv, trois morts.</p></body></html>".encode("latin-1"), content_type="text/html"))
    feed = site.add("/feed.xml", Page(rss(good, broken, slow, latin, good), content_type="application/rss+xml"))

    got = collected_source(feed_source(feed), tmp_path, LIMITS)

    [doc] = got.documents
    assert isinstance(doc, Document)
    assert doc.doc_id == url_doc_id(good) and doc.url.startswith(good[:20])
    assert "Five soldiers were killed" in doc.text
    assert doc.origin.startswith(str(tmp_path / "raw"))
    assert reasons(got) == {broken: "http_error", slow: "timeout", latin: "not_utf8"}
    assert site.hits["/a/good"] == 1  # a link listed twice is fetched once
    # The feed and both pages that answered are kept raw, content-addressed.
    kept = sorted(p.suffix for p in (tmp_path / "raw").glob("??/*"))
    assert kept == [".html", ".html", ".xml"]


def test_a_feed_entry_is_fetched_once_after_its_run_is_recorded(site, tmp_path):
    good = site.add("/a/good", Page(article("Border clash", "Five soldiers were killed in an ambush on Sunday.")))
    feed = site.add("/feed.xml", Page(rss(good), content_type="application/rss+xml"))
    source = feed_source(feed)
    first = collected_source(source, tmp_path, LIMITS)
    assert len(first.documents) == 1
    record_entries(tmp_path, source.name, first.entries)
    assert good in seen_keys(tmp_path, source.name)

    second = collected_source(source, tmp_path, LIMITS)
    assert second.documents == [] and second.rejects == []
    assert site.hits == {"/feed.xml": 2, "/a/good": 1}


def test_unrecorded_entries_are_fetched_again(site, tmp_path):
    # A run that fails before its commit records nothing, so the next run fetches the page again.
    good = site.add("/a/good", Page(article("Border clash", "Five soldiers were killed in an ambush on Sunday.")))
    feed = site.add("/feed.xml", Page(rss(good), content_type="application/rss+xml"))
    collected_source(feed_source(feed), tmp_path, LIMITS)
    again = collected_source(feed_source(feed), tmp_path, LIMITS)
    assert len(again.documents) == 1 and site.hits["/a/good"] == 2


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html><body>this is a web page, not a feed</body></html>", "not_feed"),
        (b"Service temporarily unavailable", "not_xml"),
        (b"<rss><channel><title>unclosed</channel>", "not_xml"),
        (BILLION_LAUGHS, "xml_entities"),
        (EXTERNAL_ENTITY, "xml_entities"),
    ],
)
def test_a_feed_that_is_not_safe_rss_or_atom_is_a_reject(body, reason):
    got = feed_entries(body, "http://feeds.example/x")
    assert isinstance(got, Reject)
    assert (got.source, got.reason) == ("http://feeds.example/x", reason)


def test_an_entity_bomb_served_as_a_feed_is_rejected_and_nothing_is_fetched(site, tmp_path):
    feed = site.add("/bomb.xml", Page(BILLION_LAUGHS, content_type="application/rss+xml"))
    got = collected_source(feed_source(feed), tmp_path, LIMITS)
    assert got.documents == [] and reasons(got) == {feed: "xml_entities"}
    assert set(site.hits) == {"/bomb.xml"}


def test_atom_entries_are_read():
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>
    <entry><title>One</title><link href="/news/1"/><updated>2025-01-12T10:00:00Z</updated><id>1</id></entry></feed>"""
    [entry] = feed_entries(atom, "http://feeds.example/atom.xml")
    assert entry.link == "http://feeds.example/news/1"  # relative links resolve against the feed
    assert entry.published_at.isoformat() == "2025-01-12"


def test_a_page_in_a_declared_charset_is_decoded(site, tmp_path):
    body = "<html><head><title>Attaque</title></head><body><article><p>Trois soldats ont été tués près de Kharkiv dimanche, a déclaré l’armée.</p><p>Les équipes de secours ont travaillé toute la nuit.</p></article></body></html>"
    url = site.add("/fr", Page(body.encode("cp1252"), content_type="text/html; charset=windows-1252"))
    got = collected_source(UrlsSource(name="fr", cron="0 * * * *", kind="urls", urls=[url], allow_hosts=[site.netloc]), tmp_path, LIMITS)
    assert got.rejects == []
    assert "été tués" in got.documents[0].text


def test_listed_urls_are_polled_every_run_and_non_html_is_rejected(site, tmp_path):
    page = site.add("/p", Page(article("Clash", "Two soldiers were killed on Monday.")))
    pdf = site.add("/doc.pdf", Page(b"%PDF-1.4", content_type="application/pdf"))
    source = UrlsSource(name="pages", cron="0 * * * *", kind="urls", urls=[page, pdf], allow_hosts=[site.netloc])
    first = collected_source(source, tmp_path, LIMITS)
    record_entries(tmp_path, source.name, first.entries)
    second = collected_source(source, tmp_path, LIMITS)
    assert len(first.documents) == len(second.documents) == 1
    assert reasons(second) == {pdf: "unsupported_content"}
    assert site.hits["/p"] == 2
    assert second.entries == []  # the same content is recorded once


def write_warc(path, records):
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, status, content_type, body in records:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def test_warc_html_responses_become_documents(tmp_path):
    warc = tmp_path / "crawl" / "c1.warc.gz"
    warc.parent.mkdir()
    write_warc(
        warc,
        [
            ("https://news.example/a", "200 OK", "text/html; charset=utf-8", article("Swap", "Ukraine and Russia exchanged 150 prisoners on Friday.")),
            ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
            ("https://news.example/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
            ("https://news.example/latin", "200 OK", "text/html", "<p>Café détruit</p>".encode("latin-1")),
        ],
    )
    lake = tmp_path / "lake"
    source = WarcSource(name="crawl", cron="0 3 * * *", kind="warc", paths=[str(tmp_path / "crawl" / "*.warc.gz")])
    got = collected_source(source, lake, LIMITS)
    [doc] = got.documents
    assert doc.doc_id == url_doc_id("https://news.example/a") and "150 prisoners" in doc.text
    assert reasons(got) == {"https://news.example/latin": "not_utf8"}
    record_entries(lake, source.name, got.entries)
    assert collected_source(source, lake, LIMITS).documents == []  # the same WARC file is read once


def test_a_file_that_is_not_a_warc_is_a_reject(tmp_path):
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"this is not a WARC file\r\n\r\n")
    got = collected_source(WarcSource(name="w", cron="0 3 * * *", kind="warc", paths=[str(bad)]), tmp_path / "lake", LIMITS)
    assert got.documents == [] and reasons(got) == {str(bad): "bad_warc"}


def test_inbox_reads_new_and_changed_files_once_and_keeps_raw_copies(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    note = inbox / "note.txt"
    note.write_text("Clash\nTwo soldiers were killed on Monday.\n")
    (inbox / "bad.txt").write_bytes(bytes(range(0x80, 0x100)) * 3)  # no encoding reads it
    (inbox / "skip.pdf").write_bytes(b"%PDF")
    lake = tmp_path / "lake"
    source = InboxSource(name="inbox", cron="* * * * *", kind="inbox", folder=inbox, glob="*")
    first = collected_source(source, lake, LIMITS)
    assert [d.doc_id for d in first.documents] == ["note"]
    assert [r.reason for r in first.rejects] == ["not_utf8"]
    assert (lake / "raw" / first.entries[1].sha256[:2] / f"{first.entries[1].sha256}.txt").read_bytes() == note.read_bytes()
    record_entries(lake, source.name, first.entries)
    assert collected_source(source, lake, LIMITS).documents == []
    note.write_text("Clash\nSeven soldiers were killed on Monday.\n")
    assert [d.doc_id for d in collected_source(source, lake, LIMITS).documents] == ["note"]


def test_a_missing_inbox_folder_is_a_reject(tmp_path):
    source = InboxSource(name="inbox", cron="* * * * *", kind="inbox", folder=tmp_path / "absent")
    got = collected_source(source, tmp_path / "lake", LIMITS)
    assert [r.reason for r in got.rejects] == ["missing_folder"]


def test_a_long_feed_is_worked_off_over_several_runs(site, tmp_path):
    links = [site.add(f"/a/{n}", Page(article(f"Clash {n}", f"{n + 2} soldiers were killed on Monday."))) for n in range(3)]
    source = feed_source(site.add("/feed.xml", Page(rss(*links), content_type="application/rss+xml")))
    limits = FetchLimits(timeout_seconds=1.0, max_entries=2)
    first = collected_source(source, tmp_path, limits)
    record_entries(tmp_path, source.name, first.entries)
    second = collected_source(source, tmp_path, limits)
    assert [d.url for d in first.documents] == links[:2]
    assert [d.url for d in second.documents] == links[2:]


# --- the fetch policy --------------------------------------------------------------


@pytest.fixture
def other_site():
    with serving() as s:
        yield s


def test_feed_entries_pointing_at_loopback_are_refused_and_never_fetched(site, other_site, tmp_path):
    inner = other_site.add("/admin", Page(article("Admin", "Internal page.")))
    by_name = f"http://localhost:{other_site.netloc.split(':')[1]}/admin"
    public_looking = site.add("/a/fine", Page(article("Border clash", "Five soldiers were killed in an ambush on Sunday.")))
    feed = site.add("/feed.xml", Page(rss(inner, by_name, public_looking), content_type="application/rss+xml"))

    got = collected_source(feed_source(feed), tmp_path, LIMITS)

    assert reasons(got) == {inner: "blocked_address", by_name: "blocked_address"}
    details = {r.source: r.detail for r in got.rejects}
    assert "127.0.0.1 (loopback)" in details[inner] and "allow_hosts" in details[inner]
    assert other_site.hits == {}
    # the feed's own host is allowed by the source: its page is fetched
    assert [d.url for d in got.documents] == [public_looking] and site.hits["/a/fine"] == 1


def test_a_configured_url_on_loopback_is_refused_unless_the_source_allows_it(site, tmp_path):
    feed = site.add("/feed.xml", Page(rss(), content_type="application/rss+xml"))
    got = collected_source(feed_source(feed, allow=()), tmp_path, LIMITS)
    assert reasons(got) == {feed: "blocked_address"} and site.hits == {}
    urls = UrlsSource(name="pages", cron="0 * * * *", kind="urls", urls=[site.add("/p", Page(article("T", "S.")))])
    assert reasons(collected_source(urls, tmp_path, LIMITS)) == {site.url("/p"): "blocked_address"}


def test_a_host_allowed_by_name_is_fetched(site, tmp_path):
    port = site.netloc.split(":")[1]
    page = f"http://localhost:{port}/a/clash"
    site.add("/a/clash", Page(article("Border clash", "Five soldiers were killed in an ambush on Sunday.")))
    source = UrlsSource(name="pages", cron="0 * * * *", kind="urls", urls=[page], allow_hosts=["LOCALHOST"])
    got = collected_source(source, tmp_path, LIMITS)
    assert got.rejects == [] and [d.url for d in got.documents] == [page]


@pytest.mark.parametrize("port_only", [True, False])
def test_a_redirect_to_loopback_is_refused(site, other_site, port_only):
    target = other_site.add("/secret", Page(b"internal", content_type="text/plain"))
    hop = site.add("/hop", redirect(site.url("/jump")))  # one hop on the allowed host first
    site.add("/jump", redirect(target if port_only else target.replace("127.0.0.1", "localhost")))
    with http_client(LIMITS, [site.netloc]) as client:
        got = fetched_bytes(client, hop, LIMITS)
    assert isinstance(got, Reject) and got.reason == "blocked_address"
    assert other_site.hits == {} and site.hits == {"/hop": 1, "/jump": 1}


def test_redirects_are_followed_to_a_bound_and_only_to_http(site):
    site.add("/loop", redirect(site.url("/loop")))
    site.add("/file", redirect("file:///etc/passwd"))
    final = site.add("/final", Page(article("Landed", "Arrived after one redirect.")))
    site.add("/once", redirect(final, 301))
    with http_client(LIMITS, [site.netloc]) as client:
        looped = fetched_bytes(client, site.url("/loop"), LIMITS)
        to_file = fetched_bytes(client, site.url("/file"), LIMITS)
        once = fetched_bytes(client, site.url("/once"), LIMITS)
    assert isinstance(looped, Reject) and looped.reason == "too_many_redirects"
    assert site.hits["/loop"] == LIMITS.max_redirects + 1
    assert isinstance(to_file, Reject) and to_file.reason == "bad_url"
    assert not isinstance(once, Reject) and once.url == final and b"Arrived" in once.data


def test_a_server_trickling_its_headers_is_cut_off_by_the_request_deadline(site):
    # Each header line comes well within the read timeout, so only a total deadline stops it.
    limits = FetchLimits(timeout_seconds=1.0, deadline_seconds=1.5, max_bytes=200_000)
    url = site.add("/drip", Page(article("Drip", "Slowly."), trickle=0.1))
    with http_client(limits, [site.netloc]) as client:
        got = fetched_bytes(client, url, limits)
    assert isinstance(got, Reject) and (got.source, got.reason) == (url, "too_slow")


def test_a_slow_feed_stops_at_its_run_budget_and_leaves_the_rest_for_the_next_run(site, tmp_path):
    limits = FetchLimits(timeout_seconds=1.0, deadline_seconds=60, run_budget_seconds=1.5, max_bytes=200_000)
    drip = site.add("/a/drip", Page(article("Drip", "Slowly."), trickle=0.1))
    later = [site.add(f"/a/{n}", Page(article(f"Later {n}", "Fine."))) for n in range(2)]
    feed = site.add("/feed.xml", Page(rss(drip, *later), content_type="application/rss+xml"))
    got = collected_source(feed_source(feed), tmp_path, limits)
    assert [(r.source, r.reason) for r in got.rejects] == [(drip, "too_slow"), (feed, "over_budget")]
    assert "2 URL(s) left" in got.rejects[1].detail
    assert "/a/0" not in site.hits and "/a/1" not in site.hits
    assert not any(e.key in later for e in got.entries)  # not delivered: the next run fetches them


def test_a_resolver_that_hangs_is_cut_off_by_the_request_deadline():
    import threading

    released = threading.Event()

    def hanging(host, port, **kwargs):
        released.wait(60)  # a DNS server that never answers
        raise socket.gaierror("gave up")

    limits = FetchLimits(timeout_seconds=1.0, deadline_seconds=1.0, max_bytes=200_000)
    try:
        with SafeClient(limits, resolve=hanging) as client:
            got = fetched_bytes(client, "http://slow-dns.example/page", limits)
    finally:
        released.set()
    assert isinstance(got, Reject) and (got.source, got.reason) == ("http://slow-dns.example/page", "too_slow")


def test_a_resolver_answering_in_time_is_used():
    answered = []

    def resolver(host, port, **kwargs):
        answered.append(host)
        raise socket.gaierror("no such name")

    with SafeClient(LIMITS, resolve=resolver) as client:
        got = fetched_bytes(client, "http://missing.example/", LIMITS)
    assert answered == ["missing.example"] and got.reason == "fetch_failed" and "cannot resolve" in got.detail


def test_feed_entries_without_a_usable_link_are_rejected_once_naming_feed_and_entry(site, tmp_path):
    good = site.add("/a/good", Page(article("Border clash", "Five soldiers were killed in an ambush on Sunday.")))
    items = (f"<item><title>Fine</title><link>{good}</link></item>"
             "<item><title>Briefing without a page</title><guid isPermaLink='false'>brief-7</guid></item>"
             "<item><title>Mail us</title><link>mailto:desk@news.example</link></item>")
    feed = site.add("/feed.xml", Page(f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}'
                                      "</channel></rss>".encode(), content_type="application/rss+xml"))
    source = feed_source(feed)
    first = collected_source(source, tmp_path, LIMITS)
    assert [d.url for d in first.documents] == [good]
    assert sorted((r.source, r.reason) for r in first.rejects) == [
        (f"{feed} entry 'Mail us'", "bad_link"), (f"{feed} entry 'brief-7'", "bad_link")]
    assert any("no link" in r.detail for r in first.rejects) and any("mailto:" in r.detail for r in first.rejects)
    record_entries(tmp_path, source.name, first.entries)
    second = collected_source(source, tmp_path, LIMITS)
    assert second.rejects == [] and second.documents == []  # rejected once, not on every run
    assert set(site.hits) == {"/feed.xml", "/a/good"}


def test_the_connection_goes_to_the_address_that_was_checked(site):
    # One lookup per connection, and the connection made to its answer: there is no second
    # lookup for a rebinding DNS server to answer differently. The name still goes out as Host.
    lookups = []

    def resolve(host, port, **kw):
        lookups.append(host)
        return socket.getaddrinfo("127.0.0.1", port, **kw)

    port = site.netloc.split(":")[1]
    url = f"http://news.example:{port}/a"
    site.add("/a", Page(article("Named", "Reached by name.")))
    client = SafeClient(LIMITS, [f"news.example:{port}"], resolve=resolve)
    with client:
        got = fetched_bytes(client, url, LIMITS)
    assert not isinstance(got, Reject) and b"Reached by name" in got.data
    assert lookups == ["news.example"]
    assert site.hosts == [f"news.example:{port}"]


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.9", "private"),
        ("169.254.169.254", "a cloud metadata address"), ("fe80::1", "link-local"), ("224.0.0.1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"), ("100.64.0.1", "not a public address"), ("0.0.0.0", "private"),
        ("93.184.215.14", None), ("2606:4700::1111", None),
    ],
)
def test_address_classes(address, why):
    assert address_class(ipaddress.ip_address(address)) == why


def test_a_name_resolving_to_any_private_address_is_refused():
    def resolve(host, port, **kw):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in ("93.184.215.14", "10.0.0.5")]

    with pytest.raises(BlockedAddress, match="10.0.0.5"):
        FetchPolicy(resolve=resolve).checked_addresses("mixed.example", 80)


ITEM = "<item><title>Bridge</title><link>https://example.org/bridge</link>{inside}</item>"


@pytest.mark.parametrize(
    "channel",
    [
        "<wrap>" * 5000 + ITEM.format(inside="") + "</wrap>" * 5000,  # the items deep inside
        ITEM.format(inside="<b>" * 5000 + "</b>" * 5000),  # an item holding a deep tree
    ],
)
def test_a_feed_nested_too_deep_is_a_reject(channel):
    got = feed_entries(f'<?xml version="1.0"?><rss version="2.0"><channel>{channel}</channel></rss>'.encode(), "http://feed.example/rss")
    assert isinstance(got, Reject) and got.reason == "too_deep"


def test_a_feed_with_ordinary_nesting_is_read():
    content = "<div xmlns='http://www.w3.org/1999/xhtml'>" * 40 + "Text" + "</div>" * 40
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><entry><title>Bridge</title>'
        f'<link href="https://example.org/bridge"/><content type="xhtml">{content}</content></entry></feed>'
    )
    assert [e.link for e in feed_entries(atom.encode(), "http://feed.example/atom")] == ["https://example.org/bridge"]


def test_fifos_and_symlink_loops_in_an_inbox_are_rejects_and_never_read(tmp_path):
    import os

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text("Clash\nTwo soldiers were killed on Monday.\n")
    os.mkfifo(inbox / "pipe.jsonl")
    (inbox / "loop.txt").symlink_to(inbox / "loop.txt")
    source = InboxSource(name="inbox", cron="* * * * *", kind="inbox", folder=inbox, glob="*")
    got = collected_source(source, tmp_path / "lake", LIMITS)
    assert [d.doc_id for d in got.documents] == ["note"]
    assert sorted((r.source.rsplit("/", 1)[1], r.reason) for r in got.rejects) == [
        ("loop.txt", "not_a_file"), ("pipe.jsonl", "not_a_file"),
    ]
    assert sorted(e.key.split("@")[0].rsplit("/", 1)[1] for e in got.entries) == ["loop.txt", "note.txt", "pipe.jsonl"]
    # Rejected once: the next scheduled run does not report them again (nor reads them).
    record_entries(tmp_path / "lake", source.name, got.entries)
    again = collected_source(source, tmp_path / "lake", LIMITS)
    assert again.rejects == [] and again.documents == []
    (inbox / "pipe.jsonl").unlink()
    (inbox / "pipe.jsonl").write_text('{"doc_id": "piped", "title": "Clash", "text": "Two soldiers were killed."}\n')
    assert [d.doc_id for d in collected_source(source, tmp_path / "lake", LIMITS).documents] == ["piped"]
