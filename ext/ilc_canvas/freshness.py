"""Keep pages that show other pages' ILC data current (contract 3.3).

After every read (and parallel merge), env-updated compares a fingerprint of
what each such page shows with the one it was last written with, and returns
the pages whose fingerprint changed, so Sphinx writes them again. Pages whose
data did not change are left alone, which keeps one-page edits cheap.
"""

from __future__ import annotations

import hashlib

from .directives.base import report
from .queries import dependency_value
from .validate import check_site


def _fingerprint(env, domain, keys) -> str:
    values = [(key, dependency_value(env, domain, key)) for key in keys]
    return hashlib.sha256(repr(values).encode()).hexdigest()


def on_env_updated(app, env) -> list[str]:
    domain = env.get_domain("ilc")
    for found in check_site(domain.all("usecases"), domain.all("lessons"),
                            [r for refs in domain.data["checked_refs"].values() for r in refs]):
        report([found.problem], found.docname, str(env.srcdir / found.path))
    stale = []
    hashes = domain.data["page_hashes"]
    for docname, keys in sorted(domain.data["consumes"].items()):
        digest = _fingerprint(env, domain, keys)
        if hashes.get(docname) != digest:
            hashes[docname] = digest
            stale.append(docname)
    return stale
