extensions = ["ilc_canvas"]
language = "en"
