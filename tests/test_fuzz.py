"""Fuzzing the whole pipeline: no exception escapes, findings are well formed.

Inputs: hypothesmith programs behind ML imports (so the prefilter does not skip them), line and
token mutations of every corpus file and rule example, short programs made of ML vocabulary,
random bytes as .py and .ipynb, and notebooks with broken structure or broken cells.

The pipeline under test is the real one: `read_source` (bytes → text, notebooks included),
`check_source` (prefilter → parse → interpreter → facts → rules → positions → suppressions) and
the four reporters. tests/conftest.py sets LOSSGUARD_DEBUG=1, so internal errors raise here
instead of becoming "internal error" problems.

Default run: a small sample per test (about 20 s in all). Dedicated run (10,000+ inputs, counted):

    python bench/fuzz.py            # = LOSSGUARD_FUZZ_SCALE=20 python -m pytest tests/test_fuzz.py ...
"""

from __future__ import annotations

import json
import os
import re
import tempfile

import hypothesmith
import pytest
from hypothesis import given, strategies as st

from fuzzing import (
    JUNK, ML_HEADER, ML_LINES, fuzz_settings, known_codes, ml_text_alphabet, mutated, rule_examples,
    seed_programs,
)
from lossguard.findings.model import FileProblem, FileResult, Finding
from lossguard.sources.notebook import read_notebook
from lossguard.reporting import get_reporter
from lossguard.checker.program import check_source
from lossguard.config.settings import Settings
from lossguard.sources.files import SourceError, SourceFile
from lossguard.sources.read import read_source

SETTINGS = Settings(preview=True)
COUNTS: dict[str, int] = {}
_TMP = tempfile.mkdtemp(prefix="lossguard-fuzz-")
_NEWLINE = re.compile(r"\r\n|\r|\n")


@pytest.fixture(scope="module", autouse=True)
def _report_counts():
    """The dedicated run (bench/fuzz.py) reads how many inputs went through the pipeline."""
    yield
    out = os.environ.get("LOSSGUARD_FUZZ_REPORT")
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(COUNTS, handle)


def _count(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


# ----------------------------------------------------------------------------- the property
def _check_position(source: SourceFile, line: int, column: int, cell, what: str) -> None:
    assert isinstance(line, int) and isinstance(column, int), what
    assert line >= 1 and column >= 1, what
    if source.cells is None:
        assert cell is None, what
        lines = _NEWLINE.split(source.text)  # Python's own line breaks: \r\n, \r and \n
        assert line <= len(lines), what
        assert column <= len(lines[line - 1]) + 2, what  # +1 past the end, +1 for a missing newline
    else:
        spans = {s.cell: s for s in source.cells}
        assert cell in spans, what
        assert line <= max(spans[cell].line_count, 1), what


def assert_well_formed(source: SourceFile, result: FileResult) -> None:
    assert isinstance(result, FileResult)
    assert result.path == source.path
    for problem in result.problems:
        assert isinstance(problem, FileProblem)
        assert problem.message and "\n" not in problem.message
    codes = known_codes()
    for finding in result.findings:
        assert isinstance(finding, Finding)
        what = f"{finding.rule} at {finding.cell}:{finding.line}:{finding.column} in\n{source.text}"
        assert finding.rule in codes, what
        assert finding.severity in ("error", "warning"), what
        assert finding.path == source.path
        assert finding.message and "\n" not in finding.message, what
        _check_position(source, finding.line, finding.column, finding.cell, what)
        if finding.end_line is not None:
            assert finding.end_line >= finding.line, what
            if finding.end_line == finding.line and finding.end_column is not None:
                assert finding.end_column >= finding.column, what
        for related in finding.related:
            _check_position(source, related.line, related.column, related.cell, "related: " + what)
        data = json.loads(json.dumps(finding.to_json()))  # JSON-serialisable, and round-trips
        assert Finding.from_json(data).to_json() == data
    if result.findings:
        assert result.findings == sorted(result.findings, key=Finding.sort_key)


def run_pipeline(source: SourceFile, kind: str, notebook_path: str | None = None) -> FileResult:
    result = check_source(source, SETTINGS)
    assert_well_formed(source, result)
    findings = result.findings
    if notebook_path is not None:  # the SARIF reporter reads the .ipynb back to map cells to file lines
        findings = [Finding.from_json({**f.to_json(), "path": notebook_path}) for f in findings]
    for fmt in ("text", "json", "sarif", "github"):
        out = get_reporter(fmt)(findings, result.problems, {"files_checked": 1, "statistics": True})
        assert isinstance(out, str)
        if fmt in ("json", "sarif"):
            json.loads(out)
    _count(kind)
    return result


def run_bytes(data: bytes, name: str, kind: str) -> None:
    """Bytes as a file of that name, exactly like the CLI reads them."""
    path = os.path.join(_TMP, name)
    with open(path, "wb") as handle:
        handle.write(data)
    try:
        source = read_source(path, path, data)
    except SourceError as err:
        assert str(err) and "\n" not in str(err)
        _count(kind)
        return
    run_pipeline(source, kind, path if name.endswith(".ipynb") else None)


# ----------------------------------------------------------------------------- strategies
@given(hypothesmith.from_grammar(auto_target=False), st.sampled_from(["", ML_HEADER]), st.sampled_from(["", *ML_LINES]))
@fuzz_settings(40)
def test_hypothesmith_grammar_programs(code, header, tail):
    header = header or "import torch\n"
    run_pipeline(SourceFile("fuzz.py", header + code + "\n" + tail + "\n"), "hypothesmith-grammar")


@given(hypothesmith.from_node(auto_target=False), st.sampled_from(ML_LINES))
@fuzz_settings(10)  # the slowest generator (about 0.4 s an example)
def test_hypothesmith_node_programs(code, tail):
    run_pipeline(SourceFile("fuzz.py", ML_HEADER + code + "\n" + tail + "\n"), "hypothesmith-node")


@given(mutated())
@fuzz_settings(120)
def test_mutated_corpus_and_examples(code):
    run_pipeline(SourceFile("fuzz.py", code), "mutated")


@given(mutated(seeds=None, max_mutations=2), st.sampled_from(["", "  # noqa", "  # lossguard: ignore[LG1", "\x0c"]))
@fuzz_settings(40)
def test_mutated_with_suppressions_and_line_endings(code, comment):
    lines = code.split("\n")
    text = "\n".join(line + comment if i % 3 == 0 else line for i, line in enumerate(lines))
    run_pipeline(SourceFile("fuzz.py", text), "mutated-comments")
    run_pipeline(SourceFile("fuzz.py", text.replace("\n", "\r\n")), "mutated-crlf")


@given(ml_text_alphabet())
@fuzz_settings(60)
def test_ml_word_soup(code):
    run_pipeline(SourceFile("fuzz.py", code), "word-soup")


@given(st.binary(max_size=600), st.sampled_from(["fuzz.py", "fuzz.ipynb"]))
@fuzz_settings(60)
def test_random_bytes(data, name):
    # half the time behind a torch import, so the parser (not only the prefilter) sees the bytes
    run_bytes(data, name, "random-bytes")
    run_bytes(b"import torch\n" + data, name, "random-bytes")


@given(st.sampled_from(seed_programs()), st.sampled_from(["utf-8", "latin-1", "utf-16", "ascii", "cp1252", "klingon"]),
       st.booleans(), st.integers(0, 3))
@fuzz_settings(40)
def test_encodings_and_cookies(code, encoding, bom, where):
    cookie = f"# -*- coding: {encoding} -*-\n"
    text = code if where == 0 else ("\n" * (where - 1) + cookie + code)
    try:
        data = text.encode(encoding if encoding != "klingon" else "utf-8", errors="replace")
    except LookupError:
        data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    run_bytes(data, "fuzz.py", "encodings")


JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
JSON = st.recursive(JSON_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                    max_leaves=12)
CELL_SOURCE = st.one_of(mutated(max_mutations=3), st.sampled_from(ML_LINES), st.text(max_size=40),
                        st.lists(st.sampled_from([*ML_LINES, *JUNK, "%%time", "%%bash", "%%capture x"]), max_size=6)
                        .map("\n".join))


@st.composite
def notebooks(draw) -> bytes:
    cells = []
    for _ in range(draw(st.integers(0, 6))):
        cell_type = draw(st.sampled_from(["code", "code", "code", "markdown", "raw", None, 3]))
        src = draw(CELL_SOURCE)
        form = draw(st.sampled_from(["str", "list", "list", "junk", "missing"]))
        cell = {"cell_type": cell_type, "metadata": {}, "outputs": []}
        if form == "str":
            cell["source"] = src
        elif form == "list":
            cell["source"] = src.splitlines(keepends=True)
        elif form == "junk":
            cell["source"] = draw(JSON)
        if cell_type is None:
            del cell["cell_type"]
        cells.append(cell if draw(st.integers(0, 20)) else draw(JSON))
    nb = {"nbformat": draw(st.sampled_from([4, 3, "4", None])), "metadata": draw(JSON), "cells": cells}
    shape = draw(st.sampled_from(["ok", "ok", "ok", "no-cells", "cells-not-list", "not-object", "truncated", "bom"]))
    if shape == "no-cells":
        del nb["cells"]
        if draw(st.booleans()):
            nb["worksheets"] = []
    elif shape == "cells-not-list":
        nb["cells"] = draw(JSON)
    elif shape == "not-object":
        return json.dumps(draw(JSON)).encode()
    data = json.dumps(nb, indent=draw(st.sampled_from([None, 1])), ensure_ascii=draw(st.booleans())).encode("utf-8")
    if shape == "truncated":
        data = data[: draw(st.integers(0, len(data)))]
    elif shape == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


@given(notebooks())
@fuzz_settings(80)
def test_broken_and_odd_notebooks(data):
    try:
        source = read_notebook("fuzz.ipynb", data)
    except SourceError as err:
        assert str(err) and "\n" not in str(err)
        _count("notebooks")
        return
    assert source.cells is not None
    assert source.text.count("\n") + 1 >= sum(s.line_count for s in source.cells)
    run_bytes(data, "fuzz.ipynb", "notebooks")


@pytest.mark.parametrize("index", range(len(rule_examples())))
def test_every_rule_example_survives_every_single_line_deletion(index):
    """Exhaustive, not random: each example with each one of its lines removed."""
    code = rule_examples()[index]
    lines = code.split("\n")
    for i in range(len(lines)):
        run_pipeline(SourceFile("fuzz.py", "\n".join(lines[:i] + lines[i + 1:])), "line-deletions")
