extensions = ["ilc_canvas"]
language = "en"
ilc_canvas_schema = "mijn-canvas.yaml"
