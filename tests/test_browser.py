"""The lineage page end to end in real headless Chromium (Debian's ``chromium``, driven by Playwright)
against a real uvicorn server on a loopback port: type, pick, see the graph, click an edge, read the evidence."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from api.settings import Settings
from graph.build.ingest import ingest_paths
from graph.store.protocol import open_store
from tests.conftest import need_shared

CHROMIUM = os.environ.get("VANKIEN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
CT39 = "doc:ct-tw-39-xi"
KH126 = "doc:kh-tu-dong-thap-126-2015-2020"
TIMEOUT_MS = 15_000


def _missing(why: str) -> None:
    if os.environ.get("VANKIEN_CI") == "1":
        pytest.fail(f"{why}: the browser test must run in CI")
    pytest.skip(why)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn server on a free loopback port over a store of the shared articles."""
    import uvicorn

    shared = need_shared()
    store = open_store("embedded", data_dir=tmp_path_factory.mktemp("browser-store"))
    ingest_paths(store, [str(shared / "seeds"), str(shared / "corpus" / "dev.jsonl")], workers=1)
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


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # the page's own scripts and styles must satisfy its Content-Security-Policy
    context.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    pg.goto(base_url + "/")
    yield pg
    context.close()
    assert not errors, f"the page raised: {errors}"


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
