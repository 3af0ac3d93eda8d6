"""The lineage page end to end in real headless Chromium (Debian's ``chromium``, driven by Playwright)
against a real uvicorn server on a loopback port: type, pick, see the graph, click an edge, read the evidence;
the document's header, the filters, a layout whose edges pass behind no node, the province × year matrix and
its CSV, the timeline, the exports, a 420 px screen, the keyboard, and /docs and /redoc without a CDN.

Screenshots are kept as test artefacts in ``test-artifacts/browser`` (or ``$VANKIEN_ARTEFACTS``); each test
prints where its screenshot went."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from api.app import create_app
from api.settings import Settings
from graph.build.ingest import ingest_paths
from graph.store.protocol import open_store
from ontology import reference
from tests.conftest import ROOT, need_shared

CHROMIUM = os.environ.get("VANKIEN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
CT39 = "doc:ct-tw-39-xi"
KH126 = "doc:kh-tu-dong-thap-126-2015-2020"
TIMEOUT_MS = 15_000
ARTEFACTS = Path(os.environ.get("VANKIEN_ARTEFACTS") or ROOT / "test-artifacts" / "browser")


def _missing(why: str) -> None:
    if os.environ.get("VANKIEN_CI") == "1":
        pytest.fail(f"{why}: the browser test must run in CI")
    pytest.skip(why)


def _serve(store: Any) -> Iterator[str]:
    """A uvicorn server on a free loopback port over a store."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(Settings(), store=store), host="127.0.0.1", port=port, log_level="warning",
                            access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a store of the shared articles and the project's examples."""
    shared = need_shared()
    store = open_store("embedded", data_dir=tmp_path_factory.mktemp("browser-store"))
    ingest_paths(store, [str(shared / "seeds"), str(shared / "corpus" / "dev.jsonl"), str(ROOT / "examples" / "corpus")],
                 workers=1)
    yield from _serve(store)
    store.close()


WIDE = 14  # provinces, each with a plan carrying out Chỉ thị 39 and a meeting reviewing the plan


def wide_articles() -> list[dict[str, str]]:
    """Articles enough for a layer of the lineage too wide for one row: a plan and a meeting per province."""
    out = []
    for i, p in enumerate(p.name for p in reference.provinces_before_merger()[:WIDE]):
        n = 40 + i
        out.append({"id": f"wide-{i}-plan", "title": f"{p} triển khai Chỉ thị 39", "published": "2017-03-13",
                    "text": f"Ngày 10-3-2017, Ban Thường vụ Tỉnh ủy {p} ban hành Kế hoạch số {n}-KH/TU về thực hiện "
                            "Chỉ thị số 39-CT/TW ngày 18-8-2014 của Bộ Chính trị về tăng cường công tác bảo vệ chính "
                            "trị nội bộ trong tình hình hiện nay."})
        out.append({"id": f"wide-{i}-meeting", "title": f"{p} sơ kết Kế hoạch {n}", "published": "2019-03-15",
                    "text": f"Sáng ngày 15/3/2019, Ban Tổ chức Tỉnh ủy {p} tổ chức Hội nghị sơ kết 3 năm thực hiện "
                            f"Kế hoạch số {n}-KH/TU ngày 10-3-2017 của Ban Thường vụ Tỉnh ủy {p} về thực hiện Chỉ thị "
                            "số 39-CT/TW của Bộ Chính trị."})
    return out


@pytest.fixture(scope="module")
def wide_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a store where Chỉ thị 39 has a wide first layer (plans and meetings of many provinces)."""
    folder = tmp_path_factory.mktemp("browser-wide")
    corpus = folder / "wide.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in wide_articles()), encoding="utf-8")
    store = open_store("embedded", data_dir=folder / "store")
    report = ingest_paths(store, [str(corpus)], workers=1)
    assert not report.failures
    yield from _serve(store)
    store.close()


IN_FORCE = ROOT / "tests" / "data" / "in_force"
PLAN77, QD102, QD69 = "doc:kh-tu-binh-dinh-77-2015-2020", "doc:qd-tw-102-xii", "doc:qd-tw-69-xiii"


@pytest.fixture(scope="module")
def in_force_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over the two texts of tests/data/in_force: a plan carrying out Quy định 102, and Quy định 69
    replacing it."""
    store = open_store("embedded", data_dir=tmp_path_factory.mktemp("browser-in-force"))
    report = ingest_paths(store, [str(IN_FORCE)], workers=1)
    assert not report.failures
    yield from _serve(store)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"Chromium is not at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def _context(browser: Any, width: int = 1400, height: int = 1000) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN", accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # the page's own scripts and styles must satisfy its Content-Security-Policy
    context.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    return context, pg, errors


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context, pg, errors = _context(browser)
    pg.goto(base_url + "/")
    yield pg
    context.close()
    assert not errors, f"the page raised: {errors}"


@pytest.fixture
def wide(browser: Any, wide_url: str) -> Iterator[Any]:
    """The page over the wide store, Chỉ thị 39 shown."""
    context, pg, errors = _context(browser)
    pg.goto(wide_url + f"/#doc={CT39}")
    pg.locator("#graph svg .node").first.wait_for()
    pg.locator("#timeline .event").first.wait_for()
    yield pg
    context.close()
    assert not errors, f"the page raised: {errors}"


@pytest.fixture
def shot(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]) -> Any:
    """Save a screenshot of a page as a test artefact and say where."""
    def take(pg: Any, name: str = "", full_page: bool = True) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "-", f"{request.node.name}{'-' + name if name else ''}").strip("-")
        path = ARTEFACTS / f"{stem}.png"
        pg.screenshot(path=str(path), full_page=full_page)
        with capsys.disabled():
            print(f"\nscreenshot: {path}")
        return path
    return take


def _pick(page: Any, query: str, expect: str) -> None:
    page.fill("#q", query)
    option = page.locator("#results button.result", has_text=expect).first
    option.wait_for()
    option.click()
    page.locator("#graph svg .node").first.wait_for()


def test_type_pick_see_the_graph_click_an_edge_read_the_evidence(page: Any, base_url: str) -> None:
    _pick(page, "chi thi 39", "39-CT/TW")
    assert page.locator("#doc-title").inner_text() == "Chỉ thị 39-CT/TW (2014)"
    assert page.locator(f'#graph svg .node[data-id="{CT39}"]').count() == 1
    plan = page.locator(f'#graph svg .node[data-id="{KH126}"]')
    assert plan.count() == 1 and "126-KH/TU" in (plan.text_content() or "")
    page.locator(f'#graph .edge[data-source="{KH126}"][data-target="{CT39}"] .hit').click()
    quote = page.locator("#evidence-body blockquote.evidence-text").first
    quote.wait_for()
    text = quote.inner_text()
    assert "Kế hoạch số 126-KH/TU" in text and "Chỉ thị số 39-CT/TW" in text
    assert "thực hiện" in page.locator("#evidence-body .relation").inner_text()
    # the province × year matrix
    assert "Đồng Tháp" in page.locator("#matrix table").inner_text()
    # the link to the source text, with the sentence highlighted
    href = page.locator("#evidence-body a.source-link").first.get_attribute("href")
    assert href and href.startswith("/sources/")
    page.goto(base_url + href)
    assert text.strip() in page.locator("pre.source-text").inner_text()
    focus = page.locator("#focus")
    assert focus.count() == 1 and focus.inner_text() in text


def test_a_reference_without_diacritics_finds_a_conclusion(page: Any) -> None:
    _pick(page, "KL 21", "21-KL/TW")
    assert "Kết luận 21-KL/TW" in page.locator("#doc-title").inner_text()
    assert page.locator("#graph svg .node").count() >= 1
    assert page.locator("#graph svg").get_attribute("aria-label")


def test_clicking_a_node_follows_its_lineage_up(page: Any) -> None:
    _pick(page, "chi thi 39", "39-CT/TW")
    page.locator(f'#graph svg .node[data-id="{KH126}"]').click()
    page.wait_for_function("() => document.querySelector('#doc-title').textContent.includes('126-KH/TU')")
    assert page.locator(f'#graph svg .node.central[data-id="{CT39}"]').count() == 1
    assert "doc=" in page.url


def test_an_unknown_reference_says_so(page: Any) -> None:
    page.fill("#q", "zzzz qqqq")
    page.locator("#results li.empty").wait_for()


def _api(pg: Any, url: str) -> Any:
    r = pg.request.get(url)
    assert r.ok, f"{url}: {r.status}"
    return r.json()


# ---------------------------------------------------------------- the document's header
def test_the_header_shows_type_number_trich_yeu_issuer_term_date_and_sources(page: Any, base_url: str, shot: Any) -> None:
    _pick(page, "chi thi 39", "39-CT/TW")
    page.locator("#doc-sources-list li").first.wait_for(state="attached")
    detail = _api(page, f"{base_url}/documents/{CT39}")
    doc = detail["document"]
    assert page.locator("#doc-kind").inner_text().lower() == "chỉ thị"
    assert doc["title"] in page.locator("#doc-trich-yeu").inner_text()
    facts = dict(zip(page.locator("#doc-facts dt").all_inner_texts(), page.locator("#doc-facts dd").all_inner_texts(),
                     strict=True))
    y, m, d = doc["issued"].split("-")
    assert facts["Số, ký hiệu"] == f"{doc['number']}-{doc['symbol']}" == "39-CT/TW"
    assert facts["Cơ quan ban hành"] == "Bộ Chính trị" and facts["Khóa"] == "XI"
    assert facts["Ngày ban hành"] == f"{d}/{m}/{y}" == "18/08/2014"
    # the sources behind it, each linking to its text; the project's examples carry a badge, real articles none
    page.locator("#doc-sources summary").click()
    items = page.locator("#doc-sources-list li[data-source]")
    assert items.count() == len(detail["sources"]) and str(detail["source_count"]) in page.locator("#doc-sources-h").inner_text()
    examples = {s["id"] for s in detail["sources"] if s["example"]}
    assert examples and len(examples) < len(detail["sources"])
    for i in range(items.count()):
        li = items.nth(i)
        sid = li.get_attribute("data-source")
        assert (li.locator(".badge.example").count() == 1) == (sid in examples)
        assert li.locator("a").get_attribute("href") == f"/sources/{quote(sid, safe='')}/view"
    shot(page)


def test_evidence_and_source_view_of_an_example_say_so(page: Any, base_url: str, shot: Any) -> None:
    _pick(page, "chi thi 39", "39-CT/TW")
    plan = page.locator("#graph .edge[data-source='doc:kh-tu-binh-dinh-45-2015-2020'] .hit")
    plan.click()
    quote = page.locator("#evidence-body figure.quote").first
    quote.wait_for()
    assert quote.locator(".badge.example").inner_text() == "ví dụ / example"
    page.locator(f'#graph .edge[data-source="{KH126}"][data-target="{CT39}"] .hit').click()
    page.locator("#evidence-body figure.quote").first.wait_for()
    assert page.locator("#evidence-body .badge.example").count() == 0  # a real article
    shot(page)
    page.goto(base_url + "/sources/src:01-binh-dinh-ke-hoach/view")
    assert page.locator(".badge.example").inner_text() == "ví dụ / example"
    page.goto(base_url + "/sources/src:002-f9a59b69b065816b/view")
    assert page.locator(".badge.example").count() == 0


# ---------------------------------------------------------------- a layout that does not mislead
_GEOMETRY = """() => {
  const rects = [...document.querySelectorAll('#graph .node')].map((g) => {
    const m = g.transform.baseVal.consolidate().matrix, r = g.querySelector('rect');
    return { id: g.dataset.id || null, x: m.e, y: m.f, w: r.width.baseVal.value, h: r.height.baseVal.value };
  });
  const edges = [...document.querySelectorAll('#graph .edge')].map((g) => {
    const p = g.querySelector('.line'), n = p.getTotalLength(), pts = [];
    for (let l = 0; l <= n; l += 3) { const q = p.getPointAtLength(l); pts.push([q.x, q.y]); }
    return { source: g.dataset.source, target: g.dataset.target, pts };
  });
  return { rects, edges };
}"""


def test_no_edge_passes_behind_a_node_it_does_not_join(wide: Any, shot: Any) -> None:
    geo = wide.evaluate(_GEOMETRY)
    rows = {r["y"] for r in geo["rects"]}
    assert len(rows) >= 4, "the first layer should wrap onto several rows"
    assert len(geo["edges"]) >= 2 * WIDE - 2
    crossings = []
    for e in geo["edges"]:
        for r in geo["rects"]:
            if r["id"] in (e["source"], e["target"]):
                continue
            inside = [p for p in e["pts"] if r["x"] + 1 < p[0] < r["x"] + r["w"] - 1 and r["y"] + 1 < p[1] < r["y"] + r["h"] - 1]
            if inside:
                crossings.append((e["source"], e["target"], r["id"]))
    assert not crossings, f"edges behind nodes: {crossings[:5]}"
    shot(wide)


def test_labels_are_cut_at_words_and_shown_whole_on_hover_and_focus(wide: Any) -> None:
    nodes = wide.locator("#graph .node[data-id]")
    assert nodes.count() > WIDE
    for i in range(nodes.count()):
        g = nodes.nth(i)
        full = g.get_attribute("data-label")
        shown = " ".join(g.locator("text.label").all_text_contents())
        cut = shown.endswith(" …")
        shown = shown.removesuffix(" …")
        # what is shown is the label's beginning, ending at a whole word: "Chỉ thị 03" never reads "Chỉ thị 0…"
        assert full.startswith(shown) and (not cut or full[len(shown)] == " "), (shown, full)
    meeting = wide.locator("#graph .node.kind-Meeting").first
    label = meeting.get_attribute("data-label")
    meeting.hover()
    assert wide.locator("#tip").is_visible() and label in wide.locator("#tip").inner_text()
    wide.mouse.move(0, 0)
    assert not wide.locator("#tip").is_visible()
    other = wide.locator("#graph .node.kind-Document:not(.root)").first
    other.focus()
    assert other.get_attribute("data-label") in wide.locator("#tip").inner_text()


def test_each_edge_shows_how_many_sources_state_it(wide: Any, wide_url: str) -> None:
    lineage = _api(wide, f"{wide_url}/documents/{CT39}/lineage?up=4&down=3")
    want = {(e["source"], e["type"], e["target"]): e["sources"] for e in lineage["edges"]}
    edges = wide.locator("#graph .edge")
    counts = wide.locator("#graph .count text").all_text_contents()
    assert edges.count() == len(want) == len(counts)
    for i in range(edges.count()):
        g = edges.nth(i)
        key = (g.get_attribute("data-source"), g.get_attribute("data-type"), g.get_attribute("data-target"))
        assert int(g.get_attribute("data-sources")) == want[key] >= 1
        assert f"({want[key]} nguồn)" in g.get_attribute("aria-label")
    assert sorted(map(int, counts)) == sorted(want.values())


# ---------------------------------------------------------------- filters
def _shown(pg: Any) -> list[str]:
    return pg.locator("#graph .node[data-id]").evaluate_all("(gs) => gs.map((g) => g.dataset.id)")


def test_filters_by_relation_year_province_and_confidence(wide: Any, wide_url: str, shot: Any) -> None:
    lineage = _api(wide, f"{wide_url}/documents/{CT39}/lineage?up=4&down=3")
    nodes = {n["id"]: n for n in lineage["nodes"]}
    everything = set(_shown(wide))
    assert everything == set(nodes)
    # DISCUSSES is apart from IMPLEMENTS and REVIEWS, in a box of its own
    assert wide.locator("#f-discuss input[value=DISCUSSES]").count() == 1
    assert wide.locator("#f-types input[value=DISCUSSES]").count() == 0
    assert wide.locator("#f-types input[value=IMPLEMENTS]").count() == 1
    assert wide.locator("#graph .edge.type-DISCUSSES").count() > 0
    wide.locator("#f-discuss input[value=DISCUSSES]").uncheck()
    assert wide.locator("#graph .edge.type-DISCUSSES").count() == 0
    assert wide.locator("#timeline .rel.type-DISCUSSES").count() == 0
    left = set(_shown(wide))
    assert CT39 in left and left < everything
    wide.locator("#f-reset").click()
    wide.wait_for_function(f"() => document.querySelectorAll('#graph .node[data-id]').length === {len(everything)}")
    # a province: only its own below the document
    wide.select_option("#f-province", "Hà Nội")
    below = [nodes[i] for i in _shown(wide) if nodes[i]["layer"] > 0]
    assert below and {n["province"] for n in below} == {"Hà Nội"}
    assert wide.locator("#matrix tbody th").all_inner_texts() == ["Hà Nội"]
    wide.select_option("#f-province", "")
    # years: from 2018 on, the plans of 2017 go
    wide.fill("#f-from", "2018")
    wide.locator("#f-from").dispatch_event("change")
    below = [nodes[i] for i in _shown(wide) if nodes[i]["layer"] > 0]
    assert below and all(n["year"] and n["year"] >= 2018 for n in below)
    assert wide.locator("#matrix thead th").all_inner_texts()[1:-1] == ["2019"]
    wide.fill("#f-from", "")
    wide.locator("#f-from").dispatch_event("change")
    # confidence: above the weakest edge's, the weakest go
    weakest = min(e["confidence"] for e in lineage["edges"])
    wide.fill("#f-conf", str(round(weakest + 0.05, 2)))
    confs = wide.locator("#graph .edge").evaluate_all("(gs) => gs.map((g) => g.dataset.index)")
    assert confs and len(confs) < len(lineage["edges"])
    assert f"{round((weakest + 0.05) * 100)}%" == wide.locator("#f-conf-out").inner_text()
    shot(wide)


# ---------------------------------------------------------------- the province × year matrix and the timeline
def test_the_matrix_has_a_central_row_the_provinces_without_a_record_and_a_csv(page: Any, base_url: str, shot: Any) -> None:
    _pick(page, "chi thi 35", "35-CT/TW")
    page.wait_for_function("() => document.querySelector('#matrix-missing').dataset.units")
    rows = page.locator("#matrix tbody th").all_inner_texts()
    assert rows[0] == "Trung ương" and "Gia Lai" in rows
    lineage = _api(page, f"{base_url}/documents/doc:ct-tw-35-xii/lineage")
    # central documents, and meetings of central bodies (recorded with "Trung ương" for a province)
    central = {n["id"] for n in lineage["nodes"] if n["layer"] > 0 and (n["central"] or n["province"] == "Trung ương")}
    assert central and page.locator("#matrix tr.central-row td.total").inner_text() == str(len(central))
    # the units in force on the document's date (30/05/2019: the 63 of before the merger), less those with a record
    units = reference.provinces_at(date(2019, 5, 30))
    with_record = {n["province"] for n in lineage["nodes"] if n["layer"] > 0 and n["province"]}
    missing = page.locator("#matrix-missing")
    assert missing.get_attribute("data-units") == "63" == str(len(units))
    assert missing.get_attribute("data-missing") == str(len(set(units) - with_record))
    assert "30/05/2019" in missing.inner_text() and "Hà Nội" in missing.inner_text() and "Gia Lai, " not in missing.inner_text()
    with page.expect_download() as dl:
        page.click("#matrix-csv")
    raw = Path(dl.value.path()).read_bytes()
    assert raw.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    shown = [[c.strip() for c in r] for r in page.locator("#matrix tr").evaluate_all(
        "(trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent || '0'))")]
    assert table[0] == shown[0]
    assert [r[0] for r in table[1:len(rows) + 1]] == rows
    assert [r[-1] for r in table[1:len(rows) + 1]] == [r[-1] for r in shown[1:]]
    assert {r[0] for r in table[len(rows) + 1:]} == set(units) - with_record
    shot(page)


def test_the_timeline_lists_the_document_and_what_followed_by_date(page: Any, base_url: str, shot: Any) -> None:
    _pick(page, "chi thi 39", "39-CT/TW")
    page.locator("#timeline .event").first.wait_for()
    events = page.locator("#timeline .event")
    first = events.first
    assert first.get_attribute("data-id") == CT39 and "18/08/2014" in first.inner_text() and "ban hành" in first.inner_text()
    years = page.locator("#timeline h4").all_inner_texts()
    dated = [y for y in years if y.isdigit()]
    assert dated == sorted(dated) and dated[0] == "2014"
    timeline = _api(page, f"{base_url}/documents/{CT39}/timeline?depth=3")
    assert events.count() == len(timeline["events"])
    assert page.locator(f'#timeline .event[data-id="{KH126}"] a').get_attribute("href") == f"#doc={quote(KH126, safe='')}"
    page.locator("#timeline").scroll_into_view_if_needed()
    shot(page)


# ---------------------------------------------------------------- exports
def test_the_shown_neighbourhood_exports_as_graphml_csv_and_turtle(page: Any, base_url: str) -> None:
    _pick(page, "chi thi 39", "39-CT/TW")
    links = page.locator("#exports a.export")
    assert links.all_inner_texts() == ["GraphML", "CSV nút", "CSV cạnh", "Turtle"]
    want = {"GraphML": "application/graphml+xml", "CSV nút": "text/csv", "CSV cạnh": "text/csv", "Turtle": "text/turtle"}
    for i in range(links.count()):
        a = links.nth(i)
        href = a.get_attribute("href")
        assert f"document={CT39.replace(':', '%3A')}" in href
        r = page.request.get(base_url + href)
        assert r.ok and r.headers["content-type"].startswith(want[a.inner_text()])
        assert KH126 in r.text() or "kh-tu-dong-thap-126" in r.text()


# ---------------------------------------------------------------- a phone, the keyboard
def test_the_page_is_usable_420_px_wide(browser: Any, base_url: str, shot: Any) -> None:
    context, pg, errors = _context(browser, 420, 900)
    try:
        pg.goto(base_url + "/")
        _pick(pg, "chi thi 39", "39-CT/TW")
        pg.locator("#timeline .event").first.wait_for()
        assert pg.evaluate("document.documentElement.scrollWidth") <= 420
        for sel in ("#doc-title", "#filters", "#graph", "#matrix", "#timeline", "#exports"):
            box = pg.locator(sel).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 420, sel
        pg.locator(f'#graph .edge[data-source="{KH126}"][data-target="{CT39}"]').focus()
        pg.keyboard.press("Enter")
        pg.locator("#evidence-body blockquote").first.wait_for()
        shot(pg)
    finally:
        context.close()
    assert not errors, errors


def test_the_page_works_from_the_keyboard(page: Any) -> None:
    page.locator("#q").focus()
    page.keyboard.type("chi thi 39")
    page.locator("#results button.result").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator("#graph svg .node").first.wait_for()
    assert "39-CT/TW" in page.locator("#doc-title").inner_text()
    # the filters, then the graph's nodes and edges, are reached with Tab
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        active = page.evaluate("() => { const a = document.activeElement; "
                               "return a.id || (a.classList && a.classList.value) || a.tagName; }")
        reached.append(active)
        if "edge" in active:
            break
    assert "f-from" in reached and "f-province" in reached and "f-conf" in reached
    assert any("edge" in a for a in reached)
    page.keyboard.press("Enter")
    page.locator("#evidence-body blockquote").first.wait_for()
    node = page.locator(f'#graph .node[data-id="{KH126}"]')
    node.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#doc-title').textContent.includes('126-KH/TU')")


# ---------------------------------------------------------------- in force; the two ends marked in the sentence
def _open(pg: Any, url: str, doc: str) -> None:
    pg.goto(f"{url}/#doc={quote(doc, safe='')}")
    pg.locator("#graph svg .node").first.wait_for()
    pg.locator("#doc-sources-list li").first.wait_for(state="attached")  # the document's detail has come


def _marks_shown(quote_: Any) -> list[tuple[str, str, str, str]]:
    return [tuple(m) for m in quote_.locator("mark.end").evaluate_all(
        "(ms) => ms.map((m) => [m.dataset.role, m.dataset.node, m.textContent, m.title])")]


def _marks_wanted(ev: dict[str, Any], labels: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """The marks of an evidence as the API gives them, read out of its sentence by their offsets."""
    text = ev["text"]
    out = []
    for m in sorted(ev["marks"], key=lambda m: m["start"]):
        a, b = m["start"] - ev["start"], m["end"] - ev["start"]
        assert text[a:b] == m["text"]
        out.append((m["role"], m["node"], m["text"], labels[m["node"]]))
    return out


def _check_edge(pg: Any, url: str, doc: str, source: str, target: str) -> dict[str, Any]:
    """Click the edge source → target of doc's lineage: the evidence panel shows each sentence whole, its
    marks where the API puts them (with a title naming the document), and the own-text note when it is one."""
    lineage = _api(pg, f"{url}/documents/{quote(doc, safe='')}/lineage?up=4&down=3")
    labels = {n["id"]: n["label"] for n in lineage["nodes"]}
    edge = next(e for e in lineage["edges"] if (e["source"], e["target"]) == (source, target))
    pg.locator(f'#graph .edge[data-source="{source}"][data-target="{target}"] .hit').click()
    quotes = pg.locator("#evidence-body figure.quote")
    quotes.first.wait_for()
    assert quotes.count() == len(edge["evidence"])
    for i, ev in enumerate(edge["evidence"]):
        fig = quotes.nth(i)
        shown = fig.locator("blockquote.evidence-text")
        assert shown.text_content() == ev["text"] and len(ev["text"]) == ev["end"] - ev["start"]  # whole, not cut
        marks = _marks_shown(shown)
        assert [m[:3] for m in marks] == [m[:3] for m in _marks_wanted(ev, labels)]
        assert all(want in title for (*_, title), (*_, want) in zip(marks, _marks_wanted(ev, labels), strict=True))
        assert (fig.locator(".own-text").count() == 1) == bool(ev["own_text"])
    # the key above the sentences names only the ends that are marked in them
    roles = {m["role"] for ev in edge["evidence"] for m in ev["marks"]}
    key = pg.locator("#evidence-body .mark-key mark").evaluate_all("(ms) => ms.map((m) => m.className)")
    assert key == [f"end end-{r}" for r in ("source", "target") if r in roles]
    return edge


def test_a_replaced_document_says_so_in_its_header(browser: Any, in_force_url: str, shot: Any) -> None:
    context, pg, errors = _context(browser)
    try:
        _open(pg, in_force_url, QD102)
        line = pg.locator("#doc-in-force")
        assert line.is_visible()
        text = " ".join(line.inner_text().split())
        assert "Hết hiệu lực" in text and "no longer in force" in text
        assert "thay thế bởi Quy định 69-QĐ/TW (2022) từ 06/07/2022" in text
        link = line.locator("a.superseded-by")
        assert link.count() == 1 and link.get_attribute("href") == f"#doc={quote(QD69, safe='')}"
        # its own lineage lists it above the graph, and its node carries the badge
        assert pg.locator(f'#superseded-note li[data-id="{QD102}"]').count() == 1
        assert pg.locator(f'#graph .node.root.superseded[data-id="{QD102}"] .ended-badge').count() == 1
        pg.locator("#timeline .event").first.wait_for()
        assert "06/07/2022" in pg.locator(f'#timeline .event[data-id="{QD102}"] .badge.ended').get_attribute("title")
        assert pg.locator(f'#timeline .event[data-id="{PLAN77}"] .badge.ended').count() == 0
        shot(pg)
        # the replacing document is not said to be anything: the graph never asserts "in force"
        link.click()
        pg.wait_for_function("() => document.querySelector('#doc-title').textContent.includes('69-QĐ/TW')")
        pg.locator("#doc-sources-list li").first.wait_for(state="attached")
        assert pg.locator("#doc-in-force").is_hidden()
        assert pg.locator("#superseded-note").is_hidden()
    finally:
        context.close()
    assert not errors, errors


def test_a_lineage_through_a_replaced_document_marks_it_and_the_sentence_marks_both(browser: Any, in_force_url: str,
                                                                                  shot: Any) -> None:
    context, pg, errors = _context(browser)
    try:
        _open(pg, in_force_url, PLAN77)
        assert pg.locator("#doc-in-force").is_hidden()  # the plan itself: nothing is said
        old = pg.locator(f'#graph .node[data-id="{QD102}"]')
        assert "superseded" in old.get_attribute("class") and old.locator(".ended-badge").text_content() == "hết hiệu lực"
        title = old.locator("title").text_content()
        assert "Hết hiệu lực" in title and "thay thế bởi Quy định 69-QĐ/TW (2022) từ 06/07/2022" in title
        assert "superseded" not in pg.locator(f'#graph .node[data-id="{PLAN77}"]').get_attribute("class")
        note = pg.locator("#superseded-note")
        assert note.is_visible() and note.locator("li").count() == 1
        assert "Quy định 102-QĐ/TW" in note.inner_text() and "06/07/2022" in note.inner_text()
        old.hover()
        assert "Hết hiệu lực" in pg.locator("#tip").inner_text()
        pg.mouse.move(0, 0)
        edge = _check_edge(pg, in_force_url, PLAN77, PLAN77, QD102)
        marks = _marks_shown(pg.locator("#evidence-body blockquote.evidence-text"))
        assert [(m[0], m[2]) for m in marks] == [("source", "Kế hoạch số 77-KH/TU"), ("target", "Quy định số 102-QĐ/TW")]
        assert "Kế hoạch 77-KH/TU" in marks[0][3] and "Quy định 102-QĐ/TW" in marks[1][3]
        assert not edge["evidence"][0]["own_text"]
        shot(pg)
    finally:
        context.close()
    assert not errors, errors


def test_in_force_and_the_marks_at_420_px(browser: Any, in_force_url: str, shot: Any) -> None:
    context, pg, errors = _context(browser, 420, 900)
    try:
        _open(pg, in_force_url, QD102)
        assert "06/07/2022" in pg.locator("#doc-in-force").inner_text()
        pg.locator(f'#graph .edge[data-source="{PLAN77}"][data-target="{QD102}"]').focus()
        pg.keyboard.press("Enter")
        pg.locator("#evidence-body blockquote mark.end").first.wait_for()
        assert pg.evaluate("document.documentElement.scrollWidth") <= 420
        for sel in ("#doc-in-force", "#superseded-note", "#evidence-body blockquote"):
            box = pg.locator(sel).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 420, sel
        shot(pg)
    finally:
        context.close()
    assert not errors, errors


# long sentences of the shared corpus: one naming a conclusion and the resolution it carries out (707
# characters), one a guide's own text (its "Căn cứ …", 357 characters)
@pytest.mark.parametrize(("doc", "source"), [("doc:nq-tw-24-xi", "doc:kl-tw-56-xii"), ("doc:qd-tw-132-xii", "doc:hd-btctw-16-xii")])
def test_a_long_sentence_is_shown_whole_with_its_marks(page: Any, base_url: str, shot: Any, doc: str, source: str) -> None:
    _open(page, base_url, doc)
    edge = _check_edge(page, base_url, doc, source, doc)
    assert any(len(ev["text"]) > 300 and ev["marks"] for ev in edge["evidence"])
    page.locator("#evidence").scroll_into_view_if_needed()
    shot(page)


# ---------------------------------------------------------------- /docs and /redoc without a CDN
@pytest.mark.parametrize(("path", "ready"), [("/docs", ".opblock"), ("/redoc", "[role=menuitem], li[data-item-id]")])
def test_the_api_documentation_loads_from_this_server_only(browser: Any, base_url: str, shot: Any,
                                                           path: str, ready: str) -> None:
    context, pg, errors = _context(browser)
    loaded: list[str] = []
    pg.on("requestfinished", lambda r: loaded.append(r.url))
    try:
        pg.goto(base_url + path)
        pg.locator(ready).first.wait_for()
        assert pg.locator(ready).count() > 10
        assert "What carries a document out" in pg.content()
        shot(pg, full_page=False)
    finally:
        context.close()
    assert any(u.startswith(base_url + "/docs-assets/") for u in loaded)
    elsewhere = [u for u in loaded if not u.startswith((base_url, "data:", "blob:"))]
    assert not elsewhere, elsewhere
    # the policy lets nothing of this server's be refused; what it refuses is from elsewhere (ReDoc's
    # footer fetches its maker's logo from a CDN, and shows its name without it)
    refused = [e for e in errors if base_url in e or "inline" in e]
    assert not refused, refused
