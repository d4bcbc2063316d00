"""Evaluate the "5 rõ" check (toolkit.rules.five_clear) on the labelled pledge corpus.

    python scripts/eval_five_clear.py [CORPUS.tsv] [--verbose]

The corpus (default ``docs/pledges/corpus.tsv``; columns id, text, label, missing, split,
source_url) holds real pledge lines from public pages, labelled by ``docs/pledges/LABELLING.md``
on their text only, so they are judged without a goal or deadline column. For the train and the
fixed held-out split it prints: counts, recall on vague texts (the share of vague texts
flagged), the share of concrete texts flagged, the agreement of the missing "rõ" codes, and
every misclassified text (all texts with ``--verbose``).

Exit code: 0 when the held-out goal (recall >= 0.9 and at most 10 % of concrete texts flagged)
is met, 1 when it is not, 2 when it cannot be measured (the held-out split lacks vague or
concrete texts: see docs/pledges/README.md).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.rules import five_clear  # noqa: E402

CORPUS = ROOT / "docs" / "pledges" / "corpus.tsv"
GOAL_RECALL = 0.9
GOAL_CONCRETE_FLAGGED = 0.10


def load(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def evaluate(rows: list[dict[str, str]]) -> dict[str, object]:
    """Counts, recall on vague, share of concrete flagged, code agreement, the misclassified."""
    vague = [r for r in rows if r["label"] == "vague"]
    concrete = [r for r in rows if r["label"] == "concrete"]
    wrong, judged = [], []
    code_hits = code_total = flagged_vague = flagged_concrete = 0
    for r in rows:
        v = five_clear.assess(r["text"])
        judged.append((r, v))
        gold = {c for c in r["missing"].split(",") if c and c != "nguoi"}
        code_total += len(five_clear.CODES)
        code_hits += sum((c in gold) == (c in v.missing) for c in five_clear.CODES)
        if r["label"] == "vague":
            flagged_vague += v.vague
        else:
            flagged_concrete += v.vague
        if v.vague != (r["label"] == "vague"):
            wrong.append((r, v))
    return {
        "n": len(rows), "vague": len(vague), "concrete": len(concrete),
        "recall": flagged_vague / len(vague) if vague else None,
        "concrete_flagged": flagged_concrete / len(concrete) if concrete else None,
        "flagged_vague": flagged_vague, "flagged_concrete": flagged_concrete,
        "code_agreement": code_hits / code_total if code_total else None,
        "wrong": wrong, "judged": judged,
    }


def _ratio(x: object) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def report(name: str, res: dict[str, object], verbose: bool) -> list[str]:
    lines = [f"== {name}: {res['n']} texts ({res['vague']} vague, {res['concrete']} concrete)",
             f"   recall on vague      : {_ratio(res['recall'])} "
             f"({res['flagged_vague']}/{res['vague']})",
             f"   concrete flagged     : {_ratio(res['concrete_flagged'])} "
             f"({res['flagged_concrete']}/{res['concrete']})",
             "   missing-code agreement (viec, ket_qua, thoi_gian, trach_nhiem): "
             f"{_ratio(res['code_agreement'])}",
             f"   misclassified        : {len(res['wrong'])}"]  # type: ignore[arg-type]
    shown = res["judged"] if verbose else res["wrong"]
    for r, v in shown:  # type: ignore[union-attr]
        got = "vague" if v.vague else "concrete"
        lines.append(f"   - {r['id']} gold={r['label']} got={got} "
                     f"missing={','.join(v.missing) or '-'} reasons={','.join(v.reasons) or '-'}")
        lines.append(f"     {r['text']}")
    return lines


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    args = [a for a in argv if not a.startswith("--")]
    rows = load(Path(args[0]) if args else CORPUS)
    results = {}
    for split in ("train", "heldout"):
        results[split] = evaluate([r for r in rows if r["split"] == split])
        print("\n".join(report(split, results[split], verbose)))
    held = results["heldout"]
    goal = (f"GOAL (held-out recall >= {GOAL_RECALL}, concrete flagged <= "
            f"{GOAL_CONCRETE_FLAGGED:.0%})")
    if held["recall"] is None or held["concrete_flagged"] is None:
        lacking = "vague" if held["recall"] is None else "concrete"
        print(f"{goal}: CANNOT BE MEASURED: the held-out split has no {lacking} text "
              f"(the corpus holds {len(rows)} texts; see docs/pledges/README.md).")
        return 2
    met = held["recall"] >= GOAL_RECALL and held["concrete_flagged"] <= GOAL_CONCRETE_FLAGGED
    print(f"{goal}: {'MET' if met else 'NOT MET'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
