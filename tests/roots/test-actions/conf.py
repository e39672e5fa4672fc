project = "Acties"
author = "Test"
copyright = "2026, Test"
version = "1.0"
extensions = ["ilc_canvas"]
language = "nl"
