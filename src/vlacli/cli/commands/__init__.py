"""One module per noun; each function here is one command, wired in :mod:`vlacli.cli.app`."""
