ilc_lesson_themes = ["eigenaarschap", "samenwerking", "data"]
