# another site's build, read from a folder that is not there (yet)
ilc_sites = {"provincie": ("https://example.org/ilc-provincie/", "provincie-site/_build/html")}
