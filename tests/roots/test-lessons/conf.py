project = "Lessen"
copyright = "2026, Test"
version = "1.0"
extensions = ["ilc_canvas"]
language = "nl"
ilc_lesson_themes = ["eigenaarschap", "samenwerking", "data", "techniek"]
