"""Which public page collection each boilerplate line of ../shared/data comes from.

The dev set's gold has no collection column. Its README names the five collections the
lines and pages come from (CleanPortalEval, CleanEval dev + final, Dragnet, L3S-GN1 /
page-signal, Mozilla Readability), all as merged in github.com/j-szulc/html-cleaning-dataset-merged.
This script reads a bare git copy of that repository (fetched, never committed), turns every
input page into normalised plain text and looks each dev-set item up in it:

* ``bpr-`` pages: the collection whose pages contain most of the page's lines;
* ``bpi-`` gold lines: every collection whose pages contain the line (a stock line such as
  "Share this" can be in several; leave-one-collection-out evaluation holds such a line out
  with each of them and trains on none of them).

The result (ids, offsets and collection names only -- no text) is written as JSON and read by
``boilerplate_eval.py`` and ``boilerplate_train.py``.

Usage: python benchmarks/boilerplate_collections.py GIT_DIR [DATA_DIR] [-o OUT.json]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = Path(__file__).resolve().parent / "boilerplate_collections.json"

# repository folder -> collection name used in the reports
FOLDERS = {
    "CleanPortalEval-master": "cleanportaleval",
    "cleaneval-dev": "cleaneval",
    "cleaneval-final": "cleaneval",
    "dragnet_data": "dragnet",
    "page-signal-master": "l3s-gn1",
    "readability": "readability",
}

_DROP = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\W+")


def norm(text: str) -> str:
    return " " + _SPACE.sub(" ", text.lower()).strip() + " "


def page_texts(git_dir: Path) -> dict[str, str]:
    """Normalised text of every input page, concatenated per collection."""
    listing = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", "-r", "HEAD"],
                             capture_output=True, text=True, check=True).stdout
    blobs = defaultdict(list)
    for row in listing.splitlines():
        meta, path = row.split("\t", 1)
        folder, _, rest = path.partition("/")
        if folder in FOLDERS and rest.startswith("input/"):
            blobs[FOLDERS[folder]].append(meta.split()[2])
    out = {}
    for name, shas in blobs.items():
        raw = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
                             input=("\n".join(shas) + "\n").encode(), capture_output=True, check=True).stdout
        text = raw.decode("utf-8", errors="replace")
        text = _DROP.sub(" ", text)
        # extractors glue the text of neighbouring elements with or without a space: keep both
        out[name] = norm(html.unescape(_TAG.sub(" ", text))) + norm(html.unescape(_TAG.sub("", text)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("git_dir", type=Path)
    parser.add_argument("data", type=Path, nargs="?", default=DEFAULT_DATA)
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    texts = page_texts(args.git_dir)
    articles = {}
    with open(args.data / "boilerplate.jsonl", encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            articles[a["id"]] = a
    pages = {}
    for aid, a in articles.items():
        if not aid.startswith("bpr-"):
            continue
        votes = Counter()
        lines = sorted((ln for ln in a["body"].split("\n") if len(ln) >= 20), key=len, reverse=True)[:8]
        for ln in lines:
            key = norm(ln)
            for name, text in texts.items():
                votes[name] += key in text
        pages[aid] = votes.most_common(1)[0][0] if votes and votes.most_common(1)[0][1] else "unknown"
    lines = {}
    with open(args.data / "boilerplate.gold.jsonl", encoding="utf-8") as fh:
        for row in map(json.loads, fh):
            if row["part"] != "injection":
                continue
            key = norm(row["text"])
            found = sorted(name for name, text in texts.items() if key in text)
            lines[f"{row['article_id']}:{row['start']}"] = found or ["unknown"]
    args.out.write_text(json.dumps({"pages": pages, "injected_lines": lines}, indent=0, sort_keys=True) + "\n")
    print("pages:", Counter(pages.values()))
    print("injected lines, first collection:", Counter(v[0] for v in lines.values()))
    print("injected lines in several collections:", sum(len(v) > 1 for v in lines.values()))
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
