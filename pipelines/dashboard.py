"""The analysts' dashboard: one self-contained, offline HTML file built from the marts.

`dashboard_data` queries the lake (through pipelines.warehouse only); `dashboard_html` turns
those rows into a page whose charts are plotly figures. plotly.js and the map's outline
geometry (pipelines.world_outline) are inlined, so the file opens from disk with no server,
no CDN and no map tiles.
"""
from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from sitrep.pipelines.listing import event_listing
from sitrep.pipelines.location import is_uri
from sitrep.pipelines.schemas import EVENT_TYPES
from sitrep.pipelines.storage import LakeFiles, write_file
from sitrep.pipelines.warehouse import pinned, query
from sitrep.pipelines.world_outline import world_topology

MAX_TABLE_ROWS = 5000  # newest first; the page says when it holds fewer rows than the lake
TOP_COUNTRIES = 8
TYPE_COLOURS = {
    "deployment": "#1f77b4",
    "capture": "#ff7f0e",
    "casualty_report": "#d62728",
    "prisoner_exchange_offer": "#2ca02c",
}
STAGE_COLOURS = {"offer": "#9ecae1", "agreement": "#4292c6", "completed": "#08519c"}
# Countries get colours from these, in order of how much the lake says about them; past the end,
# hues are spread around the wheel, so no two countries ever share one.
COUNTRY_PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
    "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
    "#756bb1", "#636363",
)
OTHER_COLOUR = "#c7c7c7"
CHART_IDS = ("casualties", "map", "types", "deployments", "captures", "exchanges", "coverage")
WIDE_CHARTS = ("casualties", "map", "coverage")
DAY_MS = 86_400_000
DASHBOARD_FILE = "dashboard.html"  # beside the lake when no other file is named


def country_colours(countries: list[str]) -> dict[str, str]:
    """One colour per country, distinct from every other's, the same in every chart of the page."""
    colours = {}
    for i, country in enumerate(countries):
        if i < len(COUNTRY_PALETTE):
            colours[country] = COUNTRY_PALETTE[i]
        else:  # golden-angle hues never repeat
            hue = (i - len(COUNTRY_PALETTE)) * 137.508 % 360
            colours[country] = f"hsl({hue:.1f}, 55%, 45%)"
    colours.setdefault("other", OTHER_COLOUR)
    return colours


def count_axis(title: str, values: list) -> dict:
    """An axis of counts: whole numbers only (plotly would tick 0.5 people on a small range)."""
    axis = {"title": title, "tickformat": ",d", "rangemode": "tozero"}
    known = [v for v in values if v is not None]
    if not known or max(known) <= 10:
        axis["dtick"] = 1
    return axis


# How the map draws a point, by the geocoded point's precision (events.location_precision): a town
# as a dot; the middle of a region or a country, which is not where the event happened, as a ring,
# larger the vaguer it is. Rows written before the column existed have points of unknown precision:
# drawn as squares (`sitrep reprocess` fills the column).
PRECISION_MARKERS = {
    "city": ("circle", 8),
    "admin1": ("circle-open", 11),
    "country": ("circle-open", 15),
    None: ("square-open", 10),
}
MAP_LEGEND = "dots: towns; small rings: region centroids; large rings: country centroids"


def date_axis(days: list) -> dict:
    """A day-level time axis: left to itself plotly ticks a short range in hours and milliseconds."""
    axis = {"type": "date", "tickformat": "%d %b %Y", "nticks": 10}
    known = [d for d in days if d is not None]
    if known and (max(known) - min(known)).days <= 10:
        axis.update(dtick=DAY_MS, tick0=min(known).isoformat())
    return axis


def time_bucket(days: list) -> tuple[str, int]:
    """The bar period that keeps bars visible over the data's span: day, week (Mondays) or month."""
    known = [d for d in days if d is not None]
    span = (max(known) - min(known)).days if known else 0
    if span <= 62:
        return "day", DAY_MS
    if span <= 400:
        return "week", 7 * DAY_MS
    return "month", 30 * DAY_MS


def bucket_start(day: date | None, unit: str) -> date | None:
    if day is None or unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def bucketed(rows: list[dict], unit: str, key: str, value: str) -> dict[str, dict[date, float]]:
    """key → {period start → summed value}."""
    out: dict[str, dict] = {}
    for r in rows:
        if r["day"] is None:  # neither an event date nor a publication date: nowhere on a time axis
            continue
        start = bucket_start(r["day"], unit)
        series = out.setdefault(r[key], {})
        series[start] = series.get(start, 0) + (r[value] or 0)
    return out


def top_keys(rows: list[dict], key: str, value: str, n: int) -> list[str]:
    totals: dict[str, float] = {}
    for r in rows:
        totals[r[key]] = totals.get(r[key], 0) + (r[value] or 0)
    return sorted(totals, key=lambda k: (-totals[k], str(k)))[:n]


def lumped(rows: list[dict], key: str, keep: list[str]) -> list[dict]:
    """Rows whose key is not among `keep` relabelled "other", so legends stay short."""
    return [{**r, key: r[key] if r[key] in keep else "other"} for r in rows]


def _records(lake: Path | str, sql: str) -> list[dict]:
    result = query(lake, sql)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def dashboard_data(lake: Path | str, max_rows: int = MAX_TABLE_ROWS) -> dict[str, list[dict]]:
    """Every row the page shows, from the marts and the events view, all of one snapshot."""
    lake = pinned(lake)
    listing = event_listing(lake, limit=max_rows)
    return {
        "totals": _records(lake, """
            select (select count(*) from documents) as documents,
                   (select count(*) from events) as events,
                   (select count(*) from events where latitude is not null and longitude is not null) as located,
                   (select max(published_at) from documents) as latest
        """),
        "casualty_timeline": _records(lake, "select *, target_country as country from casualty_timeline order by day, target_country"),
        "claims": _records(lake, """
            select day, target_country as country, coalesce(reported_by, '(unattributed)') as reported_by, killed,
                   injured, evidence
            from classified_casualty_reports where figure_kind = 'claim' order by day
        """),
        "latest_claims": _records(lake, "select *, target_country as country from casualty_claims order by target_country, killed desc nulls last"),
        "types_by_country": _records(lake, """
            select coalesce(target_country, actor_country, '(none)') as country, event_type, count(*) as mentions
            from events group by all order by country, event_type
        """),
        # columns(): a lake written before location_precision existed has no such column to select
        "located": [{"location_precision": None, **r} for r in _records(lake, """
            select columns('^(event_type|latitude|longitude|location|location_admin1|location_country|location_precision|evidence)$')
            from events where latitude is not null and longitude is not null
        """)],
        "deployments": _records(lake, "select * from deployment_timeline order by day"),
        "captures": _records(lake, "select * from capture_timeline order by day"),
        "exchanges": _records(lake, "select * from exchange_timeline order by day, stage_order"),
        "coverage": _records(lake, "select * from source_coverage order by day, source"),
        "events": [dict(zip(listing.columns, row, strict=True)) for row in listing.rows],
    }


def _layout(title: str, **extra) -> dict:
    layout = {
        "title": {"text": title, "x": 0.01},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "height": 380,
        "legend": {"orientation": "h", "y": -0.2},
        "template": "plotly_white",
    }
    layout.update(extra)
    return layout


def _label(country: str | None) -> str:
    return country or "(none)"


def _text(value) -> str:
    """A string plotly shows as written. Plotly renders its labels, legend names, tick labels and hover
    texts as markup (`<a href>` becomes a live link, `<b>` bold, `<br>` a line break) and decodes only
    `&lt;`, `&gt;`, `&amp;` and numeric entities, so those three are escaped (a `&quot;` would show as
    typed). Every string from the lake passes through here before plotly sees it."""
    return html.escape("" if value is None else str(value), quote=False)


def casualty_figure(timeline: list[dict], claims: list[dict], colours: dict[str, str] | None = None) -> go.Figure:
    """Per-incident killed to date per victim country (lines) next to cumulative claims (diamonds),
    each country in its own colour."""
    colours = colours or country_colours(sorted({_label(r["country"]) for r in timeline + claims}))
    totals: dict[str, int] = {}
    for row in timeline:
        totals[_label(row["country"])] = row["incident_killed_to_date"]
    for row in claims:
        totals.setdefault(_label(row["country"]), 0)
    top = sorted(totals, key=lambda c: -max([totals[c]] + [r["killed"] or 0 for r in claims if _label(r["country"]) == c]))
    top = top[:TOP_COUNTRIES]
    fig = go.Figure()
    for country in top:
        rows = [r for r in timeline if _label(r["country"]) == country]
        if rows:
            fig.add_trace(go.Scatter(
                x=[r["day"] for r in rows], y=[r["incident_killed_to_date"] for r in rows],
                mode="lines+markers", name=f"{_text(country)}: incidents, killed to date", legendgroup=_text(country),
                line={"color": colours.get(country, OTHER_COLOUR)}, marker={"color": colours.get(country, OTHER_COLOUR)},
                customdata=[[r["incident_killed"], r["incidents"]] for r in rows],
                hovertemplate="%{x}<br>killed to date %{y}<br>that day: %{customdata[0]} in %{customdata[1]} incident(s)"
                "<extra></extra>",
            ))
        own = [r for r in claims if _label(r["country"]) == country and r["killed"] is not None]
        if own:
            fig.add_trace(go.Scatter(
                x=[r["day"] for r in own], y=[r["killed"] for r in own], mode="markers",
                marker={"symbol": "diamond", "size": 10, "color": colours.get(country, OTHER_COLOUR)},
                name=f"{_text(country)}: cumulative claims", legendgroup=_text(country),
                customdata=[[_text(r["reported_by"]), _text(_short(r["evidence"], 140))] for r in own],
                hovertemplate="%{x}<br>claimed killed %{y}<br>by %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            ))
    figures_shown = [v for t in fig.data for v in t.y if v]
    log = bool(figures_shown) and max(figures_shown) > 1000 * max(1, min(figures_shown))
    fig.update_layout(**_layout("Casualties by victim country: per-incident sums vs. cumulative claims"
                                + (" (log scale)" if log else ""),
                                yaxis={"title": "killed", "type": "log"} if log else count_axis("killed", figures_shown),
                                xaxis=date_axis([r["day"] for r in timeline + claims])))
    return fig


def types_figure(rows: list[dict]) -> go.Figure:
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["country"]] = totals.get(r["country"], 0) + r["mentions"]
    countries = sorted(totals, key=lambda c: (-totals[c], c))[:20]
    fig = go.Figure()
    for event_type in EVENT_TYPES:
        counts = {r["country"]: r["mentions"] for r in rows if r["event_type"] == event_type}
        fig.add_trace(go.Bar(x=[_text(c) for c in countries], y=[counts.get(c, 0) for c in countries], name=event_type,
                             marker_color=TYPE_COLOURS[event_type]))
    fig.update_layout(**_layout("Event mentions by type and country (target, else actor)", barmode="stack",
                                yaxis=count_axis("mentions", [totals[c] for c in countries])))
    return fig


def map_figure(rows: list[dict]) -> go.Figure:
    fig = go.Figure()
    for event_type in EVENT_TYPES:
        own = [r for r in rows if r["event_type"] == event_type]
        if not own:
            continue
        markers = [PRECISION_MARKERS.get(r.get("location_precision"), PRECISION_MARKERS[None]) for r in own]
        fig.add_trace(go.Scattergeo(
            lat=[r["latitude"] for r in own], lon=[r["longitude"] for r in own], mode="markers", name=event_type,
            marker={"size": [size for _, size in markers], "color": TYPE_COLOURS[event_type], "opacity": 0.75,
                    "symbol": [symbol for symbol, _ in markers],
                    "line": {"width": 2, "color": TYPE_COLOURS[event_type]}},
            customdata=[[_text(r["location"]), _text(_short(r["evidence"], 140))] for r in own],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra>" + event_type + "</extra>",
        ))
    fig.update_geos(
        resolution=110, showland=True, landcolor="#eeeeee", showcoastlines=True, coastlinecolor="#888888",
        showcountries=True, countrycolor="#bbbbbb", showocean=False, showlakes=False, showrivers=False,
        showsubunits=False, showframe=True, projection_type="natural earth",
    )
    fig.update_layout(**_layout(f"Located events ({len(rows)}; {MAP_LEGEND})", height=460))
    return fig


def _pair(row: dict) -> str:
    return _text(f"{_label(row['actor_country'])} → {_label(row['target_country'])}")


def deployments_figure(rows: list[dict]) -> go.Figure:
    pairs = sorted({_pair(r) for r in rows})
    largest = max([r["troops_largest"] or 0 for r in rows] + [1])
    fig = go.Figure(go.Scatter(
        x=[r["day"] for r in rows],
        y=[_pair(r) for r in rows],
        mode="markers",
        marker={"size": [8 + 32 * math.sqrt((r["troops_largest"] or 0) / largest) for r in rows],
                "color": TYPE_COLOURS["deployment"], "opacity": 0.7},
        customdata=[[r["troops_largest"] if r["troops_largest"] is not None else "not stated",
                     r["mentions"], _text(r["locations"])] for r in rows],
        hovertemplate="%{x} %{y}<br>troops: %{customdata[0]}<br>%{customdata[1]} mention(s) %{customdata[2]}"
        "<extra></extra>",
        name="deployments",
    ))
    fig.update_layout(**_layout("Deployments: sending state → destination (marker size: largest troop figure)",
                                height=min(640, max(320, 120 + 22 * len(pairs))), showlegend=False,
                                xaxis=date_axis([r["day"] for r in rows])))
    return fig


def captures_figure(rows: list[dict], colours: dict[str, str] | None = None) -> go.Figure:
    unit, width = time_bucket([r["day"] for r in rows])
    colours = colours or country_colours(sorted({_label(r["target_country"]) for r in rows}))
    rows = [{**r, "side": _label(r["target_country"])} for r in rows]
    keep = top_keys(rows, "side", "captured", 6)
    series = bucketed(lumped(rows, "side", keep), unit, "side", "captured")
    fig = go.Figure()
    for side in keep + (["other"] if "other" in series else []):
        points = sorted(series.get(side, {}).items())
        fig.add_trace(go.Bar(x=[d for d, _ in points], y=[v for _, v in points], name=f"captives: {_text(side)}",
                             width=width * 0.8, marker_color=colours.get(side, OTHER_COLOUR),
                             hovertemplate="%{x}<br>%{y} captured<extra>%{fullData.name}</extra>"))
    fig.update_layout(**_layout(f"Captures: people captured per {unit} (distinct captures), by captives' side",
                                barmode="stack", yaxis=count_axis("captured", _stacked(series)),
                                xaxis=date_axis([r["day"] for r in rows])))
    return fig


def exchanges_figure(rows: list[dict]) -> go.Figure:
    unit, width = time_bucket([r["day"] for r in rows])
    series = bucketed(rows, unit, "stage", "mentions")
    fig = go.Figure()
    for stage, colour in STAGE_COLOURS.items():
        points = sorted(series.get(stage, {}).items())
        fig.add_trace(go.Bar(x=[d for d, _ in points], y=[v for _, v in points], name=stage, marker_color=colour,
                             width=width * 0.8, hovertemplate="%{x}<br>%{y} mention(s)<extra>" + stage + "</extra>"))
    fig.update_layout(**_layout(f"Prisoner exchanges by stage (mentions per {unit})", barmode="stack",
                                yaxis=count_axis("mentions", _stacked(series)), xaxis=date_axis([r["day"] for r in rows])))
    return fig


def coverage_figure(rows: list[dict]) -> go.Figure:
    unit, width = time_bucket([r["day"] for r in rows])
    keep = top_keys(rows, "source", "documents", 10)
    series = bucketed(lumped(rows, "source", keep), unit, "source", "documents")
    events = bucketed([{**r, "all": "events"} for r in rows], unit, "all", "events").get("events", {})
    fig = go.Figure()
    for source in keep + (["other"] if "other" in series else []):
        points = sorted(series.get(source, {}).items())
        # Content never goes into a template (a "%{...}" in it would be filled in): the name is referenced.
        fig.add_trace(go.Bar(x=[d for d, _ in points], y=[v for _, v in points], name=_text(source),
                             width=width * 0.8, hovertemplate="%{x}<br>%{y} document(s)<extra>%{fullData.name}</extra>"))
    points = sorted(events.items())
    fig.add_trace(go.Scatter(x=[d for d, _ in points], y=[v for _, v in points], name="event mentions (all sources)",
                             mode="lines", line={"color": "#444", "width": 1.5, "dash": "dot"},
                             hovertemplate="%{x}<br>%{y} event mention(s)<extra></extra>"))
    fig.update_layout(**_layout(f"Source coverage: documents per source and {unit}", barmode="stack",
                                yaxis=count_axis("documents / events", _stacked(series) + list(events.values())), xaxis=date_axis([r["day"] for r in rows])))
    return fig


def _stacked(series: dict[str, dict]) -> list[float]:
    """The height of each stacked bar."""
    totals: dict = {}
    for points in series.values():
        for day, v in points.items():
            totals[day] = totals.get(day, 0) + v
    return list(totals.values())


def page_country_colours(data: dict[str, list[dict]]) -> dict[str, str]:
    """The page's colour of each country: the most reported first, then every other one shown."""
    totals: dict[str, int] = {}
    for r in data["types_by_country"]:
        totals[_label(r["country"])] = totals.get(_label(r["country"]), 0) + r["mentions"]
    ranked = sorted(totals, key=lambda c: (-totals[c], c))
    rest = {_label(r["country"]) for r in data["casualty_timeline"] + data["claims"]}
    rest |= {_label(r["target_country"]) for r in data["captures"]}
    return country_colours(ranked + sorted(rest - set(ranked)))


def figures(data: dict[str, list[dict]]) -> dict[str, go.Figure]:
    colours = page_country_colours(data)
    return {
        "casualties": casualty_figure(data["casualty_timeline"], data["claims"], colours),
        "types": types_figure(data["types_by_country"]),
        "map": map_figure(data["located"]),
        "deployments": deployments_figure(data["deployments"]),
        "captures": captures_figure(data["captures"], colours),
        "exchanges": exchanges_figure(data["exchanges"]),
        "coverage": coverage_figure(data["coverage"]),
    }


def _short(text: str | None, n: int) -> str:
    text = text or ""
    return text if len(text) <= n else text[: n - 1] + "…"


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _script_json(obj) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(obj, default=_plain, separators=(",", ":")).replace("</", "<\\/")


def _cell(value) -> str:
    return "" if value is None else html.escape(str(_plain(value)))


def _events_table(rows: list[dict]) -> str:
    body = []
    for r in rows:
        url = r.get("url") or ""
        link = (f'<a href="{html.escape(url)}" rel="noopener noreferrer" target="_blank">{_cell(r.get("source") or url)}</a>'
                if url.startswith(("http://", "https://")) else _cell(r.get("source")))
        countries = " ".join(c for c in (r["actor"], r["target"]) if c)
        body.append(
            f'<tr data-type="{_cell(r["event_type"])}" data-countries="{_cell(countries)}" '
            f'data-day="{_cell(r["day"])}">'
            f"<td>{_cell(r['day'])}</td><td>{_cell(r['event_type'])}</td><td class=num>{_cell(r['figure'])}</td>"
            f"<td>{_cell(r['actor'])}</td><td>{_cell(r['target'])}</td><td>{_cell(r['location'])}</td>"
            f"<td>{_cell(r['reported_by'])}</td><td class=evidence>{_cell(r['evidence'])}</td><td>{link}</td></tr>"
        )
    return "\n".join(body)


def _bounded(value: int | None, qualifier: str | None) -> str | None:
    """A figure with the bound its report states ("> 3000" for "more than 3,000")."""
    if value is None:
        return None
    return {"at_least": f"≥ {value}", "at_most": f"≤ {value}", "approx": f"~{value}"}.get(qualifier, str(value))


def _claims_table(rows: list[dict]) -> str:
    if not rows:
        return "<p class=muted>No cumulative claims yet.</p>"
    head = "<tr><th>victim country</th><th>reported by</th><th>as of</th><th>killed</th><th>injured</th>" \
           "<th>casualties</th><th>reports</th><th>evidence</th></tr>"
    body = "".join(
        f"<tr><td>{_cell(r['country'])}</td><td>{_cell(r['reported_by'])}</td><td>{_cell(r['as_of'])}</td>"
        f"<td class=num>{_cell(r['killed'])}</td><td class=num>{_cell(r['injured'])}</td>"
        f"<td class=num>{_cell(_bounded(r['casualties'], r['casualties_qualifier']))}</td>"
        f"<td class=num>{_cell(r['reports'])}</td><td class=evidence>{_cell(r['evidence'])}</td></tr>"
        for r in rows
    )
    return f"<table id=claims-table><thead>{head}</thead><tbody>{body}</tbody></table>"


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header{padding:16px 24px;background:#1d2b3a;color:#fff}header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#c8d3de;font-size:14px}main{padding:12px 24px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:12px}
.card{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:6px}
.wide{grid-column:1/-1}h2{font-size:17px;margin:18px 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px;background:#fff}
th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f2f4f7;position:sticky;top:0}td:first-child{white-space:nowrap}.num{text-align:right}.evidence{max-width:640px}
.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin:8px 0}
.filters input,.filters select{padding:4px 6px;font-size:13px}.muted{color:#777}
#render-status{font-size:12px;color:#777}
"""

SCRIPT = """
(function () {
  var figures = JSON.parse(document.getElementById("sitrep-figures").textContent);
  var status = document.getElementById("render-status");
  var config = {responsive: true, displaylogo: false, displayModeBar: false};  // drag zooms, double-click resets
  var plots = Object.keys(figures).map(function (id) {
    return Plotly.newPlot(id, figures[id].data, figures[id].layout, config);
  });
  Promise.all(plots).then(function () {
    status.textContent = "rendered " + plots.length + " charts";
    status.dataset.charts = String(plots.length);
    document.body.dataset.rendered = "ok";
  }).catch(function (err) {
    status.textContent = "chart error: " + err;
    document.body.dataset.rendered = "error";
  });

  var rows = Array.prototype.slice.call(document.querySelectorAll("#events-table tbody tr"));
  var type = document.getElementById("filter-type"), country = document.getElementById("filter-country"),
      since = document.getElementById("filter-since"), text = document.getElementById("filter-text"),
      count = document.getElementById("events-shown");
  function apply() {
    var t = type.value, c = country.value.trim().toUpperCase(), s = since.value, q = text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!t || row.dataset.type === t) &&
               (!c || row.dataset.countries.split(" ").indexOf(c) >= 0) &&
               (!s || row.dataset.day >= s) &&
               (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
      row.style.display = ok ? "" : "none";
      if (ok) shown += 1;
    });
    count.textContent = String(shown);
  }
  [type, country, since, text].forEach(function (el) { el.addEventListener("input", apply); });
  apply();
})();
"""


def dashboard_html(data: dict[str, list[dict]], title: str = "Sitrep dashboard",
                   generated_at: datetime | None = None) -> str:
    """The whole page: plotly.js, the outline geometry, the figures and the tables, inlined."""
    totals = data["totals"][0] if data["totals"] else {"documents": 0, "events": 0, "located": 0, "latest": None}
    figs = {name: json.loads(fig.to_json()) for name, fig in figures(data).items()}
    when = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    shown = len(data["events"])
    more = (f" (the newest {shown} of {totals['events']})" if shown < (totals["events"] or 0) else "")
    type_options = "".join(f'<option value="{t}">{t}</option>' for t in EVENT_TYPES)
    charts = "\n".join(
        f'<div class="card{" wide" if name in WIDE_CHARTS else ""}"><div id="{name}"></div></div>'
        for name in CHART_IDS
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{STYLE}</style>
<script>window.PlotlyGeoAssets = {{topojson: {{world_110m: {_script_json(world_topology())}}}}};</script>
<script>{get_plotlyjs()}</script>
</head>
<body>
<header><h1>{html.escape(title)}</h1>
<p><span id="total-documents">{totals['documents']}</span> documents ·
<span id="total-events">{totals['events']}</span> event mentions ·
<span id="total-located">{totals['located']}</span> located · latest document {_cell(totals['latest']) or '–'} ·
generated {when} · <span id="render-status">charts need JavaScript</span></p></header>
<main>
<div class="grid">
{charts}
</div>
<h2>Latest cumulative casualty claims per reporter</h2>
<p class="muted">A figure stated with a cumulative cue (“since”, “so far”, “in total”…) is a claim: only each
reporter's latest claim per victim country is kept, and claims are never added to per-incident sums.</p>
{_claims_table(data["latest_claims"])}
<h2>Events{more}</h2>
<div class="filters">
<label>type <select id="filter-type"><option value="">all</option>{type_options}</select></label>
<label>country (ISO3) <input id="filter-country" size="5" placeholder="UKR"></label>
<label>since <input id="filter-since" type="date"></label>
<label>text <input id="filter-text" size="30" placeholder="evidence, place, reporter…"></label>
<span><span id="events-shown">{shown}</span> shown</span>
</div>
<table id="events-table">
<thead><tr><th>day</th><th>type</th><th>figure</th><th>actor</th><th>target</th><th>location</th>
<th>reported by</th><th>evidence</th><th>source</th></tr></thead>
<tbody>
{_events_table(data["events"])}
</tbody>
</table>
</main>
<script type="application/json" id="sitrep-figures">{_script_json(figs)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


@dataclass(frozen=True)
class Dashboard:
    path: Path | str  # a local file, or the URI of an object
    size_bytes: int
    events: int
    table_rows: int
    located: int


def write_dashboard(lake, out: Path | str | None = None, title: str = "Sitrep dashboard") -> Dashboard:
    """Build the dashboard from the lake's marts and write it whole (pipelines/storage.py): to
    `out` (a path or a URI), or beside the lake as `LAKE/dashboard.html`, on a local lake or in
    its object-storage prefix alike."""
    data = dashboard_data(lake)
    page = dashboard_html(data, title).encode("utf-8")
    if out is None:
        written = LakeFiles.of(lake).write_atomic(DASHBOARD_FILE, page)
    else:
        written = write_file(out, page)
    totals = data["totals"][0]
    path = written if is_uri(written) else Path(written)
    return Dashboard(path, len(page), totals["events"], len(data["events"]), totals["located"])
