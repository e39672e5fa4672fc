extensions = ["ilc_canvas"]
language = "nl"
project = "CLI"
copyright = "2026, Test"
author = "Test"
ilc_lesson_themes = ["eigenaarschap", "samenwerking", "data"]
myst_enable_extensions = ["colon_fence", "deflist"]
