"""Print the site to PDF with Debian's chromium: `make pdf`.

    python scripts/pdf.py [--html _build/html] [--singlehtml _build/singlehtml] [--out _build/pdf]

Writes, into the output folder:

- handboek.pdf: the whole handbook on A4, printed from the singlehtml build
  (every page of the site in reading order, one document): each page of the
  site starts on a new sheet, sheets are numbered, diagrams are rendered,
  links between pages stay links inside the PDF, and headings become the
  PDF's bookmarks;
- canvas-<use case id>.pdf for every use case of the site (listed in
  _ilc/usecases.json) and canvas-leeg.pdf for the blank template (the first
  `ilc-template` canvas of the handbook): one A3 landscape page each, for the
  wall of a workshop, printed from the HTML build's pages.

How: each site is served on 127.0.0.1 and the page loaded on screen (so
Mermaid renders), then printed with the print styles of _static/site.css in
one of two modes set on <html>: `ilc-print-handbook` or `ilc-print-canvas`
(the canvas element alone). The canvas sheet's size comes from the CSS named
page `ilc-canvas` (ext/ilc_canvas/static/ilc-canvas.css). When a canvas holds
too much text for one sheet, its type is made smaller until it fits.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sitebrowser  # noqa: E402

MM = 96 / 25.4  # CSS px per millimetre
# The printable area of an A3 landscape sheet with the canvas page's 10 mm margins.
A3_AREA = (400 * MM, 277 * MM)
FONT_SIZES_PT = [10, 9.5, 9, 8.5, 8, 7.5, 7, 6.5, 6]
TITLE = "Handboek Innovatieleercyclus"

FOOTER = (
    '<div style="width:100%; margin:0 16mm; font:8pt Arial, sans-serif; color:#444;'
    ' display:flex; justify-content:space-between">'
    '<span class="title"></span><span><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></span></div>'
)


# --------------------------------------------------------------------------
# What to print


def usecase_canvases(html: Path) -> list[tuple[str, str, str, str]]:
    """(name, page, canvas element id, title) of every use case in the site's export."""
    export = html / "_ilc" / "usecases.json"
    if not export.is_file():
        return []
    found = []
    for usecase in json.loads(export.read_text(encoding="utf-8"))["usecases"]:
        page, _, anchor = usecase["url"].partition("#")
        found.append((f"canvas-{usecase['id']}", page, anchor, f"Usecasecanvas: {usecase['title']}"))
    return found


_DOCUMENT = re.compile(r'<span id="document-([^"]+)"></span>')
_TEMPLATE = re.compile(r'class="ilc-canvas ilc-template" id="([^"]+)"')


def template_canvas(html: Path, singlehtml: Path) -> tuple[str, str, str, str] | None:
    """The handbook's first blank template canvas, as ("canvas-leeg", page, id, title).

    The singlehtml page holds every page in reading order, each after a
    `<span id="document-<docname>">` marker: the last marker before the first
    template names the page of the HTML build to print it from. (Element ids
    may differ between the two builds, so the id is read from that page.)
    """
    text = (singlehtml / "index.html").read_text(encoding="utf-8")
    match = _TEMPLATE.search(text)
    if not match:
        return None
    docs = _DOCUMENT.findall(text, 0, match.start())
    page = f"{docs[-1]}.html" if docs else "index.html"
    on_page = _TEMPLATE.search((html / page).read_text(encoding="utf-8"))
    if not on_page:
        return None
    return ("canvas-leeg", page, on_page.group(1), "Usecasecanvas (leeg)")


# --------------------------------------------------------------------------
# Printing


def _open(browser, url: str, width: int = 1200, height: int = 1600):
    """A page loaded on screen (Mermaid renders), light scheme, other hosts blocked."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme="light", reduced_motion="reduce")
    blocked: list[str] = []
    sitebrowser.block_other_hosts(context, blocked)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    sitebrowser.wait_until_ready(page)
    if blocked or errors:
        context.close()
        raise RuntimeError(f"{url}: requests to other hosts {blocked}, script errors {errors}")
    return context, page


# The cover and the contents, from the site's own navigation (its root toctree, two
# levels); the chapters (its first level) are marked to start a new sheet. Each
# entry's heading gets an invisible mark (out of the flow: it moves nothing), so that
# the first printing's text says on which page each heading landed.
BOOK = """([title, subtitle, contents]) => {
  const nav = document.querySelector('.sidebar-tree');
  if (!nav) throw new Error('no site navigation (.sidebar-tree) to make the contents from');
  const entries = [...nav.querySelectorAll(':scope > ul > li.toctree-l1, :scope > ul > li.toctree-l1 > ul > li.toctree-l2')]
    .map(li => ({level: li.classList.contains('toctree-l1') ? 1 : 2, link: li.querySelector(':scope > a')}))
    .filter(e => e.link && e.link.getAttribute('href').startsWith('#'));
  const el = (tag, cls, text) => { const n = document.createElement(tag); if (cls) n.className = cls; if (text) n.textContent = text; return n; };
  const cover = el('section', 'ilc-book-cover');
  cover.append(el('p', 'ilc-book-title', title), el('p', 'ilc-book-subtitle', subtitle));
  const toc = el('nav', 'ilc-book-toc');
  toc.setAttribute('aria-label', contents);
  toc.append(el('p', 'ilc-book-title', contents));
  const list = el('ol');
  const found = [];
  for (const {level, link} of entries) {
    const marker = document.getElementById(link.getAttribute('href').slice(1));
    const section = marker && marker.nextElementSibling;  // the page's section, after its marker
    if (!section || !section.id) continue;
    const heading = section.querySelector(':scope > :is(h1, h2, h3, h4, h5, h6)') || section;
    if (level === 1) section.classList.add('ilc-chapter');
    const mark = el('span', 'ilc-book-mark', `@@ilc${found.length}@@`);
    heading.prepend(mark);
    const item = el('li', level === 1 ? 'ilc-book-chapter' : 'ilc-book-section');
    const a = el('a', null, link.textContent.trim());
    a.href = '#' + section.id;
    item.append(a, el('span', 'ilc-book-leader'), el('span', 'ilc-book-page', '000'));
    list.append(item);
    found.push({level, title: link.textContent.trim()});
  }
  toc.append(list);
  const article = document.querySelector('article[role=main]') || document.querySelector('[role=main]');
  article.prepend(cover, toc);
  return found;
}"""
FILL_CONTENTS = """numbers => {
  const spans = [...document.querySelectorAll('.ilc-book-toc .ilc-book-page')];
  spans.forEach((span, i) => { span.textContent = String(numbers[i]).padStart(3, '\u2007'); });
  document.querySelectorAll('.ilc-book-mark').forEach(mark => mark.remove());
}"""
SUBTITLE = "Werken met de Innovatieleercyclus: de methode, de werkwijze, de usecases en de handleiding"
MARK = re.compile(r"@@ilc(\d+)@@")


def _print(page) -> bytes:
    return page.pdf(prefer_css_page_size=True, print_background=True, tagged=True,
                    display_header_footer=True, header_template="<span></span>", footer_template=FOOTER)


def heading_pages(data: bytes, entries: int) -> list[int]:
    """The page (from 1) each contents entry's heading is printed on, by its mark."""
    found: dict[int, int] = {}
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, 1):
        for mark in MARK.findall(page.extract_text().replace("\n", "")):
            found.setdefault(int(mark), number)
    missing = [i for i in range(entries) if i not in found]
    if missing:
        raise RuntimeError(f"the headings of contents entries {missing} were not found in the PDF")
    return [found[i] for i in range(entries)]


def print_handbook(browser, url: str) -> tuple[bytes, list[tuple[int, str, int]]]:
    """The singlehtml page at `url` as the A4 book (sizes from site.css), and its contents
    as (level, title, page): printed once to learn where each heading lands, then with
    those page numbers."""
    context, page = _open(browser, url)
    try:
        unrendered = page.evaluate(
            "[...document.querySelectorAll('pre.mermaid')].filter(e => !e.querySelector('svg')).length")
        if unrendered:
            raise RuntimeError(f"{url}: {unrendered} Mermaid diagram(s) did not render")
        page.evaluate("document.documentElement.classList.add('ilc-print-handbook')")
        entries = page.evaluate(BOOK, [TITLE, SUBTITLE, "Inhoud"])
        page.emulate_media(media="print")
        numbers = heading_pages(_print(page), len(entries))
        page.evaluate(FILL_CONTENTS, numbers)
        return _print(page), [(e["level"], e["title"], n) for e, n in zip(entries, numbers)]
    finally:
        context.close()


def canvas_sheet(browser, url: str, canvas_id: str):
    """(context, page): the canvas alone on the page, in print media, ready to print.

    The viewport is the printable area of the A3 sheet, so what is measured
    on screen is what is printed.
    """
    context, page = _open(browser, url, width=round(A3_AREA[0]), height=round(A3_AREA[1]))
    try:
        page.evaluate(
            """id => {
              const canvas = document.getElementById(id);
              if (!canvas) throw new Error('no canvas #' + id);
              document.documentElement.classList.add('ilc-print-canvas');
              document.body.replaceChildren(canvas);
            }""",
            canvas_id,
        )
        page.emulate_media(media="print")
    except Exception:
        context.close()
        raise
    return context, page


def fits_at(page, canvas_id: str, size_pt: float) -> bool:
    """Set the canvas's type size; does every block's text fit in the sheet?"""
    return page.evaluate(
        """([id, size]) => {
          const canvas = document.getElementById(id);
          canvas.style.fontSize = size + 'pt';
          const overflows = el => el.scrollHeight > el.clientHeight + 1;
          return !overflows(canvas) &&
            ![...canvas.querySelectorAll('.ilc-canvas-grid, .ilc-block')].some(overflows);
        }""",
        [canvas_id, size_pt],
    )


def print_canvas(browser, url: str, canvas_id: str) -> bytes:
    """The canvas element alone, on one A3 landscape page."""
    context, page = canvas_sheet(browser, url, canvas_id)
    try:
        for size in FONT_SIZES_PT:
            if not fits_at(page, canvas_id, size):
                continue
            data = page.pdf(prefer_css_page_size=True, print_background=True, tagged=True)
            if len(PdfReader(io.BytesIO(data)).pages) == 1:
                return data
        raise RuntimeError(f"{url}#{canvas_id}: the canvas does not fit on one A3 page, "
                           f"even at {FONT_SIZES_PT[-1]} pt")
    finally:
        context.close()


def _with_metadata(data: bytes, title: str, contents: list[tuple[int, str, int]] | None = None) -> bytes:
    """Set the document title and language (nl), the bookmarks of the contents (chapters and
    their sections) when given, and open with the bookmarks shown."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Title": title})
    chapter = None
    for level, heading, number in contents or ():
        if level == 1:
            chapter = writer.add_outline_item(heading, number - 1)
        else:
            writer.add_outline_item(heading, number - 1, parent=chapter)
    writer._root_object[NameObject("/Lang")] = TextStringObject("nl")  # noqa: SLF001
    if writer.outline:
        writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def handbook_pdf(browser, singlehtml_url: str, out: Path) -> Path:
    data, contents = print_handbook(browser, singlehtml_url + "index.html")
    out.write_bytes(_with_metadata(data, TITLE, contents))
    return out


def canvas_pdf(browser, html_url: str, page: str, canvas_id: str, title: str, out: Path) -> Path:
    out.write_bytes(_with_metadata(print_canvas(browser, html_url + page, canvas_id), title))
    return out


def build_all(html: Path, singlehtml: Path, out: Path, browser) -> list[Path]:
    """Every PDF of `make pdf`; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sitebrowser.serve(singlehtml) as url:
        written.append(handbook_pdf(browser, url, out / "handboek.pdf"))
    canvases = usecase_canvases(html)
    template = template_canvas(html, singlehtml)
    if template:
        canvases.append(template)
    with sitebrowser.serve(html) as url:
        for name, page, canvas_id, title in canvases:
            written.append(canvas_pdf(browser, url, page, canvas_id, title, out / f"{name}.pdf"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", default="_build/html", type=Path, help="the HTML build")
    parser.add_argument("--singlehtml", default="_build/singlehtml", type=Path,
                        help="the singlehtml build (the handbook as one page)")
    parser.add_argument("--out", default="_build/pdf", type=Path, help="where the PDFs go")
    args = parser.parse_args(argv)
    for folder, target in ((args.html, "html"), (args.singlehtml, "singlehtml")):
        if not (folder / "index.html").is_file():
            print(f"{folder}/index.html not found: build it first (sphinx-build -b {target})",
                  file=sys.stderr)
            return 2
    if sitebrowser.find_chromium() is None:
        print(sitebrowser.INSTALL_HINT, file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with sync_playwright() as api:
        browser = sitebrowser.launch(api)
        try:
            for path in build_all(args.html, args.singlehtml, args.out, browser):
                pages = PdfReader(path).pages
                box = pages[0].mediabox
                print(f"{path}: {len(pages)} page(s), "
                      f"{float(box.width):.0f} x {float(box.height):.0f} pt")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
