"""Run every benchmark in this folder, one after the other, and print their tables.

Run: python benchmarks/run_all.py [--quick]

The peers are the ``bench`` extra (``python -m pip install -e ".[bench]"``); a
benchmark whose peer is missing says so and measures servicekit alone. Timings are
only comparable within one run on one machine: each script puts the peers beside
servicekit in the same process and prints the ratios first.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def main() -> int:
    quick = [arg for arg in sys.argv[1:] if arg == "--quick"]
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n##### {script.name}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script), *quick], check=False)  # noqa: S603
        print(f"##### {script.name}: {time.perf_counter() - started:.1f} s", flush=True)
        if result.returncode:
            failed.append(script.name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
