"""What recognising manual revisions costs, and whether it links documents it should not.

1. Over a library (a copy: `--data`): each document is taken as if it had just arrived and
   compared with all the others, as the ingest does; prints every link it would make (the
   corpus has no revisions, so none) and the time per document.
2. Two 600-page manuals, one revision apart (a value changed on every tenth page, a page
   added): the time to match their pages, the step that grows with a manual's length.

Usage: .venv/bin/python bench/revisions.py --data COPY_OF_A_LIBRARY [--pages 600]
Reads only the catalog; never asserts.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.catalog import Catalog  # noqa: E402
from kernel.config import DataPaths  # noqa: E402
from laoshifu.revision_evidence import match_pages  # noqa: E402
from laoshifu.revisions import Revisions  # noqa: E402

WORDS = [word for line in (
    "pump valve bearing seal motor shaft torque check replace remove fit tighten clean",
    "alarm fault reset pressure flow level sensor cable fuse relay switch panel cover",
    "bolt nut washer gasket oil grease filter strainer inlet outlet casing impeller",
) for word in line.split()]


def library_links(data: Path) -> None:
    with closing(Catalog(DataPaths(data).catalog)) as catalog:
        revisions = Revisions(catalog)
        documents = catalog.documents()
        started = time.perf_counter()
        for record in documents:
            for link in revisions.after_ingest(record.doc_id):
                print(f"  LINK {link.describe()}")
        elapsed = time.perf_counter() - started
        print(f"{len(documents)} documents each compared with the others: {elapsed:.2f} s "
              f"({elapsed / max(len(documents), 1) * 1000:.0f} ms a document); links in "
              f"force: {len(revisions.links())}")


def synthetic_match(pages: int) -> None:
    rng = random.Random(17)
    old = {i: " ".join(rng.choice(WORDS) for _ in range(250)) + f" page {i}"
           for i in range(pages)}
    new = {i: text.replace("torque", "torque 52 Nm") if i % 10 == 0 else text
           for i, text in old.items()}
    new[pages] = " ".join(rng.choice(WORDS) for _ in range(250))
    started = time.perf_counter()
    matches = match_pages(old, new)
    elapsed = time.perf_counter() - started
    print(f"{pages}-page manuals (250 words a page): {len(matches)} of {pages} pages matched "
          f"in {elapsed:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="a COPY of a library folder")
    parser.add_argument("--pages", type=int, default=600)
    args = parser.parse_args()
    library_links(args.data)
    synthetic_match(args.pages)


if __name__ == "__main__":
    main()
