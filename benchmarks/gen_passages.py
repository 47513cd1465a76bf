"""Generate a realistic synthetic corpus and typo'd queries from a fixed seed.

Sentences come from the written questions and answers in
../shared/data/uk-parl-written-questions/*.jsonl when present (HTML
stripped), otherwise from a small built-in set of parliamentary sentences.
Each passage is 1–3 sentences from that pool with about 15% of its words
swapped for words drawn from the pool's vocabulary (by frequency), so
passages are distinct but keep real vocabulary and sentence shapes.  Records
hold 1–8 passages and get a kind, house, department, member and date.

Queries: a window of 3–4 consecutive words of a random target passage that
contains at least one swapped word (so the window is close to unique), with
1 or 2 typos (delete, insert, substitute or swap) in words of 5+ letters.
The intended passage of each query is known.

    python benchmarks/gen_passages.py 100000 out.txt   # one passage per line
"""

from __future__ import annotations

import html
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "uk-parl-written-questions"  # ../shared beside the repository

BUILTIN = """To ask the Secretary of State for Education, what steps she is taking to improve the quality of social care services for children.
The Government is committed to ensuring that every child has the support they need to thrive.
Local authorities have a statutory duty to safeguard and promote the welfare of children in need in their area.
We are investing in family hubs and the Supporting Families programme to help families earlier.
Kinship carers play a vital role in providing loving and stable homes for children who cannot live with their parents.
The department will publish updated statutory guidance on working together to safeguard children.
Ofsted inspects children's homes and supported accommodation against the national standards.
The number of looked after children has risen in every region of England since 2010.
Funding for the programme will be allocated to councils on the basis of need and population.
My hon. Friend raises an important point about the recruitment and retention of foster carers.
The Minister will write to the hon. Member with the figures requested for each local authority.
Information on the cost of placements for children in residential care is not held centrally.""".splitlines()

TAG = re.compile(r"<[^>]+>")
SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
WORD = re.compile(r"[^\W_]+")

KINDS = ("written question", "written statement", "debate")
HOUSES = ("Commons", "Lords")
DEPTS = ("Department for Education", "Home Office", "Department of Health and Social Care", "HM Treasury", "Ministry of Justice")
MEMBERS = ("Matt Bishop", "Helen Hayes", "Tim Loughton", "Baroness Smith of Malvern", "Janet Daby", "David Johnston")


def sentence_pool() -> list[str]:
    sents: list[str] = []
    for f in sorted(DATA.glob("*.jsonl")) if DATA.is_dir() else []:
        for line in f.open(encoding="utf-8"):
            try:
                v = json.loads(line)["value"]
            except (ValueError, KeyError):
                continue
            for field in ("questionText", "answerText"):
                t = v.get(field) or ""
                t = html.unescape(TAG.sub(" ", t))
                for s in SENT.split(" ".join(t.split())):
                    if 40 <= len(s) <= 400 and not s.endswith("..."):
                        sents.append(s)
    sents = sorted(set(sents))
    return sents or BUILTIN


def generate(n_passages: int, seed: int = 1234, n_queries: int = 0):
    """Records (lists of passage texts), their metadata and ``n_queries``
    queries ``(query, global passage number)``, all deterministic."""
    rng = random.Random(seed)
    qrng = random.Random(seed + 1)
    pool = sentence_pool()
    freq = Counter(w for s in pool for w in WORD.findall(s) if len(w) > 2)
    vocab = list(freq)
    weights = [freq[w] ** 0.5 for w in vocab]  # flatten a little: more rare words
    bag = rng.choices(vocab, weights=weights, k=200_000)
    targets = set(qrng.sample(range(n_passages), min(n_queries, n_passages))) if n_queries else set()
    queries: list[tuple[str, int]] = []
    bi = 0
    records: list[list[str]] = []
    meta: list[dict] = []
    made = 0
    while made < n_passages:
        k = min(rng.randint(1, 8), n_passages - made)
        paras = []
        for _ in range(k):
            text = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
            out = []
            swapped = []
            for m in re.finditer(r"\S+", text):
                tok = m.group()
                if rng.random() < 0.15 and WORD.fullmatch(tok):
                    tok = bag[bi % len(bag)]
                    bi += 1
                    swapped.append(len(out))
                out.append(tok)
            if made + len(paras) in targets:
                q = _query(out, swapped, qrng)
                if q:
                    queries.append((q, made + len(paras)))
            paras.append(" ".join(out))
        records.append(paras)
        meta.append(
            {
                "kind": rng.choice(KINDS),
                "house": rng.choice(HOUSES),
                "department": rng.choice(DEPTS),
                "asked_by": rng.choice(MEMBERS),
                "date": f"{rng.randint(2009, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "title": " ".join(rng.choice(vocab) for _ in range(rng.randint(2, 5))).title(),
            }
        )
        made += k
    return records, meta, queries


def _query(toks: list[str], swapped: list[int], rng: random.Random) -> str | None:
    """3–4 consecutive words around a swapped word, with 1–2 typos."""
    for _ in range(20):
        if not swapped:
            return None
        c = rng.choice(swapped)
        w = rng.randint(3, 4)
        j = max(0, min(c - rng.randrange(w), len(toks) - w))
        win = [m.group() for t in toks[j : j + w] for m in WORD.finditer(t)]
        if len(win) < 3 or any(len(x) < 3 for x in win) or sum(len(x) >= 5 for x in win) < 1:
            continue
        long_ix = [i for i, x in enumerate(win) if len(x) >= 5 and x.isalpha()]
        for i in rng.sample(long_ix, min(len(long_ix), rng.randint(1, 2))):
            win[i] = typo(win[i], rng)
        return " ".join(win).lower()
    return None


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice("dist")
    if op == "d":
        return word[:i] + word[i + 1 :]
    if op == "i":
        return word[:i] + rng.choice("aeiourstn") + word[i:]
    if op == "s":
        c = rng.choice([c for c in "aeiourstnlm" if c != word[i]])
        return word[:i] + c + word[i + 1 :]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :] if word[i] != word[i - 1] else word[:i] + word[i + 1 :]


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    recs, _, _ = generate(n)
    dest = open(sys.argv[2], "w", encoding="utf-8") if len(sys.argv) > 2 else sys.stdout
    for paras in recs:
        for p in paras:
            dest.write(p + "\n")
