"""A site directive that pulls a snippet file into the page, as the handbook's naslag-voorbeeld does."""

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


class ToonVoorbeeld(SphinxDirective):
    required_arguments = 1

    def run(self):
        box = nodes.container()
        text = f"```{{include}} {self.arguments[0]}\n```\n"
        self.state.nested_parse(StringList(text.splitlines(), self.get_source_info()[0]), 0, box)
        return [box]


def setup(app):
    app.add_directive("toon-voorbeeld", ToonVoorbeeld)
    return {"parallel_read_safe": True}
