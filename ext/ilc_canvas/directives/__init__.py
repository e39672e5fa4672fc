"""The directives of the extension; each reads input, builds nodes and notes records."""
