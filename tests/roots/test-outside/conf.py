# A project as a user starts it: the extension and nothing else (CONTRACT §12).
project = "Buiten"
author = "Provincie Voorbeeld"
copyright = "2026, Provincie Voorbeeld"
version = "1.0"  # EPUB asks for one
language = "nl"
extensions = ["ilc_canvas"]
