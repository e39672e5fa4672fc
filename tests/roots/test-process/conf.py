extensions = ["ilc_canvas"]
language = "nl"
project = "Procestest"
copyright = "2026, Test"
author = "Test"
version = "1.0"
