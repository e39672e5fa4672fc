project = "Fout"
extensions = ["ilc_canvas"]
language = "nl"
ilc_lesson_themes = ["eigenaarschap", "samenwerking"]
