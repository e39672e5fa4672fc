// The search page (ilc_canvas.sphinxext.search): Pagefind's own UI, in Dutch from
// <html lang>, started with the query the theme's search box sent (?q=...).
// The index lives beside the site ("pagefind/"), so nothing asks another host and
// a site served from a sub-path works as well.
window.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("ilc-search");
  if (!element || !window.PagefindUI) return;
  const root = new URL("../", new URL(element.dataset.bundle, location.href));  // the site's root
  const ui = new PagefindUI({
    element,
    bundlePath: new URL(element.dataset.bundle, location.href).pathname,
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    // other sites' indexes, copied beside this one at build time (ilc_sites)
    mergeIndex: JSON.parse(element.dataset.sites || "[]").map(([name, base]) => ({
      bundlePath: new URL(`_ilc/sites/${name}/pagefind/`, root).pathname,
      baseUrl: base,
    })),
    // a lesson's facts under the site's own names (Usecase, Datum, Thema's, ...)
    processResult: (result) => {
      result.meta.url = recordUrl(result);
      const names = JSON.parse(element.dataset.labels);
      result.meta = Object.fromEntries(Object.entries(result.meta).map(([k, v]) => [names[k] || k, v]));
      return result;
    },
  });
  // Pagefind's UI names a filter checkbox `<filter>-<value>`: a value with a space
  // ("Gemeente Almere") makes an invalid id, and its label then points at nothing.
  new MutationObserver(() => {
    for (const box of element.querySelectorAll("input[id]")) {
      if (!/\s/.test(box.id)) continue;
      const label = element.querySelector(`label[for="${CSS.escape(box.id)}"]`);
      box.id = box.id.replace(/\s+/g, "_");
      if (label) label.htmlFor = box.id;
    }
  }).observe(element, { childList: true, subtree: true, attributes: true, attributeFilter: ["id"] });
  const query = new URLSearchParams(location.search).get("q");
  if (query) ui.triggerSearch(query);
});

// A lesson's or use case's record is a page of its own (`_records/<n>.html` beside
// its site's pages); its `url` fact is its anchor, from that site's root.
function recordUrl(result) {
  const record = result.url.match(/^(.*\/)_records\/\d+\.html$/);
  return record && result.meta.url ? record[1] + result.meta.url.replace(/^\//, "") : result.url;
}
