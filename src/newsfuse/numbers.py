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

from newsfuse.model import NumberMention

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "m": 1_000_000, "bn": 1_000_000_000, "k": 1_000,
          # French, German and Spanish scales after a figure ("3 millions", "2 Milliarden", "5 millones")
          "millions": 1_000_000, "milliard": 1_000_000_000, "milliards": 1_000_000_000,
          "millionen": 1_000_000, "milliarde": 1_000_000_000, "milliarden": 1_000_000_000,
          "millón": 1_000_000, "millones": 1_000_000}
WORDS = {"a": 0, "an": 0, "half": 0.5}  # "a" counts only before a scale: "a dozen", "a hundred"
VAGUE = {"hundreds", "thousands", "dozens", "millions", "scores", "tens", "billions", "several", "few", "many"}

# qualifiers before a number, in English, French, German and Spanish: (low factor, high factor) of
# the range each allows, and the words
_MORE = "more than|over|greater than|in excess of|upwards of|exceeding|plus de|mehr als|über|más de"
_AT_LEAST = "at least|no fewer than|no less than|a minimum of|au moins|mindestens|al menos|por lo menos"
_NEARLY = ("nearly|almost|close to|just under|less than|fewer than|under|up to|below|"
           "près de|presque|moins de|jusqu'à|fast|knapp|weniger als|bis zu|casi|cerca de|menos de|hasta")
_ABOUT = ("about|around|approximately|roughly|some|an estimated|estimated|circa|approx\\.?|"
          "environ|quelque|quelques|approximativement|autour de|etwa|rund|ungefähr|zirka|"
          "unos|unas|alrededor de|aproximadamente")
QUALIFIERS = [
    (re.compile(r"\bno (?:more|greater) than\s*$", re.I), (0.85, 1.0)),  # before "more than": at most
    (re.compile(rf"\b(?:{_MORE})\s*$", re.I), (1.0, 1.5)),
    (re.compile(rf"\b(?:{_AT_LEAST})\s*$", re.I), (1.0, 1.5)),
    (re.compile(rf"\b(?:{_NEARLY})\s*$", re.I), (0.85, 1.0)),
    (re.compile(rf"\b(?:{_ABOUT})\s*$", re.I), (0.9, 1.1)),
]
# a figure's thousands grouped by spaces, as French and other languages write them ("1 200",
# "12 500", with a no-break or thin space too)
_GROUP_SPACE = "[ \u00a0\u202f\u2009]"
_SPACE_GROUP = re.compile(rf"(?<=\d){_GROUP_SPACE}(?=\d{{3}}(?!\d))")


def ungroup(number: str) -> str:
    """``number`` with the spaces grouping its thousands taken out ("1 200" -> "1200")."""
    return _SPACE_GROUP.sub("", number)


_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])")

# nouns that count the same kind of thing, so "servicemen" and "soldiers" compare
SYNONYMS = [
    {"soldier", "troop", "serviceman", "servicemen", "personnel", "force", "fighter", "service member",
     "recruit", "reservist",
     "soldat", "militaire", "soldaten", "soldado", "militar"},  # French, German, Spanish
    {"person", "people", "resident", "civilian", "inhabitant", "citizen", "individual", "local", "villager",
     "worker", "co-worker", "coworker", "colleague", "employee",
     "personne", "habitant", "résident", "civil", "citoyen",
     "personen", "mensch", "menschen", "einwohner", "bewohner", "bürger",
     "persona", "habitante", "residente", "vecino", "ciudadano"},
    {"death", "dead", "fatality", "victim", "body",
     "mort", "victime", "décès", "tote", "toten", "opfer", "muerto", "víctima", "fallecido"},
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
    text = ungroup(text.lower()).replace("-", " ").strip()
    if not text:
        return None
    total, current, seen = 0.0, 0.0, False
    for tok in re.findall(r"\d[\d,]*(?:\.\d+)?|[^\W\d_]+", text):
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
    """The values a written number allows: its qualifier's range, else its rounding: a
    quarter of the unit of its last written digit, or 5% of the value if more, up to half
    that unit ("1,000" allows 750 to 1,250, so agrees with 1,037 and not with 1,400;
    "43,000" allows 42,500 to 43,500, so agrees with 43,350; "3.7 million" allows 3.65 to
    3.75 million, so 3.9 million disagrees)."""
    for pattern, (lo, hi) in QUALIFIERS:
        if pattern.search(before):
            return value * lo, value * hi
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", ungroup(number))
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
    # a round number is the exact one rounded to its last written digit ("43,000" for 43,350: half
    # that digit's unit either way), but a figure of one significant digit says less than its
    # rounding ("1,000" for 1,400 is wrong): a quarter of the unit, or 5% of the value if more,
    # up to half the unit
    spread = max(0.25 * unit, min(0.5 * unit, 0.05 * literal)) * scale
    return value - spread, value + spread


# A person's age, as news writes it; read from the text (no parse): "Manuel Ortega, 30, of
# Richmond", "48-year-old Amanda Jones", "Clarissa Dickson Wright, who has died aged 66".
# The age is of the named person; an age without a name ("a 19-year-old student") is not read.
_NAME_WORD = r"[A-Z](?:['’][A-Z])?[a-z]+[A-Za-z'’]*(?:-[A-Z][a-z]+)?"  # Ortega, VanWert, O'Neil, Dickson-Wright
_NAME = rf"(?:{_NAME_WORD}\.?\s+|[A-Z]\.\s+){{0,3}}{_NAME_WORD}"
_AGE_WORD = r"\d{1,3}|" + "|".join(sorted((w for w in list(UNITS) + list(TENS) if w != "zero"), key=len,
                                          reverse=True))
# words that end the noun phrase "a 7-year-old ... girl": "the 11-year-old in Sycamore" is no Sycamore
_LINKS = r"(?:in|of|from|at|on|to|for|by|with|and|or|but|who|was|is|had|has|as|near|after|before)"
# "when he was 22": the age of the one the sentence is about, named elsewhere (subject: the pronoun)
_PRONOUN_AGE = re.compile(rf"\bwhen\s+(?P<name>he|she|I)\s+was\s+(?:only\s+|just\s+)?"
                          rf"(?P<age>\d{{1,2}}|{_AGE_WORD})(?=(?:\s+years?\s+old)?(?:[,.;:)]|\s+(?:and|in|at|when)\b|$))",
                          re.I)
_AGES = [
    re.compile(rf"(?P<name>{_NAME}),\s+(?P<age>\d{{1,3}})(?=,|\)|;|\s+(?:of|from)\s+[A-Z])"),
    re.compile(rf"(?P<name>{_NAME}),\s+an?\s+(?P<age>(?:{_AGE_WORD})(?:-(?:{_AGE_WORD}))?)-year-old\b"),
    re.compile(rf"\b(?P<age>(?:{_AGE_WORD})(?:-(?:{_AGE_WORD}))?)-year-old\s+(?:(?!{_LINKS}\b)[a-z]+\s+){{0,3}}?"
               rf"(?P<name>{_NAME})"),
    re.compile(rf"(?P<name>{_NAME}),?\s+(?:who\s+(?:has\s+)?(?:died|was|is)\s+)?aged\s+(?P<age>\d{{1,3}})\b"),
    _PRONOUN_AGE,
]
PRONOUN_AGE_SUBJECTS = {"he", "she", "i"}
# words a capitalised run may start with that are no part of a name
_NOT_NAME = {"the", "a", "an", "suspect", "police", "when", "but", "and", "mr", "mrs", "ms", "dr", "former",
             "president", "senator", "sen", "rep", "gov", "officer", "actor", "singer"}


def ages(text: str) -> list[tuple[str, float, str]]:
    """(the age as written, its value, the person's name) for each age of a named person."""
    out, seen = [], set()
    for pattern in _AGES:
        for m in pattern.finditer(text):
            words = m["name"].split()
            while words and words[0].lower().rstrip(".") in _NOT_NAME:
                words = words[1:]
            value = words_to_number(m["age"].replace("-", " "))
            if not words or value is None or not 0 < value < 120 or m.start("age") in seen:
                continue
            seen.add(m.start("age"))
            out.append((m["age"], value, " ".join(words)))
    return out


def age_mentions(text: str) -> list[NumberMention]:
    """The ages of named people in a sentence, as number mentions: what they count is the
    age (key "age"), whose is the person's name as written (``subject``). Read from the
    text, so they need no parse."""
    return [NumberMention(surface, value, value, value, f"age of {name}", AGE, "", "", "", name)
            for surface, value, name in ages(text)]


def same_person(a: str, b: str, fold=str.lower) -> bool:
    """Whether two names written for ages are one person: the same surname, and the same
    first name (or an initial of it) when both give one ("Maria Ridulph" is not "Charles
    Ridulph"; "Ridulph" may be either)."""
    wa, wb = [fold(w.rstrip(".")) for w in a.split()], [fold(w.rstrip(".")) for w in b.split()]
    if not wa or not wb or wa[-1] != wb[-1]:
        return False
    if len(wa) == 1 or len(wb) == 1:
        return True
    first_a, first_b = wa[0], wb[0]
    return first_a == first_b or (min(len(first_a), len(first_b)) == 1 and first_a[0] == first_b[0])


AGE = "age"
ADDRESS = "block"  # the number of a street block: a place, compared only on one street
DURATION = "duration"  # a key's prefix: "duration: week"

# a length of time, as news writes it: "for seven years", "six weeks", "three days later",
# "a 35-day shutdown"; not a point in time ("two days ago") nor an age ("22 years old", "a 19-year-old")
_UNIT = r"(?P<unit>minute|hour|day|week|month|year|decade)"
_DURATION = re.compile(
    rf"(?<![\w,.-])(?P<qual>(?:more than|over|nearly|almost|about|around|at least|some|up to|less than|under)\s+)?"
    rf"(?P<n>\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?|(?:{_AGE_WORD})(?:[ -](?:{_AGE_WORD}))?)[ -]{_UNIT}s?\b"
    rf"(?!\s+(?:ago|old|earlier|before)\b|-old)", re.I)


def duration_mentions(text: str) -> list[NumberMention]:
    """Lengths of time in a sentence, as number mentions keyed by their unit ("duration:
    week"): read from the text, so they need no parse."""
    out = []
    for m in _DURATION.finditer(text):
        value = words_to_number(m["n"].replace("-", " "))
        if value is None or value <= 0:
            continue
        low, high = value_range(m["qual"] or "", value, m["n"])
        unit = m["unit"].lower()
        # "a 60-day suspension": a length written as an adjective measures the noun after it
        of = _MEASURED_NOUN.match(text, m.end()) if m[0].lower().endswith(f"-{unit}") else None
        out.append(NumberMention(m[0].strip(), value, low, high, f"{unit}s", f"{DURATION}: {unit}", "", "", "",
                                 measures=singular(of[1].lower()) if of else ""))
    return out


_MEASURED_NOUN = re.compile(r"\s+(?:[a-z]+ly\s+)?([a-z]{3,})\b")


# a count of everything so far, not of one event; "in all" only on its own ("In all, 52 people"),
# never in "in all the statements"
SCOPE_TOTAL = re.compile(r"\b(?:in total|in all(?=\s*[,.;:]|\s+\d)|altogether|total(?:ling| of)?|so far|to date|"
                         r"cumulative(?:ly)?)\b", re.I)


# an increment, not the amount itself: "an additional $10.34", "another 200 troops", "five more people"
_ADDED_BEFORE = re.compile(r"\b(?:additional|another|extra|further)(?:\s+(?:nearly|almost|about|around|roughly|some|"
                           r"more than|over|at least|up to|close to))?(?:\s+[$€£])?\s*$", re.I)
# "two of the victims": some of a set ("of" and a determiner), not how many the set holds
SET_WORDS = {"the", "these", "those", "them", "their", "its", "his", "her", "our", "all"}
_ADDED_AFTER = re.compile(r"^\s*more\b", re.I)


def added(before: str, after: str) -> bool:
    """Whether a number told between ``before`` and ``after`` is an increment (scope "added")."""
    return bool(_ADDED_BEFORE.search(before) or _ADDED_AFTER.match(after))


# --- counts read from the text alone (a brief without the parse still checks its figures) ------

_QUALIFIER_TEXT = rf"(?:{_MORE}|{_AT_LEAST}|{_NEARLY}|{_ABOUT})"
_NUMBER_TEXT = (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?!\d)|\d+)(?:\.\d+)?"
                rf"|(?:{_AGE_WORD})(?:[ -](?:{_AGE_WORD}))?")
_COUNT = re.compile(
    rf"(?<![\w$€£.,/:-])(?:(?P<qual>{_QUALIFIER_TEXT})\s+)?(?P<cur>[$€£])?(?P<n>{_NUMBER_TEXT})"
    rf"(?:\s?(?P<scale>million|billion|trillion|thousand|hundred|m|bn|millions|milliards?|millionen|milliarden?"
    rf"|millón|millones)\b)?"
    rf"(?:\s?(?P<pct>%|percent\b|per cent\b))?(?![\w.,/:-]*\d)(?=(?P<rest>(?:\s+[\w’'-]+){{0,3}}))", re.I)
# "took over six districts": a verb's particle, not "more than"
_PARTICLE_VERB = re.compile(r"\b(?:took|take|takes|taken|taking|handed|hand|hands|turned|turn|won|win|wins|"
                            r"passed|pass|rolled|roll|signed|sign|watched|fought)\s+over\s*$", re.I)
_IRREGULAR = {"men", "women", "people", "children", "police", "personnel", "staff", "troops", "cattle", "sheep",
              "servicemen", "policemen", "firemen", "fishermen", "crew", "feet"}
_NOT_COUNTED = {"of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "for", "by", "from", "with", "per",
                "who", "that", "which", "were", "was", "are", "is", "have", "has", "had", "more", "other", "others",
                "years", "year", "old"}
_MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                "dec"}


def singular(word: str) -> str:
    """A plural noun's singular, by the common English endings (\"people\" and other irregulars as they are)."""
    w = word.lower().strip("’'")
    if w in _IRREGULAR or len(w) < 4:
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def count_mentions(text: str) -> list[NumberMention]:
    """The counts, sums and shares of a sentence, read from its words alone: the number, its
    qualifier's range, and what it counts (a currency, a percentage, else the first plural
    noun of the three words after it: "1,037 Afghan servicemen", "six key districts") and
    its scope (the part and the whole of "26 of the 28 districts", a total). No verb or
    subject: without a parse, two counts are compared only when their sentences state one
    fact or are close. Years, times, days of months, ordinals, ages and lengths of time are
    not counts."""
    out = []
    for m in _COUNT.finditer(text):
        before = text[:m.start()].rstrip().lower()
        after = m["rest"].split()
        if re.search(r"(?:no\.|#|number|route|flight|page|room)$", before) or before.rstrip(".").endswith(
                tuple(_MONTH_WORDS)):  # "No. 3"; "Sept. 11 victims"
            continue
        if after and (after[0].lower() in _MONTH_WORDS or after[0].lower().startswith(("-year", "year", "day", "week",
                                                                                        "month", "hour", "minute"))):
            continue  # "11 March"; an age or a length of time (their own readers)
        number = m["n"]
        if re.fullmatch(r"(?:1[89]|20)\d\d", number) and not m["cur"] and not m["pct"]:
            continue  # a year
        scale = (m["scale"] or "").lower()
        if scale in ("m", "bn") and not m["cur"]:
            continue  # "4.7 m": metres, not millions
        value = words_to_number(f"{number} {scale}".strip())
        if value is None or value == 0:
            continue
        part = re.match(rf"\s+of\s+(?:(?:the|all)\s+)?(?:{_NUMBER_TEXT})((?:\s+[\w’'-]+){{0,3}})", text[m.end("n"):],
                        re.I)
        street = re.match(r"\s+block\s+of\s+((?:[A-Z0-9][\w.’']*\s*){1,4})", text[m.end("n"):])
        if street:  # "the 5500 block of East 84th Street": an address, compared only on one street
            number = words_to_number(m["n"]) or 0.0
            out.append(NumberMention(m["n"], number, number, number, "block", ADDRESS, "", "", "",
                                     measures=street[1].strip().rstrip(".,").lower()))
            continue
        if part:
            after = part[1].split()  # "Fifteen of the 19 hijackers": the part counts what the whole does
        if m["cur"]:
            counts, key = m["cur"], noun_class(m["cur"])
        elif m["pct"]:
            counts, key = "percent", noun_class("percent")
        else:
            nouns = [w for w in after if w.lower() not in _NOT_COUNTED and w.isalpha()]
            plural = next((w for w in nouns if singular(w) != w.lower() or w.lower() in _IRREGULAR), None)
            counted = plural if plural is not None and value != 1 else (nouns[0] if nouns else None)
            if counted is None or counted[0].isupper() and counted.lower() not in _IRREGULAR and plural is None:
                continue  # a bare number, or a name ("Planet Nine", "Amendment 64")
            counts, key = counted, noun_class(singular(counted))
        qualifier = m["qual"] or ""
        if qualifier.lower() == "over" and _PARTICLE_VERB.search(text[:m.start("n")]):
            qualifier = ""
        low, high = value_range(qualifier, value, number)
        if re.search(rf"(?:^|\s)(?:{_NUMBER_TEXT})\s+of\s+(?:the|all)\s*$", before, re.I):
            scope = "whole"  # the 28 in "26 of the 28 districts"
        elif part:
            scope = "part"  # the 26: what the whole holds, not what one event did
        elif not m["cur"] and not m["pct"] and re.match(rf"\s+of\s+(?:{'|'.join(SET_WORDS)})\b", text[m.end():], re.I):
            scope = "part"  # "two of the victims were stable": some of a set
        elif added(text[:m.start()], m["rest"]):
            scope = "added"  # "an additional $10.34": the increase, not the price
        else:
            scope = "total" if SCOPE_TOTAL.search(text) else ""
        surface = m[0][m.start("qual") - m.start() if qualifier else m.start("cur" if m["cur"] else "n") - m.start():]
        surface = surface.strip()
        out.append(NumberMention(surface, value, low, high, counts, key, "", "", scope))
    return out


def text_numbers(text: str) -> list[NumberMention]:
    """Every number of a sentence the analysis compares, read without a parse."""
    return count_mentions(text) + age_mentions(text) + duration_mentions(text)
