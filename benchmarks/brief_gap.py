"""Where the brief loses to a baseline: clusters whose brief fills its budget, and those it cannot.

    python benchmarks/brief_gap.py --data ../shared/data/summarization-neus-trainval.jsonl --words 70 \\
        --part rest --limit 1000 --baseline centroid

Runs ``newsfuse eval summarize`` (the product's brief beside one baseline, per cluster) and
splits the clusters by how much of the budget the brief used: at least ``--filled`` of it,
or less. A brief stops short when no sentence left is fit to stand alone in it, or none
fits the words left; a baseline is filled to the last word with whatever sentences come
next, cut mid-sentence. For each short brief it says why, from the product's own rules
(``newsfuse.summarise``): the sentences left were refused (an unterminated fragment, a
question, a quotation opened and not closed, one leaning on a sentence before it, too short
or too long), repeated what the brief says, or did not fit the words left.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

import numpy as np

METRICS = ("rouge1", "rouge2", "rougeLsum")


def refusal(text: str, cased: bool, config) -> str | None:
    """Why the brief's rules refuse a sentence (``summarise.unfit_reason`` and the leaning rule), or None."""
    from newsfuse.summarise import unfit_reason
    from newsfuse.text import leans_on_another

    return unfit_reason(text, cased, config) or ("leans on the sentence before" if leans_on_another(text) else None)


def why_short(records: list[dict], words: int, config) -> list[str]:
    """Why the product's brief of ``records`` stops short of ``words``: one reason per fact left
    out, as :func:`refusal` (of its members' reasons, the first by name) or "repeats the brief" /
    "does not fit the words left"."""
    from newsfuse import pipeline
    from newsfuse.summarise import _statement, is_cased, rank, shown_text, summarise

    summarise_config = config.replace(summarise={"words": words, "sentences": None}).summarise
    done = pipeline.prepare(records, config)
    story = pipeline.story_facts(done.articles, config)
    n = len(done.articles)
    brief = summarise(story.facts, story.similarity, n, summarise_config, titles=story.titles,
                      language=story.language)
    shown = {s.text for s in brief}
    used = sum(len(t.split()) for t in shown)
    ranked = {t for _, t in rank(story.facts, story.similarity, n, summarise_config, story.titles)}
    cased = is_cased(story.similarity)
    reasons = []
    for fact in story.facts:
        found = _statement(fact, cased, summarise_config)
        if found is None:
            texts = [shown_text(m.text, summarise_config) for m in fact.sentences if m.article_id in fact.sources]
            reasons.append(min((refusal(t, cased, summarise_config) or "refused" for t in texts), default="refused"))
        elif found[1] in shown:
            continue
        elif found[1] not in ranked:
            reasons.append("repeats the brief")
        elif used + len(found[1].split()) > words:
            reasons.append("does not fit the words left")
        else:
            reasons.append("other")
    return reasons


def main(argv: list[str] | None = None) -> None:
    from newsfuse.config import Config
    from newsfuse.evaluation.summarization import load_clusters, run_summarize

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--part", default="rest", help="all, held-back or rest (default rest: nothing to tune on)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--baseline", default="centroid")
    parser.add_argument("--filled", type=float, default=2 / 3,
                        help="share of the budget a brief must use to count as filled (default 2/3)")
    args = parser.parse_args(argv)

    result = run_summarize(args.data, args.words, args.limit, ["newsfuse", args.baseline], with_oracle=False,
                           part=args.part, per_cluster=True)
    clusters = result["clusters"]
    short = {c["id"] for c in clusters if c["newsfuse"]["words"] < args.filled * args.words}
    print(f"{len(clusters)} clusters ({args.part} part), {args.words} words; newsfuse beside {args.baseline}")
    print(f"{'clusters':<34} {'n':>5} {'words':>6} {'base':>6}  " + "  ".join(f"{'Δ' + m:>10}" for m in METRICS)
          + "  share of Δ")
    total = {m: sum(c["newsfuse"][m] - c[args.baseline][m] for c in clusters) / max(len(clusters), 1)
             for m in METRICS}
    for label, group in ((f"brief uses >= {args.filled:.0%} of budget", [c for c in clusters if c["id"] not in short]),
                         (f"brief uses < {args.filled:.0%} of budget", [c for c in clusters if c["id"] in short])):
        if not group:
            continue
        delta = {m: float(np.mean([c["newsfuse"][m] - c[args.baseline][m] for c in group])) for m in METRICS}
        share = len(group) / len(clusters)
        print(f"{label:<34} {len(group):>5} {np.mean([c['newsfuse']['words'] for c in group]):>6.1f} "
              f"{np.mean([c[args.baseline]['words'] for c in group]):>6.1f}  "
              + "  ".join(f"{delta[m]:>+10.4f}" for m in METRICS)
              + f"  {delta['rouge2'] * share:+.4f} of {total['rouge2']:+.4f} (R2)")
    config = Config()
    reasons: Counter = Counter()
    everything = load_clusters(args.data, args.limit, args.part)
    # a text cut off mid-sentence (a feed's or a data set's excerpt) leaves the brief a fragment it refuses
    documents = [d.rstrip() for c in everything for d in c.documents]
    cut = [len(d) for d in documents if not re.search(r"[.!?\"”’)]$", d)]
    quartiles = np.percentile(cut, [25, 50, 75]).round().astype(int).tolist() if cut else []
    print(f"documents whose text ends unterminated: {len(cut)} of {len(documents)}"
          + (f" (characters, quartiles: {quartiles})" if cut else ""))
    for cluster in everything:
        if cluster.id in short:
            reasons.update(set(why_short(cluster.records(), args.words, config)))
    print(f"why the {len(short)} short briefs stop (clusters with a fact left out for each reason):")
    for reason, n in reasons.most_common():
        print(f"  {reason:<32} {n:>5}")


if __name__ == "__main__":
    main()
