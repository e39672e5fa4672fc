ilc_mermaid_path = "bestaat-niet"
