"""Train the wording models of the reply checks (``servicekit.replies._wording``).

Run: python tools/train_wording.py   (needs the ``train`` extra: scikit-learn)

For each language (en, de, it, ru), two models, each a logistic regression (class
weights balanced, C = 3) over tf-idf weighted character n-grams of 2 to 5 letters
inside words (``char_wb``, sublinear tf), fitted on the labelled items of the
models' training domains under ``tests/data/replies`` (``replies_eval.MODEL_TRAIN``:
rounds 1 to 6; rounds 7 and 8, which judge the models, are never read):

- ``cooldown``: the incoming messages, one needing a cool-down when its label is
  angry or abusive (``_wording_<lang>.py``);
- ``blame``: the reply drafts, one blaming when its labels hold ``blame``
  (``_wording_blame_<lang>.py``).

The 4000 n-grams with the largest weights are kept and the model is fitted again on
them alone, so that the table stays small; each n-gram's idf and weight and the
intercept are written as plain data (ruff formats the file), which servicekit reads
without scikit-learn.

The choices (n-gram lengths, C, the 4000 n-grams, the thresholds in ``_wording``)
were made on labelled rounds left out of training (round 5, the
pharmacy/streaming/marketplace set and round 6, one at a time), before the final fit
on all training domains. Fitting is deterministic (lbfgs on the same data), so a
rerun reproduces the tables up to the last printed digit on the same scikit-learn.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from replies_eval import LANGUAGES, MODEL_TRAIN, ROUND7, ROUND8, items  # noqa: E402

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


def train(language: str, kind: str) -> str:
    """The module text of a language's model of a kind (``cooldown`` or ``blame``)."""
    import sklearn  # noqa: PLC0415

    messages, replies = items(language, "model")
    if {m["domain"] for m in [*messages, *replies]} & {*ROUND7, *ROUND8}:
        raise SystemExit("rounds 7 and 8 judge the models: they must not be trained on")
    if kind == "cooldown":
        texts = [m["text"] for m in messages]
        labels = [m["tone"] in COOL for m in messages]
        what = f"{len(texts)} labelled messages\n({sum(labels)} needing a cool-down)"
    else:
        texts = [r["text"] for r in replies]
        labels = ["blame" in r["expect"] for r in replies]
        what = f"{len(texts)} labelled reply drafts\n({sum(labels)} blaming)"
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
        *textwrap.wrap(", ".join(MODEL_TRAIN) + ".", 80),
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
    for kind, prefix in (("cooldown", "_wording"), ("blame", "_wording_blame")):
        for language in LANGUAGES:
            path = ROOT / "src" / "servicekit" / "replies" / f"{prefix}_{language}.py"
            path.write_text(train(language, kind), encoding="utf-8")
            subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(path)], check=True)
            print(f"{language} {kind}: wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
