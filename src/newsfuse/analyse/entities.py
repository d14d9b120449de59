"""Entities: people, places and organisations, with spelling variants merged.

spaCy's small model finds the names; rules fix what it gets wrong in news
(it labels Tajikistan a nationality and "Tajik" a person). Names are merged
when they are one name written differently:

- in form only: case, accents, spaces, hyphens ("Bagram Airbase", "Bagram Air Base");
- by a generic word ("Bagram Airfield", "Bagram Air Base"; "Badakhshan province");
- by transliteration or typo: close spellings (Rakhmon, Rahmon; Badakshan,
  Badakhshan), but only when no one article writes both, since an article
  that names Austria and Australia means two countries;
- a surname alone joins the one full name that ends with it (Rahmon, Emomali Rahmon).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from newsfuse.model import Entity, SentenceAnnotation

LABELS = {"PERSON", "GPE", "LOC", "FAC", "ORG", "NORP"}
TITLES = {"president", "mr", "mrs", "ms", "dr", "mayor", "minister", "prime", "pm", "gen", "general", "sen",
          "senator", "rep", "gov", "governor", "king", "queen", "prince", "princess", "sir", "lord", "lady",
          "chancellor", "secretary", "spokesman", "spokeswoman", "spokesperson", "chief", "judge", "justice",
          "pope", "sheikh", "col", "colonel", "lt", "capt", "captain", "sgt", "prof", "professor", "the",
          "foreign", "defence", "defense", "interior", "deputy", "vice", "former", "st", "saint"}
# generic words that name the kind of place, not the place: "Bagram Air Base" is Bagram
GENERIC = {"air", "base", "airbase", "airfield", "airport", "province", "district", "city", "town", "village",
           "region", "county", "state", "river", "lake", "mountain", "mountains", "valley", "border", "port",
           "harbour", "harbor", "island", "islands", "street", "square"}
# words that head organisations' names, never a surname: "Department" is not Defense Department's
ORG_WORDS = {"department", "ministry", "office", "university", "committee", "council", "party", "agency", "court",
             "house", "association", "institute", "service", "commission", "bureau", "company", "group", "board",
             "senate", "congress", "parliament", "government", "army", "police", "club", "school", "church"}
_PLACE_PREPOSITIONS = {"in", "from", "near", "outside", "across", "into", "of", "to", "through", "at", "around"}


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Lower-cased country names, official and common ("tajikistan", "russia")."""
    import pycountry

    names = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if hasattr(c, attr):
                names.add(getattr(c, attr).lower())
    names |= {"russia", "iran", "syria", "south korea", "north korea", "vietnam", "laos", "bolivia", "venezuela",
              "tanzania", "moldova", "the united states", "united states", "america", "britain", "uk", "us", "u.s.",
              "great britain", "england", "scotland", "wales", "taiwan", "kosovo", "palestine", "czech republic"}
    return frozenset(names)


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Case, accents and punctuation folded away: "Sølvberg" -> "solvberg"."""
    text = text.replace("ø", "o").replace("Ø", "O").replace("ß", "ss").replace("æ", "ae").replace("ł", "l")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w\s]", "", text.lower()).strip()


def core(name: str) -> str:
    """The name without titles, leading articles and generic words, folded."""
    words = re.sub(r"['’]s$", "", name).split()
    while words and fold(words[0]) in TITLES:
        words = words[1:]
    # for every label: the small model calls "Bagram Airbase" a person as readily as a place
    words = [w for w in words if fold(w) not in GENERIC] or words
    return fold(" ".join(words))


@dataclass
class _Mention:
    text: str
    label: str
    article: str


def _relabel(text: str, label: str, nationalities: set[str]) -> str | None:
    """The label the small model should have given, or None to drop the mention."""
    folded = fold(text)
    if folded in countries() or folded.removeprefix("the ") in countries():
        return "GPE"  # "Tajikistan" labelled NORP
    if label == "NORP" or folded in nationalities:
        return None  # nationalities and groups are not entities here, nor "Tajik" labelled PERSON
    if re.fullmatch(r"[A-Z]{2,}(?:,?\s+[A-Z][a-z]+)?", text) and label == "ORG" and len(text) > 4:
        return "GPE"  # "KABUL" in a dateline
    return label


def find_entities(annotations: list[SentenceAnnotation], article_ids: list[str], article_order: list[str],
                  close: int = 85) -> list[Entity]:
    """Entities of a story, spelling variants merged, most mentioned first. ``close`` is the
    rapidfuzz ratio (0-100) at which two spellings are one name."""
    nationalities = {fold(e.text) for note in annotations for e in note.entities if e.label == "NORP"}
    mentions: list[_Mention] = []
    for note, article in zip(annotations, article_ids):
        for ent in note.entities:
            if ent.label not in LABELS:
                continue
            text = re.sub(r"^(?:the|The)\s+", "", ent.text).strip(" ’'\"“”")
            text = re.sub(r"['’]s$", "", text)
            label = _relabel(text, ent.label, nationalities)
            if label == "PERSON" and ent.after in _PLACE_PREPOSITIONS:
                label = "GPE"  # "residents of Varnholm": a place the small model took for a surname
            if label is None or len(text) < 2:
                continue
            text = _split_country_prefix(text)
            mentions.append(_Mention(text, label, article))
    return _merge(mentions, article_order, close)


def _split_country_prefix(text: str) -> str:
    """"Tajikistan Emomali Rahmon" (an ORG to the small model) is Emomali Rahmon."""
    words = text.split()
    for n in (2, 1):
        if len(words) > n + 1 and fold(" ".join(words[:n])) in countries():
            return " ".join(words[n:])
    return text


def _merge(mentions: list[_Mention], article_order: list[str], close: int) -> list[Entity]:
    import numpy as np
    from rapidfuzz import fuzz, process
    from scipy.cluster.hierarchy import DisjointSet

    # 1. one group per core name (titles, case, accents, spaces and generic words folded)
    groups: dict[str, list[_Mention]] = defaultdict(list)
    for m in mentions:
        # the small model calls one airbase FAC, ORG or GPE in turn: labels are voted on after merging
        groups[core(m.text).replace(" ", "")].append(m)
    keys = sorted(groups, key=lambda k: -len(groups[k]))
    names = DisjointSet(keys)

    articles_of = {k: {m.article for m in groups[k]} for k in keys}
    words_of = {k: core(groups[k][0].text).split() for k in keys}
    is_person = {k: _label(groups[k]) == "PERSON" for k in keys}
    # 2. close spellings never written side by side in one article; only names that could match
    # are compared (same kind, first letter, suffix and digits: Donald Trump Jr. is not Donald
    # Trump, East 84th is not East 68th), each bucket at once in C, so thousands of names stay fast
    buckets: dict[tuple, list[str]] = defaultdict(list)
    for k in keys:
        if len(k) >= 5:
            buckets[(is_person[k], k[0], _suffix(groups[k][0].text), re.sub(r"\D", "", k))].append(k)
    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        scores = process.cdist(bucket, bucket, scorer=fuzz.ratio, score_cutoff=close, dtype=np.uint8)
        for i, j in zip(*np.nonzero(np.triu(scores, 1))):
            a, b = bucket[i], bucket[j]
            if not (articles_of[a] & articles_of[b]):
                names.merge(a, b)
    # an abbreviation joins the name it abbreviates: "U.S." and "US" are "United States"
    # (not for people: "D.C." is Washington's, not Dick Cheney's)
    initials = {"".join(w[0] for w in words_of[k]): k for k in keys if len(words_of[k]) >= 2 and not is_person[k]}
    for k in keys:
        text = groups[k][0].text.replace(".", "")
        if text.isupper() and len(text) <= 5 and text.lower() in initials:
            names.merge(initials[text.lower()], k)
    # 3. a lone surname joins the single full name of a person that ends with it
    people = [k for k in keys if _label(groups[k]) == "PERSON" and len(words_of[k]) >= 2]
    lone = [k for k in keys if len(words_of[k]) == 1 and _label(groups[k]) in ("PERSON", "ORG", "GPE")
            and words_of[k][0] not in ORG_WORDS]
    if people and lone:
        scores = process.cdist([words_of[k][0] for k in lone], [words_of[p][-1] for p in people],
                               scorer=fuzz.ratio, score_cutoff=close, dtype=np.uint8)
        for row, k in enumerate(lone):
            hits = {names[people[c]] for c in np.nonzero(scores[row])[0]}
            if len(hits) == 1:
                names.merge(hits.pop(), k)
    merged: dict[str, list[_Mention]] = defaultdict(list)
    for k in keys:
        merged[names[k]].extend(groups[k])
    order = {a: i for i, a in enumerate(article_order)}
    entities = []
    for members in merged.values():
        label = _label(members)
        if label == "PERSON" and any(m.label == "GPE" for m in members) and all(
                len(m.text.split()) == 1 for m in members):
            label = "GPE"  # a one-word "person" also found after "in" or "from": a place with a rare name
        spellings = Counter(m.text for m in members)
        full = max(spellings, key=lambda s: (len(s.split()) > 1, not s.isupper(), spellings[s], -len(s)))
        entities.append(Entity(
            name=full, label=label, variants=[s for s, _ in spellings.most_common()],
            sources=sorted({m.article for m in members}, key=lambda a: order.get(a, 0)), mentions=len(members),
            spellings={v: sorted({m.article for m in members if m.text == v}, key=lambda a: order.get(a, 0))
                       for v in spellings}))
    entities.sort(key=lambda e: (-len(e.sources), -e.mentions, e.name))
    return entities


_PREFERENCE = ["PERSON", "GPE", "FAC", "LOC", "ORG"]  # ties go to the more specific label


def _suffix(name: str) -> str:
    last = fold(name.split()[-1]) if name.split() else ""
    return last if last in SUFFIXES else ""


def _label(members: list[_Mention]) -> str:
    votes = Counter(m.label for m in members)
    return max(votes, key=lambda label: (votes[label], -_PREFERENCE.index(label)))


SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _name_words(variant: str) -> list[str]:
    """A spelling's words without titles, initials, suffixes and generic words; case folded,
    accents kept (Sølvberg and Solvberg are two spellings)."""
    words = re.sub(r"['’]s$", "", variant).replace(".", " ").split()
    while len(words) > 1 and fold(words[0]) in TITLES:
        words = words[1:]
    words = [w for w in words if len(w) > 1 and fold(w) not in SUFFIXES] or words
    words = [w for w in words if fold(w) not in GENERIC] or words
    return [re.sub(r"[\W_]", "", w.lower()) for w in words]


def _same_spelling(a: list[str], b: list[str]) -> bool:
    # "Christie" and "Chris Christie", "Grimm" and "Michael G. Grimm": one spelling, fewer words
    return set(a) <= set(b) or set(b) <= set(a) or "".join(a) == "".join(b)


def _misspelt(a: list[str], b: list[str]) -> bool:
    """The same name with a word spelt differently: Rakhmon / Emomali Rahmon, Preibus / Priebus."""
    from rapidfuzz import fuzz

    if re.sub(r"\D", "", "".join(a)) != re.sub(r"\D", "", "".join(b)):
        return False  # East 84th Street and East 68th Street are two streets
    if len(a) == len(b):
        pairs = list(zip(a, b))
    elif min(len(a), len(b)) == 1:
        pairs = [(a[-1], b[-1])]  # a surname against a full name
    else:
        return False
    return all(x == y or fuzz.ratio(fold(x), fold(y)) >= 75 for x, y in pairs) and any(x != y for x, y in pairs)


def spelling_variants(entity: Entity) -> list[list[str]]:
    """The entity's variants grouped by spelling, when the sources spell the name differently
    in letters or accents, not only in form ("Bagram Airbase", "Bagram Air Base"), by a
    title, initial or generic word, or by another name for it ("US", "United States").
    Most used spelling first; [] when all agree."""
    groups: list[list[str]] = []
    words: list[list[str]] = []
    for v in entity.variants:  # most used first
        w = _name_words(v)
        home = next((k for k, g in enumerate(words) if _same_spelling(g, w)), None)
        if home is None:
            groups.append([v])
            words.append(w)
        else:
            groups[home].append(v)
            if len(w) > len(words[home]):
                words[home] = w
    misspelt = [k for k in range(len(groups)) if any(_misspelt(words[k], words[o])
                                                      for o in range(len(groups)) if o != k)]
    return [groups[k] for k in misspelt] if len(misspelt) > 1 else []
