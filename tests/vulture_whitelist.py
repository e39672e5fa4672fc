"""Names that Sphinx, docutils and dataclasses use by convention, for vulture
(tests/test_architecture.py): they look unused to it, but are not."""

# docutils directive and settings attributes
final_argument_whitespace
_.report_level
_.halt_level
_.warning_stream
_.file_insertion_enabled
_.raw_enabled
_.syntax_highlight

# Sphinx: event handler arguments, transform priorities, domain and role API
pagename
templatename
default_priority
builders
formats
kwargs
innernodeclass
data_version
_.process_doc
_.clear_doc
_.merge_domaindata
_.resolve_any_xref
_.get_objects

# listings.FillPlaceholders dispatches on a placeholder's kind: render_<kind>
_.render_lessons
_.render_usecases
_.render_retrospectives
_.render_backlinks
_.render_actions
_.render_open_actions
_.render_action
_.render_applied
_.render_lesson_finder

# a field of the JSON export
retrospective_title
