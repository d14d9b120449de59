"""Sentence splitting tuned for news text.

A boundary is a ``.``, ``!`` or ``?`` (plus closing quotes or brackets)
followed by space and a sentence opener. It is *not* a boundary after a title
that always precedes a name (``Mr.``, ``Gov.``, ``Lt. Col.``), a month before a
number (``Sept. 11``), an initial (``J. D. Vance``), or a dotted abbreviation
(``U.S.``, ``p.m.``, ``Inc.``) unless the next word is one that starts
sentences ("The", "He", "But", ...). ``benchmarks/sentence_split.py`` compares
this splitter with pysbd, syntok and blingfire on accuracy and speed.
"""

from __future__ import annotations

import re

# Words after which a period never ends the sentence: they precede a name or number.
TITLES = frozenset(
    """mr mrs ms mx dr prof gov sen rep reps lt col gen maj capt cmdr adm sgt cpl pvt
    st mt ft rev fr sr sra hon pres supt insp det atty amb no nos vol fig ch art op
    messrs mssrs rt ave blvd jan feb mar apr jun jul aug sep sept oct nov dec
    approx vs v cf""".split()
)
# Months that are also words ("May", "March") are left out of TITLES on purpose.

# Abbreviations that may end a sentence; they do only when a sentence opener follows.
MAYBE_END = frozenset("inc corp co ltd llc plc jr etc bros dept univ est am pm".split())

OPENERS = frozenset(
    """the a an he she it they we i you his her its their our this that these those
    there here but and or so yet however meanwhile still also in on at for after before
    when while if as what who why how officials police authorities according some many
    most one two three several both other others no not his mr mrs ms dr""".split()
)

_LETTER = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
_CANDIDATE = re.compile(r"""[.!?]+['"”’)\]]*(?=\s+)""")
# paragraphs a scraper joined without a space: "on Dec. 26.Cosme allegedly", "police said.In an email"
_JOINED = re.compile(r"""(?<=[a-z\d])[.!?]['"”’)\]]*(?=[A-Z][a-z]|[AI]\s)(?!(?:Com|Net|Org)\b)""")
_NEXT = re.compile(r"""\s+(['"“‘(\[]*)(\S+)""")
_WORD_BEFORE = re.compile(r"""(\S+)$""")


def _is_boundary(text: str, end: int, lowercased: bool = False) -> bool:
    """Decide whether the punctuation run ending at ``end`` closes a sentence.

    ``lowercased`` text (a preprocessed corpus, a pasted transcript) has no
    capitals to go by, so any word may open a sentence there.
    """
    nxt = _NEXT.match(text, end)
    if nxt is None:
        return False
    opener_quote, word = nxt.group(1), nxt.group(2)
    first = word[0]
    if not (first.isupper() or first.isdigit() or opener_quote or (lowercased and first.isalpha())):
        return False  # "?" she asked / lower-case continuation
    punct_run = text[max(0, end - 80):end]  # a window: searching all of text[:end] is quadratic
    if not re.search(r"\.['\"”’)\]]*$", punct_run):
        return True  # ! and ? end sentences whenever a capital follows
    before = _WORD_BEFORE.search(punct_run)
    token = before.group(1) if before else ""
    token = token.rstrip("'\"”’)]").lstrip("'\"“‘([")
    bare = token.rstrip(".").lower()
    if not bare:
        return True
    if bare in TITLES:
        return False
    core = bare.replace(".", "")
    next_word = re.sub(r"\W+$", "", word).lower()
    if len(bare) == 1 and (token[0].isupper() or lowercased):  # an initial: "J. D. Vance"
        return next_word in OPENERS and len(word) > 1 and not word[1:2] == "."
    if "." in bare or core in MAYBE_END:  # U.S., D.C., p.m., Inc.
        return next_word in OPENERS
    if first.isdigit() and bare.isdigit():  # "3. 4" in lists: keep together
        return False
    return True


def _is_joined(text: str, at: int) -> bool:
    """A period at ``at`` with no space after it ends a sentence unless it closes a title
    ("St.Louis") or belongs to a dotted name ("Amazon.Com", "U.S.Army"): the word before it is
    a plain word or a number."""
    word = re.search(r"[\w.]*$", text[max(0, at - 40):at]).group(0)
    return ("." not in word and (len(word) > 1 or word.isdigit()) and word.lower() not in TITLES
            and word.lower() not in MAYBE_END)


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences, keeping every character but edge spaces."""
    text = paragraph.strip()
    if not text:
        return []
    letters = len(_LETTER.findall(text))  # counted in C; a Python loop per character is slow
    lowercased = letters > 40 and len(_UPPER.findall(text)) < 0.01 * letters
    sentences, start = [], 0
    ends = sorted([(m.end(), _is_boundary(text, m.end(), lowercased)) for m in _CANDIDATE.finditer(text)]
                  + [(m.end(), _is_joined(text, m.start())) for m in _JOINED.finditer(text)])
    for end, boundary in ends:
        if boundary:
            piece = text[start:end].strip()
            if piece:
                sentences.append(piece)
            start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a cleaned article: its non-empty lines."""
    return [p.strip() for p in text.splitlines() if p.strip()]


def sentences_of(article) -> list:
    """The sentences of a cleaned article, each knowing its place in it."""
    from newsfuse.model import Sentence

    pieces = [
        (p_index, s)
        for p_index, para in enumerate(paragraphs(article.text))
        for s in split_sentences(para)
    ]
    return [
        Sentence(article.id, text, position=i, paragraph=p, article_length=len(pieces))
        for i, (p, text) in enumerate(pieces)
    ]
