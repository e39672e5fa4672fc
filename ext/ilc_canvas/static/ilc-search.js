// The search page (ilc_canvas.sphinxext.search), on Pagefind's JavaScript API:
// the form the page holds, the query the theme's search box sent (?q=...), and the
// pages found, each with its excerpt and the sections of it that match. Other
// sites' page indexes, copied beside this one at build time, are merged; their
// results name their site. Facets are the lessons finder's ({lesson-finder}): the
// search loads no filters, so it fetches little more than the words it looks up.

import { counted, el, openIndex, siteOf } from "./ilc-pagefind.js";

// Loaded `async`, right after the form: it runs while the rest of the page is still read.
const app = document.querySelector(".ilc-search-app");
if (app) start(app).catch(() => {});  // no index: the form stays, and says so without JavaScript

const PAGE = 5;  // results shown at first and per "more" (as Pagefind's own UI): each is a fragment to fetch
const SECTIONS = 3;  // a page's matching sections shown under it

async function start(app) {
  const text = JSON.parse(app.dataset.labels);
  const sites = JSON.parse(app.dataset.sites || "[]");
  const form = app.querySelector("form");
  const input = form.querySelector("input[type=search]");
  const status = app.querySelector("[role=status]");
  const list = app.querySelector("ol");
  const button = app.querySelector("button.ilc-search-more");
  input.value = new URLSearchParams(location.search).get("q") || "";
  const pagefind = await openIndex("pagefind/", sites);

  let generation = 0;
  let found = [];
  async function run() {
    const mine = ++generation;
    const term = input.value.trim();
    const search = term ? await pagefind.search(term) : { results: [] };
    if (mine !== generation) return;
    found = search.results;
    list.replaceChildren();
    await more(mine);
  }
  async function more(mine = generation) {
    // all of the next page's fragments asked for at once, each shown as soon as it and those before it are there
    const next = found.slice(list.children.length, list.children.length + PAGE).map((r) => r.data());
    list.setAttribute("aria-busy", "true");  // until the page of results is whole
    for (const data of next) {
      const page = await data;
      if (mine !== generation) return;
      list.append(item(page, sites, text));
    }
    status.textContent = input.value.trim() ? counted(text, found.length) : "";
    button.hidden = list.children.length >= found.length;
    list.removeAttribute("aria-busy");
  }
  // the query lives in the URL: typing replaces it, a submit adds a step to the history
  const remember = (push) => {
    const url = new URL(location.href);
    url.searchParams.set("q", input.value.trim());
    // the same address again (Enter twice) is no new step back
    history[push && url.href !== location.href ? "pushState" : "replaceState"](null, "", url);
    run();
  };
  let timer;
  form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); remember(true); });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => remember(false), 250); });
  let adding = null;  // one "more" at a time: a second click while it loads adds nothing twice
  button.addEventListener("click", () => { adding ||= more().finally(() => { adding = null; }); });
  window.addEventListener("popstate", () => { input.value = new URLSearchParams(location.search).get("q") || ""; run(); });
  await run();
}

function item(page, sites, text) {
  const site = siteOf(page.url, sites);
  const heading = el("a", { href: page.url }, page.meta.title || page.url);
  const li = el("li", {}, heading);
  if (site) li.append(" ", el("span", { class: "ilc-finder-facts" }, text.site.replace("{site}", site)));
  const all = sections(page);
  const shown = all.slice(0, SECTIONS);
  // an excerpt a section shows too (the page's words stand in it) is said there, under its heading
  if (!shown.some((s) => s.excerpt === page.excerpt)) li.append(excerpt(page.excerpt, page.meta.title));
  if (shown.length) {
    li.append(el("ul", { class: "ilc-search-sections" }, ...shown.map((s) =>
      el("li", {}, el("a", { href: s.url }, s.title), excerpt(s.excerpt, s.title)))));
  }
  if (all.length > SECTIONS) li.append(el("p", { class: "ilc-finder-facts ilc-search-more-sections" }, counted(text.sections, all.length - SECTIONS)));
  return li;
}

// An excerpt, without the heading it starts with when its words are found there (shown
// right above it already): nothing when that is all it holds.
function excerpt(html, title) {
  const nodes = withoutLead(marked(html), words(title));
  return nodes.some((n) => n.textContent.trim()) ? el("p", { class: "ilc-search-excerpt" }, ...nodes) : "";
}

function withoutLead(nodes, lead) {
  const text = nodes.map((n) => n.textContent).join("");
  const start = text.length - text.trimStart().length;
  let cut = start + lead.length;
  // the heading's words whole ("Data" is no lead of "Data-inventarisatie")
  if (!lead || !words(text).startsWith(lead) || /[^\s.:,;!?]/.test(text.charAt(cut))) return nodes;
  // Pagefind ends a heading with a full stop where it has none; the space after it goes too
  cut += text.slice(cut).match(/^[.:]?\s*/)[0].length;
  const kept = [];
  for (const node of nodes) {
    const length = node.textContent.length;
    if (cut >= length) { cut -= length; continue; }
    const rest = node.textContent.slice(cut);
    kept.push(node.nodeName === "MARK" ? el("mark", {}, rest) : document.createTextNode(rest));
    cut = 0;
  }
  return kept;
}

// A page's matching sections, each once: not the page itself, nor a heading without words
// or one that says what the page's title or an earlier section's already says (a canvas's
// block and the page's own section of the same name, a retrospective titled as its page).
function sections(page) {
  const said = new Set([words(page.meta.title)]);
  return (page.sub_results || []).filter((s) => {
    const title = words(s.title);
    if (!title || s.url === page.url || said.has(title)) return false;
    said.add(title);
    return true;
  });
}

const words = (title) => (title || "").trim().replace(/\s+/g, " ").toLocaleLowerCase();

// Pagefind's excerpt is text with <mark> around the words found: only those two
// kinds of node are kept (read in an inert template, so nothing in it runs).
function marked(excerpt) {
  const template = document.createElement("template");
  template.innerHTML = excerpt || "";
  return [...template.content.childNodes].map((node) =>
    node.nodeName === "MARK" ? el("mark", {}, node.textContent) : document.createTextNode(node.textContent));
}
