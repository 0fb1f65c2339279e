"""Train the wording models of the reply checks (``servicekit.replies._wording``).

Run: python tools/train_wording.py [kind …]   (needs the ``train`` extra: scikit-learn)

For each language (en, de, it, ru), four models, each a logistic regression (class
weights balanced, C = 3) over tf-idf weighted character n-grams of 2 to 5 letters
inside words (``char_wb``, sublinear tf), fitted on labelled items under
``tests/data/replies`` (the held-out round is never read):

- ``cooldown``: the incoming messages, one needing a cool-down when its label is
  angry or abusive (``_wording_<lang>.py``);
- ``blame``: the reply drafts, one blaming when its labels hold ``blame``
  (``_wording_blame_<lang>.py``);
- ``jargon`` and ``next-step``: the reply drafts, by their labels ``jargon`` and
  ``no-next-step`` (``_wording_jargon_<lang>.py``, ``_wording_next_step_<lang>.py``).

The cool-down and blame models are fitted on rounds 1 to 6
(``replies_eval.MODEL_TRAIN``: fitted before round 7 was read and kept since, so
rounds 7 to 9 judge them), the jargon and next-step models on every training round
(``replies_eval.TRAIN``: rounds 1 to 8).

The 4000 n-grams with the largest weights are kept and the model is fitted again on
them alone, so that the table stays small; each n-gram's idf and weight and the
intercept are written as plain data (ruff formats the file), which servicekit reads
without scikit-learn.

The choices (n-gram lengths, C, the 4000 n-grams, the thresholds in ``_wording``)
were made on labelled rounds left out of training, one at a time, before the final
fit. Fitting is deterministic (lbfgs on the same data), so a
rerun reproduces the tables up to the last printed digit on the same scikit-learn.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from replies_eval import HELDOUT, LANGUAGES, MODEL_TRAIN, TRAIN, items  # noqa: E402

KEEP = 4000
C = 3.0
NGRAMS = (2, 5)
COOL = ("angry", "abusive")


def fit(texts: list[str], labels: list[bool], vocabulary: list[str] | None = None):  # noqa: ANN201
    """A fitted (vectorizer, model) pair."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True, vocabulary=vocabulary
    )
    matrix = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=10_000)
    model.fit(matrix, labels)
    return vectorizer, model


#: Per model: the file prefix, the split it is fitted on, and the label of the drafts
#: it learns (``None``: the cool-down of incoming messages).
MODELS = {
    "cooldown": ("_wording", "model", None),
    "blame": ("_wording_blame", "model", "blame"),
    "jargon": ("_wording_jargon", "all", "jargon"),
    "next-step": ("_wording_next_step", "all", "no-next-step"),
}


def train(language: str, kind: str) -> str:
    """The module text of a language's model of a kind (a key of ``MODELS``)."""
    import sklearn  # noqa: PLC0415

    _, split, label = MODELS[kind]
    messages, replies = items(language, split)
    if {m["domain"] for m in [*messages, *replies]} & set(HELDOUT):
        raise SystemExit("the held-out round must not be trained on")
    if label is None:
        texts = [m["text"] for m in messages]
        labels = [m["tone"] in COOL for m in messages]
        what = f"{len(texts)} labelled messages\n({sum(labels)} needing a cool-down)"
    else:
        texts = [r["text"] for r in replies]
        labels = [label in r["expect"] for r in replies]
        what = f"{len(texts)} labelled reply drafts\n({sum(labels)} labelled {label})"
    vectorizer, model = fit(texts, labels)
    names = vectorizer.get_feature_names_out()
    weights = model.coef_[0]
    strongest = sorted(range(len(names)), key=lambda i: (-abs(weights[i]), names[i]))[:KEEP]
    vectorizer, model = fit(texts, labels, sorted(str(names[i]) for i in strongest))
    names = vectorizer.get_feature_names_out()
    lines = [
        f'"""The {kind} model for {language!r}: written by tools/train_wording.py, do not edit.',
        "",
        f"Fitted with scikit-learn {sklearn.__version__} on {what} of the training domains:",
        *textwrap.wrap(", ".join(MODEL_TRAIN if split == "model" else TRAIN) + ".", 80),
        "Each n-gram maps to (idf, weight); see servicekit.replies._wording.",
        '"""',
        "",
        f"INTERCEPT = {float(model.intercept_[0])!r}",
        "FEATURES: dict[str, tuple[float, float]] = {",
    ]
    for name, idf, weight in zip(names, vectorizer.idf_, model.coef_[0], strict=True):
        lines.append(f"    {str(name)!r}: ({float(f'{idf:.6g}')!r}, {float(f'{weight:.6g}')!r}),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    kinds = sys.argv[1:] or list(MODELS)
    for kind in kinds:
        prefix = MODELS[kind][0]
        for language in LANGUAGES:
            path = ROOT / "src" / "servicekit" / "replies" / f"{prefix}_{language}.py"
            path.write_text(train(language, kind), encoding="utf-8")
            subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(path)], check=True)
            print(f"{language} {kind}: wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
