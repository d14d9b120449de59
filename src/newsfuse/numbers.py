"""Numbers: what a sentence counts, how much, and how exactly (read from its parse).

A mention is a value with the range it allows ("more than 1,000" allows
1,000 to 1,500; "about 2,400" allows 2,160 to 2,640), what it counts (the
noun it modifies: "servicemen", "euros", "metres") and its scope ("in total",
or the whole in "26 of the 28 districts"). Two values for the same thing
disagree only when their ranges do not overlap, so "1,037" agrees with
"more than 1,000", and "1,000" with "one thousand".
"""

from __future__ import annotations

import re

from newsfuse.annotate import lemma
from newsfuse.model import NumberMention

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
_SCOPE_TOTAL = re.compile(r"\b(?:in total|in all|altogether|total(?:ling| of)?|so far|to date|cumulative(?:ly)?)\b", re.I)

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


def mentions(doc) -> list[NumberMention]:
    """Every counted number of a parsed sentence (years and ordinals are dates' business)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT"):
            continue
        m = _mention(doc, ent)
        if m is not None:
            out.append(m)
    return out


def _mention(doc, ent) -> NumberMention | None:
    tokens = [t for t in ent if not _is_qualifier_token(t)]
    number_tokens = [t for t in tokens if t.like_num or t.lower_ in SCALES or t.lower_ in WORDS]
    if not number_tokens or any(t.lower_ in VAGUE for t in ent):
        return None
    value = words_to_number(" ".join(t.text for t in number_tokens))
    if value is None:
        return None
    if _not_a_count(doc, ent, value):
        return None
    unit_tokens = [t for t in tokens if t not in number_tokens and t.pos_ in ("NOUN", "PROPN", "SYM", "X")]
    head = ent.root
    counted = unit_tokens[-1] if unit_tokens else None
    scope = ""
    if counted is None:
        # "1,037 servicemen": the number modifies its noun; "26 of the 28 districts": the noun follows "of"
        if head.dep_ in ("nummod", "quantmod", "amod", "compound") and head.head.pos_ in ("NOUN", "PROPN"):
            counted = head.head
        else:
            of = next((c for c in head.children if c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
                counted = pobj
    if counted is None:
        return None  # a bare number says nothing comparable
    if ent.label_ == "CARDINAL" and 1800 <= value <= 2100 and re.fullmatch(r"\d{4}", ent.text.strip()):
        return None  # a year
    # the whole in "X of the Y nouns" counts something else than X
    prev = doc[ent.start - 2: ent.start]
    if len(prev) == 2 and prev[0].lower_ == "of" and prev[1].lower_ in ("the", "all"):
        scope = "whole"
    if _SCOPE_TOTAL.search(doc.text):
        scope = scope or "total"
    qualifier = _qualifier(doc, ent)
    low, high = _range(" ".join(t.text for t in qualifier), value, " ".join(t.text for t in number_tokens))
    verb = verb_of(counted)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) if verb else None
    key = noun_class(lemma(counted))
    if key == "degree":  # Celsius and Fahrenheit are two scales: "1,400 degrees" and "2,500 degrees F" agree
        scale = doc[ent.end].lower_ if ent.end < len(doc) else ""
        key = f"degree {scale}" if scale in ("celsius", "fahrenheit", "c", "f") else "degree ?"
    return NumberMention(doc[(qualifier[0].i if qualifier else ent.start): ent.end].text, value, low, high,
                   counted.text, key, lemma(verb).lower() if verb else "", verb.text if verb else "", scope,
                   lemma(subject).lower() if subject is not None and subject.i not in range(ent.start, ent.end)
                   and subject.i != counted.i else "")


def _not_a_count(doc, ent, value: float) -> bool:
    """Numbers that name or compare rather than count: "one of the two officers", "No. 3",
    "one-in-three chance", "2 in 3"."""
    before = doc[ent.start - 1].lower_ if ent.start else ""
    after = doc[ent.end: ent.end + 2]
    if before in ("no.", "no", "number", "#", "route", "flight", "room", "page", "channel"):
        return True
    # odds: "one-in-three", "2 in 3", "one in five"
    window = doc[max(ent.start - 2, 0): min(ent.end + 4, len(doc))].text.lower()
    if re.search(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*-?\s*(?:in|out of)\s*-?\s*"
                 r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b", window):
        return True
    return value == 1 and len(after) >= 1 and after[0].lower_ == "of"


_QUALIFIER_WORDS = {"more", "than", "over", "nearly", "almost", "about", "around", "approximately", "roughly",
                    "some", "at", "least", "up", "to", "under", "less", "fewer", "close", "greater", "just",
                    "estimated", "an", "exactly"}


def _is_qualifier_token(t) -> bool:
    return t.lower_ in _QUALIFIER_WORDS and not t.like_num and not (t.lower_ == "an" and t.nbor(1).lower_ in SCALES
                                                                        if t.i + 1 < len(t.doc) else False)


def _range(before: str, value: float, number: str) -> tuple[float, float]:
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


def _qualifier(doc, ent) -> list:
    """The qualifier words before and inside the number ("more than"), but not a particle:
    "took over six districts" is six districts, not more than six."""
    start = ent.start
    while start > 0 and doc[start - 1].lower_ in _QUALIFIER_WORDS and not doc[start - 1].like_num:
        start -= 1
    words = [t for t in doc[start: ent.end] if _is_qualifier_token(t)]
    return [] if any(t.dep_ == "prt" for t in words) else words


def verb_of(token):
    """The verb a word hangs from ("1,037 servicemen fled" -> fled), or None."""
    t, steps = token, 0
    while t.head is not t and steps < 4:
        t, steps = t.head, steps + 1
        if t.pos_ in ("VERB", "AUX") and lemma(t) not in ("be", "have"):
            return t
    return None
