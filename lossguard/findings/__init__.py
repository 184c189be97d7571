"""Findings: the reported model (paths, lines, related locations), positions and suppressions."""
