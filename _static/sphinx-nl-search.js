/* Two faults of Sphinx 9.0.4's Dutch search page, fixed before they show.

   1. Sphinx compiles the catalog's plural expression as written. For Dutch
      that is "(n != 1)", a boolean, and Documentation.ngettext then indexes
      the (singular, plural) pair with true/false: undefined. searchtools.js
      calls .replace() on it when a search ends and throws a TypeError.
      Coerce the expression to a number, now and for any catalog added later.
   2. Sphinx's Dutch catalog has empty translations for the result count, so
      the summary (what a screen reader announces) would stay empty. Fill
      messages the catalog leaves empty; translated ones are kept.

   Loaded by _templates/search.html after translations.js and searchtools.js. */
(() => {
  if (typeof Documentation === "undefined") return;

  const asIndex = (expr) => (n) => Number(expr(n));
  Documentation.PLURAL_EXPR = asIndex(Documentation.PLURAL_EXPR);
  const addTranslations = Documentation.addTranslations;
  Documentation.addTranslations = (catalog) => {
    addTranslations(catalog);
    Documentation.PLURAL_EXPR = asIndex(Documentation.PLURAL_EXPR);
  };

  if (Documentation.LOCALE !== "nl") return;
  const dutch = {
    "Search finished, found one page matching the search query.": [
      "Zoeken klaar: één pagina gevonden die past bij de zoekopdracht.",
      "Zoeken klaar: ${resultCount} pagina's gevonden die passen bij de zoekopdracht.",
    ],
  };
  const empty = (t) => t === undefined || t === "" || (Array.isArray(t) && t.every((s) => !s));
  for (const [message, translation] of Object.entries(dutch)) {
    if (empty(Documentation.TRANSLATIONS[message])) {
      Documentation.TRANSLATIONS[message] = translation;
    }
  }
})();
