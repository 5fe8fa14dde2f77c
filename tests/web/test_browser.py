"""End to end in a real browser: Debian's Chromium driven by Playwright against `rasid serve` on loopback.

Screenshots of the main pages are saved under artifacts/screenshots for a person to look at.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(web_db):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "rasid.cli", "serve", "--db", str(web_db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/api/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("rasid serve did not start: " + proc.stderr.read().decode())
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        yield pg
        browser.close()


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_finds_seed_by_arabic_query(server, page):
    page.goto(server + "/")
    page.fill("input[name=q]", "السفيرة الأمريكية")
    page.click("header button[type=submit]")
    page.wait_for_selector(".hit")
    titles = page.locator(".hit-title").all_inner_texts()
    assert any("رشيد للسفيرة" in t for t in titles)
    assert page.locator(".hit mark").count() >= 1
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    _shot(page, "search")


def test_document_page_shows_quotes_with_speakers(server, page):
    page.goto(server + "/search?q=" + "رومانوسكي")
    page.click(".hit-title")
    page.wait_for_selector("article.article")
    speakers = page.locator(".quotes .speaker").all_inner_texts()
    assert len(speakers) >= 10
    joined = " ".join(speakers)
    assert "رشيد" in joined or "رئيس الجمهورية" in joined
    assert "رايدر" in joined
    page.locator(".ann.a-quotes").first.click()
    assert "quotes" in page.locator("#panel-body").inner_text()
    boiler = page.locator(".line.boilerplate").first
    assert boiler.evaluate("el => getComputedStyle(el).color") != page.locator(".line.body").first.evaluate(
        "el => getComputedStyle(el).color")
    _shot(page, "document")


def test_entity_page_lists_statements_of_rashid(server, page):
    page.goto(server + "/search?q=" + "رشيد")
    page.click(".hit-title")
    page.wait_for_selector("article.article")
    href = None
    for el in page.locator(".ann.a-entities-per").all():
        if "رشيد" in el.inner_text():
            ids = el.get_attribute("data-spans")
            href = ids
            break
    assert href, "no PER mention of رشيد on the page"
    entity_id = page.evaluate(
        "ids => JSON.parse(document.getElementById('span-details').textContent)[ids.split(' ')[0]].entity_id", href)
    page.goto(server + "/entity/" + entity_id)
    statements = page.locator(".statement").all_inner_texts()
    assert len(statements) >= 3
    assert any("العراق حريص" in s for s in statements)
    _shot(page, "entity")


def test_script_in_article_is_shown_as_text(server, page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/search?q=" + "وسم")
    page.click(".hit-title")
    page.wait_for_selector("article.article")
    assert "<script>alert('xss')</script>" in page.locator("article.article").inner_text()
    assert dialogs == []
    _shot(page, "hostile")


def test_timeline_page_renders(server, page):
    page.goto(server + "/entities")
    page.locator("table.grid a").first.click()
    page.click("text=الخط الزمني")
    page.wait_for_selector("#timeline")
    page.evaluate("() => { const z = document.getElementById('zoom'); z.value = '3'; z.dispatchEvent(new Event('input')); }")
    assert "zoom3" in page.locator("#timeline").get_attribute("class")
    _shot(page, "timeline")


def test_story_page_renders(server, page):
    page.goto(server + "/stories")
    page.locator("ol.statements a").first.click()
    page.wait_for_selector("h1")
    assert page.locator("ol.statements li").count() >= 1
    _shot(page, "story")
