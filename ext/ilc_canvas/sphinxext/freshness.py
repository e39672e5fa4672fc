"""Keep pages that show other pages' ILC data current (contract 3.3).

After every read (and parallel merge), env-updated compares a fingerprint of
what each such page shows with the one it was last written with, and returns
the pages whose fingerprint changed, so Sphinx writes them again. Pages whose
data did not change are left alone, which keeps one-page edits cheap. The
site-wide problems (duplicates, unknown use cases in options) are reported
here too, on every build.
"""

from __future__ import annotations

import hashlib

from .domain import report
from .listings import shown


def on_env_updated(app, env) -> list[str]:
    domain = env.get_domain("ilc")
    site = domain.site
    checked = [ref for page in site.pages.values() for ref in page.checked]
    for problem in site.duplicates() + site.unknown(checked):
        report([problem], "", srcdir=env.srcdir)
    stale = []
    hashes = domain.data["page_hashes"]
    for docname, keys in sorted(domain.data["consumes"].items()):
        values = [(key, shown(env, site, key)) for key in keys]
        digest = hashlib.sha256(repr(values).encode()).hexdigest()
        if hashes.get(docname) != digest:
            hashes[docname] = digest
            stale.append(docname)
    return stale
