"""Numbers: how much a written number is, how exactly, and what kind of thing it counts.

A mention is a value with the range it allows ("more than 1,000" allows
1,000 to 1,500; "about 2,400" allows 2,160 to 2,640), what it counts (the
noun it modifies: "servicemen", "euros", "metres") and its scope ("in total",
or the whole in "26 of the 28 districts"). Two values for the same thing
disagree only when their ranges do not overlap, so "1,037" agrees with
"more than 1,000", and "1,000" with "one thousand".
"""

from __future__ import annotations

import re


UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "m": 1_000_000, "bn": 1_000_000_000, "k": 1_000}
WORDS = {"a": 0, "an": 0, "half": 0.5}  # "a" counts only before a scale: "a dozen", "a hundred"
VAGUE = {"hundreds", "thousands", "dozens", "millions", "scores", "tens", "billions", "several", "few", "many"}

# qualifier before a number -> (low factor, high factor) of the range it allows
QUALIFIERS = [
    (re.compile(r"\b(?:more than|over|greater than|in excess of|upwards of|exceeding)\s*$", re.I), (1.0, 1.5)),
    (re.compile(r"\b(?:at least|no fewer than|no less than|a minimum of)\s*$", re.I), (1.0, 1.5)),
    (re.compile(r"\b(?:nearly|almost|close to|just under|less than|fewer than|under|up to|below)\s*$", re.I),
     (0.85, 1.0)),
    (re.compile(r"\b(?:about|around|approximately|roughly|some|an estimated|estimated|circa|approx\.?)\s*$",
                re.I), (0.9, 1.1)),
]
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])")

# nouns that count the same kind of thing, so "servicemen" and "soldiers" compare
SYNONYMS = [
    {"soldier", "troop", "serviceman", "servicemen", "personnel", "force", "fighter", "service member",
     "recruit", "reservist"},
    {"person", "people", "resident", "civilian", "inhabitant", "citizen", "individual", "local", "villager"},
    {"death", "dead", "fatality", "victim", "body"},
    {"dollar", "euro", "pound", "usd", "eur", "$", "€", "£", "yuan", "rupee", "ruble", "rouble"},
    {"metre", "meter", "m", "foot", "feet", "ft"},
    {"kilometre", "kilometer", "km", "mile"},
    {"percent", "per cent", "%", "percentage"},
]
_CLASS = {w: i for i, group in enumerate(SYNONYMS) for w in group}


def noun_class(lemma: str) -> str:
    lemma = lemma.lower()
    return f"class{_CLASS[lemma]}" if lemma in _CLASS else lemma


def words_to_number(text: str) -> float | None:
    """"1,037" -> 1037; "2.5 million" -> 2500000; "one thousand" -> 1000; "six" -> 6; None if not a number."""
    text = text.lower().replace("-", " ").replace("\u2009", "").strip()
    if not text:
        return None
    total, current, seen = 0.0, 0.0, False
    for tok in re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", text):
        if tok[0].isdigit():
            current += float(tok.replace(",", ""))
        elif tok in UNITS:
            current += UNITS[tok]
        elif tok in TENS:
            current += TENS[tok]
        elif tok in WORDS:
            current += WORDS[tok]
        elif tok in SCALES:
            current = (current or 1) * SCALES[tok]
            if SCALES[tok] >= 1000:
                total, current = total + current, 0.0
        elif tok == "and":
            continue
        else:
            return None
        seen = True
    value = total + current
    return value if seen and (value or "zero" in text or "0" in text) else None


def value_range(before: str, value: float, number: str) -> tuple[float, float]:
    """The values a written number allows: its qualifier's range, else a quarter of the
    unit of its last written digit ("1,000" allows 750 to 1,250, so agrees with 1,037;
    "3.7 million" allows 3.675 to 3.725 million, so 3.9 million disagrees)."""
    for pattern, (lo, hi) in QUALIFIERS:
        if pattern.search(before):
            return value * lo, value * hi
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", number)
    if digits is None:
        return value, value  # written in words: exact
    literal = float(digits[0].replace(",", ""))
    scale = value / literal if literal else 1.0
    if digits[1]:
        unit = 10.0 ** -len(digits[1])
    else:
        whole = digits[0].replace(",", "")
        unit = 10.0 ** (len(whole) - len(whole.rstrip("0"))) if whole.strip("0") else 1.0
        if unit == 1.0:
            return value, value
    return value - 0.25 * unit * scale, value + 0.25 * unit * scale
