/* ilc-canvas: this site searches with Pagefind (search.html); Sphinx's search index is not
   built. Some themes (pydata-sphinx-theme, sphinx-book-theme) load Sphinx's search tools and
   this file on every page: they get an empty index, and a page's ?q= (the lessons finder's
   query) starts no search of Sphinx's, which would have nowhere to show its results. */
if (typeof Search !== "undefined") {
  Search.performSearch = () => {};
  Search.setIndex({alltitles: {}, docnames: [], envversion: {}, filenames: [], indexentries: {},
                   objects: {}, objnames: {}, objtypes: {}, terms: {}, titles: [], titleterms: {}});
}
