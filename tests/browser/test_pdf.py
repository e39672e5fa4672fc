"""`make pdf`: the handbook as one A4 PDF, each canvas on one A3 landscape page.

The PDFs are made by the script itself (scripts/pdf.py, as `make pdf` runs
it), into a temporary folder, from the same builds the other browser tests use.
"""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

A4 = (595.28, 841.89)
A3_LANDSCAPE = (1190.55, 841.89)
TOLERANCE = 2.0  # pt


def words(text: str) -> str:
    """Text with every run of white space (line breaks in the PDF) as one space."""
    return re.sub(r"\s+", " ", text).strip()


def size(page) -> tuple[float, float]:
    box = page.mediabox
    return float(box.width), float(box.height)


def assert_size(page, expected, label):
    width, height = size(page)
    assert abs(width - expected[0]) <= TOLERANCE and abs(height - expected[1]) <= TOLERANCE, (
        f"{label}: {width:.2f} x {height:.2f} pt, expected {expected[0]} x {expected[1]}")


@pytest.fixture(scope="module")
def usecases(site) -> list[dict]:
    return json.loads((site / "_ilc" / "usecases.json").read_text(encoding="utf-8"))["usecases"]


@pytest.fixture(scope="module")
def pdfs(pdf_script, site, singlehtml, browser, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("pdf")
    return {path.name: path for path in pdf_script.build_all(site, singlehtml, out, browser)}


def test_one_pdf_for_the_handbook_and_each_canvas(pdfs, usecases):
    expected = {"handboek.pdf", "canvas-leeg.pdf"} | {f"canvas-{u['id']}.pdf" for u in usecases}
    assert set(pdfs) == expected


def test_handbook_is_a4_with_every_page_of_the_site(pdfs, singlehtml, usecases):
    reader = PdfReader(pdfs["handboek.pdf"])
    documents = (singlehtml / "index.html").read_text(encoding="utf-8").count('<span id="document-')
    # Every page of the site starts a new sheet, after the landing page.
    assert len(reader.pages) >= documents + 1
    for number, page in enumerate(reader.pages, 1):
        assert_size(page, A4, f"handbook page {number}")
    text = words(" ".join(page.extract_text() for page in reader.pages))
    for usecase in usecases:
        assert usecase["title"] in text
    assert "Maatschappelijk vraagstuk" in text
    # The process diagrams are printed as diagrams: the arrow's label is only
    # in the rendered Mermaid SVG (the text equivalent is folded away on paper).
    assert "lessen voor de volgende usecase" in text
    assert reader.outline, "no bookmarks"
    assert reader.metadata.title == "Handboek Innovatieleercyclus"


def test_handbook_links_stay_inside_the_pdf(pdfs, singlehtml):
    """No link points at the temporary server the pages were printed from
    (links the pages themselves spell out, such as `make serve`'s, may)."""
    html = (singlehtml / "index.html").read_text(encoding="utf-8")
    reader = PdfReader(pdfs["handboek.pdf"])
    internal = local = 0
    for page in reader.pages:
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            action = annotation.get("/A")
            uri = action.get_object().get("/URI") if action is not None else None
            if uri is None:
                internal += "/Dest" in annotation or action is not None
            elif "127.0.0.1" in str(uri) and f'href="{str(uri).rstrip("/")}' not in html:
                local += 1
    assert local == 0
    assert internal > 0, "no links inside the PDF"


def test_each_usecase_canvas_is_one_a3_landscape_page(pdfs, usecases):
    for usecase in usecases:
        reader = PdfReader(pdfs[f"canvas-{usecase['id']}.pdf"])
        assert len(reader.pages) == 1, usecase["id"]
        assert_size(reader.pages[0], A3_LANDSCAPE, usecase["id"])
        text = words(reader.pages[0].extract_text())
        assert usecase["title"] in text
        assert "Maatschappelijk vraagstuk" in text and "Lessen" in text
        vraagstuk = words(usecase["blocks"]["vraagstuk"])
        assert " ".join(vraagstuk.split()[:8]) in text, vraagstuk


def test_blank_template_is_one_a3_landscape_page_with_the_questions(pdfs):
    reader = PdfReader(pdfs["canvas-leeg.pdf"])
    assert len(reader.pages) == 1
    assert_size(reader.pages[0], A3_LANDSCAPE, "template")
    text = words(reader.pages[0].extract_text())
    for heading in ("Maatschappelijk vraagstuk", "Belanghebbenden", "Databronnen", "Lessen"):
        assert heading in text
    assert "Welk maatschappelijk vraagstuk staat centraal?" in text


SHEET = """id => {
  const canvas = document.getElementById(id);
  const grid = canvas.querySelector('.ilc-canvas-grid').getBoundingClientRect();
  const blocks = [...canvas.querySelectorAll('.ilc-canvas-grid > .ilc-block')].map(b => {
    const r = b.getBoundingClientRect();
    return {left: Math.round(r.left), width: r.width, height: r.height};
  });
  return {bottom: grid.bottom, height: innerHeight, blocks,
          question: parseFloat(getComputedStyle(canvas.querySelector('.ilc-question')).fontSize)};
}"""


def test_blank_template_sheet_is_a_poster_to_write_on(pdf_script, browser, base_url, site, singlehtml):
    """The template's boxes form the poster grid and fill the sheet, in full-size type."""
    _, page_path, canvas_id, _ = pdf_script.template_canvas(site, singlehtml)
    context, page = pdf_script.canvas_sheet(browser, base_url + page_path, canvas_id)
    try:
        assert pdf_script.fits_at(page, canvas_id, pdf_script.FONT_SIZES_PT[0])
        sheet = page.evaluate(SHEET, canvas_id)
    finally:
        context.close()
    assert len({b["left"] for b in sheet["blocks"]}) >= 3, "not a poster grid"
    assert sheet["bottom"] >= 0.97 * sheet["height"], "the boxes do not fill the sheet"
    for block in sheet["blocks"]:
        assert block["height"] >= 0.1 * sheet["height"], block  # room to write
    assert sheet["question"] >= 9, "questions too small to read on the wall"
