"""`python -m ilc_canvas` is `ilc`, for where the `ilc` command is not on the PATH."""

from .cli import main

raise SystemExit(main())
