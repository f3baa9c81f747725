"""Lake rows whose text tries plotly's label markup, HTML and plotly's template syntax at once: the
dashboard's tests and its browser tests check that none of it renders."""
from datetime import date

from tests.support.marts import doc, event

# News text that tries plotly's label markup, HTML, and plotly's template syntax at once.
MARK = '<a href="https://evil.example/x">click</a><b>bold</b><br>cut<img src=x onerror=alert(1)> %{y} &amp;'
HOSTILE_COUNTRY = '<b>UKR</b><a href="https://evil.example/c">c</a>'
HOSTILE_DOCS = [
    {**doc("h1", f"Wire {MARK}", date(2025, 1, 10)), "title": f"Title {MARK}"},
    {**doc("h2", "Wire B", date(2025, 1, 12)), "title": f"Other {MARK}"},
]
HOSTILE_EVENTS = [
    event("x1", "h1", "casualty_report", f"Four were killed {MARK} in the town.", date(2025, 1, 10), killed=4,
          target_country=HOSTILE_COUNTRY, location=f"Sumy {MARK}", latitude=50.9, longitude=34.8,
          reported_by=f"Ministry {MARK}"),
    event("x2", "h2", "casualty_report", f"Since the start, 900 have been killed so far {MARK}.", date(2025, 1, 12),
          killed=900, target_country=HOSTILE_COUNTRY, reported_by=f"Ministry {MARK}"),
    event("x3", "h1", "deployment", f"Troops {MARK} were sent.", date(2025, 1, 10), troops=300,
          actor_country=HOSTILE_COUNTRY, target_country="EST", location=f"Tapa {MARK}", latitude=59.3, longitude=26.0),
    event("x4", "h2", "capture", f"Fighters {MARK} were captured.", date(2025, 1, 12), captured=2,
          actor_country="UKR", target_country=HOSTILE_COUNTRY),
]
