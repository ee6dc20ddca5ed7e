"""A spaCy pipeline for Russian assembled from natasha's parts, offline: the Docs it makes read like English ones.

The extractors read spaCy Docs (tokens, sentences, `pos_`, `morph`, `lemma_`, `dep_`, `head`, `ents` labelled
PERSON/GPE/LOC/ORG). spaCy has no Russian model on PyPI (the `ru-core-news-sm` there is a placeholder), and
natasha's own API makes its own document objects; its parts, though, install from PyPI with their models inside
the wheels (natasha's data folder) and download nothing. So:

- tokens: razdel, with the text between tokens kept exactly (a single space is the token's trailing space,
  anything else a whitespace token), so character offsets are those of the text;
- sentences: razdel's sentenize within each paragraph (a blank line always ends a sentence, as in English);
- `pos_` and `morph`: slovnet's morphology tagger (UD parts of speech and features);
- `head` and `dep_`: slovnet's dependency parser (UD relations, the root labelled "ROOT" as spaCy's English
  models do), mended so that every sentence is one tree;
- `lemma_`: pymorphy3, the parse that agrees with slovnet's part of speech and case;
- `ents`: slovnet's NER, PER -> PERSON, ORG -> ORG, LOC -> GPE unless the name's head word is a natural
  feature ("море", "река": patterns/ru/entities.yml) -> LOC, as en_core_web_sm tells cities and countries
  from seas and mountains.

The models are loaded once per process (`_models()`), and each component tags the sentences of a whole
`nlp.pipe` batch at once, sorted by length so that little is padded. slovnet masks padding, so a sentence gets
the same tags whatever it is batched with.

pymorphy2, which natasha itself imports, fails on Python 3.11+; `natasha` is never imported here, only its data
folder is found.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from ..errors import ModelError
from .profile import profile
from .ru_numbers import parses

#: Sentences handed to slovnet at once.
SENTENCE_BATCH = 64

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NAVEC = "emb/navec_news_v1_1B_250K_300d_100q.tar"
_MODELS = {"morph": "model/slovnet_morph_news_v1.tar", "syntax": "model/slovnet_syntax_news_v1.tar"}
_MODELS["ner"] = "model/slovnet_ner_news_v1.tar"
_ENTITY_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}


def load(model: str | None = None) -> Language:
    """The Russian pipeline, built once per process. `model` (the English model the settings name) is accepted
    for the profile's signature and ignored: there is one Russian pipeline."""
    return _pipeline()


@cache
def _pipeline() -> Language:
    import spacy

    _models()  # fail here, with one line, if the models are missing
    nlp = spacy.blank("ru")
    nlp.tokenizer = RazdelTokenizer(nlp.vocab)
    for name in (_MORPH, _LEMMAS, _SYNTAX, _NER):
        nlp.add_pipe(name)
    return nlp


@cache
def _data() -> Path:
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the Russian models are not installed; install them with 'pip install natasha==1.6.0'")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


@cache
def _models() -> dict[str, Any]:
    """navec embeddings and the three slovnet models, loaded once per process (about 1.5 s)."""
    from navec import Navec
    from slovnet import NER, Morph, Syntax

    data = _data()
    try:
        navec = Navec.load(str(data / _NAVEC))
        built = {"morph": Morph, "syntax": Syntax, "ner": NER}
        return {
            name: api.load(str(data / _MODELS[name]), batch_size=SENTENCE_BATCH).navec(navec)
            for name, api in built.items()
        }
    except (OSError, ValueError) as exc:
        raise ModelError(
            f"the Russian models in {data} cannot be read ({exc.__class__.__name__}); reinstall natasha==1.6.0"
        ) from None


class RazdelTokenizer:
    """Text -> Doc: razdel's tokens and sentences; the text is kept exactly (`doc.text == text`)."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        starts: list[bool | int | None] = []
        position = 0
        for number, (sentence_start, sentence_end) in enumerate(_sentences(text)):
            first = number > 0  # the first sentence starts at the first token, whitespace or not
            for start, stop in _tokens(text, sentence_start, sentence_end):
                _gap(text[position:start], words, spaces, starts)
                words.append(text[start:stop])
                spaces.append(False)
                starts.append(first)
                first = False
                position = stop
        _gap(text[position:], words, spaces, starts)
        if starts:
            starts[0] = True
        return Doc(self.vocab, words=words, spaces=spaces, sent_starts=starts)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # spaCy calls these when it saves a pipeline; there is nothing to save.
    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> RazdelTokenizer:
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> RazdelTokenizer:
        return self


def _gap(gap: str, words: list[str], spaces: list[bool], starts: list[bool | int | None]) -> None:
    """The text between two tokens: one space is the trailing space of the token before; anything else (more
    spaces, a newline, a no-break space) is a whitespace token of its own, in the sentence before it."""
    if not gap:
        return
    if words and gap[0] == " ":
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)
        starts.append(False)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """Char spans of sentences: razdel's sentenize within each paragraph."""
    import razdel

    position = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        paragraph = text[position:end]
        for sentence in razdel.sentenize(paragraph):
            if sentence.text.strip():
                yield position + sentence.start, position + sentence.stop
        position = brk.end() if brk else len(text)


def _tokens(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    import razdel

    for token in razdel.tokenize(text[start:end]):
        yield start + token.start, start + token.stop


class _Sentence(NamedTuple):
    doc: Doc
    tokens: list[int]  # indices of its word tokens (whitespace tokens left out)


def _sentences_of(docs: list[Doc]) -> list[_Sentence]:
    found = []
    for doc in docs:
        for sent in doc.sents:
            tokens = [t.i for t in sent if not t.is_space]
            if tokens:
                found.append(_Sentence(doc, tokens))
    return found


def _tagged(model: str, sentences: list[_Sentence]) -> list[Any]:
    """The model's output for each sentence, in order; the sentences are tagged shortest first."""
    order = sorted(range(len(sentences)), key=lambda k: (len(sentences[k].tokens), k))
    items = [[sentences[k].doc[i].text for i in sentences[k].tokens] for k in order]
    with _one_blas_thread():
        if model == "ner":
            infer = _models()["ner"].infer  # tags per our own tokens (its API would tokenize the text again)
            outputs = list(infer.decoder(infer.process(infer.encoder(items))))
        else:
            outputs = list(_models()[model].map(items))
    result: list[Any] = [None] * len(sentences)
    for k, output in zip(order, outputs, strict=True):
        result[k] = output
    return result


@cache
def _openblas_threads() -> Callable[[int], int] | None:
    """numpy's OpenBLAS `openblas_set_num_threads_local` (sets, returns the previous count), or None.

    slovnet's products are of small matrices: OpenBLAS's threads cost more than they give, two to three times
    the time on two busy cores (docs/language.md), and we already parse in one process per CPU. threadpoolctl
    does this in general; we are not adding a dependency for the one call."""
    import ctypes

    folder = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(folder.glob("*openblas*")):
        try:
            setter = ctypes.CDLL(str(path)).openblas_set_num_threads_local
        except (OSError, AttributeError):
            continue
        setter.argtypes, setter.restype = [ctypes.c_int], ctypes.c_int
        return setter  # type: ignore[no-any-return]
    return None


@contextmanager
def _one_blas_thread() -> Iterator[None]:
    """numpy's matrix products on one thread within the block (nothing changes where OpenBLAS is not found)."""
    setter = _openblas_threads()
    if setter is None:
        yield
        return
    previous = setter(1)
    try:
        yield
    finally:
        setter(previous)


class _BatchComponent:
    """A component that tags all sentences of a batch of docs at once."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                self.annotate(batch)
                yield from batch
                batch = []
        if batch:
            self.annotate(batch)
            yield from batch

    def annotate(self, docs: list[Doc]) -> None:
        raise NotImplementedError


class MorphTagger(_BatchComponent):
    """pos_ and morph from slovnet's tagger; whitespace tokens get SPACE."""

    def annotate(self, docs: list[Doc]) -> None:
        sentences = _sentences_of(docs)
        for sentence, markup in zip(sentences, _tagged("morph", sentences), strict=True):
            for i, tag in zip(sentence.tokens, markup.tokens, strict=True):
                token = sentence.doc[i]
                token.pos_ = tag.pos
                token.set_morph("|".join(f"{k}={v}" for k, v in sorted(tag.feats.items())) or None)  # type: ignore[attr-defined]  # in spaCy, not in its stubs
        for doc in docs:
            for token in doc:
                if token.is_space:
                    token.pos_ = "SPACE"


#: UD parts of speech -> the OpenCorpora ones pymorphy3 may give the same word.
_POS = {
    "NOUN": {"NOUN"}, "PROPN": {"NOUN"}, "VERB": {"VERB", "INFN", "PRTF", "PRTS", "GRND"}, "AUX": {"VERB"},
    "ADJ": {"ADJF", "ADJS", "COMP", "PRTF", "PRTS"}, "ADV": {"ADVB", "COMP", "PRED"}, "NUM": {"NUMR", "ADJF"},
    "PRON": {"NPRO"}, "DET": {"ADJF", "NPRO"}, "ADP": {"PREP"}, "CCONJ": {"CONJ"}, "SCONJ": {"CONJ"},
    "PART": {"PRCL"}, "INTJ": {"INTJ"},
}  # fmt: skip
_CASES = {"Nom": "nomn", "Gen": "gent", "Par": "gen2", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
_CASES |= {"Voc": "voct"}
_NUMBERS = {"Sing": "sing", "Plur": "plur"}


@lru_cache(maxsize=65536)
def _lemma(text: str, pos: str, case: str, number: str) -> str:
    """pymorphy3's dictionary form from the parse that agrees best with slovnet (part of speech, then case,
    then number); pymorphy3's own order breaks ties. Proper nouns keep their capital ("Москве" -> "Москва")."""
    if not any(char.isalpha() for char in text):
        return text
    wanted_pos = _POS.get(pos, set())
    best, best_score = None, -1.0
    for parse in parses(text):
        score = 0.0
        if parse.tag.POS in wanted_pos:
            score += 4
        if case and _CASES.get(case) in parse.tag:
            score += 2
        if number and _NUMBERS.get(number) in parse.tag:
            score += 1
        if score > best_score:
            best, best_score = parse, score
    lemma = best.normal_form if best is not None else text.lower()
    if pos == "PROPN" and text.isupper() and len(text) > 1:
        return lemma.upper()  # "США"
    if pos == "PROPN" and text.istitle():
        return lemma.title()  # "Санкт-Петербурга" -> "Санкт-Петербург"
    if pos == "PROPN" and text[:1].isupper():
        return lemma[:1].upper() + lemma[1:]
    return lemma


class Lemmatizer(_BatchComponent):
    """lemma_ from pymorphy3, guided by the tagger's part of speech and case."""

    def annotate(self, docs: list[Doc]) -> None:
        for doc in docs:
            for token in doc:
                if token.is_space:
                    token.lemma_ = token.text
                    continue
                morph = token.morph
                case = (morph.get("Case", []) or [""])[0]
                number = (morph.get("Number", []) or [""])[0]
                token.lemma_ = _lemma(token.text, token.pos_, case, number)


def tree(heads: list[int], rels: list[str]) -> tuple[list[int], list[str]]:
    """A parser's heads (1-based, 0 for the root) and relations mended into one tree: the first root stays the
    root (labelled ROOT); any other root, a head out of range, or a token on a cycle is attached to it."""
    n = len(heads)
    heads = [h if 0 <= h <= n and h != i + 1 else -1 for i, h in enumerate(heads)]
    rels = list(rels)
    roots = [i for i, h in enumerate(heads) if h == 0]
    root = roots[0] if roots else next((i for i, r in enumerate(rels) if r == "root"), 0)
    for i in range(n):
        if i != root and (heads[i] <= 0):
            heads[i], rels[i] = root + 1, "parataxis" if rels[i] == "root" else rels[i]
    heads[root], rels[root] = 0, "ROOT"
    for i in range(n):  # a cycle never reaches the root: cut it at the token where it was found
        seen, j = set(), i
        while j != root and j not in seen:
            seen.add(j)
            j = heads[j] - 1
        if j != root:
            heads[i], rels[i] = root + 1, "dep" if rels[i] == "root" else rels[i]
    return heads, rels


class DependencyParser(_BatchComponent):
    """head and dep_ from slovnet's parser: each sentence one tree; whitespace tokens hang on the word before."""

    def annotate(self, docs: list[Doc]) -> None:
        sentences = _sentences_of(docs)
        # relative heads (signed) and label hashes (unsigned, 64 bits), put together for `from_array` at the end
        heads = {id(doc): np.zeros(len(doc), dtype="int64") for doc in docs}
        deps = {id(doc): np.zeros(len(doc), dtype="uint64") for doc in docs}
        for sentence, markup in zip(sentences, _tagged("syntax", sentences), strict=True):
            parents, rels = tree([int(t.head_id) for t in markup.tokens], [t.rel for t in markup.tokens])
            strings = sentence.doc.vocab.strings
            for k, i in enumerate(sentence.tokens):
                heads[id(sentence.doc)][i] = (sentence.tokens[parents[k] - 1] if parents[k] else i) - i
                deps[id(sentence.doc)][i] = strings.add(rels[k])
        for doc in docs:
            dep = doc.vocab.strings.add("dep")
            for sent in doc.sents:
                words = [t.i for t in sent if not t.is_space]
                for token in sent:
                    if token.is_space and words:
                        before = [i for i in words if i < token.i]
                        heads[id(doc)][token.i] = (before[-1] if before else words[0]) - token.i
                        deps[id(doc)][token.i] = dep
            if any(not token.is_space for token in doc):
                array = np.column_stack([heads[id(doc)].astype("uint64"), deps[id(doc)]])
                doc.from_array([HEAD, DEP], array)  # type: ignore[arg-type]  # a uint64 array, as spaCy reads it


@cache
def _natural_features() -> frozenset[str]:
    return frozenset(profile("ru").lexicon("entities")["natural_features"])


class EntityRecognizer(_BatchComponent):
    """ents from slovnet's NER, with English's labels (PERSON, ORG, GPE or LOC)."""

    def annotate(self, docs: list[Doc]) -> None:
        sentences = _sentences_of(docs)
        found: dict[int, list[Span]] = {id(doc): [] for doc in docs}
        for sentence, tags in zip(sentences, _tagged("ner", sentences), strict=True):
            for start, end, kind in _bio_spans(tags):
                doc = sentence.doc
                first, last = sentence.tokens[start], sentence.tokens[end - 1] + 1
                found[id(doc)].append(Span(doc, first, last, label=_label(doc[first:last], kind)))
        for doc in docs:
            doc.ents = filter_spans(found[id(doc)])


def _bio_spans(tags: list[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, type) of the entities in BIO tags; an I- without its B- starts one."""
    start, kind = None, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix != "I" or label != kind):
            yield start, i, kind
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, label
    return


def _label(words: Span, kind: str) -> str:
    """PER -> PERSON, ORG -> ORG; LOC -> LOC for a natural feature, named in the name ("Чёрного моря") or just
    before it ("реки Урал"), else GPE. The gazetteer, once it reads Cyrillic names, can tell the rest."""
    if kind == "LOC":
        before = [words.doc[words.start - 1]] if words.start > 0 else []
        if any(token.lemma_.lower() in _natural_features() for token in [*before, *words]):
            return "LOC"
    return _ENTITY_LABELS.get(kind, kind)


_MORPH, _LEMMAS, _SYNTAX, _NER = "ru_morph", "ru_lemmas", "ru_syntax", "ru_ner"
Language.factory(_MORPH, func=lambda nlp, name: MorphTagger(nlp, name))
Language.factory(_LEMMAS, func=lambda nlp, name: Lemmatizer(nlp, name))
Language.factory(_SYNTAX, func=lambda nlp, name: DependencyParser(nlp, name))
Language.factory(_NER, func=lambda nlp, name: EntityRecognizer(nlp, name))
