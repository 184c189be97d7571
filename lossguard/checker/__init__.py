"""Checking: one program through the pipeline, many files (in parallel), and the result cache."""
