"""The layers' import rules, checked: views and admin -> portal -> db, and migrations that
stand alone."""

import ast
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


PROJECT_PACKAGES = {"admin", "bench", "db", "portal", "tests", "views"}


def _imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or "."


def test_migrations_are_frozen_snapshots():
    # A migration runs as written on databases made years apart: a helper it imports from the
    # live code, or another migration it loads, can change under it. It copies what it needs.
    # (db/migrations is not a package, so lint-imports does not see these files.)
    reaching_out = [
        (path.name, module)
        for path in sorted((ROOT / "db" / "migrations").glob("*.py"))
        for module in _imported_modules(path)
        if module.split(".")[0] in PROJECT_PACKAGES | {"importlib"} or module.startswith(".")
    ]
    assert reaching_out == []
