// The lessons finder ({lesson-finder}, CONTRACT §8), on Pagefind's JavaScript API.
//
// The page holds the full static lessons table; when Pagefind's index loads, this
// script puts the finder in its place (without JavaScript, or from file://, the
// table stays). Lessons are records in `pagefind/lessons/`, with the filter `soort: les`;
// choices OR within a group and AND across groups. The number beside a choice is
// how many lessons it gives with the other groups' choices (one query per group
// that has a choice). The selection lives in the URL: ?q=...&thema=data&thema=...
// Other sites' indexes were copied beside this one at build time (`data-sites`)
// and are merged, so the browser asks no other host. An address may name a choice
// as the YAML writes it, in either language or in other case (?stroom=onder), and a group
// by its option's name or its label (?phase=...); what is no choice here is said above
// the form, not silently left out.

import { counted, el, openIndex, OWN, recordUrl, SITE, siteOf } from "./ilc-pagefind.js";

// whether the reader scrolled, clicked or typed since the page opened (see backToTarget)
let moved = false;
for (const type of ["wheel", "touchmove", "keydown", "pointerdown"]) {
  addEventListener(type, () => { moved = true; }, { once: true, passive: true, capture: true });
}

const app = document.querySelector(".ilc-finder-app");
if (app) start(app).then(() => backToTarget(app)).catch(() => {});  // no index (yet): the static table stays

const PAGE = 20;

async function start(app) {
  const text = JSON.parse(app.dataset.labels);
  const groups = Object.keys(text.groups);
  const base = JSON.parse(app.dataset.base || "{}");  // the directive's own :usecase: filter
  const sites = JSON.parse(app.dataset.sites || "[]");
  const pagefind = await openIndex("pagefind/lessons/", sites);
  const rank = (group, value) => (text.order[group] || []).indexOf(value);
  await pagefind.filters();  // loads every filter, so that each search counts them all
  const lessons = (chosen) => (Object.keys(base).length ? { all: [base, chosen] } : chosen);
  const baseline = await pagefind.search(null, { filters: lessons({ soort: "les" }) });
  const values = Object.fromEntries(groups.map((g) => [
    g, Object.entries(baseline.filters[g] || {}).filter(([, n]) => n > 0).map(([v]) => v)
      .sort((a, b) => rank(g, a) - rank(g, b) || a.localeCompare(b, document.documentElement.lang)),
  ]));

  const ui = build(app, text, groups, values, sites);
  app.hidden = false;
  app.closest(".ilc-finder").querySelector(".ilc-finder-static").hidden = true;

  let generation = 0;
  let total = 0;
  let take = async () => [];
  async function run() {
    const mine = ++generation;
    const state = ui.read();
    const term = state.q.trim() || null;
    const filters = (except) => {
      const chosen = { soort: "les" };
      for (const g of groups) if (g !== except && state[g].length) chosen[g] = { any: state[g] };
      return lessons(chosen);
    };
    const newest = { sort: { datum: "desc" } };
    const found = await pagefind.search(term, { filters: filters(null), ...newest });
    // Pagefind orders merged results by score, not by the sort: each site is asked for its
    // own, newest first, and those lists are merged by date
    const bySite = sites.length ? await Promise.all([OWN, ...sites.map(([name]) => name)].map((name) =>
      pagefind.search(term, { filters: { all: [filters(null), { [SITE]: name }] }, ...newest }))) : [found];
    const counts = {};
    for (const g of groups) {
      counts[g] = state[g].length ? (await pagefind.search(term, { filters: filters(g) })).filters[g] : found.filters[g];
    }
    if (mine !== generation || !found) return;
    ui.counts(counts);
    total = found.results.length;
    take = newestFirst(bySite.map((s) => s.results));
    ui.results([], total);
    await more();
  }
  async function more() {
    const mine = generation;
    const next = await take(PAGE);
    if (mine === generation) ui.results(next, total);
  }
  ui.onchange = (push) => {
    const url = new URL(location.href);
    url.search = ui.query();
    // the same address again (Enter in the field) is no new step back
    history[push && url.href !== location.href ? "pushState" : "replaceState"](null, "", url);
    run();
  };
  let adding = null;  // one "more" at a time: a second click while it loads adds nothing twice
  ui.onmore = () => { adding ||= more().finally(() => { adding = null; }); };
  window.addEventListener("popstate", () => { ui.write(new URLSearchParams(location.search)); run(); });
  ui.write(new URLSearchParams(location.search));
  await run();
}

/** A link to a heading below the finder: the browser went there before the finder took the
 *  static table's place and grew, which pushed the heading out of sight. Go there again,
 *  unless the reader has moved on. */
function backToTarget(app) {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!moved && target && app.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING) {
    target.scrollIntoView();
  }
}

/** Lists of results, each newest first (one per site), as one such list: `take(n)` gives
 *  the next n results' data. A list's next few fragments are fetched ahead, together, so
 *  that reading the dates to compare costs few round trips; on a day, the first list's
 *  (this site's) come first. */
function newestFirst(lists) {
  const AHEAD = 4;
  const loaded = new Map();
  const load = (r) => { if (!loaded.has(r)) loaded.set(r, r.data()); return loaded.get(r); };
  const at = lists.map(() => 0);
  return async (count) => {
    const taken = [];
    const ahead = lists.length > 1 ? AHEAD : count;  // one list: the whole page at once
    while (taken.length < count) {
      const open = lists.map((_, i) => i).filter((i) => at[i] < lists[i].length);
      if (!open.length) break;
      for (const i of open) lists[i].slice(at[i], at[i] + ahead).forEach(load);
      const heads = await Promise.all(open.map((i) => load(lists[i][at[i]])));
      let best = 0;
      heads.forEach((head, k) => { if ((head.meta.date || "") > (heads[best].meta.date || "")) best = k; });
      taken.push(heads[best]);
      at[open[best]] += 1;
    }
    return taken;
  };
}

function build(app, text, groups, values, sites) {
  const id = app.id;
  const input = el("input", { type: "search", id: `${id}-q`, name: "q", autocomplete: "off" });
  const form = el("form", { role: "search", class: "ilc-finder-form", "aria-label": text.search },
    el("label", { for: `${id}-q` }, text.search), input);
  const boxes = {};
  const countSpans = {};
  const fieldsets = groups.filter((g) => values[g].length).map((g) => {
    const list = el("ul", { class: "ilc-finder-choices" });
    values[g].forEach((value, i) => {
      const box = el("input", { type: "checkbox", id: `${id}-${g}-${i}`, name: g, value });
      const count = el("span", { class: "ilc-finder-count" });
      (boxes[g] ||= []).push(box);
      (countSpans[g] ||= {})[value] = count;
      list.append(el("li", {}, box, el("label", { for: box.id }, value, " ", count)));
    });
    return el("fieldset", { class: "ilc-finder-group" }, el("legend", {}, text.groups[g]), list);
  });
  const clear = el("button", { type: "button", class: "ilc-finder-clear", hidden: "" }, text.clear);
  // the groups fold away on a narrow screen, where they would push the results out of sight
  const summary = el("summary", {}, text.filters);
  const filters = el("details", { class: "ilc-finder-filters" }, summary, el("div", { class: "ilc-finder-groups" }, ...fieldsets));
  filters.open = !window.matchMedia("(max-width: 40rem)").matches;
  form.append(filters, clear);
  // what the address asked for and is not here: said above the form, where a reader looks first
  const notice = el("p", { class: "ilc-finder-notice", hidden: "" });
  const status = el("p", { role: "status", class: "ilc-finder-status" });
  const list = el("ol", { class: "ilc-finder-results" });
  const button = el("button", { type: "button", class: "ilc-finder-more" }, text.more);
  app.append(notice, form, status, list, button);

  const ui = { onchange: () => {}, onmore: () => {} };
  const ticked = () => Object.values(boxes).flat().filter((b) => b.checked).length;
  let timer;
  // a change of the reader's own: what the address asked for and was not there is past
  const changed = (push) => { notice.hidden = true; ui.onchange(push); };
  form.addEventListener("submit", (event) => { event.preventDefault(); changed(true); });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => changed(false), 250); });
  form.addEventListener("change", (event) => { if (event.target.type === "checkbox") { ui.chosen(); changed(true); } });
  button.addEventListener("click", () => ui.onmore());
  clear.addEventListener("click", () => {
    ui.write(new URLSearchParams());
    input.focus();  // the button goes: the keyboard's place stays in the finder
    changed(true);
  });

  ui.read = () => {
    const state = { q: input.value };
    for (const g of groups) state[g] = (boxes[g] || []).filter((b) => b.checked).map((b) => b.value);
    return state;
  };
  ui.query = () => {
    const params = new URLSearchParams();
    const state = ui.read();
    if (state.q.trim()) params.set("q", state.q.trim());
    for (const g of groups) for (const v of state[g]) params.append(g, v);
    return params.toString();
  };
  // the choice an address's value names: itself, an alias (text.aliases), or itself in other case
  const choiceOf = (g, wanted) => {
    const lower = wanted.trim().toLocaleLowerCase();
    const alias = (text.aliases[g] || {})[lower];
    return values[g].find((v) => v === wanted || v === alias) ??
      values[g].find((v) => v.toLocaleLowerCase() === lower);
  };
  // the group an address's name means: its own, an alias (text.names: the option's name, the
  // group's label in either language), in any case
  const groupOf = (name) => {
    const lower = name.toLocaleLowerCase();
    return groups.includes(lower) ? lower : text.names[lower];
  };
  ui.write = (params) => {
    const wanted = Object.fromEntries(groups.map((g) => [g, []]));
    const unknown = [];
    const empty = [];
    let words = "";
    for (const [name, value] of params) {
      if (name.toLocaleLowerCase() === "q") { words = value; continue; }
      if (!value.trim() || name.startsWith("utm_")) continue;  // a newsletter's tracking is no filter
      const g = groupOf(name);
      const choice = g && choiceOf(g, value);
      // a choice the site knows (a phase, a current, a use case) that no lesson here has, by its name
      const known = g && (text.aliases[g] || {})[value.trim().toLocaleLowerCase()];
      if (choice !== undefined) wanted[g].push(choice);
      else if (known) empty.push(`${text.group[g]} ‘${known}’`);
      else unknown.push(g ? `${text.group[g]} ‘${value}’` : `${text.filter} ‘${name}’`);
    }
    input.value = words;
    for (const g of groups) for (const box of boxes[g] || []) box.checked = wanted[g].includes(box.value);
    const said = [[unknown, text.unknown], [empty, text.empty]].filter(([list]) => list.length);
    notice.textContent = said.map(([list, line]) => line.replace("{values}", list.join(", "))).join(" ");
    notice.hidden = !said.length;
    clear.hidden = !ui.query() && notice.hidden;
    ui.chosen();
  };
  // the summary says how many choices are made, so a folded selection is not a hidden one
  ui.chosen = () => {
    const count = ticked();
    summary.textContent = count ? `${text.filters} (${text.chosen.replace("{count}", count)})` : text.filters;
  };
  ui.counts = (counts) => {
    for (const g of groups) {
      for (const [value, span] of Object.entries(countSpans[g] || {})) span.textContent = `(${(counts[g] || {})[value] || 0})`;
    }
  };
  ui.count = () => list.children.length;
  ui.results = (data, total) => {
    if (!data.length) list.replaceChildren();
    for (const r of data) {
      const m = r.meta;
      const href = recordUrl(r);
      const facts = [siteOf(href, sites), m.usecase, m.date, m.themes, m.stroom, m.aspect].filter(Boolean).join(" · ");
      list.append(el("li", {}, el("a", { href }, m.title || r.url), el("span", { class: "ilc-finder-facts" }, facts)));
    }
    // nothing with these choices: the way out, said where the count is
    status.textContent = total === 0 && ticked() ? `${text.none} ${text.none_chosen}` : counted(text, total);
    button.hidden = list.children.length >= total;
    clear.hidden = !ui.query() && notice.hidden;
  };
  return ui;
}
