"""More than one server: two replicas behind nginx (deploy/), real Chromium sessions through it.

Checks the scale-out recipe end to end: the first response sets the sticky route cookie,
every request of a session (page, websocket, upload) reaches one replica, both replicas
serve sessions, and when a replica dies the page reconnects to the other one and — because
the page's state lives in the URL — shows the same view.

Which replica served what is read from nginx's access log (`upstream=… route=…`, see
deploy/nginx.conf.template). Bounded: two replicas, a handful of page loads.
"""
from __future__ import annotations

import io
import json
import re
import time
import urllib.request

import pytest
from PIL import Image

from deploy.replicas import Cluster

CHART = ".st-key-explorer_chart .js-plotly-plot"
SLIDER = ".st-key-elu-alpha input[type=range]"
UPLOADER = ".st-key-explorer-upload input[type=file]"
RECONNECT_S = 10                         # "within a few seconds" (measured: ~0.6 s)
VIEW = "/?act=elu&alpha=0.5"             # a teacher's link: ELU with alpha 0.5
CHART_Y = f"""() => {{
    const el = document.querySelector('{CHART}');
    return el && el._fullData ? JSON.stringify(el._fullData.map(t => Array.from(t.y || []))) : null;
}}"""
# The app root carries the frontend's connection and script states as attributes; record
# every change (a MutationObserver sees each one through its old value, however fast).
RECORD_STATES = """() => {
    const app = document.querySelector('[data-testid=stApp]');
    const seen = window.__stStates = [];
    new MutationObserver(records => records.forEach(r => seen.push(
        [r.attributeName.replace('data-test-', ''), r.oldValue, app.getAttribute(r.attributeName)]
    ))).observe(app, {attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-test-connection-state', 'data-test-script-state']});
}"""
# The connection was lost and came back.
RECONNECTED = """() => window.__stStates.some(([a, old, now]) =>
    a === 'connection-state' && old === 'CONNECTING' && now === 'CONNECTED')"""
LOG_LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) \d+ '
                      r'upstream=(?P<upstream>\S+) route=(?P<route>\S+)')


def log_entries(cluster: Cluster) -> list[dict]:
    """nginx's access log as dicts; `upstream` is the replica that finally answered."""
    entries = []
    for line in cluster.log("access.log").splitlines():
        m = LOG_LINE.search(line)
        if m:
            entry = m.groupdict()
            entry["upstream"] = entry["upstream"].split(",")[-1].strip()   # after retries
            entries.append(entry)
    return entries


def logged(cluster: Cluster, route: str, timeout: float = 10.0) -> list[dict]:
    """The access-log entries of `route`, once its websockets are logged (nginx writes a
    websocket's line when it closes: close the browser context first)."""
    deadline = time.monotonic() + timeout
    while True:
        mine = [e for e in log_entries(cluster) if e["route"] == route]
        if any(e["path"].startswith("/_stcore/stream") for e in mine) or \
                time.monotonic() > deadline:
            return mine
        time.sleep(0.1)


def routes_by_replica(cluster: Cluster) -> dict[str, str]:
    """One route cookie value per replica ("127.0.0.1:port" → value), found by probing."""
    found: dict[str, str] = {}
    for i in range(64):
        route = f"probe{i}"
        request = urllib.request.Request(cluster.url + "/_stcore/health",
                                         headers={"Cookie": f"actlab_route={route}"})
        with urllib.request.urlopen(request, timeout=5) as r:
            assert r.status == 200
        deadline = time.monotonic() + 5             # nginx logs just after it answers
        while not (upstream := next((e["upstream"] for e in log_entries(cluster)
                                     if e["route"] == route), None)):
            assert time.monotonic() < deadline, f"{route} never logged"
            time.sleep(0.05)
        found.setdefault(upstream, route)
        if len(found) == cluster.n:
            return found
    raise AssertionError(f"64 route values reached only {sorted(found)}")


def open_page(browser, cluster: Cluster, route: str | None = None, path: str = VIEW):
    context = browser.new_context(base_url=cluster.url, viewport={"width": 1280, "height": 2000})
    if route is not None:
        context.add_cookies([{"name": "actlab_route", "value": route, "url": cluster.url}])
    page = context.new_page()
    page.goto(path)
    page.wait_for_function(f"() => ({CHART_Y})() !== null", timeout=30_000)
    return context, page


def png_bytes(size=(24, 16)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def cluster():
    with Cluster(replicas=2) as c:
        yield c


def test_first_response_sets_route_cookie_and_session_sticks(browser, cluster):
    context, page = open_page(browser, cluster)
    try:
        routes = [c["value"] for c in context.cookies() if c["name"] == "actlab_route"]
    finally:
        context.close()
    assert len(routes) == 1 and routes[0]
    mine = logged(cluster, routes[0])
    assert any(e["path"].startswith("/_stcore/stream") and e["status"] == "101"
               for e in mine), mine
    # The page, its assets and its websocket all went to one replica.
    assert len({e["upstream"] for e in mine}) == 1, mine


def test_both_replicas_serve_sessions_and_uploads_stay_on_their_replica(browser, cluster):
    routes = routes_by_replica(cluster)
    for upstream, route in routes.items():
        context, page = open_page(browser, cluster, route)
        try:
            page.locator(UPLOADER).set_input_files(
                {"name": "red.png", "mimeType": "image/png", "buffer": png_bytes()})
            page.get_by_text("red.png").wait_for(timeout=30_000)   # listed by the uploader
            page.wait_for_function(f"() => ({CHART_Y})() !== null")
            assert page.locator("[data-testid=stException]").count() == 0
        finally:
            context.close()
        mine = logged(cluster, route)
        streams = [e for e in mine if e["path"].startswith("/_stcore/stream")]
        uploads = [e for e in mine if e["method"] == "PUT"
                   and e["path"].startswith("/_stcore/upload_file")]
        assert [e["upstream"] for e in streams] == [upstream], mine
        assert uploads and all(e["status"] in ("200", "204") for e in uploads), uploads
        assert {e["upstream"] for e in uploads} == {upstream}, uploads


def test_killed_replica_page_reconnects_to_the_other_with_the_same_view(browser, cluster):
    routes = routes_by_replica(cluster)
    (doomed, route), = [(u, r) for u, r in routes.items()
                        if u.endswith(f":{cluster.replicas[0][0]}")]
    context, page = open_page(browser, cluster, route)
    try:
        slider = page.locator(SLIDER)
        slider.focus()
        before_chart = page.evaluate(CHART_Y)
        page.keyboard.press("ArrowRight")                    # alpha 0.5 → next step
        page.wait_for_function(f"() => ({CHART_Y})() !== {json.dumps(before_chart)}")
        page.wait_for_function("() => new URL(location.href).searchParams.get('alpha') !== '0.5'")
        page.wait_for_timeout(500)                           # let the URL settle
        view_url, view_chart = page.url, page.evaluate(CHART_Y)
        view_alpha = slider.input_value()
        page.evaluate(RECORD_STATES)
        cluster.kill(0)
        # The frontend notices, pings /_stcore/health (nginx answers from the survivor),
        # opens a new websocket and reruns the page with the URL's query string.
        page.wait_for_function(RECONNECTED, timeout=RECONNECT_S * 1000)
        assert page.url == view_url
        # A fresh load is served by the survivor from nothing but the URL: same view.
        page.reload()
        page.wait_for_function(f"() => ({CHART_Y})() !== null", timeout=30_000)
        assert page.evaluate(CHART_Y) == view_chart
        assert page.locator(SLIDER).input_value() == view_alpha
        page.locator(SLIDER).focus()                         # and the new session works
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => ({CHART_Y})() !== {json.dumps(view_chart)}",
                               timeout=20_000)
    finally:
        context.close()
    # The first websocket was on the doomed replica, the new one on the survivor.
    time.sleep(0.5)
    streams = [e for e in logged(cluster, route) if e["path"].startswith("/_stcore/stream")]
    assert streams[0]["upstream"] == doomed, streams
    assert streams[-1]["upstream"] != doomed and streams[-1]["status"] == "101", streams


def test_newcomers_take_the_replicas_in_turn_and_their_cookie_names_the_one_that_served():
    """A class splits evenly: each request without a route cookie goes to the next replica,
    and its response's cookie (r0, r1) sends that session's later requests to the same one.
    Served over plain HTTP, so the test needs no browser."""
    with Cluster(2) as cluster:
        ports = {f"r{i}": url.rsplit(":", 1)[1] for i, url in enumerate(cluster.replica_urls)}
        routes = []
        for _ in range(6):
            with urllib.request.urlopen(cluster.url + "/") as response:
                response.read()
                routes += [c.split(";")[0].split("=", 1)[1]
                           for c in response.headers.get_all("Set-Cookie")
                           if c.startswith("actlab_route=")]
        assert sorted(routes) == ["r0"] * 3 + ["r1"] * 3            # in turn: 3 and 3
        assert all(a != b for a, b in zip(routes, routes[1:]))
        for route, port in ports.items():
            for _ in range(3):
                request = urllib.request.Request(cluster.url + "/_stcore/health",
                                                 headers={"Cookie": f"actlab_route={route}"})
                urllib.request.urlopen(request).read()
        deadline = time.monotonic() + 5
        while len([e for e in log_entries(cluster) if e["route"] in ports]) < 6:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        for route, port in ports.items():                     # sticky to the named one
            assert {e["upstream"] for e in log_entries(cluster) if e["route"] == route} == \
                {f"127.0.0.1:{port}"}
