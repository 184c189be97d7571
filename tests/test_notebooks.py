"""Notebooks: analysed as one program across cells, IPython syntax masked in place, cell positions."""

import json

from lossguard.sources.notebook import mask_cell
from helpers import cli


def notebook(tmp_path, cells, name="nb.ipynb"):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": kind, "metadata": {}, "source": src if isinstance(src, list) else src.splitlines(keepends=True),
         **({"outputs": [], "execution_count": None} if kind == "code" else {})}
        for kind, src in cells]}
    path = tmp_path / name
    path.write_text(json.dumps(nb))
    return path


def test_masking_keeps_line_count_and_indentation():
    src = "%matplotlib inline\nimport torch\n!pip install x\nfiles = !ls\nif True:\n    %time f()\nmodel?\n"
    masked = mask_cell(src)
    assert masked.count("\n") == src.count("\n")
    lines = masked.split("\n")
    assert lines[0] == "pass" and lines[1] == "import torch" and lines[2] == "pass"
    assert lines[3] == "files = ..." and lines[5] == "    pass" and lines[6] == "pass"
    compile(masked, "<masked>", "exec")
    assert mask_cell("%%bash\nls -la\necho hi\n") == "\n\n\n"
    timed = mask_cell("%%time\nx = 1\n")
    assert timed.split("\n")[1] == "x = 1"


def test_findings_point_at_cell_and_line(tmp_path):
    path = notebook(tmp_path, [
        ("markdown", "# Title"),
        ("code", "%matplotlib inline\nimport torch\nimport torch.nn as nn\n"),
        ("code", "model = nn.Sequential(\n    nn.Linear(8, 4),\n    nn.Softmax(dim=1),\n)\n"),
        ("code", "!nvidia-smi\ncriterion = nn.CrossEntropyLoss()\nloss = criterion(model(torch.randn(2, 8)), torch.tensor([0, 1]))\n"),
    ])
    run = cli("check", "--format", "json", "--no-cache", str(path))
    [finding] = run.json()
    assert (finding["rule"], finding["cell"], finding["line"], finding["column"]) == ("LG104", 3, 3, 5)
    assert finding["related"][0]["cell"] == 4 and finding["related"][0]["line"] == 2
    text = cli("check", "--no-cache", str(path)).out
    assert text.startswith(f"{path}:cell 3:3:5: LG104 ")


def test_shared_notebook_corpus_case(tmp_path):
    from helpers import ROOT

    case = ROOT / "tests" / "corpus_notebooks" / "cases" / "torch_notebook_double_sigmoid.ipynb"
    [finding] = cli("check", "--format", "json", "--no-cache", str(case)).json()
    assert (finding["rule"], finding["cell"], finding["line"]) == ("LG104", 3, 8)


def test_a_broken_cell_is_reported_and_the_rest_still_checked(tmp_path):
    path = notebook(tmp_path, [
        ("code", "import torch\nimport torch.nn as nn\n"),
        ("code", "def broken(:\n    pass\n"),
        ("code", "model = nn.Sequential(nn.Linear(8, 1), nn.Softmax(dim=1))\n"),
    ])
    run = cli("check", "--format", "json", "--no-cache", str(path))
    rules = sorted((f["rule"], f["cell"], f["line"]) for f in run.json())
    assert rules == [("LG000", 2, 1), ("LG102", 3, 1)]


def test_broken_notebooks_are_one_line_errors(tmp_path):
    not_json = tmp_path / "a.ipynb"
    not_json.write_text("{ this is not json")
    no_cells = tmp_path / "b.ipynb"
    no_cells.write_text(json.dumps({"nbformat": 4, "metadata": {}}))
    bad_source = tmp_path / "c.ipynb"
    bad_source.write_text(json.dumps({"nbformat": 4, "cells": [{"cell_type": "code", "source": 42}]}))
    run = cli("check", "--no-cache", str(not_json), str(no_cells), str(bad_source))
    assert run.code == 2
    errors = run.err.strip().splitlines()
    assert len(errors) == 3
    assert "a.ipynb: notebook is not valid JSON" in errors[0]
    assert "b.ipynb: notebook has no 'cells' list" in errors[1]
    assert "c.ipynb: cell 1: 'source' is not text" in errors[2]
    assert "Traceback" not in run.err


def test_notebook_suppression_comment(tmp_path):
    path = notebook(tmp_path, [
        ("code", "import torch.nn as nn\nmodel = nn.Sequential(nn.Linear(8, 1), nn.Softmax(dim=1))  # noqa: LG102\n"),
    ])
    assert cli("check", "--format", "json", "--no-cache", str(path)).json() == []


def test_a_cell_that_ends_inside_a_block_is_the_broken_one(tmp_path):
    """IPython runs cells one by one: a stub `def` at the end of cell 2 is cell 2's error, not cell
    3's, and the cells after it are still analysed."""
    path = notebook(tmp_path, [
        ("code", "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"),
        ("code", "def todo():\n    # TODO: exercise\n"),
        ("markdown", "Now train:"),
        ("code", "model = nn.Linear(4, 3)\nx, y = torch.randn(2, 4), torch.tensor([0, 1])\n"),
        ("code", "loss = nn.CrossEntropyLoss()(F.softmax(model(x), dim=1), y)\nloss.backward()\n"),
    ])
    found = cli("check", "--format", "json", "--no-cache", "--isolated", str(path)).json()
    assert [(f["rule"], f["cell"], f["line"]) for f in found] == [("LG000", 2, 2), ("LG104", 5, 1)]


# ------------------------------------------------------------------ IPython's leading_indent clean-up
INDENTED = [
    "import torch\nimport torch.nn as nn\n",
    "  model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))\n"
    "  loss = nn.CrossEntropyLoss()(model(torch.randn(2, 4)), torch.tensor([0, 1]))\n"
    "  loss.backward()",
]


def test_ipython_accepts_a_cell_whose_lines_share_an_indentation():
    """The oracle: IPython's own input transformer removes the common indentation before parsing."""
    import ast

    from IPython.core.inputtransformer2 import TransformerManager

    ast.parse(TransformerManager().transform_cell(INDENTED[1]))
    ast.parse(TransformerManager().transform_cell(" _, ind = x.topk(3)  # one space, as pasted"))


def test_an_indented_cell_is_analysed_and_positions_are_the_cells_own(tmp_path):
    path = notebook(tmp_path, [("code", c) for c in INDENTED])
    run = cli("check", "--isolated", "--no-cache", "--format", "json", str(path))
    [finding] = run.json()
    line = INDENTED[1].split("\n")[0]
    assert (finding["rule"], finding["cell"], finding["line"]) == ("LG104", 2, 1)
    assert finding["column"] == line.index("nn.Softmax") + 1  # in the cell as written, margin included
    assert finding["end_column"] == line.index("nn.Softmax") + len("nn.Softmax(dim=1)") + 1
    assert finding["related"][0]["column"] == INDENTED[1].split("\n")[1].index("nn.CrossEntropyLoss") + 1


def test_a_one_space_cell_after_others_is_not_a_parse_error(tmp_path):
    path = notebook(tmp_path, [("code", "import torch\ndeg = torch.randn(5)"), ("code", " _, ind = torch.topk(deg , 2)#note")])
    run = cli("check", "--isolated", "--no-cache", "--format", "json", str(path))
    assert run.code == 0 and run.json() == []


def fixed_and_noqa_cell(tmp_path, cells):
    """The second cell after `--fix --unsafe-fixes`, and its lines after `--add-noqa` on a fresh copy
    (which then checks clean)."""
    path = notebook(tmp_path, [("code", c) for c in cells])
    run = cli("check", "--isolated", "--no-cache", "--fix", "--unsafe-fixes", str(path))
    assert run.code == 0, run.out + run.err
    fixed = "".join(json.loads(path.read_text())["cells"][1]["source"])
    again = notebook(tmp_path, [("code", c) for c in cells], name="again.ipynb")
    cli("check", "--isolated", "--no-cache", "--add-noqa", str(again))
    noqa = "".join(json.loads(again.read_text())["cells"][1]["source"]).split("\n")
    assert cli("check", "--isolated", "--no-cache", str(again)).code == 0
    return fixed, noqa


def test_a_fix_and_a_noqa_in_an_indented_cell_keep_its_margin(tmp_path):
    fixed, noqa = fixed_and_noqa_cell(tmp_path, INDENTED)
    assert fixed == INDENTED[1].replace("nn.Softmax(dim=1)", "nn.Identity()")
    assert noqa[0] == INDENTED[1].split("\n")[0] + "  # noqa: LG104"
    assert noqa[1:] == INDENTED[1].split("\n")[1:]


def test_a_cell_whose_lines_do_not_share_the_indentation_is_read_as_ipython_7_read_it(tmp_path):
    """IPython 7 (inputtransformer2.leading_indent, 7.0-7.34) removed the first line's indentation from
    the lines starting with it and left the others; IPython 8+ removes only the common indentation
    (the oracle below), so such a cell runs under 7 and not under 8+. It ran where it was written
    (a TF1 tutorial's ` my_seq = tf.keras.Sequential([...` cell): no parse error."""
    import ast

    from IPython.core.inputtransformer2 import TransformerManager

    cell = "  x = torch.randn(2)\ny = x + 1"
    try:
        ast.parse(TransformerManager().transform_cell(cell))
        assert False, "IPython 8+ now accepts it: the legacy rule is no longer needed"
    except IndentationError:
        pass
    path = notebook(tmp_path, [("markdown", "# x"), ("code", "import torch"), ("code", cell)])
    run = cli("check", "--isolated", "--no-cache", "--format", "json", str(path))
    assert (run.code, run.json()) == (0, [])


LEGACY = [
    "import torch\nimport torch.nn as nn\n",
    " model = nn.Sequential(nn.Linear(4, 3),\n"
    "                      nn.Softmax(dim=1))\n"
    "loss = nn.CrossEntropyLoss()(model(torch.randn(2, 4)), torch.tensor([0, 1]))\n"
    "loss.backward()",
]


def test_positions_and_fixes_in_a_legacy_indented_cell_follow_each_line(tmp_path):
    """Lines the margin was removed from move right by it; lines IPython 7 left alone do not."""
    path = notebook(tmp_path, [("code", c) for c in LEGACY])
    [finding] = cli("check", "--isolated", "--no-cache", "--format", "json", str(path)).json()
    lines = LEGACY[1].split("\n")
    assert (finding["rule"], finding["cell"], finding["line"]) == ("LG104", 2, 2)
    assert finding["column"] == lines[1].index("nn.Softmax") + 1
    assert finding["related"][0]["column"] == lines[2].index("nn.CrossEntropyLoss") + 1
    fixed, noqa = fixed_and_noqa_cell(tmp_path, LEGACY)
    assert fixed == LEGACY[1].replace("nn.Softmax(dim=1)", "nn.Identity()")
    assert noqa[1] == lines[1] + "  # noqa: LG104" and noqa[2:] == lines[2:]


def test_a_cell_broken_under_both_ipython_rules_is_still_broken(tmp_path):
    cell = "  x = torch.randn(2)\n    y = x + 1"  # the second line keeps two spaces under either rule
    path = notebook(tmp_path, [("markdown", "# x"), ("code", "import torch"), ("code", cell)])
    [finding] = cli("check", "--isolated", "--no-cache", "--format", "json", str(path)).json()
    assert (finding["rule"], finding["cell"]) == ("LG000", 3)
