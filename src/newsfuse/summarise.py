"""Summarise: pick source sentences for the brief, cite them, order them.

Every sentence of the brief is the best-stated sentence of one fact, so it
cites every article that supports that fact. Facts are scored by
cross-document support, position in their articles (news puts the news
first) and centrality in the story; selection is greedy under the budget and
skips any sentence too similar to one already chosen. The chosen sentences are
shown in story order (earliest position in the sources first). Leftovers such
as datelines are trimmed by deletion only.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator

import numpy as np

from newsfuse.align import Similarity
from newsfuse.config import SummariseConfig
from newsfuse.headlines import coverage, headline_words
from newsfuse.model import Fact, SummarySentence
from newsfuse.salience import SalienceModel, fact_features, number_words, score_facts, score_parts, weighted_sum
from newsfuse.text import content_tokens, leans_on_another, names, trim

# The knobs (word limits, salience weights, the redundancy cosine and the word
# containment that catches paraphrases swapping words, "soldiers" for "personnel")
# are newsfuse.config.SummariseConfig's: salience = support_weight * support +
# lead_weight * lead + the rest * centrality.
_UNSET = object()

# ", the Tajik border guard service said." / ", officials told Reuters on Monday." closing a
# sentence that is not a quotation: who said it, which an editor's summary often leaves out
_ATTRIBUTION = re.compile(
    r"(?<![\"”’']),\s+(?!(?:he|she|they|it|we|I)\s)(?:[\w'’.-]+\s+){1,6}?(?:said|says|told\s+(?:[A-Z][\w.-]*\s*){1,3}|added|reported)"
    r"(?:\s+(?:on|in|late|early|last)\s+(?:[\w-]+\s*){1,3}|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|today|yesterday))?(?=\.$)"
)


def cut_attribution(text: str) -> str:
    """Delete a closing attribution (", the agency said") from a sentence that is no quotation,
    and whose words before it do not report speech themselves ("He said, ..." is left whole).
    Only deletes: the words that remain are the source's own."""
    match = _ATTRIBUTION.search(text)
    if not match or re.search(r"[\"“”]|\b(?:said|says|told)\b", text[: match.start()]):
        return text
    return text[: match.start()] + text[match.end():]


# an aside set off by dashes or brackets inside a sentence: " — a man who, if confirmed, would
# sit on the court for life — ", " (R-Texas)"; never one that opens or closes the sentence
_ASIDE = re.compile(r"\s+[—–]\s+[^—–!?\"“”]{3,150}?\s+[—–](?=\s)|\s+\([^()\"“”]{1,80}\)(?=[\s,;:])")


def cut_asides(text: str) -> str:
    """Delete asides set off by paired dashes or brackets inside the sentence. Only deletes."""
    return _ASIDE.sub("", text)


# a closing clause after a comma that the sentence stands without: a participle (", saying ...",
# ", handing ... a victory"), a relative clause (", which ..."), or one of time or accompaniment
# (", as ...", ", including ..."). Not a concession or a cause (", though ...", ", because ..."),
# nor an attribution (", according to ..."): without them a claim reads as settled.
_NOT_PARTICIPLES = frozenset("according during morning evening thing nothing something anything everything king ring "
                             "spring string building meeting hearing funding ceiling wedding offspring".split())
_CLAUSE = re.compile(r",\s+(?:which|who|whose|where|while|as|after|before|amid|following|including|([a-z]+ing))\b"
                     r"(?:[^,]|(?<=\d),(?=\d))*\.$")  # no comma after it (2,400 aside): one that closes
# mid-sentence ("the army, which ..., will collapse") is needed


def cut_closing_clause(text: str, min_words: int = 6) -> str | None:
    """``text`` without its closing clause (:data:`_CLAUSE`): the words up to the clause's comma,
    then the sentence's own full stop (none more after an abbreviation's). Only deletes. None
    when it has no such clause, or when what is left would be shorter than ``min_words`` or
    leave a quotation or a bracket open."""
    match = _CLAUSE.search(text)
    if not match or (match.group(1) or "") in _NOT_PARTICIPLES:
        return None
    head = text[: match.start()].rstrip()
    if len(head.split()) < min_words or head.count("(") != head.count(")") or \
            head.count("“") != head.count("”") or head.count('"') % 2:
        return None
    return head if head.endswith(".") else head + "."  # "Kenosha, Wis." keeps its one full stop


def shown_text(text: str, config: SummariseConfig) -> str:
    """A source sentence as a brief shows it: trimmed (:func:`newsfuse.text.trim`), its asides cut when
    ``config.cut_asides`` says so, and its closing attribution when ``config.cut_attributions`` does."""
    text = trim(text)
    if config.cut_asides:
        text = cut_asides(text)
    return cut_attribution(text) if config.cut_attributions else text


def unfit_reason(text: str, cased: bool = True, config: SummariseConfig | None = None) -> str | None:
    """Why a sentence cannot stand alone in a brief ("too short", "too long", "question",
    "unterminated fragment", "opens in lower case", "quotation not closed"), or None when it
    can. In ``cased`` text a sentence opening in lower case is a fragment; in lower-cased text
    (a preprocessed corpus) every one does. Leaning on the sentence before it is the
    business of :func:`newsfuse.text.leans_on_another`."""
    config = config or SummariseConfig()
    n = len(text.split())
    if n < config.min_words:
        return "too short"
    if n > config.max_words:
        return "too long"
    end = text.rstrip()
    if end.endswith("?"):  # questions and unterminated fragments read badly out of context
        return "question"
    if not re.search(r"[.!\"”’)]$", end):
        return "unterminated fragment"
    if cased and text[0].islower():
        return "opens in lower case"
    return "quotation not closed" if text.count("“") != text.count("”") else None


def _usable(text: str, cased: bool = True, config: SummariseConfig | None = None) -> bool:
    """Fit to stand alone in a brief (:func:`unfit_reason` names none)."""
    return unfit_reason(text, cased, config) is None


def _repeats(words: set[str], numbers: set[str], other: set[str], containment: float) -> bool:
    """Most of the shorter of ``words`` and ``other`` (share ``containment``) is in the
    other one, and no number ``other`` lacks (``numbers``: those of ``words``): "cost 2
    million" does not repeat "cost 3 million", however alike the rest; and a longer
    account of a chosen sentence repeats it as much as a shorter one does."""
    return numbers <= other and len(words & other) >= containment * min(len(words), len(other))


def _repeats_said(words: set[str], numbers: set[str], said: list[set[str]], containment: float) -> bool:
    """A sentence of four content words or more that repeats (:func:`_repeats`) one already said."""
    return len(words) >= 4 and any(_repeats(words, numbers, other, containment) for other in said)


def _row_of(fact: Fact, similarity: Similarity, key=None) -> int | None:
    """Row of the member sentence that states the fact (or of ``key``) in ``similarity``."""
    return similarity.index.get(key or fact.statement.key)




def _statement(fact: Fact, cased: bool, config: SummariseConfig, chosen: set | frozenset = frozenset()):
    """The fact's sentence for the brief, trimmed: its statement, or, when that one leans on
    a sentence before it ("It added...") or cannot stand alone, another member that can;
    None when none can. A sentence that leans on the one before it in its article may be
    shown when that one is already in the brief (``chosen``: their keys): the brief keeps
    story order, so the antecedent comes first."""
    first = fact.statement
    for sentence in [first] + [m for m in fact.sentences if m.key != first.key]:
        if sentence.article_id not in fact.sources:
            continue
        text = shown_text(sentence.text, config)
        if _usable(text, cased, config) and (not leans_on_another(text)
                                             or (sentence.article_id, sentence.position - 1) in chosen):
            return sentence, text
    return None


def _titles(titles: list[str] | dict[str, str | None] | None) -> tuple[list[str], dict[str, str | None]]:
    """The headlines given, and by article when given as article id -> headline."""
    if isinstance(titles, dict):
        return [t for t in titles.values() if t], titles
    return [t for t in titles or [] if t], {}


def weighted_salience(facts: list[Fact], similarity: Similarity, n_articles: int, config: SummariseConfig,
                      titles: dict[str, str | None], cased: bool) -> tuple[np.ndarray, float]:
    """Salience by the configuration's weights (:func:`score_facts`), and the weight of the
    headlines' words a fact states that the brief has not said yet."""
    return score_facts(facts, similarity, n_articles, config), config.headline_weight


def learned_salience(facts: list[Fact], similarity: Similarity, n_articles: int, config: SummariseConfig,
                     titles: dict[str, str | None], cased: bool) -> tuple[np.ndarray, float]:
    """The weighted salience plus ``config.learned_weight`` times the model trained on
    editors' summaries (:mod:`newsfuse.salience`): the model corrects the hand-set sum rather
    than replacing it, which is what carried to whole articles the model was not trained on
    (the model alone scored lower there; see the README's evaluation)."""

    parts = score_parts(facts, similarity, n_articles)  # as weighted_salience's: the headlines are the cover's
    X = fact_features(facts, shown_texts(facts, cased, config), similarity, n_articles, titles, cased, parts)
    return weighted_sum(parts, config) + config.learned_weight * SalienceModel.load().predict(X), config.headline_weight


def is_cased(similarity: Similarity) -> bool:
    """Most of the story's sentences open with a capital (a lower-cased corpus does not)."""
    openers = [s.text[0] for s in similarity.sentences if s.text and s.text[0].isalpha()]
    return sum(c.isupper() for c in openers) >= 0.5 * len(openers) if openers else True


def shown_texts(facts: list[Fact], cased: bool, config: SummariseConfig) -> list[str]:
    """The text each fact would show in a brief (its own text where none stands alone)."""
    out = []
    for fact in facts:
        found = _statement(fact, cased, config)
        out.append(found[1] if found else fact.text)
    return out


# how facts are ranked, by ``summarise.salience``
SALIENCE = {"learned": learned_salience, "weighted": weighted_salience}


def rank(facts: list[Fact], similarity: Similarity, n_articles: int, config: SummariseConfig | None = None,
         titles: list[str] | dict[str, str | None] | None = None) -> Iterator[tuple[Fact, str]]:
    """Every usable fact with its trimmed text, most salient first, skipping repeats.

    Greedy: take the highest-scoring fact whose sentence is not too similar (cosine above
    ``config.redundancy``, or most of its words already said) to one already taken,
    unless it brings a number or a name the taken ones lack. A sentence that leans on one
    before it is never taken: another statement of its fact is, or none. A generator:
    each candidate is checked against the facts taken so far, so a caller that stops
    after a brief's worth pays for a brief's worth, not for all pairs of facts.
    """
    config = config or SummariseConfig()
    headlines, by_article = _titles(titles)
    cased = is_cased(similarity)
    salience = SALIENCE.get(config.salience)
    if salience is None:
        raise ValueError(f"summarise.salience must be one of {', '.join(SALIENCE)}, got {config.salience!r}")
    base, cover = salience(facts, similarity, n_articles, config, by_article, cased)
    # the headlines' words as claims to cover: once a chosen sentence states a word, stating
    # it again earns nothing, so what one outlet's headline alone says comes up once the
    # consensus is covered
    claims = headline_words(headlines)
    total = sum(claims.values())
    fact_words = [set(content_tokens(f.text)) for f in facts]

    def score(k: int) -> float:
        """Fact ``k``'s salience now: its headline words already said earn nothing."""
        return float(base[k] + cover * coverage(fact_words[k], claims, total)) if cover else float(base[k])

    rows: list[int] = []
    said: list[set[str]] = []
    known: set[str] = set()  # numbers and names already in the brief
    chosen: set = set()  # keys of every member sentence of the facts taken: antecedents in the brief
    waiting: list[int] = []  # facts that lean on a sentence not (yet) taken: tried again after each take
    # lazy greedy: a fact's score only falls as headline words get covered, so a popped fact
    # whose current score is below its stored one goes back with the current one
    heap = [(-score(k), k) for k in range(len(facts))]
    heapq.heapify(heap)
    while heap:
        stored, k = heapq.heappop(heap)
        current = score(k)
        if current < -stored - 1e-12:
            heapq.heappush(heap, (-current, k))
            continue
        fact = facts[k]
        found = _statement(fact, cased, config, chosen)
        if found is None:
            waiting.append(k)
            continue
        sentence, text = found
        words = set(content_tokens(text))
        numbers = number_words(words)
        specifics = numbers | names(text)
        # a new number is news whatever the words around it; a new name is, unless most of the
        # sentence's words are already said (a paraphrase that names one more actor)
        new_number, new_name = bool(numbers - known), bool(specifics - numbers - known)
        row = _row_of(fact, similarity, sentence.key)
        if not (new_number or new_name) and row is not None and rows and \
                similarity.max_cosine(row, rows) > config.redundancy:
            continue
        if not new_number and _repeats_said(words, numbers, said, config.containment):
            continue
        said.append(words)
        known |= specifics
        chosen |= {m.key for m in fact.sentences}
        yield fact, text
        if row is not None:
            rows.append(row)
        for w in words:
            claims.pop(w, None)
        for j in waiting:  # a fact that leant on a sentence now in the brief can come in, in score order
            heapq.heappush(heap, (-score(j), j))
        waiting = []


def summarise(facts: list[Fact], similarity: Similarity, n_articles: int,
              config: SummariseConfig | None = None, *, words=_UNSET, sentences=_UNSET,
              titles: list[str] | None = None, language: str | None = None) -> list[SummarySentence]:
    """Choose facts for the brief under a word budget and/or a sentence count.

    The budgets are ``config.words`` and ``config.sentences`` unless ``words`` or
    ``sentences`` is given. Sentences are taken in rank order; one that would
    overrun the word budget is skipped for a shorter one further down, so the
    budget is never exceeded, unless it fits without its closing clause
    (``config.cut_to_fit``, in English or a story of no known ``language``: the
    clause words are English). The brief is shown in story order (earliest
    position in the sources first).
    """
    config = config or SummariseConfig()
    words = config.words if words is _UNSET else words
    sentences = config.sentences if sentences is _UNSET else sentences
    if words is None and sentences is None:
        words = SummariseConfig.words
    cut_to_fit = config.cut_to_fit and language in (None, "en")
    chosen: list[tuple[Fact, str]] = []
    kept: set = set()  # member keys of the facts in the brief
    used = 0
    for fact, text in rank(facts, similarity, n_articles, config, titles):
        n = len(text.split())
        if words is not None and used + n > words:
            if not cut_to_fit or leans_on_another(text):
                continue
            cut = cut_closing_clause(text, config.min_words)
            if cut is None or used + len(cut.split()) > words:
                continue
            # what made the whole sentence new (a number, a name) may be in the clause it lost
            cut_words = set(content_tokens(cut))
            if _repeats_said(cut_words, number_words(cut_words), [set(content_tokens(t)) for _, t in chosen],
                             config.containment):
                continue
            text, n = cut, len(cut.split())
        if leans_on_another(text) and _antecedent(fact, text, config) not in kept:
            continue  # its antecedent was ranked but did not fit the budget
        chosen.append((fact, text))
        kept |= {m.key for m in fact.sentences}
        used += n
        if sentences is not None and len(chosen) >= sentences:
            break
        if words is not None and words - used < config.min_words:
            break  # no sentence fit for a brief is this short
    chosen.sort(key=lambda ft: (min(s.relative_position for s in ft[0].sentences), -ft[0].support))
    chosen = _antecedents_first(chosen, config)
    return [SummarySentence(text, list(f.sources), f.support, [s.key for s in f.sentences if s.article_id in f.sources])
            for f, text in chosen]


def _antecedent(fact: Fact, text: str, config: SummariseConfig):
    """Key of the sentence before the member of ``fact`` shown as ``text``, in its article."""
    shown = next((m for m in fact.sentences if shown_text(m.text, config) == text), fact.statement)
    return (shown.article_id, shown.position - 1)


def _antecedents_first(chosen: list[tuple[Fact, str]], config: SummariseConfig) -> list[tuple[Fact, str]]:
    """Story order, but a sentence that leans on the one before it in its article comes
    right after the brief sentence that holds that one."""
    out = list(chosen)
    for fact, text in chosen:
        if not leans_on_another(text):
            continue
        before = _antecedent(fact, text, config)
        at = next((i for i, (f, _) in enumerate(out) if any(m.key == before for m in f.sentences)), None)
        if at is None:
            continue
        out.remove((fact, text))
        at = next(i for i, (f, _) in enumerate(out) if any(m.key == before for m in f.sentences))
        out.insert(at + 1, (fact, text))
    return out
