"""A small website on loopback for fetch tests: fixed pages, slow pages, failing pages,
redirects and pages that trickle their headers."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = """<html><head><title>{title} | Loopback News</title>
<meta property="article:published_time" content="{date}"></head>
<body><nav>Home | World</nav><article><h1>{title}</h1>
<p>{sentence}</p>
<p>Repair crews began clearing debris in the afternoon while shops stayed closed.</p>
</article><footer>Copyright</footer></body></html>"""


def article(title: str, sentence: str, date: str = "2025-01-13") -> bytes:
    return ARTICLE.format(title=title, sentence=sentence, date=date).encode("utf-8")


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds before answering: longer than the client's timeout makes a timeout
    headers: dict[str, str] = field(default_factory=dict)  # e.g. {"Location": ...} for a redirect
    # seconds between header lines, sent for as long as the client listens (at most TRICKLE_LINES)
    trickle: float = 0.0


TRICKLE_LINES = 600


def redirect(to: str, status: int = 302) -> Page:
    return Page(b"", status, "text/plain", headers={"Location": to})


class Site:
    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.pages: dict[str, Page] = {}
        self.hits: dict[str, int] = {}
        self.hosts: list[str] = []  # the Host header of each request
        self._server = server

    @property
    def netloc(self) -> str:
        """host:port, as a source's allow_hosts names this site."""
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, page: Page) -> str:
        self.pages[path] = page
        return self.url(path)


@contextmanager
def serving():
    """A Site on a free loopback port for the duration of the block."""
    site: Site | None = None

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            site.hosts.append(self.headers.get("Host", ""))
            page = site.pages.get(self.path, Page(b"not found", 404, "text/plain"))
            if page.delay:
                time.sleep(page.delay)
            try:
                self.send_response(page.status)
                if page.trickle:
                    self.flush_headers()  # the status line now, then one header line at a time
                    for n in range(TRICKLE_LINES):
                        self.wfile.write(f"X-Trickle-{n}: still here\r\n".encode())
                        self.wfile.flush()
                        time.sleep(page.trickle)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site = Site(server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
