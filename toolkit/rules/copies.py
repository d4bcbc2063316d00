"""Copied pledges: how alike two pledge texts are, and who else in the agency wrote (nearly) the
same text. Two checks use them: a pledge close to the same person's pledge of last year
(PLEDGE_SAME_AS_LAST_YEAR, in :mod:`toolkit.rules.pledge`), and one text across units of the
agency (PLEDGE_COPIED_OTHER_UNIT, found with :class:`AgencyIndex` while submissions are stored).

Texts are compared on their words once folded (no tone marks, no case, no punctuation): the
similarity is the larger of the word-set Jaccard index (reordered lists) and difflib's ratio of
the word sequences (a number changed, a word added to a long text); 1.0 is the same text. The
threshold is ``[pledge] copy_similarity`` (0.8 by default).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from toolkit.common.issues import Issue
from toolkit.common.text import fold
from toolkit.rules.five_clear import words

if TYPE_CHECKING:
    from toolkit.config.roster import Roster

Words = tuple[str, ...]
_NUMBER = re.compile(r"^\d+$")


def words_of(text: str) -> Words:
    """The folded words of a text: what :func:`similarity` compares."""
    return tuple(words(fold(text or "")))


def similarity(a: Sequence[str], b: Sequence[str], at_least: float = 0.0) -> float:
    """How alike two texts' words (:func:`words_of`) are, 0.0–1.0: the larger of the word-set
    Jaccard index and difflib's ratio of the word sequences (2 × matching words ÷ all words).
    With ``at_least``, a pair that cannot reach it may be answered by a cheaper bound (any
    value below ``at_least``)."""
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0.0
    sa, sb = set(a), set(b)
    common = len(sa & sb)
    jaccard = common / (len(sa) + len(sb) - common)
    if at_least:
        if jaccard >= at_least:
            return jaccard
        # the ratio can be no more than the share of words the two have in common (a word
        # repeated in both matches more than once: at most the repeats of the shorter)
        matches = common + min(la - len(sa), lb - len(sb))
        if 2 * min(la, lb, matches) < at_least * (la + lb):
            return jaccard
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return max(jaccard, ratio)


def closest(text: Words, others: Iterable[tuple[Words, str]]) -> tuple[float, str]:
    """The best match of ``text`` among (words, original text) pairs: (score, that text)."""
    best = (0.0, "")
    for other_words, other in others:
        score = similarity(text, other_words, best[0] or 0.0)
        if score > best[0]:
            best = (score, other)
            if score == 1.0:
                break
    return best


def _blocks(w: Words) -> list[str]:
    """Keys under which a near copy of ``w`` is likely filed too: the words with numbers
    blanked (a number changed), the first four words and the last four (a word changed at the
    other end)."""
    keys = [" ".join("#" if _NUMBER.match(x) else x for x in w)]
    if len(w) >= 5:
        keys += ["<" + " ".join(w[:4]), ">" + " ".join(w[-4:])]
    return keys


class Entry(NamedTuple):
    """A pledge of the agency as the index keeps it (``ref``: its submission)."""

    unit: str
    person_id: str
    text: str
    ref: int = 0


# A text this many people or more pledge is the agency's common formula (a plan's own wording,
# a slogan passed down), not one unit copying another: it is not flagged row by row (that would
# bury every unit's feedback, and cost a province's ingest seconds), it is listed once
# (AgencyIndex.common) in the ingest's summary.
COUNT_CAP = 100


class AgencyIndex:
    """The current pledges of the agency's units, to find one text used across units.

    Rows are kept by their text as written (an agency's texts repeat: the work is per distinct
    text, not per row). Exact copies are found by their words; near ones among the texts filed
    under the same block keys (:func:`_blocks`), each pair of distinct texts checked with
    :func:`similarity` once.
    """

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.rows_of: dict[str, list[tuple[str, str, int]]] = {}   # text -> (unit, pid, ref)
        self.by_words: dict[Words, list[str]] = {}                  # words -> texts
        self.blocks: dict[str, set[Words]] = {}
        self._words: dict[str, Words] = {}
        self._indexed = 0
        self._near: dict[Words, list[tuple[float, Words]]] = {}
        self._counts: dict[Words, tuple[int, int]] = {}
        self._other: dict[tuple[Words, str], Any] = {}
        self.not_copied: set[str] = set()    # texts found no copy across units (as indexed)

    def words(self, text: str) -> Words:
        """:func:`words_of`, remembered."""
        w = self._words.get(text)
        if w is None:
            w = self._words[text] = words_of(text)
        return w

    def add(self, unit: str, pledges: Iterable[tuple[str, str]], ref: int = 0) -> None:
        """A unit's pledges (person id, text) of one submission."""
        rows_of = self.rows_of
        for pid, text in pledges:
            rows = rows_of.get(text)
            if rows is None:
                rows = rows_of[text] = []
            rows.append((unit, pid, ref))

    def _index(self) -> None:
        """File the texts added since last time under their words and block keys."""
        if self._indexed == len(self.rows_of):
            return
        for text in list(self.rows_of)[self._indexed:]:
            w = self.words(text)
            if not w:
                continue
            texts = self.by_words.get(w)
            if texts is None:
                for key in _blocks(w):
                    self.blocks.setdefault(key, set()).add(w)
                texts = self.by_words[w] = []
            texts.append(text)
        self._indexed = len(self.rows_of)
        self._near.clear()
        self._counts.clear()
        self._other.clear()
        self.not_copied.clear()

    def entries(self, w: Words) -> Iterator[Entry]:
        """The pledges whose words are ``w``."""
        for text in self.by_words.get(w, ()):
            for unit, pid, ref in self.rows_of[text]:
                yield Entry(unit, pid, text, ref)

    def near(self, w: Words) -> list[tuple[float, Words]]:
        """The distinct texts of the index close to ``w`` (itself included), best first."""
        self._index()
        found = self._near.get(w)
        if found is None:
            candidates = {c for key in _blocks(w) for c in self.blocks.get(key, ())}
            candidates.add(w)
            scored = sorted(((similarity(w, c, self.threshold), c) for c in candidates
                             if c in self.by_words), reverse=True)
            found = self._near[w] = [(s, c) for s, c in scored if s >= self.threshold]
        return found

    def counts(self, w: Words) -> tuple[int, int]:
        """How many people (counted up to COUNT_CAP) and units pledged ``w`` or close to it."""
        counts = self._counts.get(w)
        if counts is None:
            people: set[tuple[str, str]] = set()
            units: set[str] = set()
            for _, c in self.near(w):
                for text in self.by_words[c]:
                    for unit, pid, _ in self.rows_of[text]:
                        people.add((unit, pid))
                        units.add(unit)
                if len(people) >= COUNT_CAP:
                    break
            counts = self._counts[w] = (len(people), len(units))
        return counts

    def other(self, w: Words, unit: str) -> tuple[float, Entry] | None:
        """The closest pledge to ``w`` of another unit than ``unit``, if any."""
        key = (w, unit)
        if key not in self._other:
            self._other[key] = next(((score, e) for score, c in self.near(w)
                                     for e in self.entries(c) if e.unit != unit), None)
        return self._other[key]

    def common(self) -> list[tuple[str, int, int]]:
        """The texts COUNT_CAP people or more pledged (among those checked): (the most written
        wording, people, units), most pledged first, one per group of near copies."""
        out: dict[Words, tuple[str, int, int]] = {}
        for w, (people, _) in list(self._counts.items()):
            if people >= COUNT_CAP:
                head = max(self.near(w), key=lambda sc: sum(
                    len(self.rows_of[t]) for t in self.by_words[sc[1]]))[1]
                if head not in out:
                    text = max(self.by_words[head], key=lambda t: len(self.rows_of[t]))
                    rows = [r for _, c in self.near(head) for t in self.by_words[c]
                            for r in self.rows_of[t]]
                    out[head] = (text, len({(u, p) for u, p, _ in rows}),
                                 len({u for u, _, _ in rows}))
        return sorted(out.values(), key=lambda t: (-t[1], t[0]))

    def refs_near(self, w: Words, within: set[int]) -> set[int]:
        """The submissions among ``within`` holding a pledge close to ``w``."""
        out: set[int] = set()
        for _, c in self.near(w):
            for text in self.by_words[c]:
                out.update(ref for _, _, ref in self.rows_of[text] if ref in within)
            if len(out) == len(within):
                break
        return out


def copied_across_units(index: AgencyIndex, unit: str, texts: Sequence[tuple[str, str, str]],
                        roster: Roster, min_people: int, file: str, sheet: str) -> list[Issue]:
    """PLEDGE_COPIED_OTHER_UNIT for each of a unit's pledges (person id, action, cell) that
    people of another unit wrote too (or nearly), when at least ``min_people`` people in all
    (and fewer than COUNT_CAP) wrote it. The unit's own pledges must be in the index."""
    out = []
    plain = index.not_copied          # texts no unit copied (the same answer for every unit)
    decided: dict[str, Any] = {}
    for pid, action, cell in texts:
        if action in plain:
            continue
        found = decided.get(action, ())
        if found == ():
            found = decided[action] = _copied(index, action, unit, min_people)
        if found is None:
            continue
        score, e, count, units = found
        other_unit = roster.units.get(e.unit)
        # the other unit's text and name, never its people's: a unit's feedback names only
        # its own people
        out.append(Issue.make(
            "PLEDGE_COPIED_OTHER_UNIT", file=file, sheet=sheet, cell=cell, unit=unit,
            person_id=pid, field="action", value=action, other=e.text,
            other_unit=other_unit.name if other_unit else e.unit, score=round(100 * score),
            count=count, units=units))
    return out


def _copied(index: AgencyIndex, action: str, unit: str, min_people: int
            ) -> tuple[float, Entry, int, int] | None:
    """Whether ``unit``'s pledge ``action`` is a copy across units: the closest other unit's
    pledge, the people and the units of the group; None when not."""
    w = index.words(action)
    if not w:
        index.not_copied.add(action)
        return None
    count, units = index.counts(w)
    if count < min_people or count >= COUNT_CAP or units < 2:
        index.not_copied.add(action)
        return None
    other = index.other(w, unit)
    return None if other is None else (other[0], other[1], count, units)
