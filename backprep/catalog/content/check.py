"""``python -m backprep.catalog.content.check PACK_DIR...``: validate packs without Django."""

from __future__ import annotations

import sys
from collections import Counter

from .reader import read_pack


def main(argv: list[str], *, counts: bool = False) -> int:
    if not argv:
        print("usage: python -m backprep.catalog.content.check PACK_DIR [PACK_DIR...]")
        return 2
    failed = False
    for root in argv:
        contents = read_pack(root)
        for problem in contents.problems:
            print(problem)
        per_topic = Counter(q.topic for q in contents.questions)
        print(f"{root}: {len(contents.questions)} questions valid, {len(contents.errors)} errors")
        if counts:
            for topic, n in sorted(per_topic.items()):
                print(f"  {topic}: {n}")
        failed = failed or not contents.ok
    return 1 if failed else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main([a for a in args if not a.startswith("-")], counts="--counts" in args))
