"""The dashboard rendered by headless Chromium with the network cut off: the charts, the map and the
table must all draw from the file alone.

Chromium comes from Debian's `chromium` package; the fixture installs it when it is missing (CI runs
as root on Debian with no browser) and skips only where installing is impossible."""
from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitrep.pipelines.dashboard import CHART_IDS, write_dashboard

from tests.support.marts import CASUALTIES, DOCS, OTHERS, write_lake

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--hide-scrollbars",
    # Any host name fails to resolve: the page must not need the network.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    # Let scripts (plotly's promises) finish before the DOM is dumped or the screenshot taken.
    "--virtual-time-budget=15000",
]
PLACES = {
    "Kharkiv": (49.99, 36.23), "Sumy": (50.91, 34.80), "Bakhmut": (48.59, 38.00),
    "Kursk": (51.73, 36.19), "Estonia": (58.60, 25.00), "Tapa": (59.26, 25.96),
}


def _install_chromium() -> str | None:
    """Debian's chromium, installed with apt-get when missing; the reason it can't be, as a string."""
    if shutil.which("apt-get") is None:
        return "chromium is not installed and apt-get is not available to install it"
    if os.geteuid() != 0:
        return "chromium is not installed and installing it needs root (run `make browser` as root)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            return f"`{' '.join(command)}` failed: {done.stderr.strip()[-500:]}"
    return None


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        reason = _install_chromium()
        path = shutil.which("chromium")
        if path is None:
            pytest.skip(reason or "chromium could not be installed")
    return path


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


# HTML elements without an end tag (the dumped DOM closes every SVG element explicitly).
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class ChartCensus(HTMLParser):
    """Counts, in a dumped DOM, the plotted marks (class `point`) inside each chart's div, the rows of
    the tables and the map's outline paths."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None, str | None, str | None]] = []  # (tag, chart, table, map layer)
        self.points = dict.fromkeys(CHART_IDS, 0)
        self.rows: dict[str, int] = {}
        self.outline_paths: dict[str, int] = {}
        self.attrs_by_id: dict[str, dict] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        chart, table, layer = self.stack[-1][1:] if self.stack else (None, None, None)
        if attrs.get("id"):
            self.attrs_by_id[attrs["id"]] = attrs
        if attrs.get("id") in self.points:
            chart = attrs["id"]
        if tag == "table":
            table = attrs.get("id")
        classes = (attrs.get("class") or "").split()
        if chart and "point" in classes:
            self.points[chart] += 1
        if chart == "map" and "layer" in classes:
            layer = next((c for c in classes if c in {"land", "coastlines", "countries"}), None)
        if layer and tag == "path":
            self.outline_paths[layer] = self.outline_paths.get(layer, 0) + len(attrs.get("d") or "")
        if tag == "tr" and table and self.stack and self.stack[-1][0] == "tbody":
            self.rows[table] = self.rows.get(table, 0) + 1
        if tag not in VOID:
            self.stack.append((tag, chart, table, layer))

    def handle_endtag(self, tag):
        while self.stack and tag not in VOID:
            if self.stack.pop()[0] == tag:
                break


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    lake = tmp_path_factory.mktemp("lake")
    events = []
    for row in CASUALTIES + OTHERS:
        row = dict(row)
        if row.get("location") in PLACES:
            row["latitude"], row["longitude"] = PLACES[row["location"]]
        events.append(row)
    write_lake(lake, DOCS, events)
    return write_dashboard(lake)


def test_dashboard_renders_every_chart_map_and_table_offline(chromium, dashboard, tmp_path):
    done = run_chromium(chromium, tmp_path / "profile", "--dump-dom", dashboard.path.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    census = ChartCensus()
    census.feed(done.stdout)
    status = census.attrs_by_id["render-status"]
    assert status.get("data-charts") == str(len(CHART_IDS)), status
    assert 'data-rendered="ok"' in done.stdout
    # Every chart div holds plotly's drawing, and the marks match the lake.
    assert all(cid in census.attrs_by_id and "js-plotly-plot" in census.attrs_by_id[cid].get("class", "")
               for cid in CHART_IDS)
    assert census.points["map"] == dashboard.located == 8
    assert census.points["casualties"] == 4 + 1 + 3  # UKR to-date line, RUS line, UKR claims
    assert census.points["deployments"] == 2
    assert census.points["exchanges"] == 2  # one offer day, one completed day
    assert census.points["captures"] >= 1 and census.points["types"] >= 4 and census.points["coverage"] >= 4
    # The map's outline came from the inlined geometry (the network was cut off).
    assert all(census.outline_paths.get(layer, 0) > 1000 for layer in ("land", "coastlines", "countries"))
    assert census.rows == {"claims-table": 2, "events-table": len(CASUALTIES + OTHERS)}


def test_dashboard_screenshot(chromium, dashboard, tmp_path):
    shot = tmp_path / "dashboard.png"
    done = run_chromium(chromium, tmp_path / "profile", "--window-size=1400,2400", f"--screenshot={shot}",
                        dashboard.path.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 50_000  # a blank page compresses to a few kB
    if os.environ.get("SITREP_SAVE_SCREENSHOT"):  # `make screenshot` keeps it for the README
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / "dashboard.png")


# Hovers the first point of every trace of every chart once the charts are drawn, and copies each
# hover label into #hover-dump, so the dumped DOM shows what a reader's mouse would reveal.
HOVER_EVERY_TRACE = """<script>
(function () {
  var dump = document.createElement("div"); dump.id = "hover-dump"; document.body.appendChild(dump);
  var jobs = [];
  function hoverNext() {
    if (!jobs.length) { dump.dataset.done = "yes"; return; }
    var job = jobs.shift(), gd = document.getElementById(job[0]), trace = gd._fullData[job[1]];
    Plotly.Fx.hover(gd, [{curveNumber: job[1], pointNumber: 0}], trace.geo || ((trace.xaxis || "x") + (trace.yaxis || "y")));
    setTimeout(function () {
      var copy = document.createElement("div"); copy.className = "hovered"; copy.dataset.chart = job[0];
      gd.querySelectorAll(".hoverlayer").forEach(function (layer) { copy.appendChild(layer.cloneNode(true)); });
      dump.appendChild(copy); Plotly.Fx.unhover(gd); setTimeout(hoverNext, 60);
    }, 120);
  }
  (function wait() {
    if (document.body.dataset.rendered !== "ok") { setTimeout(wait, 50); return; }
    Object.keys(JSON.parse(document.getElementById("sitrep-figures").textContent)).forEach(function (id) {
      document.getElementById(id)._fullData.forEach(function (trace, i) {
        if ((trace.x && trace.x.length) || (trace.lat && trace.lat.length)) jobs.push([id, i]);
      });
    });
    hoverNext();
  })();
})();
</script>"""


class Injected(HTMLParser):
    """Elements and links in a dumped DOM: what hostile text would have created had it been markup."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {}
        self.hrefs: list[str] = []
        self.bold_tspans = 0
        self.text: list[str] = []
        self.hover_labels = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.hrefs += [v for k, v in attrs.items() if k in ("href", "xlink:href", "src") and v]
        if tag == "tspan" and "bold" in (attrs.get("style") or ""):
            self.bold_tspans += 1
        if tag == "g" and "hovertext" in (attrs.get("class") or "").split():
            self.hover_labels += 1

    def handle_data(self, data):
        self.text.append(data)


def test_hostile_titles_sources_and_evidence_render_as_text(chromium, tmp_path):
    from tests.support.hostile import HOSTILE_DOCS, HOSTILE_EVENTS, MARK

    lake = tmp_path / "lake"
    write_lake(lake, HOSTILE_DOCS, HOSTILE_EVENTS)
    built = write_dashboard(lake, title=f"Sitrep {MARK}")
    page = built.path.read_text(encoding="utf-8").replace("</body>", HOVER_EVERY_TRACE + "\n</body>")
    probe = tmp_path / "probe.html"
    probe.write_text(page, encoding="utf-8")
    done = run_chromium(chromium, tmp_path / "profile", "--dump-dom", probe.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert 'data-rendered="ok"' in done.stdout and 'data-done="yes"' in done.stdout
    dom = Injected()
    dom.feed(done.stdout)
    assert dom.hover_labels >= 8  # the hover labels were drawn and copied, one per hovered trace at least
    # No element the text spells out was created, and the only links are the documents' own URLs.
    assert dom.tags.get("b", 0) == 0 and dom.tags.get("img", 0) == 0 and dom.bold_tspans == 0
    assert [h for h in dom.hrefs if "evil" in h] == []
    assert all(h.startswith("https://example.org/") for h in dom.hrefs), dom.hrefs
    text = "".join(dom.text)
    # Shown as written: in the legend (source), the axes (country), the hover labels and the table.
    assert text.count('<a href="https://evil.example/x">click</a><b>bold</b><br>cut<img src=x onerror=alert(1)>') >= 8
    assert "Sitrep <a href=" in text and "Wire <a href=" in text and '<b>UKR</b><a href="https://evil.example/c">c</a>' in text
    assert "%{y} &amp;" in text  # neither filled in as a template nor decoded as an entity


# Copies, once the charts are drawn, the casualty chart's traces as plotly holds them into #casualty-dump.
DUMP_CASUALTY_TRACES = """<script>
(function wait() {
  if (document.body.dataset.rendered !== "ok") { setTimeout(wait, 50); return; }
  var dump = document.createElement("pre"); dump.id = "casualty-dump";
  dump.textContent = JSON.stringify(document.getElementById("casualties")._fullData.map(function (t) {
    return {name: t.name, y: Array.prototype.slice.call(t.y || [])};
  }));
  document.body.appendChild(dump);
})();
</script>"""


@pytest.fixture(scope="module")
def sample_lake(tmp_path_factory, resources):
    """The bundled sample article through extraction and the lake's commit (incidents joined)."""
    from sitrep.pipelines.ingest import read_path
    from sitrep.pipelines.lake import LakeRun
    from sitrep.pipelines.settings import Settings
    from sitrep.pipelines.transform import extract_batch
    from sitrep.pipelines.warehouse import build_views

    lake = tmp_path_factory.mktemp("sample") / "lake"
    rules = resources.incident_rules
    docs = list(read_path(ROOT / "seeds" / "samples" / "seed-nk-casualties-2025-01-13.txt"))
    with LakeRun(lake) as run:
        tables = extract_batch(docs, resources, run.run_id)
        run.stage("documents", tables.documents)
        run.stage("events", tables.events)
        run.join_incidents(rules)
        run.commit()
    build_views(lake, Settings().sql_dir)
    return lake


def test_the_casualty_chart_draws_the_incident_sums_and_keeps_the_claims_apart(chromium, sample_lake, tmp_path):
    import html
    import json
    import re

    from sitrep.pipelines.warehouse import query

    incidents = query(sample_lake, "select is_claim, killed, injured, casualties, casualties_qualifier from incidents "
                                   "where event_type = 'casualty_report' and target_country = 'PRK'").rows
    # The sample: one incident of 300 killed and 2,700 injured, one claim of more than 3,000
    # casualties, nothing restated counted again (one more soldier shot dead is an incident of his own).
    assert sorted(incidents, key=str) == sorted([(False, 300, 2700, None, None), (False, 1, None, None, None),
                                                 (True, None, None, 3000, "at_least")], key=str)
    sums = dict(query(sample_lake, "select target_country, sum(killed) from incidents "
                                   "where event_type = 'casualty_report' and not is_claim group by all").rows)
    claimed = [r[0] for r in query(sample_lake, "select killed from incidents where event_type = 'casualty_report' "
                                                "and is_claim and killed is not null").rows]

    built = write_dashboard(sample_lake)
    probe = tmp_path / "probe.html"
    probe.write_text(built.path.read_text(encoding="utf-8").replace("</body>", DUMP_CASUALTY_TRACES + "\n</body>"),
                     encoding="utf-8")
    done = run_chromium(chromium, tmp_path / "profile", "--dump-dom", probe.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    traces = json.loads(html.unescape(re.search(r'<pre id="casualty-dump">(.*?)</pre>', done.stdout, re.S).group(1)))
    lines = {t["name"].split(":")[0]: t["y"] for t in traces if t["name"].endswith("incidents, killed to date")}
    # The line ends at the incidents view's sum per victim country (300 + 1 for the sample, not 901).
    assert {country: ys[-1] for country, ys in lines.items()} == sums == {"PRK": 301}
    # Claims are drawn as their own traces, with the claims' own figures, never added to a line.
    claim_points = [y for t in traces if t["name"].endswith("cumulative claims") for y in t["y"]]
    assert sorted(claim_points) == sorted(claimed)
    census = ChartCensus()
    census.feed(done.stdout)
    assert census.rows["claims-table"] == 1
    claims_table = done.stdout[done.stdout.index('id="claims-table"'):]
    assert "≥ 3000" in claims_table[:claims_table.index("</table>")]
