"""Regenerate the released blank templates in workbooks/ from the form specs.

    python scripts/make_workbooks.py
"""

from pathlib import Path

from toolkit.app.release import write_released

if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    for path in write_released(root / "workbooks"):
        print(path.relative_to(root))
