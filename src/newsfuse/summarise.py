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
from collections import Counter
from collections.abc import Iterator

import numpy as np

from newsfuse.align import Similarity
from newsfuse.config import SummariseConfig
from newsfuse.model import Fact, SummarySentence
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


def shown_text(text: str, config: SummariseConfig) -> str:
    """A source sentence as a brief shows it: trimmed (:func:`newsfuse.text.trim`), its asides cut when
    ``config.cut_asides`` says so, and its closing attribution when ``config.cut_attributions`` does."""
    text = trim(text)
    if config.cut_asides:
        text = cut_asides(text)
    return cut_attribution(text) if config.cut_attributions else text


def _usable(text: str, cased: bool = True, config: SummariseConfig | None = None) -> bool:
    """Fit to stand alone in a brief. In ``cased`` text a sentence opening in lower
    case is a fragment; in lower-cased text (a preprocessed corpus) every one does."""
    config = config or SummariseConfig()
    n = len(text.split())
    if n < config.min_words or n > config.max_words:
        return False
    if text.rstrip().endswith("?") or not re.search(r"[.!\"”’)]$", text.rstrip()):
        return False  # questions and unterminated fragments read badly out of context
    return not (cased and text[0].islower()) and text.count("“") == text.count("”")


def score_parts(facts: list[Fact], similarity: Similarity, n_articles: int,
                titles: list[str] | None = None) -> dict[str, np.ndarray]:
    """The parts of each fact's salience, each in [0, 1]: ``support`` (independent support:
    copies of one wire count once), ``lead`` (position), ``centrality`` (in the story) and
    ``headline`` (how much of the headlines' words it states, each weighing the number of
    headlines using it; ``titles``: the articles' headlines)."""
    from scipy.sparse import csr_matrix

    if not facts:  # a story of headlines alone has no sentence to score
        return {k: np.zeros(0) for k in ("support", "lead", "centrality", "headline")}
    index = similarity.index
    rows, cols = [], []
    for k, fact in enumerate(facts):
        for s in fact.sentences:
            if s.key in index:
                rows.append(k)
                cols.append(index[s.key])
    # each fact's vector is the sum of its sentences' vectors: one sparse product for all facts
    members = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(facts), len(similarity.sentences)))
    fact_vectors = members @ similarity.vectors
    centroid = np.asarray(similarity.vectors.mean(axis=0)).ravel()
    norms = np.sqrt(np.asarray(fact_vectors.multiply(fact_vectors).sum(axis=1)).ravel())
    centrality = (fact_vectors @ centroid) / (np.where(norms > 0, norms, 1.0) * (np.linalg.norm(centroid) or 1.0))
    support = np.array([((f.independent if f.independent is not None else f.support) - 1) / max(n_articles - 1, 1)
                        for f in facts])
    lead = np.array([1.0 - min(s.relative_position for s in f.sentences) for f in facts])
    claims = headline_words(titles or [])
    headline = np.array([coverage(set(content_tokens(f.text)), claims) for f in facts])
    return {"support": support, "lead": lead, "centrality": np.asarray(centrality).ravel(), "headline": headline}


def score_facts(facts: list[Fact], similarity: Similarity, n_articles: int,
                config: SummariseConfig | None = None, titles: list[str] | None = None) -> np.ndarray:
    """Salience of each fact, a weighted sum of :func:`score_parts`: independent support,
    lead position, centrality in the story, and how much of the headlines' words it states."""
    return weighted_sum(score_parts(facts, similarity, n_articles, titles), config or SummariseConfig())


def weighted_sum(parts: dict[str, np.ndarray], config: SummariseConfig) -> np.ndarray:
    """:func:`score_parts` weighed by the configuration."""
    return (config.support_weight * parts["support"] + config.lead_weight * parts["lead"]
            + config.centrality_weight * parts["centrality"] + config.headline_weight * parts["headline"])


def alone_salience(facts: list[Fact], similarity: Similarity, n_articles: int,
                   titles: dict[str, str | None] | None = None, config: SummariseConfig | None = None) -> np.ndarray:
    """Salience of facts one source alone reports (what it adds): :func:`score_facts`'s lead
    position and centrality; with the support weight (support is one source for all of them)
    how much of that source's own headline it states, a word weighing less the more headlines
    use it (what its headline alone says counts most); with the headline weight the numbers
    and names it brings that no other article gives (``rank`` takes a new number or name as
    news; a number counts twice a name)."""
    config = config or SummariseConfig()
    base = score_facts(facts, similarity, n_articles, config)
    titles = titles or {}
    given = [set(content_tokens(t)) for t in titles.values() if t]
    headlines = Counter(w for ws in given for w in ws)
    used: dict[str, set[str]] = {}  # article -> its content words and numbers
    for s in similarity.sentences:
        used.setdefault(s.article_id, set()).update(content_tokens(s.text))
    spread = Counter(w for ws in used.values() for w in ws)
    extra = []
    for fact in facts:
        text = fact.text
        words = set(content_tokens(text))
        own = Counter({w: 1 / headlines[w] for w in content_tokens(titles.get(fact.sources[0]) or "")})
        # a new number is news whatever the words around it (as in ``rank``): it counts twice a name
        brings = 2 * sum(spread[w] <= 1 for w in _numbers(words)) + sum(
            all(spread[w] <= 1 for w in content_tokens(name)) for name in names(text) if content_tokens(name))
        extra.append((config.support_weight * coverage(words, own), config.headline_weight * min(brings, 2) / 2))
    # support is one source for every such fact: its weight goes to the source's own headline
    return base + np.array([a + b for a, b in extra]).reshape(len(facts))


def rank_alone(found: list[Fact], similarity: Similarity, article_order: list[str],
               titles: dict[str, str | None] | None = None) -> dict[str, list[Fact]]:
    """Facts one source alone reports, by source (in ``article_order``), most newsworthy first
    (:func:`alone_salience`; ``titles``: article id -> headline)."""
    if not found:
        return {}
    salience = alone_salience(found, similarity, len(article_order), titles)
    out: dict[str, list[Fact]] = {a: [] for a in article_order}
    for k in sorted(range(len(found)), key=lambda k: (-salience[k], found[k].sentences[0].position)):
        out[found[k].sources[0]].append(found[k])
    return {a: fs for a, fs in out.items() if fs}


def headline_scores(texts: list[str], titles: list[str]) -> np.ndarray:
    """For each text, the share of the headlines' common words it states, in [0, 1]: a word
    weighs the number of headlines using it, so what most headlines say (the event) counts
    most. With fewer than two headlines there is no consensus: all zeros."""
    # said by one headline only: no consensus
    common = Counter({w: n for w, n in headline_words(titles).items() if n >= 2})
    return np.array([coverage(set(content_tokens(t)), common) for t in texts])


def headline_words(titles: list[str]) -> Counter:
    """Content words of the headlines, each weighing the number of headlines using it (none
    with fewer than two headlines: one headline is no consensus)."""
    if len(titles) < 2:
        return Counter()
    return Counter(w for t in titles for w in set(content_tokens(t)))


def coverage(words: set[str], claims: Counter, total: float | None = None) -> float:
    """Share of the headline words' weight (``claims``, of ``total`` weight) that ``words`` state."""
    total = sum(claims.values()) if total is None else total
    return sum(claims[w] for w in words if w in claims) / total if total else 0.0


def consensus_title(titles: list[str | None]) -> str | None:
    """The headline that best states what the headlines agree on (ties: the earliest)."""
    given = [t for t in titles if t and t.strip()]
    if not given:
        return None
    scores = headline_scores(given, given)
    return given[int(np.argmax(scores))] if len(given) > 1 else given[0]


def _numbers(words: set[str]) -> set[str]:
    return {w for w in words if w[0].isdigit()}


def _repeats(words: set[str], numbers: set[str], other: set[str], containment: float) -> bool:
    """Most of the shorter of ``words`` and ``other`` (share ``containment``) is in the
    other one, and no number ``other`` lacks (``numbers``: those of ``words``): "cost 2
    million" does not repeat "cost 3 million", however alike the rest; and a longer
    account of a chosen sentence repeats it as much as a shorter one does."""
    return numbers <= other and len(words & other) >= containment * min(len(words), len(other))


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
    from newsfuse.salience import SalienceModel, fact_features

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
        numbers = _numbers(words)
        specifics = numbers | names(text)
        # a new number is news whatever the words around it; a new name is, unless most of the
        # sentence's words are already said (a paraphrase that names one more actor)
        new_number, new_name = bool(numbers - known), bool(specifics - numbers - known)
        row = _row_of(fact, similarity, sentence.key)
        if not (new_number or new_name) and row is not None and rows and \
                similarity.max_cosine(row, rows) > config.redundancy:
            continue
        if not new_number and len(words) >= 4 and any(_repeats(words, numbers, other, config.containment)
                                                      for other in said):
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
              titles: list[str] | None = None) -> list[SummarySentence]:
    """Choose facts for the brief under a word budget and/or a sentence count.

    The budgets are ``config.words`` and ``config.sentences`` unless ``words`` or
    ``sentences`` is given. Sentences are taken in rank order; one that would
    overrun the word budget is skipped for a shorter one further down, so the
    budget is never exceeded. The brief is shown in story order (earliest
    position in the sources first).
    """
    config = config or SummariseConfig()
    words = config.words if words is _UNSET else words
    sentences = config.sentences if sentences is _UNSET else sentences
    if words is None and sentences is None:
        words = SummariseConfig.words
    chosen: list[tuple[Fact, str]] = []
    kept: set = set()  # member keys of the facts in the brief
    used = 0
    for fact, text in rank(facts, similarity, n_articles, config, titles):
        n = len(text.split())
        if words is not None and used + n > words:
            continue
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
