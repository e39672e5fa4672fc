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
    # the cover, the contents, and each chapter on a sheet of its own at least
    assert len(reader.pages) >= 2 + len([c for c in contents_of(reader) if c[0] == 1])
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


CONTENTS_LINE = re.compile(r"^(.*\S)\s+(\d+)$")


def contents_of(reader) -> list[tuple[int, str, int]]:
    """(level, title, page) of each line of the printed contents (the sheets after the cover
    up to the first chapter); the level from the bookmarks, which hold the same titles."""
    levels = {}
    for item in reader.outline:
        if isinstance(item, list):
            levels.update({sub.title: 2 for sub in item if not isinstance(sub, list)})
        else:
            levels[item.title] = 1
    found = []
    for page in reader.pages[1:6]:
        lines = page.extract_text().splitlines()
        if not found and (not lines or lines[0].strip() != "Inhoud"):
            break
        for line in lines[1:] if not found else lines:
            match = CONTENTS_LINE.match(line.strip())
            if match and not line.startswith("Handboek Innovatieleercyclus"):  # the footer
                found.append((levels.get(match.group(1), 0), match.group(1), int(match.group(2))))
        if found and found[-1][2] <= reader.pages.index(page) + 1:
            break
    return found


def squeezed(text: str) -> str:
    """Text without white space, to compare titles whatever the PDF's spacing."""
    return re.sub(r"\s+", "", text)


def test_the_book_has_a_cover_and_contents_whose_page_numbers_are_right(pdfs):
    reader = PdfReader(pdfs["handboek.pdf"])
    cover = words(reader.pages[0].extract_text())
    assert cover.startswith("Handboek Innovatieleercyclus") and len(cover) < 300
    contents = contents_of(reader)
    assert len(contents) >= 8
    assert [c for c in contents if c[0] == 1], "no chapter in the contents"
    for level, title, number in contents:
        assert squeezed(title) in squeezed(reader.pages[number - 1].extract_text()), (title, number)
    chapters = [number for level, _title, number in contents if level == 1]
    for number in chapters:  # a chapter starts its sheet: its title is the first text on it
        first = squeezed(reader.pages[number - 1].extract_text())[:200]
        assert any(first.startswith(squeezed(t)) for lvl, t, n in contents if n == number and lvl == 1), number


def test_the_bookmarks_are_the_chapters_and_their_sections(pdfs):
    reader = PdfReader(pdfs["handboek.pdf"])
    first_two_levels = []
    for item in reader.outline:
        if isinstance(item, list):
            first_two_levels += [(2, sub) for sub in item if not isinstance(sub, list)]
        else:
            first_two_levels.append((1, item))
    assert len(first_two_levels) >= 8
    marks = {(level, item.title): reader.get_destination_page_number(item) + 1 for level, item in first_two_levels}
    for level, title, number in contents_of(reader):
        assert marks.get((level, title)) == number, (level, title, number)


def filled(page) -> float:
    """How much of the sheet's height between the margins holds text (SVG text included)."""
    heights = []
    page.extract_text(visitor_text=lambda text, cm, tm, *_: text.strip() and heights.append(tm[5] * cm[3] + cm[5]))
    top, bottom = float(page.mediabox.height) - 16 * MM_PT, 18 * MM_PT
    body = [y for y in heights if bottom + 10 < y <= top + 10]  # not the footer
    return (max(body) - min(body)) / (top - bottom) if body else 0.0


MM_PT = 72 / 25.4


def test_no_sheet_is_mostly_empty_but_at_a_chapter_end(pdfs):
    reader = PdfReader(pdfs["handboek.pdf"])
    contents = contents_of(reader)
    chapter_starts = {number for level, _t, number in contents if level == 1}
    first_chapter = min(chapter_starts)
    ends = {number - 1 for number in chapter_starts} | {len(reader.pages)}
    empty = [n for n, page in enumerate(reader.pages, 1)
             if n >= first_chapter and n not in ends and filled(page) < 0.25]
    assert empty == [], f"sheets less than a quarter full: {empty}"
    print(f"handboek.pdf: {len(reader.pages)} pages")


def test_every_link_inside_the_book_leads_to_one_of_its_pages(pdfs):
    reader = PdfReader(pdfs["handboek.pdf"])
    names = reader.named_destinations
    pages = {page.indirect_reference.idnum for page in reader.pages}
    checked = 0
    for number, page in enumerate(reader.pages, 1):
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            dest = annotation.get("/Dest")
            action = annotation.get("/A")
            if dest is None and action is not None and action.get_object().get("/S") == "/GoTo":
                dest = action.get_object().get("/D")
            if dest is None:
                continue
            if not isinstance(dest, list):
                assert str(dest) in names, f"page {number}: link to {dest}, which the PDF does not hold"
                dest = [names[str(dest)].page]
            assert dest[0].idnum in pages, f"page {number}: link to a page outside the PDF"
            checked += 1
    assert checked > 100


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
