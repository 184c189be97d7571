"""The pre-commit hook (.pre-commit-hooks.yaml), run by the real `pre-commit` in temporary git repos.

The hook repository is a snapshot commit of this working tree (tracked and new, non-ignored files),
referred to by path and sha from a `.pre-commit-config.yaml`, exactly as users refer to a tag. One
PRE_COMMIT_HOME is shared by the module, so pre-commit builds the hook's virtualenv (lossguard from
the snapshot, libcst and click from the package index) once. `pre-commit try-repo` is exercised
too: it always builds its own throwaway environment, so it costs one more install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "reporting"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
TIMEOUT = 600


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update({
        "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",  # no user hooksPath, signing, ...
        "GIT_AUTHOR_NAME": "lossguard tests", "GIT_AUTHOR_EMAIL": "tests@lossguard.invalid",
        "GIT_COMMITTER_NAME": "lossguard tests", "GIT_COMMITTER_EMAIL": "tests@lossguard.invalid",
    })
    return env


def sh(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL)


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    proc = sh(["git", "-c", "init.defaultBranch=main", *args], cwd, env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    return _env(tmp_path_factory.mktemp("pre-commit-home"))


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> tuple[Path, str]:
    """A commit of the working tree as it is now (uncommitted edits included): (path, sha)."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, env={**env, "GIT_CONFIG_GLOBAL": os.devnull})
    if listing.returncode != 0:
        pytest.skip("the project is not a git checkout")
    snapshot = tmp_path_factory.mktemp("lossguard-hook-repo")
    for name in filter(None, listing.stdout.decode("utf-8", "surrogateescape").split("\0")):
        source = ROOT / name
        if source.is_file():  # tracked files deleted in the working tree are left out
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    git(snapshot, env, "init", "-q")
    git(snapshot, env, "add", "-A")
    git(snapshot, env, "commit", "-q", "--no-verify", "-m", "snapshot of the lossguard working tree")
    return snapshot, git(snapshot, env, "rev-parse", "HEAD")


@pytest.fixture
def project(tmp_path, env, hook_repo) -> Path:
    """A user's repository: the hook configured by path + rev, one excluded folder, nothing committed."""
    repo_path, sha = hook_repo
    shutil.copy(DATA / "autoencoder.py", tmp_path / "bad.py")
    shutil.copy(DATA / "clean.py", tmp_path / "good.py")
    shutil.copy(DATA / "tagger.ipynb", tmp_path / "tagger.ipynb")
    (tmp_path / "legacy").mkdir()
    shutil.copy(DATA / "autoencoder.py", tmp_path / "legacy" / "old_model.py")
    (tmp_path / "notes.txt").write_text("softmax + binary_crossentropy, keras\n")
    (tmp_path / "pyproject.toml").write_text('[tool.lossguard]\nexclude = ["legacy"]\n')
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n-   repo: {repo_path.as_posix()}\n    rev: {sha}\n    hooks:\n    -   id: lossguard\n")
    git(tmp_path, env, "init", "-q")
    git(tmp_path, env, "add", ".pre-commit-config.yaml", "pyproject.toml")
    return tmp_path


def pre_commit(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return sh([*PRE_COMMIT, *args], project, env)


def test_bad_file_fails_the_hook_and_shows_the_finding(project, env):
    proc = pre_commit(project, env, "run", "lossguard", "--files", "bad.py")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "lossguard" in proc.stdout and "Failed" in proc.stdout
    assert "bad.py:6:11: LG101 softmax over 784 units" in proc.stdout


def test_good_file_passes(project, env):
    proc = pre_commit(project, env, "run", "lossguard", "--files", "good.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_only_python_and_notebooks_reach_the_hook(project, env):
    proc = pre_commit(project, env, "run", "lossguard", "--files", "tagger.ipynb")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "tagger.ipynb:cell 2:11:16: LG104" in proc.stdout
    proc = pre_commit(project, env, "run", "lossguard", "--files", "notes.txt")
    assert proc.returncode == 0 and "(no files to check)Skipped" in proc.stdout, proc.stdout


def test_excluded_path_stays_excluded_when_passed_explicitly(project, env):
    proc = pre_commit(project, env, "run", "lossguard", "--verbose", "--files", "legacy/old_model.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "LG101" not in proc.stdout and "0 files checked" in proc.stdout
    # ... because of --force-exclude and the configuration: the same file given explicitly otherwise is reported
    direct = sh([sys.executable, "-m", "lossguard", "check", "--no-cache", "legacy/old_model.py"], project, env)
    assert direct.returncode == 1 and "legacy/old_model.py:6:11: LG101" in direct.stdout
    # and in a run over every file, only the files that are not excluded are reported
    git(project, env, "add", "-A")
    proc = pre_commit(project, env, "run", "lossguard", "--all-files")
    assert proc.returncode == 1
    assert "bad.py:6:11: LG101" in proc.stdout and "tagger.ipynb:cell 2" in proc.stdout
    assert "legacy/" not in proc.stdout


def test_git_commit_is_rejected_for_a_bad_file(project, env):
    install = pre_commit(project, env, "install")
    assert install.returncode == 0, install.stdout + install.stderr
    assert (project / ".git" / "hooks" / "pre-commit").is_file()

    git(project, env, "add", "good.py", "legacy/old_model.py")
    ok = sh(["git", "commit", "-m", "a clean model and an excluded legacy file"], project, env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "lossguard" in ok.stdout + ok.stderr and "Passed" in ok.stdout + ok.stderr
    head = git(project, env, "rev-parse", "HEAD")

    git(project, env, "add", "bad.py")
    rejected = sh(["git", "commit", "-m", "a buggy model"], project, env)
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0, output
    assert "bad.py:6:11: LG101" in output
    assert git(project, env, "rev-parse", "HEAD") == head  # nothing was committed
    assert "bad.py" in git(project, env, "diff", "--cached", "--name-only")


def test_try_repo_runs_the_hook_from_the_working_tree(project, env):
    proc = pre_commit(project, env, "try-repo", str(ROOT), "lossguard", "--files", "bad.py", "good.py")
    output = proc.stdout + proc.stderr
    if "InvalidManifestError" in output and ".pre-commit-hooks.yaml is not a file" in output:
        pytest.fail("try-repo only sees tracked files: `git add .pre-commit-hooks.yaml` in the project")
    assert proc.returncode == 1, output
    assert "bad.py:6:11: LG101" in proc.stdout and "good.py" not in proc.stdout


def _readme_local_hook_config() -> str:
    """The README's `repo: local` snippet, exactly as documented."""
    import re

    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    [block] = [b for b in blocks if "repo: local" in b]
    return block


def test_readme_local_hook_works_without_a_release(project, env, hook_repo):
    """`repo: local` + `language: python` + `additional_dependencies`: pre-commit installs lossguard from a git
    URL at a commit (here a file:// URL of the snapshot, where the README has GitHub's)."""
    repo_path, sha = hook_repo
    config = _readme_local_hook_config()
    placeholder = '"lossguard @ git+https://github.com/<org>/lossguard@<commit>"'
    assert placeholder in config
    (project / ".pre-commit-config.yaml").write_text(
        config.replace(placeholder, f'"lossguard @ git+file://{repo_path.as_posix()}@{sha}"'))
    git(project, env, "add", ".pre-commit-config.yaml")
    proc = pre_commit(project, env, "run", "lossguard", "--files", "bad.py", "good.py", "notes.txt")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "bad.py:6:11: LG101 softmax over 784 units" in proc.stdout and "good.py" not in proc.stdout
    assert "notes.txt" not in proc.stdout  # types_or: only Python and notebooks reach the hook
    proc = pre_commit(project, env, "run", "lossguard", "--files", "good.py", "legacy/old_model.py")
    assert proc.returncode == 0 and "Passed" in proc.stdout, proc.stdout + proc.stderr  # --force-exclude kept
