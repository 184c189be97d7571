"""The shared development corpus (copied into tests/corpus*): every file scored exactly."""

import pytest

from corpus_scoring import score, summary
from helpers import ROOT

CORPORA = {"py": ROOT / "tests" / "corpus", "ipynb": ROOT / "tests" / "corpus_notebooks"}
_cache: dict = {}


def scores_for(kind):
    if kind not in _cache:
        _cache[kind] = score(CORPORA[kind])
        print(kind, summary(_cache[kind]))
    return _cache[kind]


def _names(kind):
    import tomllib

    return [c["file"] for c in tomllib.loads((CORPORA[kind] / "expected.toml").read_text())["case"]]


@pytest.mark.parametrize("kind,name", [(k, n) for k in CORPORA for n in _names(k)])
def test_corpus_file(kind, name):
    result = scores_for(kind)[name]
    assert not result.misses and not result.false_positives, result.explain()
