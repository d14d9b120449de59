"""Entities: people, places and organisations, with spelling variants merged.

spaCy's small model finds the names; rules fix what it gets wrong in news
(it labels Tajikistan a nationality and "Tajik" a person). Names are merged
when they are one name written differently:

- in form only: case, accents, spaces, hyphens ("Bagram Airbase", "Bagram Air Base");
- by a generic word ("Bagram Airfield", "Bagram Air Base"; "Badakhshan province");
- by transliteration or typo: close spellings (Rakhmon, Rahmon; Badakshan,
  Badakhshan), spellings that are one after the changes transliterations make
  (Murphy, Murfy: ph/f, k/kh/q, y/i/j, ou/u, ov/off/ow, w/v, doubled letters,
  a dropped h), and short names one letter apart in one word when the other
  words agree (Sean Murfy, Sean Murfi); but only when no one article writes
  both, since an article that names Austria and Australia means two countries,
  and never two countries;
- a surname alone joins the one full name that ends with it (Rahmon, Emomali Rahmon).

A one-word "organisation" that is a place to the model elsewhere in the story, or
that mostly follows "in" or "from" ("the border guards in Dushanbe"), is a place.
Spellings that differ only in case ("RAHMON" in a dateline, "Rahmon") are one.
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
# the words before a place rather than an organisation ("to" and "of" precede both: "according to
# Reuters", "the head of Hamas"; "at" a company as often as a town)
_IN_PLACE = {"in", "from", "near", "outside", "across", "into", "through", "around"}
# what transliterations and respellings change, each side written one way: Murphy/Murfy, Yuri/Juri,
# Kuznetsov/Kuznetsoff, Aleksei/Alexey, Zhukov/Joukov
_TRANSLIT = [("sch", "sh"), ("ph", "f"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("zh", "j"),
             ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"), ("w", "v"), ("ou", "u"), ("oo", "u"), ("ee", "i"),
             ("ie", "i"), ("y", "i"), ("j", "i")]


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


@lru_cache(maxsize=100_000)
def skeleton(word: str) -> str:
    """A word with the differences of transliteration folded away: "Murphy" and "Murfy" are
    "murfi", "Smirnoff" and "Smirnow" "smirnov", "Hussein" and "Husein" "husein"."""
    w = fold(word)
    for a, b in _TRANSLIT:
        w = w.replace(a, b)
    w = re.sub(r"of+$", "ov", w)
    w = w[:1] + w[1:].replace("h", "")  # a dropped h: Mohammed, Mohamed
    return re.sub(r"(.)\1+", r"\1", w)


def _distance(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)


def respelled(a: list[str], b: list[str]) -> bool:
    """Whether two names of as many words (folded) are one name respelled: every word the same
    after transliteration (``skeleton``), or one word of four letters or more one letter
    apart, with the same first letter, when the other words agree (Sean Murfy, Sean Murfi)."""
    if len(a) != len(b) or a == b:
        return False
    off = [(x, y) for x, y in zip(a, b) if skeleton(x) != skeleton(y)]
    if not off:
        return True
    if len(off) > 1 or len(a) < 2:
        return False
    (x, y), = off
    sx, sy = skeleton(x), skeleton(y)
    return x[:1] == y[:1] and min(len(sx), len(sy)) >= 4 and _distance(sx, sy) <= 1


@dataclass
class _Mention:
    text: str
    label: str
    article: str
    after: str = ""  # the word before it


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
            mentions.append(_Mention(text, label, article, ent.after))
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
    # the model labels a rare spelling of a full name as it pleases ("Lizandra Casme" an ORG, where
    # "Lizandra Cosme" is a PERSON): a name of two words or more is compared whatever its label
    kind_of = {k: is_person[k] if len(words_of[k]) < 2 else None for k in keys}
    buckets: dict[tuple, list[str]] = defaultdict(list)
    for k in keys:
        if len(k) >= 5:
            buckets[(kind_of[k], k[0], _suffix(groups[k][0].text), re.sub(r"\D", "", k))].append(k)
    nations = {c.replace(" ", "") for c in countries()}

    def may_merge(a: str, b: str) -> bool:
        # one article writing both means two names; two countries are two countries (Iran, Iraq)
        return not (articles_of[a] & articles_of[b]) and not (a in nations and b in nations)

    def words_begin_alike(a: str, b: str) -> bool:
        # a typo keeps a word's first letter, a transliteration its skeleton: the Buffalo Jills
        # are not the Buffalo Bills
        wa, wb = words_of[a], words_of[b]
        return len(wa) != len(wb) or all(x[:1] == y[:1] or skeleton(x) == skeleton(y) for x, y in zip(wa, wb))

    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        scores = process.cdist(bucket, bucket, scorer=fuzz.ratio, score_cutoff=close, dtype=np.uint8)
        for i, j in zip(*np.nonzero(np.triu(scores, 1))):
            a, b = bucket[i], bucket[j]
            if may_merge(a, b) and words_begin_alike(a, b):
                names.merge(a, b)
    # transliterations: one name once transliteration is folded away, whatever its first letter
    # (Murphy, Murfy; Yuri, Juri), or one word of it a letter apart when the others agree (Sean
    # Murfy, Sean Murfi); found by keys, not by comparing every pair
    respellings: dict[tuple, list[str]] = defaultdict(list)
    for k in keys:
        if len(k) < 4:
            continue
        kind = (kind_of[k], _suffix(groups[k][0].text), re.sub(r"\D", "", k))
        respellings[kind + (" ".join(skeleton(w) for w in words_of[k]),)].append(k)
        for p, w in enumerate(words_of[k] if len(words_of[k]) >= 2 else []):
            others = tuple(skeleton(x) for n, x in enumerate(words_of[k]) if n != p)
            respellings[kind + (p, w[:1], others)].append(k)
    for same in respellings.values():
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                if names[a] != names[b] and may_merge(a, b) and respelled(words_of[a], words_of[b]):
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
        by_surname: dict[str, set[str]] = defaultdict(set)  # Murfy joins Sean Murphy as Murphy does
        for p in people:
            by_surname[skeleton(words_of[p][-1])].add(p)
        for row, k in enumerate(lone):
            hits = {names[people[c]] for c in np.nonzero(scores[row])[0]}
            hits |= {names[p] for p in by_surname.get(skeleton(words_of[k][0]), ())}
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
        if label == "ORG" and _a_place(members):
            label = "GPE"  # "the border guards in Dushanbe": a city the small model took for an organisation
        # spellings that differ only in case are one, shown as written normally ("RAHMON" in a dateline)
        written: dict[str, str] = {}
        for s in sorted({m.text for m in members}, key=lambda s: (s.isupper(), s)):
            written[s] = next((w for w in written.values() if w.casefold() == s.casefold()), s)
        spellings = Counter(written[m.text] for m in members)
        full = max(spellings, key=lambda s: (len(s.split()) > 1, not s.isupper(), spellings[s], -len(s)))
        entities.append(Entity(
            name=full, label=label, variants=[s for s, _ in spellings.most_common()],
            sources=sorted({m.article for m in members}, key=lambda a: order.get(a, 0)), mentions=len(members),
            spellings={v: sorted({m.article for m in members if written[m.text] == v}, key=lambda a: order.get(a, 0))
                       for v in spellings}))
    entities.sort(key=lambda e: (-len(e.sources), -e.mentions, e.name))
    return entities


_PREFERENCE = ["PERSON", "GPE", "FAC", "LOC", "ORG"]  # ties go to the more specific label


def _a_place(members: list[_Mention]) -> bool:
    """Whether a one-word "organisation" is a place: at least half its mentions are a place to
    the model or follow "in", "from", "near"... (not "to" or "of": "according to Reuters")."""
    if any(len(m.text.split()) != 1 or m.text.isupper() or fold(m.text) in ORG_WORDS for m in members):
        return False
    return 2 * sum(m.label in ("GPE", "LOC") or m.after in _IN_PLACE for m in members) >= len(members)


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
    return all(x == y or fuzz.ratio(fold(x), fold(y)) >= 75 or skeleton(x) == skeleton(y)
               or (x[:1] == y[:1] and min(len(skeleton(x)), len(skeleton(y))) >= 4
                   and _distance(skeleton(x), skeleton(y)) <= 1)
               for x, y in pairs) and any(not _typographic(x, y) for x, y in pairs)


def _typographic(x: str, y: str) -> bool:
    """Two writings of one word that no reader takes for two spellings: accents dropped by an
    outlet that writes plain letters (Calderón / Calderon, Raúl / Raul), a plural (Trust Fund /
    Trust Funds). A letter of its own is a spelling: Sølvberg / Solvberg."""
    def plain(word: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))

    fx, fy = plain(x), plain(y)
    short, long = sorted((fx, fy), key=len)
    return fx == fy or (long == short + "s" and not short.endswith("s"))  # "Chris" / "Chriss" is no plural


def spelling_variants(entity: Entity) -> list[list[str]]:
    """The entity's variants grouped by spelling, when the sources spell the name differently
    in letters, not only in accents or number (:func:`_typographic`), in form ("Bagram Airbase", "Bagram Air Base"), by a
    title, initial or generic word, or by another name for it ("US", "United States").
    Full names are grouped first; a shorter variant joins the one group it is part of, and
    one that is part of several ("Solberg" beside "Katrin Solberg" and "Katarin Solberg")
    joins none: it does not tell the spellings apart. Most used spelling first; [] when all agree."""
    groups: list[list[str]] = []
    words: list[list[str]] = []
    names = sorted(entity.variants, key=lambda v: -len(_name_words(v)))  # stable: most used first
    for v in names:
        w = _name_words(v)
        homes = [k for k, g in enumerate(words) if _same_spelling(g, w)]
        if len(homes) > 1:
            continue
        home = homes[0] if homes else None
        if home is None:
            groups.append([v])
            words.append(w)
        else:
            groups[home].append(v)
            if len(w) > len(words[home]):
                words[home] = w
    misspelt = [k for k in range(len(groups)) if any(_misspelt(words[k], words[o])
                                                      for o in range(len(groups)) if o != k)]
    misspelt.sort(key=lambda k: min(entity.variants.index(v) for v in groups[k]))  # most used first
    return [groups[k] for k in misspelt] if len(misspelt) > 1 else []
