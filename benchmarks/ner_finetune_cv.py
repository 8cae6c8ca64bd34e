"""Experiment: does fine-tuning en_core_web_sm's NER on the dev gold beat the shipped NER inside the pipeline?

Run by `make ner-cv` (not part of `make test`; about 6 minutes on 2 cores). Uses the DEV splits only: the re3d dev
documents and the FA-KES entity gold's dev articles are each cut into two folds by md5 of their id; for each fold, the
NER is fine-tuned on the other fold and the whole pipeline (gazetteer ruler, fine-tuned NER, entity rules, re3d span
conventions) is scored on this one. The two folds' predictions are pooled and scored against all of dev, and compared
with the shipped NER on the same documents. The test splits are never read. Results go to benchmarks/NER_FINETUNE.md.

How gold becomes NER training tags (the pipeline's NER draws names the OntoNotes way; re3d draws its own):
- `strict` (default): of each gold span, only its name core is a target: without a leading determiner or possessive,
  a trailing 's, and (for a Person) titles and ranks before the name; the core must start and end with a proper
  noun, an acronym or a capitalised word inside a sentence, and hold no comma, bracket or pronoun. Spans with no
  such core ('rebels', 'them', 'Members of the Security Council', 'Iraqi security forces') are missing values, as are
  the words the core left out: the NER is neither taught to tag nor to skip them. A Nationality counts only as one
  capitalised word; a Location is GPE unless the shipped NER or a facility noun says LOC or FAC.
- `loose`: each gold span as re3d draws it (without a leading determiner or possessive), if it has a proper noun or a
  capitalised first word inside a sentence.
- Either way, tokens outside gold are 'O' for the gold's types, and the shipped NER's other entities (dates,
  numbers, money, events...) are kept as targets where they overlap no gold span, so the NER keeps them.

    python benchmarks/ner_finetune_cv.py                    # the grid below
    python benchmarks/ner_finetune_cv.py --mappings loose --epochs 5,15 --drop 0.3
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RE3D = ROOT / "data" / "re3d"
FAKES = ROOT / "data" / "fakes" / "FA-KES-Dataset.csv"
FAKES_GOLD = ROOT / "tests" / "fixtures" / "fakes_entities_gold.jsonl"
OUT = ROOT / "benchmarks" / "NER_FINETUNE.md"
RE3D_TO_LABEL = {"Person": "PERSON", "Organisation": "ORG", "Location": "GPE", "Nationality": "NORP"}
FAKES_TO_LABEL = {"PERSON": "PERSON", "ORG": "ORG", "LOC": "GPE"}
LOC_LABELS = frozenset({"GPE", "LOC", "FAC"})
LEADING = frozenset({"the", "a", "an", "its", "their", "our", "his", "her", "this", "these", "that", "those"})
RE3D_SHOWN = ("Person", "Organisation", "Location")


def fold_of(key: str) -> int:
    """Return 0 or 1: the fold of a document or article id (md5 parity)."""
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % 2


def base_nlp():
    """Return the plain resolved spaCy model with the pipeline's tokenizer adjustments (no ruler)."""
    import spacy

    from conflictnews import nlp as cnlp

    nlp = spacy.load(cnlp.resolve_model_name())
    cnlp.adjust_tokenizer(nlp)
    return nlp


def _is_name_token(token) -> bool:
    """Return True for a proper noun, an acronym, or a capitalised word that does not open a sentence."""
    return token.pos_ == "PROPN" or (token.is_upper and len(token) > 1) or (token.is_title and not token.is_sent_start)


def _without_determiners(doc, s: int, e: int) -> tuple[int, int]:
    """Return a token range without a leading determiner or possessive pronoun and a trailing possessive 's."""
    while s < e and doc[s].lower_ in LEADING:
        s += 1
    while e > s and doc[e - 1].lower_ in ("'s", "’s", "'", "’"):
        e -= 1
    return s, e


def name_core(doc, s: int, e: int, label: str, mapping: str) -> tuple[int, int] | None:
    """Return the token range the NER should learn for a gold span (see the module docstring), or None."""
    from conflictnews.entities import title_words

    s, e = _without_determiners(doc, s, e)
    if s >= e:
        return None
    if mapping == "loose":
        first = doc[s]
        named = first.text[:1].isupper() and (any(t.pos_ == "PROPN" for t in doc[s:e]) or not first.is_sent_start)
        return (s, e) if named else None
    if label == "NORP":
        return (s, e) if e - s == 1 and doc[s].text[:1].isupper() else None
    if label == "PERSON":
        titles = frozenset().union(*title_words())
        while s < e and (doc[s].lower_.rstrip(".") in titles or doc[s].is_punct or not _is_name_token(doc[s])):
            s += 1
    if s >= e or not _is_name_token(doc[s]) or not (_is_name_token(doc[e - 1]) or doc[e - 1].is_digit):
        return None
    if doc[s].tag_ in ("NNS", "NNPS") and label != "GPE":
        return None
    if any(t.text in (",", ";", "(", ")") or t.pos_ == "PRON" for t in doc[s:e]):
        return None
    return s, e


def _place_label(doc, s: int, e: int, predicted: dict) -> str:
    """Return GPE, LOC or FAC for a gold place: the shipped NER's label for the same span, FAC for a facility noun."""
    from conflictnews import nlp as cnlp

    label = predicted.get((s, e))
    if label in LOC_LABELS:
        return label
    return "FAC" if doc[e - 1].lower_ in cnlp.facility_head_words() else "GPE"


def _overlaps(s: int, e: int, spans) -> bool:
    """Return True if token range [s, e) overlaps any (start, end, ...) in spans."""
    return any(s < x[1] and x[0] < e for x in spans)


def training_example(nlp, text: str, gold: list[tuple[int, int, str]], gold_labels: frozenset[str], mapping: str):
    """Return a spaCy Example for one text: gold name cores as targets, the rest of each gold span missing, the
    shipped NER's entities of other labels kept, everything else 'O'."""
    from spacy.training import Example

    parsed, doc = nlp(text), nlp.make_doc(text)
    predicted = {(ent.start, ent.end): ent.label_ for ent in parsed.ents}
    targets, missing = [], []
    for begin, end, label in gold:
        span = doc.char_span(begin, end, alignment_mode="expand")
        if span is None:
            continue
        core = name_core(parsed, span.start, span.end, label, mapping)
        if core is None:
            missing.append((span.start, span.end))
            continue
        s, e = core
        missing += [(span.start, s), (e, span.end)]
        targets.append((s, e, _place_label(parsed, s, e, predicted) if label == "GPE" else label))
    targets.sort(key=lambda t: (t[0] - t[1], t[0]))  # longest first: a nested gold name gives way
    kept: list[tuple[int, int, str]] = []
    for s, e, label in targets:
        if not _overlaps(s, e, kept) and not _overlaps(s, e, [m for m in missing if m[0] < m[1]]):
            kept.append((s, e, label))
    for ent in parsed.ents:
        ours = ent.label_ in gold_labels or (ent.label_ in LOC_LABELS and "GPE" in gold_labels)
        if not ours and not _overlaps(ent.start, ent.end, kept + missing):
            kept.append((ent.start, ent.end, ent.label_))
    tags = ["O"] * len(doc)
    for s, e in missing:
        for i in range(s, e):
            tags[i] = "-"
    for s, e, label in kept:
        tags[s:e] = [f"U-{label}"] if e - s == 1 else [f"B-{label}"] + [f"I-{label}"] * (e - s - 2) + [f"L-{label}"]
    return Example.from_dict(doc, {"entities": tags})


def re3d_examples(nlp, documents: pd.DataFrame, gold: pd.DataFrame, mapping: str) -> list:
    """Return one training Example per re3d document."""
    by_doc = dict(iter(gold.groupby("doc_id")))
    out = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        g = by_doc.get(doc_id, gold.iloc[:0])
        spans = [(b, e, RE3D_TO_LABEL[t]) for b, e, t in zip(g["begin"], g["end"], g["type"]) if t in RE3D_TO_LABEL]
        out.append(training_example(nlp, text, spans, frozenset({"PERSON", "ORG", "GPE", "NORP"}), mapping))
    return out


def fakes_examples(nlp, articles: pd.DataFrame, gold: pd.DataFrame, mapping: str) -> list:
    """Return one training Example per title and body of the FA-KES gold articles (NORP is not annotated there)."""
    by_field = dict(iter(gold.groupby(["article_id", "where"])))
    out = []
    for row in articles.to_dict("records"):
        for where in ("title", "text"):
            if isinstance(row[where], str) and row[where].strip():
                g = by_field.get((row["article_id"], where), gold.iloc[:0])
                spans = [(b, e, FAKES_TO_LABEL[lab]) for b, e, lab in zip(g["start"], g["end"], g["label"])]
                out.append(training_example(nlp, row[where], spans, frozenset({"PERSON", "ORG", "GPE"}), mapping))
    return out


def fine_tuned_ner(examples: list, epochs: int, drop: float, learn_rate: float | None, seed: int = 0) -> bytes:
    """Return the weights of the shipped NER fine-tuned on examples (seeded; other components untouched)."""
    import spacy

    spacy.util.fix_random_seed(seed)
    nlp = base_nlp()
    optimizer = nlp.resume_training()
    if learn_rate is not None:
        optimizer.learn_rate = learn_rate
    rng, data = random.Random(seed), list(examples)
    with nlp.select_pipes(enable=["ner"]):
        for _ in range(epochs):
            rng.shuffle(data)
            for i in range(0, len(data), 8):
                nlp.update(data[i:i + 8], drop=drop, sgd=optimizer)
    return nlp.get_pipe("ner").to_bytes()


def cv_scores(folds: dict, weights: dict[int, bytes] | None) -> pd.DataFrame:
    """Return dev F1 per corpus, type and matching, pooled over both folds, with the given NER weights per fold
    (None: the shipped NER)."""
    from conflictnews import evaluation as ev
    from conflictnews import nlp as cnlp
    from conflictnews.entities import extract_entities

    ner = cnlp.get_nlp().get_pipe("ner")
    shipped = ner.to_bytes()
    spans, entities = [], []
    try:
        for f in (0, 1):
            if weights is not None:
                ner.from_bytes(weights[f])
            spans.append(ev.predict_re3d_spans(folds["re3d_docs"][f], "conflictnews"))
            entities.append(extract_entities(folds["fakes_articles"][f]))
    finally:
        ner.from_bytes(shipped)
    rows = []
    pred = pd.concat(spans, ignore_index=True)
    for matching in ("exact", "overlap"):
        s = ev.score_spans(folds["re3d_gold"], pred, matching)
        rows += [{"corpus": "re3d", "type": t, "matching": matching, "f1": f}
                 for t, f in zip(s["type"], s["f1"]) if t in RE3D_SHOWN]
    fs = ev.evaluate_entities_fakes(folds["fakes_gold"], pd.concat(entities, ignore_index=True))
    fs = fs[fs["split"] == "dev"]
    rows += [{"corpus": "FA-KES", "type": t, "matching": m, "f1": f} for t, m, f in zip(fs["type"], fs["matching"], fs["f1"])]
    return pd.DataFrame(rows)


def dev_folds() -> dict:
    """Return the dev documents, articles and gold of both corpora, cut into two folds."""
    from conflictnews import evaluation as ev
    from conflictnews.loading import load_articles

    docs, gold = ev.load_re3d(RE3D)
    docs = docs[ev.re3d_split(docs) == "dev"].reset_index(drop=True)
    articles = load_articles(str(FAKES))
    fgold, rejected = ev.read_fakes_entity_gold(FAKES_GOLD, articles)
    if not rejected.empty:
        raise SystemExit(f"{len(rejected)} FA-KES gold rows do not resolve: run the test suite")
    fgold = fgold[fgold["split"] == "dev"].reset_index(drop=True)
    annotated = articles[articles["article_id"].isin(set(fgold["article_id"]))]
    return {
        "re3d_docs": {f: docs[docs["doc_id"].map(fold_of) == f] for f in (0, 1)},
        "re3d_gold": gold[gold["doc_id"].isin(set(docs["doc_id"]))],
        "fakes_articles": {f: annotated[annotated["article_id"].map(fold_of) == f] for f in (0, 1)},
        "fakes_gold": fgold,
    }


def markdown_table(frame: pd.DataFrame, index_name: str) -> list[str]:
    """Return a DataFrame as Markdown table lines (index first)."""
    head = [index_name, *map(str, frame.columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join([str(i), *(f"{v:.3f}" for v in row)]) + " |" for i, row in zip(frame.index, frame.values)]
    return lines


def main() -> None:
    """Run the grid and write benchmarks/NER_FINETUNE.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mappings", default="strict,loose", help="comma-separated gold-to-tag mappings to try")
    parser.add_argument("--epochs", default="3,10,30", help="comma-separated epochs to try")
    parser.add_argument("--drop", type=float, default=0.2)
    parser.add_argument("--learn-rates", default="0.0003,0.001", help="comma-separated learning rates")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    started = time.perf_counter()
    folds = dev_folds()
    nlp = base_nlp()
    results = [cv_scores(folds, None).assign(system="shipped NER")]
    for mapping in args.mappings.split(","):
        examples = {f: re3d_examples(nlp, folds["re3d_docs"][f], folds["re3d_gold"], mapping)
                    + fakes_examples(nlp, folds["fakes_articles"][f],
                                     folds["fakes_gold"][folds["fakes_gold"]["article_id"].map(fold_of) == f], mapping)
                    for f in (0, 1)}
        for rate in (float(x) for x in args.learn_rates.split(",")):
            for epochs in (int(x) for x in args.epochs.split(",")):
                weights = {f: fine_tuned_ner(examples[1 - f], epochs, args.drop, rate) for f in (0, 1)}
                name = f"{mapping}, {epochs} epochs, lr {rate:g}"
                results.append(cv_scores(folds, weights).assign(system=name))
                print(f"{name}: done at {time.perf_counter() - started:.0f} s", flush=True)
    table = pd.concat(results, ignore_index=True)
    wide = table.pivot_table(index="system", columns=["corpus", "type", "matching"], values="f1", sort=False).round(3)
    base = wide.iloc[0]
    best_gain = (wide.iloc[1:] - base).max().round(3)
    lines = [
        "# Fine-tuning the NER on the dev gold: 2-fold cross-validation on dev",
        "",
        f"Written by `benchmarks/ner_finetune_cv.py` on {dt.date.today().isoformat()}; mappings `{args.mappings}` "
        f"(module docstring), dropout {args.drop}, batches of 8, seed 0; {sum(len(x) for x in examples.values())} "
        "training texts "
        f"({len(folds['re3d_gold'])} re3d dev gold spans, {len(folds['fakes_gold'])} FA-KES dev gold mentions). "
        "Test splits are not read. F1 of the whole pipeline, each fold predicted by a model that did not train on it.",
        "",
    ]
    for corpus in ("re3d", "FA-KES"):
        part = wide[corpus]
        part.columns = [f"{t} {m}" for t, m in part.columns]
        lines += [f"## {corpus} dev", "", *markdown_table(part, "system"), ""]
    gains = best_gain.to_frame("best gain")
    gains.index = [" ".join(i) for i in gains.index]
    lines += ["## Best fine-tuned F1 minus the shipped NER's, per measure", "",
              "The best of all settings for each measure on its own (the best settings differ between measures).", "", *markdown_table(gains, "measure"), ""]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
