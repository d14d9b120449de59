"""Bodies that several documents of a labelled set write whole, and how many stories they span
(the evidence for ``cluster.boilerplate_pages``, issue 26).

    .venv/bin/python benchmarks/copied_bodies.py [--data ../shared/data]

For each clustering set, the documents' texts (whitespace collapsed, lower-cased, since
Multi-News-plus comes lower-cased) are grouped by equality. A body three or more documents
write is furniture when its copies lie in as many stories as there are copies or nearly
(a crawl notice fetched for different stories), and an article when they lie in one story
(an article run again); a pair of copies can be either. Prints, per set, the bodies written
by two documents and by three or more, with how many of each lie in one story, the
documents and stories the larger ones span, and the words of the longest of them (a body
of ``cluster.boilerplate_page_words`` or more is read as wire copy, never furniture).
Nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ("clustering-basil.jsonl", "clustering-ecbplus-traindev.jsonl", "multinews-dev.jsonl",
        "multinews-plus-test.jsonl", "summarization-neus-trainval.jsonl")


def copied(docs) -> list[list[int]]:
    """Groups of documents (positions) whose texts are the same, each of two or more."""
    groups: dict[str, list[int]] = defaultdict(list)
    for n, d in enumerate(docs):
        text = " ".join(d.text.split()).lower()
        if text:
            groups[text].append(n)
    return [members for members in groups.values() if len(members) > 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()

    from newsfuse.evaluation.clustering import load_docs

    print("| set | documents | pairs of copies (in one story) | bodies of 3+ copies (in one story) "
          "| their documents | their stories | words of the longest |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for name in SETS:
        docs = load_docs(args.data / name)
        groups = copied(docs)
        pairs = [g for g in groups if len(g) == 2]
        larger = [g for g in groups if len(g) > 2]

        def one_story(g: list[int]) -> bool:
            return len({docs[n].story for n in g}) == 1

        print(f"| {name} | {len(docs)} | {len(pairs)} ({sum(map(one_story, pairs))}) "
              f"| {len(larger)} ({sum(map(one_story, larger))}) | {sum(map(len, larger))} "
              f"| {len({docs[n].story for g in larger for n in g})} "
              f"| {max((len(docs[g[0]].text.split()) for g in larger), default=0)} |")


if __name__ == "__main__":
    main()
