import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["ilc_canvas", "toonvoorbeeld"]
language = "nl"
project = "Include"
copyright = "2026, Test"
author = "Test"
exclude_patterns = ["voorbeelden"]
