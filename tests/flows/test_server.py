import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sitrep.flows.server import UIPagesByURL, is_ui_page_request


@pytest.mark.parametrize(
    ("method", "path", "accept", "page"),
    [
        ("GET", "/deployments", "", True),
        ("GET", "/runs/flow-run/0b1c", "*/*", True),
        ("HEAD", "/v2/dashboard", "*/*;q=0.8", True),
        ("GET", "/deployments", "text/html", False),  # a browser: served as it is
        ("GET", "/deployments", "application/json", False),  # a client naming another type
        ("POST", "/deployments", "", False),
        ("GET", "/api/health", "", False),
        ("GET", "/api", "*/*", False),
        ("GET", "/docs", "", False),
        ("GET", "/assets/index-1a2b.js", "*/*", False),  # a file: a missing asset stays a 404
        ("GET", "/apiary", "", True),  # only the API's own prefix is left out
    ],
)
def test_is_ui_page_request(method, path, accept, page):
    assert is_ui_page_request(method, path, accept) is page


@pytest.fixture
def frontend(tmp_path):
    """A single-page UI served as Prefect serves its own (FastAPI's frontend fallback), with an API beside it."""
    (tmp_path / "index.html").write_text("<!DOCTYPE html><html><body>the UI</body></html>")
    (tmp_path / "app.js").write_text("console.log(1)")
    app = FastAPI()

    @app.get("/api/health")
    def health():
        return True

    app.frontend("/", directory=str(tmp_path), fallback="index.html")
    return app


def test_ui_routes_opened_by_url_without_html_in_accept_get_the_ui_page(frontend):
    plain = TestClient(frontend)  # sends Accept: */*, as curl and httpx do
    assert plain.get("/deployments").status_code == 404  # what Prefect's server answers them by itself
    wrapped = TestClient(UIPagesByURL(frontend))
    for path in ("/deployments", "/runs/flow-run/0b1c"):
        response = wrapped.get(path)
        assert (response.status_code, response.text) == (200, "<!DOCTYPE html><html><body>the UI</body></html>")


def test_files_missing_files_and_the_api_are_answered_as_before(frontend):
    wrapped = TestClient(UIPagesByURL(frontend))
    assert wrapped.get("/app.js").text == "console.log(1)"
    assert wrapped.get("/missing.js").status_code == 404
    assert wrapped.get("/api/health").json() is True
    assert wrapped.get("/deployments", headers={"accept": "application/json"}).status_code == 404
