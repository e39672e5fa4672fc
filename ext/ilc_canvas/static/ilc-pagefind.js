// What the search page (ilc-search.js) and the lessons finder (ilc-finder.js) share:
// opening a Pagefind index of this site with the other sites' indexes merged, a
// record's real URL, and making elements.
//
// The indexes live beside the site (`pagefind/` for the pages, `pagefind/lessons/`
// for the lesson and use case records); other sites' indexes were copied to
// `_ilc/sites/<name>/pagefind/` at build time, so the browser asks no other host
// and a site served from a sub-path works as well.

/** The site's root, from Sphinx's `data-content_root` (every theme's layout has it). */
const root = new URL(document.documentElement.dataset.content_root || "./", location.href);

/** Pagefind's API for the bundle at `folder` (from a site's root), with other sites
 *  (`[[name, public URL], ...]`) merged. No web worker: one search runs in a few
 *  milliseconds, and the worker would be one more script to fetch and start. */
export async function openIndex(folder, sites) {
  const pagefind = await import(new URL(`${folder}pagefind.js`, root).href);
  // with other sites, every index tags its results with its site (SITE), so that one
  // search can ask one site
  await pagefind.options({ baseUrl: root.pathname, noWorker: true, ...(sites.length && { mergeFilter: { [SITE]: OWN } }) });
  // all at once: each waits for this site's WebAssembly, then loads its own metadata (in
  // this thread, as the primary index does: `noWorker` is not an option of a merged one)
  await Promise.all(sites.map(([name, base]) =>
    pagefind.mergeIndex(new URL(`_ilc/sites/${name}/${folder}`, root).href, { baseUrl: base, mergeFilter: { [SITE]: name } })));
  return pagefind;
}

/** The filter every index's results carry: the site's name, or OWN for this site's. */
export const SITE = "ilc-site";
export const OWN = "self";

/** A record is a page of its own (`_records/<name>.html` beside its site's pages); its
 *  `url` fact is the lesson's or use case's anchor, from that site's root. */
export function recordUrl(result) {
  const record = result.url.match(/^(.*\/)_records\/[\w-]+\.html$/);
  return record && result.meta.url ? record[1] + result.meta.url.replace(/^\//, "") : result.url;
}

/** The other site a URL is on, or undefined for this site's own. */
export function siteOf(url, sites) {
  const site = sites.find(([, base]) => url.startsWith(base));
  return site && site[0];
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children);
  return node;
}

/** "{count} found" in the page's words. */
export function counted(text, total) {
  return total === 0 ? text.none : (total === 1 ? text.one : text.many.replace("{count}", total));
}
