"""What a user's mistakes against the public API end in: a clear error of the package, a message
in a builtin exception, a raw error from deep inside torch, Pillow or Python, silence, or (where
the meaning is obvious) an accepted call with a checked result. The catalogue is
``tests/mistakes.py`` (the tests assert the same entries).

    .venv/bin/python benchmarks/api_mistakes.py                      # this checkout
    .venv/bin/python benchmarks/api_mistakes.py --package /tmp/old  # an older checkout's package
    .venv/bin/python benchmarks/api_mistakes.py --compare before.json after.json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(package: Path | None) -> dict[str, dict[str, str]]:
    if package is not None:
        sys.path.insert(0, str(package))
    # The catalogue is this checkout's, loaded from its file (an older checkout has a tests/
    # package of its own, without it).
    spec = importlib.util.spec_from_file_location("mistakes", ROOT / "tests" / "mistakes.py")
    catalogue = importlib.util.module_from_spec(spec)
    sys.modules["mistakes"] = catalogue  # dataclasses look their module up there
    spec.loader.exec_module(catalogue)
    MISTAKES, make_context, run = catalogue.MISTAKES, catalogue.make_context, catalogue.run

    ctx = make_context()
    outcomes = {}
    for mistake in MISTAKES:
        outcome, message = run(mistake, ctx)
        outcomes[mistake.what] = {"group": mistake.group, "outcome": outcome, "message": message}
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, help="a checkout whose ganhelpers to import")
    parser.add_argument("--json", type=Path, help="write the outcomes here")
    parser.add_argument("--compare", nargs=2, type=Path, help="two --json files: before, after")
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(path.read_text()) for path in args.compare)
        print("| group | mistake | before | after |\n| --- | --- | --- | --- |")
        for what, row in after.items():
            old = before.get(what, {"outcome": "n/a"})["outcome"]
            print(f"| {row['group']} | {what} | {old} | {row['outcome']} |")
        for name, table in (("before", before), ("after", after)):
            counts = Counter(row["outcome"] for what, row in table.items() if what in after)
            print(
                f"\n{name}: {len(after)} mistakes: "
                + ", ".join(f"{k} {v}" for k, v in counts.most_common())
            )
        return
    outcomes = measure(args.package)
    for what, row in outcomes.items():
        print(f"{row['group']:10} {row['outcome']:30} {what}    {row['message'][:110]}")
    counts = Counter(row["outcome"] for row in outcomes.values())
    print(f"\n{len(outcomes)} mistakes: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    if args.json:
        args.json.write_text(json.dumps(outcomes, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
