"""IPython syntax in notebook cells is masked exactly where IPython itself finds it.

`mask_cell` follows IPython's input transformer (IPython.core.inputtransformer2) without importing
it. Every cell of TABLE lists, by hand, the lines IPython turns into `get_ipython()` calls (1-based,
as findings name them) and whether the cell is valid Python once IPython has transformed it. Three
sources must agree on each cell:

- the hand-written expectation (checked without IPython),
- `mask_cell` (which lines it changes; it must keep every other byte and the line count),
- IPython's real `TransformerManager` (skipped when IPython is not installed): the lines its
  transformations replace, followed step by step with `do_one_token_transform`, plus the shell's
  automagic for one-line cells (`InteractiveShell.prefilter_manager`), and whether the cell as the
  shell transforms it (`InteractiveShell.transform_cell`) parses with CPython's `ast` (then the
  masked cell must parse too).

The table passes with IPython 8.12 and 9.18, on Python 3.11 and 3.12 (whose tokenize differs).

For a cell magic, IPython turns the whole cell into one `run_cell_magic` call; a magic whose body is
Python run in the kernel (`%%time`, `%%capture`...) runs the body through `transform_cell` again, so
the oracle follows the body like a cell of its own, as `mask_cell` does.
"""

from __future__ import annotations

import ast
import json
import re
import warnings

import pytest

from helpers import cli
from lossguard.sources.notebook import PYTHON_CELL_MAGICS, mask_cell

ALL = "all"  # every non-blank line (a cell magic whose body is not Python)

# (id, cell, lines IPython transforms (1-based), transformed cell is valid Python)
TABLE = [
    # line magics, shell escapes, help
    ("line-magic", "%matplotlib inline\nimport numpy as np\n", [1], True),
    ("time-magic", "%time f()\nx = 1\n", [1], True),
    ("timeit-options", "%timeit -n 10 -r 3 sorted(data)\n", [1], True),
    ("indented-magic-in-block", "for i in range(3):\n    %time step(i)\n    x = i\n", [2], True),
    ("magic-only-body", "if ready:\n    %load_ext autoreload\nelse:\n    %env MODE=cpu\n", [2, 4], True),
    ("shell", "!pip install -q torch\n!nvidia-smi\nimport torch\n", [1, 2], True),
    ("shell-capture", "!!ls -la\n", [1], True),
    ("indented-shell-in-def", "def setup():\n    !mkdir -p data\n    return 1\n", [2], True),
    ("system-assign", "files = !ls *.csv\nprint(files)\n", [1], True),
    ("system-assign-tuple-lhs", "a, b = !echo 1 2\n", [1], True),
    ("magic-assign", "x = %time f()\ny = x + 1\n", [1], True),
    ("magic-assign-subscript", "d['k'] = %env HOME\n", [1], True),
    ("help-postfix", "model?\n", [1], True),
    ("help-prefix-double", "??model\n", [1], True),
    ("help-attribute", "obj.attr?\nnp.load??\n", [1, 2], True),
    ("help-index-and-wildcard", "layers[0]?\nnp.*load*?\n", [1, 2], True),
    ("help-pinfo-magic", "%pinfo model\n%pinfo2 model.fit\n", [1, 2], True),
    ("help-on-magic", "%timeit?\n", [1], True),
    ("help-drops-assignment", "x = obj?\n", [1], True),
    ("help-inside-block", "if debug:\n    model.fit?\n", [2], True),
    ("help-needs-a-name", "f(a)?\n", [], False),  # IPython refuses: not a help request
    ("help-trailing-space", "obj? \n", [], False),
    ("autocall-escapes", "/print 1 2\n,print a b\n;print a b\n", [1, 2, 3], True),
    ("double-percent-mid-cell", "x = 1\n%%time\ny = 2\n", [2], True),
    # `%` / `!` / `?` that are Python, not escapes
    ("percent-continuation", "print('Epoch: %03d/%03d'\n      %(epoch + 1, num_epochs))\n", [], True),
    ("percent-continuation-name", "print('loss %.3f'\n      %loss)\nprint('acc %.3f' %acc)\n", [], True),
    ("nested-brackets", "msg = ('%d of %s' % (\n    len(items),\n    ', '.join(\n        names)))\n"
     "vals = [\n    x\n    %2 for x in range(9)\n]\n", [], True),
    ("percent-after-backslash", "y = 10 \\\n    % 3\nfmt = lambda v: '%.2f' \\\n    %v\n", [], True),
    ("modulo-lines", "a = b % c\na = b %c\nr = n%2\n", [], True),
    ("percent-in-strings", "s = '%d%%' % 5\nt = \"%matplotlib\"\nu = '!ls'\n", [], True),
    ("fstrings", "print(f'{x!r} {when:%Y-%m-%d} {y=}')\nz = f'{a}=%{b}'\n", [], True),
    ("triple-quoted-escapes", 'doc = """\n%matplotlib inline\n!rm -rf data\nmodel?\n??x\n"""\n', [], True),
    ("triple-quoted-fstring", "s = f'''\n%{x}\n!{y}\n'''\n", [], True),
    ("bang-continuation-compare", "ok = (a\n      != b)\n", [], True),
    ("bang-inside-brackets", "flags = [a,\n         !b]\n", [], False),  # not an escape: invalid Python
    ("question-in-strings-comments", "print('what?')\n# why?\nx = 1  # really?\ny = '??'\n", [], True),
    ("magic-in-comments", "# %matplotlib inline\nif x:\n    # !pip install y\n    pass\n", [], True),
    ("commented-cell-magic", "# %%time\nx = 1\n", [], True),
    ("magic-after-statement", "print('a'); %ls\n", [], False),  # not at the start of a logical line
    # backslash continuations
    ("shell-continued", "!python train.py \\\n    --epochs 10 \\\n    --lr 0.1\nx = 1\n", [1, 2, 3], True),
    ("magic-after-continued-python", "y = 1 + \\\n    2\n%ls\n", [3], True),
    ("assign-continued-to-shell", "out = \\\n    !ls\n", [2], True),
    ("magic-assign-continued", "t = %time \\\n  f()\nprint(t)\n", [1, 2], True),
    # decorators, async, definitions around escapes
    ("decorators", "%matplotlib inline\n@torch.no_grad()\ndef evaluate(model):\n    %time model(x)\n"
     "    return 1\n", [1, 4], True),
    ("async", "async def main():\n    await asyncio.sleep(0)\n!echo done\nawait main()\n"
     "async for item in stream():\n    %time use(item)\n", [3, 6], True),
    ("class-body", "class Net(nn.Module):\n    %config InlineBackend.figure_format = 'svg'\n"
     "    def forward(self, x):\n        return x\n", [2], True),
    # text that confuses the tokeniser after an escape: IPython tokenises again after each escape
    ("shell-unbalanced-quote", "!echo it's done\nx = 1\ny = 'ok'\n", [1], True),
    ("shell-open-triple-quote", '!echo """\nx = 1\n%ls\n', [1, 3], True),
    ("shell-open-bracket", "!ls (\ny = 2\n", [1], True),
    # cell magics
    ("cell-time-training-loop", "%%time\nfor epoch in range(3):\n    for x, y in loader:\n"
     "        loss = criterion(model(x), y)\n        loss.backward()\n"
     "    print('epoch %d loss %.3f'\n          %(epoch, loss.item()))\n", [1], True),
    ("cell-timeit-options", "%%timeit -n 1 -r 1\nx = [i for i in range(10)]\n", [1], True),
    ("cell-capture-with-escapes", "%%capture out\n!pip install foo\nimport foo\nfoo?\n", [1, 2, 4], True),
    ("cell-nested-magics", "%%capture\n%%time\nx = 1\n%ls\n", [1, 2, 4], True),
    ("cell-after-blank-lines", "\n\n%%bash\nls -la\necho \"$HOME\"\n", ALL, True),
    ("cell-bash", "%%bash\nfor f in *.txt; do\n  echo $f\ndone\n", ALL, True),
    ("cell-writefile-python", "%%writefile train.py\nimport torch\nprint('%d' % 3)\n!ls\n", ALL, True),
    ("cell-html", "%%html\n<b>bold</b>\n", ALL, True),
    ("cell-javascript", "%%javascript\nconsole.log('hi');\n", ALL, True),
    ("cell-unknown-magic", "%%backend torch\nimport torch\n", ALL, True),
    ("cell-magic-help", "%%timeit?\nx = 1\n", [1], True),
    # the shell's automagic: a one-line cell whose first word is a line magic (and that is not Python)
    ("automagic-pip", "pip install -q torch\n", [1], True),
    ("automagic-cd-escaped-space", "cd data/My\\ Folder\n", [1], True),
    ("automagic-indented", "  mkdir -p runs/exp1\n", [1], True),
    ("automagic-after-blank-lines", "\n\nls -la *.csv\n", [3], True),
    ("automagic-in-cell-magic", "%%capture\npip install foo\n", [1, 2], True),
    ("automagic-python-kept", "run(model)\n", [], True),  # IPython runs %run unless `run` is defined
    ("no-automagic-two-lines", "pip install x\nimport x\n", [], False),
    ("no-automagic-final-blank-line", "cd data\n\n", [], False),
    ("no-automagic-assignment", "ls =\n", [], False),
    ("no-automagic-python2-print", "print x\n", [], False),
    # line endings and whitespace
    ("crlf", "%matplotlib inline\r\nimport torch\r\n!ls\r\nx = 1\r\n", [1, 3], True),
    ("crlf-percent-continuation", "print('%d'\r\n      %(n))\r\n", [], True),
    ("crlf-cell-magic", "%%time\r\nx = 1\r\n!ls\r\n", [1, 3], True),
    ("crlf-backslash-does-not-continue-escapes", "!ls \\\r\n  -la\r\n", [1], False),  # as in IPython
    ("tabs", "for i in range(2):\n\t!echo $i\n\tx = i\n", [2], True),
    ("no-final-newline", "x = 1\n%who", [2], True),
    ("empty", "", [], True),
    ("blank-lines-only", "\n  \n\n", [], True),
]


def _changed(cell: str, masked: str) -> set[int]:
    old, new = cell.split("\n"), masked.split("\n")
    return {i + 1 for i, (a, b) in enumerate(zip(old, new)) if a != b and a.strip()}


def _expected(cell: str, rows) -> set[int]:
    if rows == ALL:
        return {i + 1 for i, line in enumerate(cell.split("\n")) if line.strip()}
    return set(rows)


def _parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
        return True
    except (SyntaxError, ValueError):
        return False


CASES = [pytest.param(cell, rows, ok, id=name) for name, cell, rows, ok in TABLE]


def test_the_table_is_broad():
    assert len(TABLE) >= 40
    assert len({name for name, *_ in TABLE}) == len(TABLE)


@pytest.mark.parametrize("cell, rows, ok", CASES)
def test_masks_exactly_the_escaped_lines(cell, rows, ok):
    masked = mask_cell(cell)
    assert masked.count("\n") == cell.count("\n")
    assert _changed(cell, masked) == _expected(cell, rows)
    for old, new in zip(cell.split("\n"), masked.split("\n")):
        if old != new:  # blank, or the line's own prefix + `pass` / `...`, keeping a CR ending
            assert new.endswith("\r") == old.endswith("\r")
            body = new.removesuffix("\r")
            filler = "pass" if body.endswith("pass") else "..."
            assert body == "" or (body.endswith(filler) and old.startswith(body[:-len(filler)]))


@pytest.mark.parametrize("cell, rows, ok", CASES)
def test_masked_cell_parses_like_ipythons(cell, rows, ok):
    assert _parses(mask_cell(cell)) == ok


def test_mask_cell_is_idempotent_on_the_table():
    for _, cell, _, _ in TABLE:
        once = mask_cell(cell)
        assert mask_cell(once) == once


# --- against IPython itself -----------------------------------------------------------------------

def _ipython():
    return pytest.importorskip("IPython.core.inputtransformer2")


def _cell_magic(it2, lines):
    """(name, body) when IPython reads `lines` as a cell magic."""
    call = it2.cell_magic(lines)
    if call == lines:
        return None
    name, _, body = (arg.value for arg in ast.parse(call[0]).body[0].value.args)
    return name, body


def _shell():
    _ipython()
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance()


def ipython_transformed_lines(cell: str) -> set[int]:
    """The 1-based lines of `cell` that IPython replaces by get_ipython() calls: its TransformerManager
    and, for a one-line cell, the shell's automagic (taken only where the line is not Python: which
    names shadow a magic depends on what the notebook defined, see notebook._automagic)."""
    it2 = _ipython()
    manager = it2.TransformerManager()
    lines = (cell if cell.endswith("\n") else cell + "\n").splitlines(keepends=True)
    kept = it2.leading_empty_lines(lines)
    skipped = len(lines) - len(kept)
    lines = kept
    for clean in manager.cleanup_transforms[1:]:  # prompts, leading indentation: the lines stay in place
        lines = clean(lines)
    magic = _cell_magic(it2, lines)
    if magic is not None:
        name, body = magic
        if name not in PYTHON_CELL_MAGICS:
            return {skipped + i + 1 for i, line in enumerate(lines) if line.strip()}
        return {skipped + 1} | {skipped + 1 + i for i in ipython_transformed_lines(body)}
    origin = [(skipped + i + 1,) for i in range(len(lines))]
    changed: set[int] = set()
    for _ in range(it2.TRANSFORM_LOOP_LIMIT):
        progressed, new = manager.do_one_token_transform(lines)
        if not progressed:
            break
        head = 0  # each step replaces one run of lines by one line
        while head < min(len(lines), len(new)) and lines[head] == new[head]:
            head += 1
        tail = 0
        while tail < min(len(lines), len(new)) - head and lines[-1 - tail] == new[-1 - tail]:
            tail += 1
        assert len(new) - head - tail == 1
        merged = tuple(row for rows in origin[head:len(lines) - tail] for row in rows)
        changed.update(merged)
        origin = origin[:head] + [merged] + origin[len(lines) - tail:]
        lines = new
    else:
        raise AssertionError("IPython did not finish transforming the cell")
    if len(lines) == 1:  # InteractiveShell.transform_cell prefilters one-line cells
        line = lines[0].rstrip("\n")
        if _shell().prefilter_manager.prefilter_lines(line) != line and not _parses(line.strip()):
            changed.update(origin[0])
    return changed


def ipython_cell_parses(cell: str) -> bool:
    it2 = _ipython()
    lines = it2.leading_empty_lines((cell if cell.endswith("\n") else cell + "\n").splitlines(keepends=True))
    magic = _cell_magic(it2, lines)
    if magic is not None and magic[0] in PYTHON_CELL_MAGICS:
        return ipython_cell_parses(magic[1])
    return _parses(_shell().transform_cell(cell))


@pytest.mark.parametrize("cell, rows, ok", CASES)
def test_masked_lines_are_the_lines_ipython_transforms(cell, rows, ok):
    transformed = {row for row in ipython_transformed_lines(cell) if cell.split("\n")[row - 1].strip()}
    assert transformed == _changed(cell, mask_cell(cell))
    assert transformed == _expected(cell, rows)


@pytest.mark.parametrize("cell, rows, ok", CASES)
def test_masked_cell_parses_whenever_ipythons_does(cell, rows, ok):
    assert ipython_cell_parses(cell) == ok
    if ok:
        assert _parses(mask_cell(cell))


# --- end to end -----------------------------------------------------------------------------------

def notebook(tmp_path, cells, name="nb.ipynb"):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": kind, "metadata": {}, "source": src.splitlines(keepends=True),
         **({"outputs": [], "execution_count": None} if kind == "code" else {})}
        for kind, src in cells]}
    path = tmp_path / name
    path.write_text(json.dumps(nb))
    return path


def findings(path):
    return [(f["rule"], f["cell"], f["line"]) for f in cli("check", "--format", "json", "--no-cache", str(path)).json()]


TRAINING = (
    "for epoch in range(num_epochs):\n"
    "    for batch_idx, (x, y) in enumerate(loader):\n"
    "        out = model(x)\n"
    "        loss = criterion(out, y)\n"
    "        optimizer.zero_grad()\n"
    "        loss.backward()\n"
    "        optimizer.step()\n"
    "        if not batch_idx % 50:\n"
    "            print('Epoch: %03d/%03d | Batch %03d | Loss: %.4f'\n"
    "                  %(epoch + 1, num_epochs, batch_idx, loss))\n"
)
SETUP = ("%matplotlib inline\nimport torch\nimport torch.nn as nn\n!nvidia-smi\n"
         "model = nn.Sequential(nn.Linear(64, 10), nn.Softmax(dim=1))\n"
         "criterion = nn.CrossEntropyLoss()\n"
         "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nnum_epochs = 3\n"
         "loader = [(torch.randn(8, 64), torch.randint(0, 10, (8,)))]\n")


def test_training_cell_with_a_percent_continuation_is_analysed(tmp_path):
    # before: the `%(epoch + 1, ...)` line was masked as a magic, the cell did not parse (LG000) and
    # the loss call in it was never seen
    path = notebook(tmp_path, [("markdown", "# Train"), ("code", SETUP), ("code", TRAINING)])
    assert findings(path) == [("LG104", 2, 5)]


@pytest.mark.parametrize("magic, expected", [
    ("%%time", [("LG104", 1, 5)]),
    ("%%capture out", [("LG104", 1, 5)]),
    ("%%timeit -n 1 -r 1", [("LG104", 1, 5)]),
    ("%%script python", []),  # a separate process: nothing links the loss to this kernel's model
])
def test_python_cell_magic_body_is_analysed(tmp_path, magic, expected):
    # the finding needs the loss call of the second cell (the first cell alone reports nothing)
    path = notebook(tmp_path, [("code", SETUP), ("code", magic + "\n" + TRAINING)])
    assert findings(path) == expected
    if expected:
        [finding] = cli("check", "--format", "json", "--no-cache", str(path)).json()
        assert [(r["cell"], r["line"]) for r in finding["related"]] == [(1, 6)]
    assert findings(notebook(tmp_path, [("code", SETUP)], name="setup.ipynb")) == []


def test_writefile_cell_is_not_analysed(tmp_path):
    # the body is written to a file, not run here: neither its bug nor its `%` lines are reported
    path = notebook(tmp_path, [("code", "%%writefile model.py\n" + SETUP + TRAINING)])
    run = cli("check", "--format", "json", "--no-cache", str(path))
    assert (run.code, run.json()) == (0, [])


def test_value_of_an_assigned_escape_is_unknown(tmp_path):
    # `act = %env ACT` must not read as `act = None` (a linear output: a false LG105)
    path = notebook(tmp_path, [("code", "from tensorflow import keras\nact = %env ACT\nunits = !cat units.txt\n"),
                               ("code", "model = keras.Sequential([keras.layers.Dense(32, activation='relu'),\n"
                                        "                          keras.layers.Dense(10, activation=act)])\n"
                                        "model.compile(optimizer='adam', loss='categorical_crossentropy')\n")])
    assert findings(path) == []


def test_every_escape_form_in_one_notebook_parses(tmp_path):
    cells = [("code", cell) for name, cell, rows, ok in TABLE if ok and "crlf" not in name]
    path = notebook(tmp_path, cells)
    assert [f for f in findings(path) if f[0] == "LG000"] == []


def test_a_cell_ipython_cannot_run_is_still_a_parse_error(tmp_path):
    path = notebook(tmp_path, [("code", "import torch\n"), ("code", "x = 1\nprint('a'); %ls\n")])
    assert findings(path) == [("LG000", 2, 2)]


def test_masking_keeps_columns_of_findings_after_escapes(tmp_path):
    path = notebook(tmp_path, [("code", "import torch.nn as nn\n!pip install x \\\n  y\n"
                                        "files = !ls\nhead = nn.Sequential(nn.Linear(8, 1), nn.Softmax(dim=1))\n")])
    [finding] = cli("check", "--format", "json", "--no-cache", str(path)).json()
    assert (finding["rule"], finding["cell"], finding["line"], finding["column"]) == ("LG102", 1, 5, 39)
    assert re.match(r"softmax", finding["message"], re.I)


def test_odd_text_never_raises_and_keeps_lines():
    # null bytes (Python 3.12+'s tokenize fails on them with a SystemError), stray brackets, lone CRs,
    # text that never closes: the line count is kept whatever the tokeniser makes of it
    for cell in ["!ls\x00", "\x00%%time\nx", ")\n!ls\n%time f()\n", "a\rb\n!c\r", "\\\n%ls\n",
                 "if x:\n  %ls\n %ls\n", "!ls '''\n%ls\n"]:
        assert mask_cell(cell).count("\n") == cell.count("\n")
    # tokenising stops at a line with a null byte (the cell cannot parse anyway); Python inside open
    # brackets or strings that never close stays as written
    for cell in ["x = 1\x00\n!ls\n", "'''\n%ls", "x = (\n!ls\n"]:
        assert mask_cell(cell) == cell


def test_automagic_cells_are_not_parse_errors(tmp_path):
    # one-line cells that IPython runs as magics without `%`; the model after them is still analysed
    path = notebook(tmp_path, [("code", "pip install -q torch\n"), ("code", "cd data/My\\ Drive/project\n"),
                               ("code", "  !nvidia-smi\n"),
                               ("code", "import torch.nn as nn\nhead = nn.Sequential(nn.Linear(8, 1), nn.Softmax(dim=1))\n")])
    assert findings(path) == [("LG102", 4, 2)]
