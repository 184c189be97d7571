"""A fix keeps the program runnable: fixed programs are executed with the real torch and Keras.

Every program in tests/fix_programs.py runs as written (checked first), is fixed with
`lossguard check --fix --unsafe-fixes`, and must still run, on tiny inputs, with the finding gone.
A layer is only deleted where the container allows it (the last layer of an `nn.Sequential(...)` or
of a Keras `Sequential([...])` list); elsewhere it becomes `nn.Identity()`, and where neither is
possible no fix is applied.
"""

from __future__ import annotations

import json

import pytest

from fix_programs import (
    KERAS_PROGRAMS, SOFTMAX_LAYERS, TORCH_BARE_NAMES, TORCH_CONTAINERS, TORCH_EXPRESSIONS, run_programs,
    torch_program,
)
from helpers import cli


def _write(folder, programs: dict[str, str]) -> dict[str, str]:
    paths = {}
    for name, code in programs.items():
        path = folder / f"{name}.py"
        path.write_text(code)
        paths[name] = str(path)
    return paths


def _findings(folder) -> dict[str, list[dict]]:
    run = cli("check", "--no-cache", "--format", "json", str(folder))
    out: dict[str, list[dict]] = {}
    for finding in run.json():
        out.setdefault(finding["path"], []).append(finding)
    return out


def _fix_and_run(tmp_path, programs: dict[str, str], keras: bool = False, crash_as_written: frozenset = frozenset()):
    """Run, fix, run again. A program that ran must still run; one that crashed as written (the bug
    itself crashes it, listed in `crash_as_written`) must run once fixed, or be left unchanged."""
    folder = tmp_path / "programs"
    folder.mkdir()
    paths = _write(folder, programs)
    before = run_programs(sorted(paths.values()), keras=keras)
    crashed = {name for name, path in paths.items() if before[path] is not None}
    assert crashed == set(crash_as_written), {name: before[paths[name]] for name in crashed ^ set(crash_as_written)}
    found_before = _findings(folder)
    fix = cli("check", "--no-cache", "--fix", "--unsafe-fixes", "--format", "json", str(folder))
    assert fix.code in (0, 1) and "Traceback" not in fix.err, fix.err
    fixed = {name: open(path).read() for name, path in paths.items()}
    after = run_programs(sorted(paths.values()), keras=keras)
    broken = {paths[name]: after[paths[name]] for name in paths
              if after[paths[name]] is not None and (name not in crashed or fixed[name] != programs[name])}
    assert not broken, "fixed programs that do not run:\n" + "\n".join(
        f"{p}: {e}\n{open(p).read()}" for p, e in broken.items())
    return paths, found_before, _findings(folder), fixed


TORCH_CASES = {f"{container}-{layer}": torch_program(container, layer)
               for container in TORCH_CONTAINERS for layer in SOFTMAX_LAYERS}
TORCH_CASES.update({f"{container}-functional_loss": torch_program(container, "nn", "functional")
                    for container in TORCH_CONTAINERS})


def test_removing_a_softmax_layer_keeps_every_container_runnable(tmp_path):
    paths, before, after, fixed = _fix_and_run(tmp_path, TORCH_CASES)
    not_reported = [name for name, path in paths.items() if not any(f["rule"] == "LG104" for f in before.get(path, []))]
    assert len(not_reported) <= len(paths) // 10, f"LG104 should see most containers: {not_reported}"
    for name, path in paths.items():
        offered = [f for f in before.get(path, []) if f["rule"] == "LG104" and f["fix"]]
        left = [f for f in after.get(path, []) if f["rule"] == "LG104"]
        if offered:
            assert not left, f"{name}: an offered fix was not applied\n{fixed[name]}"
            assert "Softmax" not in fixed[name], fixed[name]
    # deleting is only for the last layer of a Sequential; elsewhere the layer becomes nn.Identity()
    assert "nn.Sequential(nn.Linear(4, 3))\n" in fixed["sequential_last-nn"]
    assert "nn.Sequential(nn.Linear(4, 3))\n" in fixed["sequential_last-qualified"]
    assert "nn.Sequential(nn.Linear(4, 3), nn.Identity(), nn.Dropout(0.0))" in fixed["sequential_middle-nn"]
    assert "layers.append(nn.Identity())" in fixed["append-nn"]
    assert "layers.insert(1, nn.Identity())" in fixed["insert-nn"]
    assert 'add_module("sm", nn.Identity())' in fixed["add_module-nn"]
    assert '("sm", nn.Identity())' in fixed["ordered_dict-nn"]
    assert "return nn.Linear(4, 3), nn.Identity()" in fixed["tuple_return-nn"]
    assert "sm = torch.nn.Identity()" in fixed["named_layer-qualified"]


def test_a_removed_layer_takes_its_own_comment_with_it(tmp_path):
    _, _, _, fixed = _fix_and_run(tmp_path, {
        "last": torch_program("sequential_multiline"),
        "last_no_comma": torch_program("sequential_multiline_no_trailing_comma"),
        "middle": torch_program("sequential_multiline_middle"),
    })
    assert "        self.body = nn.Sequential(\n            nn.Linear(4, 3),\n        )\n" in fixed["last"]
    assert "        self.body = nn.Sequential(\n            nn.Linear(4, 3)\n        )\n" in fixed["last_no_comma"]
    assert ("            nn.Linear(4, 3),  # the head\n"
            "            # turn scores into probabilities\n"
            "            nn.Identity(),  # probabilities\n"
            "            nn.Dropout(0.0),\n") in fixed["middle"]


def test_replacing_an_activation_by_its_input_keeps_precedence(tmp_path):
    paths, before, after, fixed = _fix_and_run(tmp_path, TORCH_EXPRESSIONS,
                                               crash_as_written=frozenset({"linear_into_bce_with_weight"}))
    for name, path in paths.items():
        offered = [f for f in before.get(path, []) if f["fix"]]
        assert offered, f"{name}: expected a fixable finding: {before.get(path)}"
        left = {f["rule"] for f in after.get(path, [])}
        assert not left & {f["rule"] for f in offered}, f"{name}: {left}\n{fixed[name]}"
    assert "return (self.fc(x) * 2).clone()" in fixed["function_then_method"]
    assert "return (-self.fc(x)).clone()" in fixed["negated_then_method"]
    assert "return (self.fc(x) + 1)[:, :]" in fixed["function_then_subscript"]
    assert "return (h := self.fc(x))" in fixed["function_of_walrus"]
    assert "return self.fc(x) - 1.0\n" in fixed["function_of_difference"]  # no parentheses where none are needed


def test_no_fix_where_no_runnable_replacement_exists(tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    path = folder / "bare.py"
    path.write_text(TORCH_BARE_NAMES)
    [finding] = [f for f in _findings(folder)[str(path)] if f["rule"] == "LG104"]
    assert finding["fix"] is None  # `layers.append(Softmax(dim=1))`: nothing runnable to put there
    run = cli("check", "--no-cache", "--fix", "--unsafe-fixes", str(path))
    assert run.code == 1 and "Fixed" not in run.out + run.err
    assert path.read_text() == TORCH_BARE_NAMES
    assert run_programs([str(path)]) == {str(path): None}


def test_keras_fixes_keep_programs_running(tmp_path):
    # Keras 3 refuses mismatched label shapes, so these bugs crash as written; fixed, they must run
    paths, before, after, fixed = _fix_and_run(tmp_path, KERAS_PROGRAMS, keras=True, crash_as_written=frozenset({
        "sparse_loss_one_hot_labels", "sparse_loss_one_hot_labels_ignore_class", "categorical_loss_integer_labels",
        "categorical_loss_integer_labels_smoothing", "categorical_loss_integer_labels_axis"}))
    for name, path in paths.items():
        offered = {f["rule"] for f in before.get(path, []) if f["fix"]}
        left = {f["rule"] for f in after.get(path, [])}
        assert not offered & left, f"{name}: {offered & left}\n{fixed[name]}"
    # a loss renamed only where its arguments mean the same thing under the new name
    for name in ("sparse_loss_one_hot_labels_ignore_class", "categorical_loss_integer_labels_smoothing",
                 "categorical_loss_integer_labels_axis"):
        assert fixed[name] == KERAS_PROGRAMS[name], name
        reported = [f for f in before.get(paths[name], []) if f["rule"] in ("LG201", "LG202")]
        assert reported and not [f for f in reported if f["fix"]], (name, reported)
    assert "SparseCategoricalCrossentropy()" in fixed["categorical_loss_integer_labels"]
    assert "loss=keras.losses.CategoricalCrossentropy()" in fixed["sparse_loss_one_hot_labels"]


def test_removing_the_last_layer_of_a_keras_sequential_list(tmp_path):
    """The fixer's own container rule, below the rules: a list element of `Sequential([...])` is
    deleted only when it is the last one; anywhere else the placeholder is used."""
    import libcst as cst

    from lossguard.fixing.apply import apply_fixes
    from lossguard.rules.base import Edit, Fix

    code = (
        "import numpy as np\nimport keras\nfrom keras import layers\n\n"
        "model = keras.Sequential([\n    keras.Input((6,)),\n    layers.Dense(3),\n    layers.Softmax(),  # probabilities\n])\n"
        "extra = [layers.Dense(3), layers.Softmax()]\n"
        "model2 = keras.Sequential([keras.Input((6,))] + extra)\n"
        "model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
        "model.fit(np.ones((2, 6)), np.array([0, 1]), epochs=1, verbose=0)\n"
        "model2.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
        "model2.fit(np.ones((2, 6)), np.array([0, 1]), epochs=1, verbose=0)\n"
    )
    module = cst.parse_module(code)
    softmaxes = [n for n in _calls(module) if cst.helpers.get_full_name_for_node(n.func) == "layers.Softmax"]
    fixes = [Fix("remove", "unsafe", (Edit(node, remove=True, placeholder="layers.Identity()"),)) for node in softmaxes]
    fixed = apply_fixes(module, fixes)
    assert "    layers.Dense(3),\n])\n" in fixed
    assert "extra = [layers.Dense(3), layers.Identity()]\n" in fixed
    path = tmp_path / "keras_list.py"
    path.write_text(fixed)
    assert run_programs([str(path)], keras=True) == {str(path): None}


def _calls(module):
    import libcst as cst

    found = []

    class Collect(cst.CSTVisitor):
        def visit_Call(self, node):
            found.append(node)

    module.visit(Collect())
    return found


@pytest.mark.parametrize("name", ["sequential_last", "append"])
def test_check_and_fix_agree_on_what_is_fixable(tmp_path, name):
    """`= fix:` in the report is what --fix does: the description names nn.Identity() when that is the fix."""
    path = tmp_path / "model.py"
    path.write_text(torch_program(name))
    [finding] = [f for f in json.loads(cli("check", "--no-cache", "--format", "json", str(path)).out) if f["rule"] == "LG104"]
    if name == "append":
        assert "nn.Identity()" in finding["fix"]["message"]
    else:
        assert finding["fix"]["message"] == "remove the softmax layer (the loss applies it)"
