"""[tool.lossguard] in pyproject.toml, --config, --isolated, and inline suppressions."""

from helpers import BAD_KERAS, SEED, cli


def project(tmp_path, config: str, files: dict[str, str]):
    (tmp_path / "pyproject.toml").write_text(config)
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def rules_of(run):
    return sorted((f["path"], f["rule"]) for f in run.json())


def test_config_found_from_checked_path_upwards(tmp_path):
    root = project(tmp_path, '[tool.lossguard]\nignore = ["LG101"]\n', {"src/deep/seed.py": SEED.read_text()})
    run = cli("check", "--format", "json", "--no-cache", str(root / "src" / "deep" / "seed.py"))
    assert [f["rule"] for f in run.json()] == ["LG302"]
    isolated = cli("check", "--format", "json", "--no-cache", "--isolated", str(root / "src" / "deep" / "seed.py"))
    assert sorted(f["rule"] for f in isolated.json()) == ["LG101", "LG302"]


def test_select_extend_select_and_per_file_ignores(tmp_path):
    root = project(tmp_path, '''[tool.lossguard]
select = ["LG3"]
extend-select = ["LG101"]
per-file-ignores = { "legacy/*" = ["LG302"] }
''', {"app/seed.py": SEED.read_text(), "legacy/seed.py": SEED.read_text()})
    run = cli("check", "--format", "json", "--no-cache", ".", cwd=root)
    assert rules_of(run) == [("app/seed.py", "LG101"), ("app/seed.py", "LG302"),
                             ("legacy/seed.py", "LG101"), ("legacy/seed.py", "LG301")]


def test_exclude_and_force_exclude(tmp_path):
    root = project(tmp_path, '[tool.lossguard]\nexclude = ["generated", "scratch_*.py"]\n',
                   {"generated/bad.py": BAD_KERAS, "scratch_1.py": BAD_KERAS, "ok/bad.py": BAD_KERAS})
    run = cli("check", "--format", "json", "--no-cache", ".", cwd=root)
    assert [f["path"] for f in run.json()] == ["ok/bad.py"]
    explicit = cli("check", "--format", "json", "--no-cache", "scratch_1.py", cwd=root)
    assert [f["path"] for f in explicit.json()] == ["scratch_1.py"]  # explicit paths are checked...
    forced = cli("check", "--format", "json", "--no-cache", "--force-exclude", "scratch_1.py", "generated/bad.py", cwd=root)
    assert forced.code == 0 and forced.json() == []  # ...unless --force-exclude (pre-commit)


def test_unknown_key_and_unknown_code_are_errors(tmp_path):
    root = project(tmp_path, '[tool.lossguard]\nselekt = ["LG1"]\n', {"a.py": BAD_KERAS})
    run = cli("check", "--no-cache", ".", cwd=root)
    assert run.code == 2 and "unknown key in [tool.lossguard]: selekt" in run.err
    root2 = tmp_path / "two"
    root2.mkdir()
    project(root2, '[tool.lossguard]\nignore = ["LG777"]\n', {"a.py": BAD_KERAS})
    run = cli("check", "--no-cache", ".", cwd=root2)
    assert run.code == 2 and "unknown rule code or prefix 'LG777'" in run.err


def test_explicit_config_and_preview_flag(tmp_path):
    (tmp_path / "custom.toml").write_text('[tool.lossguard]\nselect = ["LG302"]\npreview = true\n')
    (tmp_path / "seed.py").write_text(SEED.read_text())
    run = cli("check", "--format", "json", "--no-cache", "--config", str(tmp_path / "custom.toml"), str(tmp_path / "seed.py"))
    assert [f["rule"] for f in run.json()] == ["LG302"]
    bad_toml = tmp_path / "broken.toml"
    bad_toml.write_text("[tool.lossguard\n")
    run = cli("check", "--no-cache", "--config", str(bad_toml), str(tmp_path / "seed.py"))
    assert run.code == 2 and "invalid TOML" in run.err


SUPPRESSED = '''\
from tensorflow import keras

a = keras.Sequential([keras.layers.Dense(10, activation="softmax")])  # lossguard: ignore[LG101]
a.compile(optimizer="adam", loss="binary_crossentropy")
b = keras.Sequential([keras.layers.Dense(10, activation="softmax")])  # noqa: LG101
b.compile(optimizer="adam", loss="binary_crossentropy")
c = keras.Sequential([keras.layers.Dense(10, activation="softmax")])  # lossguard: ignore
c.compile(optimizer="adam", loss="binary_crossentropy")
d = keras.Sequential([keras.layers.Dense(10, activation="softmax")])  # noqa: E501
d.compile(optimizer="adam", loss="binary_crossentropy")
e = keras.Sequential([keras.layers.Dense(10, activation="softmax")])  # lossguard: ignore[LG302]
e.compile(optimizer="adam", loss="binary_crossentropy")
f = keras.Sequential([keras.layers.Dense(10, activation="softmax")])  # noqa
f.compile(optimizer="adam", loss="binary_crossentropy")
'''


def test_suppression_comments(tmp_path):
    path = tmp_path / "s.py"
    path.write_text(SUPPRESSED)
    run = cli("check", "--format", "json", "--no-cache", str(path))
    # only the lines whose comment does not name LG101 (or all codes) are reported
    assert sorted(f["line"] for f in run.json()) == [9, 11]


def test_force_exclude_matches_relative_to_the_project(tmp_path):
    root = project(tmp_path, '[tool.lossguard]\nexclude = ["legacy/*.py"]\n', {"legacy/old.py": BAD_KERAS})
    absolute = cli("check", "--format", "json", "--no-cache", "--force-exclude", str(root / "legacy" / "old.py"))
    assert absolute.code == 0 and absolute.json() == []
    inside = cli("check", "--format", "json", "--no-cache", "--force-exclude", "old.py", cwd=root / "legacy")
    assert inside.code == 0 and inside.json() == []
    plain = cli("check", "--format", "json", "--no-cache", str(root / "legacy" / "old.py"))
    assert [f["rule"] for f in plain.json()] == ["LG101"]
