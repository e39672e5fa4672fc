ilc_mermaid_path = ["node_modules/mermaid/dist"]
