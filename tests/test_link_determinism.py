"""Linking the same store twice gives the same record: no wall-clock ties, no hash-seed order."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from wirewatch.link.core import top
from wirewatch.store import open_store

from .test_link_store import add_article

DUMP = """
import json, sys
from wirewatch.link import link_store
from wirewatch.store import open_store
store = open_store(sys.argv[1])
link_store(store)
db = store.db
print(json.dumps({
    "reports": sorted(map(list, db.execute("SELECT event_id, canonical_id FROM event_reports"))),
    "events": sorted(map(list, db.execute("SELECT id, n_reports, corroboration, story_id, time, place, actors, "
                                          "recipients FROM canonical_events"))),
    "stories": sorted(map(list, db.execute("SELECT id, title, actors, n_events FROM stories"))),
}))
"""


def test_top_breaks_ties_by_key_not_by_insertion_order() -> None:
    assert top(Counter({"TUR": 1, "SYR": 1, "IRQ": 2})) == ["IRQ", "SYR", "TUR"]
    assert top(Counter({"TUR": 1, "SYR": 1}), 1) == top(Counter({"SYR": 1, "TUR": 1}), 1) == ["SYR"]
    assert top({"b": 0.5, "a": 0.5, "c": 0.7}, 2) == ["c", "a"]


def _event(trigger: str, recipients: list[str], actors: list[str], place: str) -> dict[str, object]:
    return {"type": "ASSAULT", "trigger": trigger, "actors": actors, "recipients": recipients, "place": place,
            "time": None, "time_basis": None}


def test_linking_a_copy_of_a_store_in_another_process_gives_the_same_record(tmp_path: Path) -> None:
    path = tmp_path / "base.db"
    store = open_store(path)
    # reports with tied actor counts (two recipients each, in changing order) and no dates, across outlets
    pairs = [("TUR", "SYR"), ("SYR", "TUR"), ("IRQ", "IRN"), ("IRN", "IRQ"), ("TUR", "IRQ")]
    for k, (a, b) in enumerate(pairs * 2):
        add_article(store, [(f"Shells hit a border village near the frontier of {a} and {b} on the {k}th night, "
                             f"officials said.", _event("hit", [a, b], [b], "border")),
                            (f"Troops from {b} shelled positions held by forces of {a}.",
                             _event("shelled", [a], [b], "border"))],
                    outlet=f"Outlet {k % 3}", published=None)
    store.close()
    dumps = []
    for seed in ("1", "2"):
        copy = tmp_path / f"copy{seed}.db"
        shutil.copyfile(path, copy)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", DUMP, str(copy)], capture_output=True, text=True, env=env,
                             check=True)
        dumps.append(json.loads(out.stdout.strip().splitlines()[-1]))
    assert dumps[0]["events"] and dumps[0]["stories"]
    assert dumps[0] == dumps[1]
