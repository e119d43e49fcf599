"""The layers' import rules, checked: views and admin -> portal -> db, and migrations that
stand alone."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def test_import_contracts_are_kept():
    # The contracts are in pyproject.toml's [tool.importlinter]; `make lint` runs the same.
    result = subprocess.run(
        [VENV_BIN / "lint-imports", "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout

