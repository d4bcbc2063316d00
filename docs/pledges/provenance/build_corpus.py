"""Build ../corpus.tsv from harvest.tsv (text, url) and labels.txt (n, label, missing).

The held-out split: within each label, rows sorted by sha256(id); the first round(30 %) are
held out. New rows are added by appending to both files (same order) and running this again.
"""

import csv
import hashlib
import pathlib

here = pathlib.Path(__file__).resolve().parent
with open(here / "harvest.tsv", encoding="utf-8") as f:
    rows = list(csv.reader(f, delimiter="\t"))[1:]
with open(here / "labels.txt", encoding="utf-8") as f:
    labels = [line.rstrip("\n").split("\t") for line in f if line.strip()]
assert len(rows) == len(labels), (len(rows), len(labels))
out = []
for (text, url), (n, label, missing) in zip(rows, labels):
    out.append({"id": f"p{int(n):03d}", "text": " ".join(text.split()), "label": label,
                "missing": missing, "split": "train", "source_url": url})
for label in ("vague", "concrete"):
    group = sorted((r for r in out if r["label"] == label),
                   key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
    for r in group[: round(0.3 * len(group))]:
        r["split"] = "heldout"
with open(here.parent / "corpus.tsv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, ["id", "text", "label", "missing", "split", "source_url"],
                       delimiter="\t", lineterminator="\n")
    w.writeheader()
    w.writerows(out)
print(len(out), {(lab, s): sum(1 for r in out if r["label"] == lab and r["split"] == s)
                 for lab in ("vague", "concrete") for s in ("train", "heldout")})
