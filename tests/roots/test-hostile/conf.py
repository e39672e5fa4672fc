extensions = ["ilc_canvas"]
language = "nl"
project = "Vijandige invoer"
copyright = "2026, Test"
author = "Test"
