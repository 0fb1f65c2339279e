"""Train the wording model of the reply checks (``servicekit.replies._wording``).

Run: python tools/train_wording.py   (needs the ``train`` extra: scikit-learn)

For each language (en, de, it, ru): a logistic regression (class weights balanced,
C = 3) over tf-idf weighted character n-grams of 2 to 5 letters inside words
(``char_wb``, sublinear tf), fitted on the labelled messages of the *training*
domains under ``tests/data/replies`` (``replies_eval.TRAIN``; the held-out round is
never read), a message needing a cool-down when its label is angry or abusive. The
4000 n-grams with the largest weights are kept and the model is fitted again on them
alone, so that the table stays small; each n-gram's idf and weight and the intercept
are written to ``src/servicekit/replies/_wording_<lang>.py`` as plain data (ruff
formats the file), which servicekit reads without scikit-learn.

The choices (n-gram lengths, C, the 4000 n-grams, the threshold 0.4 in
``_wording.THRESHOLD``) were made on validation sets left out of training (round 5
and the pharmacy/streaming/marketplace set), before the final fit on all training
domains. Fitting is deterministic (lbfgs on the same data), so a rerun reproduces
the tables up to the last printed digit on the same scikit-learn.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from replies_eval import HELDOUT, LANGUAGES, TRAIN, items  # noqa: E402

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


def train(language: str) -> str:
    """The module text of a language's model."""
    import sklearn  # noqa: PLC0415

    messages, _ = items(language, "all")
    if {m["domain"] for m in messages} & set(HELDOUT):
        raise SystemExit("the held-out round must not be trained on")
    texts = [m["text"] for m in messages]
    labels = [m["tone"] in COOL for m in messages]
    vectorizer, model = fit(texts, labels)
    names = vectorizer.get_feature_names_out()
    weights = model.coef_[0]
    strongest = sorted(range(len(names)), key=lambda i: (-abs(weights[i]), names[i]))[:KEEP]
    vectorizer, model = fit(texts, labels, sorted(str(names[i]) for i in strongest))
    names = vectorizer.get_feature_names_out()
    lines = [
        f'"""The wording model for {language!r}: written by tools/train_wording.py, do not edit.',
        "",
        f"Fitted with scikit-learn {sklearn.__version__} on {len(texts)} labelled messages",
        f"({sum(labels)} needing a cool-down) of the training domains:",
        *textwrap.wrap(", ".join(TRAIN) + ".", 80),
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
    for language in LANGUAGES:
        path = ROOT / "src" / "servicekit" / "replies" / f"_wording_{language}.py"
        path.write_text(train(language), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(path)], check=True)
        print(f"{language}: wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
