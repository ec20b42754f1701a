"""The repository carries every file its tests need: a clone with nothing beside it collects."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Made by `make` or by running things, never needed by a fresh clone.
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", ".data", "node_modules", "staticfiles", "media", "__pycache__", "*.egg-info"
)


def test_a_clone_with_nothing_beside_it_collects_every_test(tmp_path):
    # Issue 14: the suite once read standards from a folder beside the repository, so a lone
    # clone failed at collection. Here the clone has nothing beside it at all.
    clone = tmp_path / "lone" / "alpha-hub"
    shutil.copytree(ROOT, clone, ignore=NOT_IN_A_CLONE)
    assert [path.name for path in clone.parent.iterdir()] == ["alpha-hub"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist", "tests"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "tests collected" in result.stdout
