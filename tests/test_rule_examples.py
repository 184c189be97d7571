"""Every rule's VALID and INVALID examples (in rules/) run as tests, one test per example.

An INVALID example must produce exactly the findings its `# <- LGxxx` markers announce (no more:
examples are also precision tests); a VALID example must produce none.
"""

import pytest

from lossguard.rules import load_rules
from lossguard.testing import check_code, codes_and_lines

RULES = load_rules()
INVALID = [(r.code, i, ex) for r in RULES for i, ex in enumerate(r.invalid)]
VALID = [(r.code, i, ex) for r in RULES for i, ex in enumerate(r.valid)]


@pytest.mark.parametrize("code,index,example", INVALID, ids=[f"{c}-invalid-{i}" for c, i, _ in INVALID])
def test_invalid_example_reports_marked_lines(code, index, example):
    findings = check_code(example.code)
    if code == "LG000":
        assert [f.rule for f in findings] == ["LG000"]
        return
    assert example.expected, f"{code} invalid example {index} marks no expected line"
    assert any(c == code for _, c in example.expected), f"{code} example {index} does not mark {code}"
    assert codes_and_lines(findings) == sorted(example.expected)


@pytest.mark.parametrize("code,index,example", VALID, ids=[f"{c}-valid-{i}" for c, i, _ in VALID])
def test_valid_example_is_silent(code, index, example):
    assert check_code(example.code) == []


def test_every_rule_has_examples_and_docs():
    for rule in RULES:
        assert rule.invalid and rule.valid, rule.code
        doc = rule.doc()
        assert "## What it does" in doc and "## Why is this bad?" in doc, rule.code
        assert rule.severity in ("error", "warning")


def test_codes_match_the_catalogue():
    expected = {
        "LG000": "parse-error",
        "LG101": "softmax-with-binary-crossentropy", "LG102": "softmax-on-single-unit",
        "LG103": "sigmoid-with-categorical-crossentropy", "LG104": "activation-before-logits-loss",
        "LG105": "logits-into-probability-loss", "LG106": "nll-loss-without-log-softmax",
        "LG107": "softmax-over-batch-dimension", "LG108": "binary-crossentropy-for-single-label-multiclass",
        "LG201": "sparse-loss-with-one-hot-labels", "LG202": "categorical-loss-with-integer-labels",
        "LG203": "output-units-mismatch", "LG204": "single-unit-categorical-loss",
        "LG301": "unnormalized-image-input", "LG302": "probability-loss-target-out-of-range",
        "LG303": "bounded-output-for-unbounded-target", "LG401": "accuracy-metric-with-regression-loss",
    }
    assert {r.code: r.name for r in RULES} == expected
    severities = {r.code: r.severity for r in RULES}
    assert {c for c, s in severities.items() if s == "warning"} == {"LG108", "LG301", "LG303", "LG401"}
