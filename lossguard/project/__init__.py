"""The project: its import roots, how module names resolve to files, and the modules a program reads."""
