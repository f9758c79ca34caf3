"""The HTML page: its data (sentences, marks, places), that it is self-contained, and, in headless Chromium,
that its charts draw the expected bars, a figure's sentence shows with the figure marked, the filters work
and no request leaves the machine."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from conftest import quang_nam  # noqa: I001 - the corpus of this folder's conftest

from dan_van.inputs.sources import Failure
from dan_van.models import Analysis, Source
from dan_van.output.page import Page, render_page, sentence_span

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VENDOR = Path(__file__).parents[2] / "dan_van" / "output" / "vendor"
ECHARTS_SHA256 = "61f13280aba3161f77fc801bf5f9c786f55f10432153a0683fc5cc0700b013d5"
BAR = re.compile(r"^M[-\d.\s]+(l[-\d.\s]+){3}Z$", re.I)


def _page(items, lang="vi") -> Page:
    page = Page(lang)
    for item in items:
        page.add(item)
    return page


def _data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="danvan-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_each_figure_links_to_its_sentence_with_the_figure_marked(corpus):
    page = _page(corpus)
    article = corpus[1]
    rows = [r for r in page.rows if r["d"] == 1]
    assert len(rows) == len(article.figures) + len(article.donations)
    for row, figure in zip(rows, article.figures, strict=False):
        sentence = page.sentences[row["s"]]
        (a, b), *_ = row["h"]
        assert sentence[a:b] == figure.text
    gifts = [r for r in rows if r["k"] == "donation"]
    first = page.sentences[gifts[0]["s"]]
    assert [first[a:b] for a, b in gifts[0]["h"]] == ["2 tỷ đồng", "500 suất"]


def test_a_sentence_is_embedded_once(corpus):
    page = _page(corpus)
    assert len(page.sentences) == len(set(zip([r["d"] for r in page.rows], [r["s"] for r in page.rows], strict=True)))
    assert len(page.sentences) == len({(r["d"], page.sentences[r["s"]]) for r in page.rows})


def test_records_read_back_take_their_sentences_from_the_source_text(seed, seed_text):
    page = Page()
    page.add(seed, seed_text)
    meeting = next(r for r in page.rows if r["k"] == "conference")
    sentence = page.sentences[meeting["s"]]
    assert (
        sentence.startswith("Năm 2020") and sentence.endswith("Năm Dân vận khéo 2020.") and "113 hội nghị" in sentence
    )
    bare = Page()
    bare.add(seed)  # no text: the figure's own words
    assert bare.sentences[bare.rows[0]["s"]] == seed.figures[0].text


@pytest.mark.parametrize(
    ("text", "words", "sentence"),
    [
        ("Mở đầu. Năm 2020 có 5 hội nghị. Hết.", "5 hội nghị", "Năm 2020 có 5 hội nghị."),
        ("Dòng một\nCó 5 hội nghị và 3 buổi\nDòng ba", "5 hội nghị", "Có 5 hội nghị và 3 buổi"),
        ("Giá 1.000 đồng. Sau", "1.000 đồng", "Giá 1.000 đồng."),
    ],
)
def test_the_sentence_around_a_span(text, words, sentence):
    start = text.index(words)
    low, high = sentence_span(text, start, start + len(words))
    assert text[low:high] == sentence


def test_conference_weights_count_a_repeated_figure_once(corpus):
    rows = [r for r in _page(corpus).rows if r["d"] == 1 and r["k"] == "conference"]
    assert [r["w"] for r in rows] == [3, 12, 45, 0]


def test_places_and_failures(corpus):
    page = _page(corpus)
    assert {r.get("pk") for r in page.rows} >= {"Quảng Nam", "Hà Nội"}
    assert next(r["p"] for r in page.rows if r.get("pk") == "Quảng Nam") == "Quảng Nam (nay Đà Nẵng)"
    assert page.failures == 1


def test_the_page_is_self_contained_and_the_data_cannot_end_its_script():
    hostile = Analysis.from_record(
        {
            "source": "</script><script>alert(1)</script>.txt",
            "figures": [
                {"value": 1, "unit": "người", "kind": "people", "text": "1 người", "start": 0, "end": 7},
            ],
        }
    )
    html = _page([hostile]).html()
    assert html.count("</script>") == 3  # the library, the data, the page's script
    assert _data(html)["articles"] == [hostile.source]
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    external = set(re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html))
    assert not external
    assert "<link" not in html


def test_the_vendored_library_is_the_one_the_readme_names():
    assert hashlib.sha256((VENDOR / "echarts.common.min.js").read_bytes()).hexdigest() == ECHARTS_SHA256
    assert (VENDOR / "LICENSE").read_text().startswith("\n                                 Apache License")
    assert "Apache ECharts" in (VENDOR / "NOTICE").read_text()


def test_the_page_weighs_under_a_megabyte(corpus):
    assert len(_page(corpus).html().encode()) < 1_000_000


def test_english_page(corpus):
    data = _data(render_page(_page(corpus, "en").data(), "en"))
    assert data["labels"]["figures_table"] == "Key figures"
    assert data["levels"]["province"] == "province/city"


# -- in a real browser --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("DANVAN_REQUIRE_BROWSER") == "1":  # CI: the page must be seen in a browser
            pytest.fail("Chromium is not at /usr/bin/chromium although DANVAN_REQUIRE_BROWSER=1")
        pytest.skip("Chromium is not at /usr/bin/chromium: `make test` installs Debian's package where it can")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright comes with the test extra")
    with sync_api.sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        # Debian's Chromium, never a browser Playwright would download; a fresh profile each run.
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=ARGS, headless=True, viewport={"width": 1280, "height": 900}
        )
        yield context
        context.close()


def _expected_bars(data: dict, year=None) -> dict[str, int]:
    rows = [r for r in data["rows"] if year is None or r.get("y") == year]
    meetings = {(r["y"], r["lv"]) for r in rows if r["k"] == "conference" and r["w"] > 0}
    gifts = [r for r in rows if r["k"] == "donation" and r["v"] > 0]
    return {
        "chart-conferences": len(meetings),
        "chart-donations-year": len({r["y"] for r in gifts}),
        "chart-donors": min(10, len({r["don"] for r in gifts if r["don"]})),
    }


def _bars(tab) -> dict[str, int]:
    paths = tab.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.chart')].map(c => [c.id,
             [...c.querySelectorAll('svg path')]
               .filter(p => !['none', null].includes(p.getAttribute('fill')) && p.getAttribute('fill-opacity') !== '0')
               .map(p => p.getAttribute('d'))]))"""
    )
    return {chart: sum(1 for d in found if BAR.match(d or "")) for chart, found in paths.items()}


def test_the_page_in_chromium(browser, corpus, tmp_path):
    path = tmp_path / "report.html"
    html = _page(corpus).html()
    path.write_text(html, encoding="utf-8")
    data = _data(html)
    requests, errors = [], []
    tab = browser.new_page()
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.goto(path.as_uri())
    tab.wait_for_selector("body[data-ready=true]")

    expected = _expected_bars(data)
    assert expected == {"chart-conferences": 7, "chart-donations-year": 3, "chart-donors": 4}
    assert _bars(tab) == expected
    tab.screenshot(path=str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 20_000

    # A figure's row shows its sentence with the figure marked.
    row = next(i for i, r in enumerate(data["rows"]) if r["k"] == "conference" and r["d"] == 1)
    tab.click(f"#row-{row}")
    assert tab.text_content("#context-text mark") == "3 hội nghị"
    assert "UBND tỉnh Quảng Nam" in tab.text_content("#context-text")

    # The filters narrow the charts and the table.
    tab.select_option("#filter-year", "2024")
    assert _bars(tab) == _expected_bars(data, 2024)
    shown = tab.eval_on_selector_all("#rows tr", "rows => rows.length")
    assert shown == sum(1 for r in data["rows"] if r.get("y") == 2024)
    tab.select_option("#filter-year", "")
    tab.select_option("#filter-place", "Quảng Nam")
    assert tab.eval_on_selector_all("#rows tr", "rows => rows.length") == sum(
        1 for r in data["rows"] if r.get("pk") == "Quảng Nam"
    )

    assert errors == []
    assert requests == [path.as_uri()], "a request left the page"
    tab.close()


def test_a_page_with_nothing_to_chart_says_so(browser, tmp_path):
    path = tmp_path / "empty.html"
    path.write_text(_page([Failure("x.txt", "x.txt: no such file")]).html(), encoding="utf-8")
    tab = browser.new_page()
    tab.goto(path.as_uri())
    tab.wait_for_selector("body[data-ready=true]")
    assert tab.locator("#chart-conferences").inner_text().strip() == "Không có dữ liệu"
    assert all(n == 0 for n in _bars(tab).values())
    tab.close()


def test_a_written_article_only(browser, tmp_path):
    path = tmp_path / "one.html"
    path.write_text(_page([quang_nam()]).html(), encoding="utf-8")
    tab = browser.new_page()
    tab.goto(path.as_uri())
    tab.wait_for_selector("body[data-ready=true]")
    assert _bars(tab) == {"chart-conferences": 3, "chart-donations-year": 2, "chart-donors": 2}
    tab.close()


def test_source_objects_are_no_inputs_of_the_page():
    with pytest.raises(AttributeError):
        Page().add(Source("a.txt", "text"))
