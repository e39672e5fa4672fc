ilc_canvas_schema = "schema-config-canvas.yaml"
