"""Where a Sphinx build spends its CPU time: per transform, event listener, page and GC.

Runs one HTML build in this process and prints the CPU seconds spent in each
(post-)transform class, each event listener, each written page, the builder's
phases and the garbage collector, largest first. Cheaper and steadier than a
full profile, and it names the extension that pays (the first part of each
name is the top-level package). Used for the findings in README.md::

    python benchmarks/phases.py SRC BUILD [FILE ...]     # FILE: write only these pages
    python benchmarks/phases.py --nogc SRC BUILD         # the same with the collector off

For a call-level picture use pyinstrument or cProfile on `-m sphinx`.
"""

from __future__ import annotations

import argparse
import collections
import gc
import time

CPU = collections.Counter()


def _account(label: str, seconds: float) -> None:
    CPU[label] += seconds


def instrument() -> None:
    from docutils import transforms as dt
    from sphinx import builders as sb
    from sphinx import events as se
    from sphinx import search as ss
    from sphinx.builders import html as bh

    def apply_transforms(self) -> None:  # docutils.transforms.Transformer.apply_transforms, timed
        self.document.reporter.attach_observer(self.document.note_transform_message)
        while self.transforms:
            if not self.sorted:
                self.transforms.sort(reverse=True)
                self.sorted = True
            priority, cls, pending, kwargs = self.transforms.pop()
            start = time.process_time()
            cls(self.document, startnode=pending).apply(**kwargs)
            _account(f"transform {cls.__module__.split('.')[0]}.{cls.__name__}", time.process_time() - start)
            self.applied.append((priority, cls, pending, kwargs))
        self.document.reporter.detach_observer(self.document.note_transform_message)

    dt.Transformer.apply_transforms = apply_transforms

    def emit(self, name, *args, allowed_exceptions=(), **kwargs):  # sphinx.events.EventManager.emit, timed
        results = []
        for listener in sorted(self.listeners[name], key=lambda l: l.priority):
            start = time.process_time()
            try:
                results.append(listener.handler(self._app, *args))
            finally:
                handler = listener.handler
                owner = getattr(handler, "__module__", "?").split(".")[0]
                _account(f"event {name}: {owner}.{getattr(handler, '__name__', '?')}", time.process_time() - start)
        return results

    se.EventManager.emit = emit

    def timed(owner, attr: str, label) -> None:
        original = getattr(owner, attr)

        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                _account(label(args) if callable(label) else label, time.process_time() - start)

        setattr(owner, attr, wrapper)

    timed(sb.Builder, "read", "builder: read (with env-updated)")
    timed(sb.Builder, "write", "builder: write (all pages)")
    timed(bh.StandaloneHTMLBuilder, "write_doc", "builder: translate to HTML")
    timed(bh.StandaloneHTMLBuilder, "handle_page", "builder: templates")
    timed(bh.StandaloneHTMLBuilder, "finish", "builder: finish (indices, search index, inventory)")
    timed(ss.IndexBuilder, "feed", "search: index pages")
    timed(sb, "_write_docname", lambda args: f"page {args[0]}")

    state = {"start": 0.0}

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            state["start"] = time.process_time()
        else:
            _account(f"gc: generation {info['generation']}", time.process_time() - state["start"])

    gc.callbacks.append(on_gc)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nogc", action="store_true", help="turn the cycle collector off")
    parser.add_argument("--min", type=float, default=0.02, help="hide lines below this many seconds")
    parser.add_argument("src")
    parser.add_argument("build")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    instrument()
    from sphinx.cmd.build import build_main

    if args.nogc:
        gc.disable()
    start = time.process_time()
    status = build_main(["-b", "html", "-q", "-d", f"{args.build}/doctrees", args.src, f"{args.build}/html", *args.files])
    total = time.process_time() - start
    print(f"{total:7.2f}  total CPU of the build (exit {status}; lines below overlap: pages hold transforms)")
    for label, seconds in CPU.most_common():
        if seconds >= args.min:
            print(f"{seconds:7.2f}  {label}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
