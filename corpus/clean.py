"""Cleaning saved web pages into readable paragraphs (shared by the importers).

Web pages saved as text carry page furniture ("Skip to main content",
"View Source", image alt text such as "Claire Coutinho Portrait", loading
messages, paywall teasers, "(opens in a new tab)" after links, a stray " |"
from a table border).  These rules remove it by *what it is*, never by file
name, so they work on other pages from the same sites.

Public API (all pure functions, no I/O)::

    clean_inline(text) -> str            # drop inline link junk, trailing " |"
    is_junk_line(line) -> bool           # a whole line of page furniture
    is_licence_line(line) -> bool        # "Contains Parliamentary information licensed under …"
    licence_in(text) -> str | None       # "Open Parliament Licence v3.0" when the text says so
    clean_lines(lines, drop_licence=True) -> list[str]
        # lines with junk lines, alt-text lines and paywall teasers removed and
        # inline junk cleaned; blank lines are kept ("") so paragraphs survive.
    paragraphs(lines) -> list[Para]      # blank-line/line-per-paragraph text to
        # paragraphs; hard-wrapped lines joined; bullet markers ("•", "*", "-")
        # removed and the paragraph marked list_item=True.
    mark_list_items(paras) -> list[Para] # short one-sentence paragraphs after a
        # paragraph ending in ":" become list items (until the first that is not).
    split_wall(text) -> list[str]        # a wall of text to passages of a few
        # sentences (~300–700 chars) at sentence boundaries; paragraphs up to
        # WALL_CHARS are returned whole; linear time even for a 50 MB line.

Importers for HTML/Markdown can run their blocks through ``split_wall`` and
``mark_list_items`` and their lines through ``clean_lines``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.model import OGL_PARLIAMENT
from corpus.sentences import split_sentences

# Whole lines that are page furniture (compared case-folded, trimmed).
JUNK_LINES = frozenset(
    s.casefold()
    for s in (
        "Skip to main content",
        "Skip to content",
        "Reticulating Splines",  # Parallel Parliament's loading message
        "View Source",
        "Hansard",  # a site-name marker left between answers
        "Back to top",
        "Share",
        "Share this page",
        "Print",
        "Print this page",
        "Copy link",
        "Request free trial",
        "Loading...",
        "Portrait",
        "|",
    )
)

# Inline junk: link annotations and "view source" suffixes.
_INLINE_JUNK = re.compile(r"\s*\((?:opens|link opens) in (?:a )?new (?:tab|window)\)", re.I)
_VIEW_SOURCE = re.compile(r"\s+-\s+View Source\s*$", re.I)
_TRUNCATED = re.compile(r"(?:(?<=…)|(?<=\.\.\.))\s*(?:Item )?text truncated\b[^.…]{0,60}$", re.I)
# A paywall teaser: a cut-off repeat of the text ending in "...Request free trial".
_TEASER_END = re.compile(r"(?:\.\.\.|…)?\s*(?:Request (?:a )?free trial|Subscribe to read more|Log in to read more)\s*$", re.I)
_LICENCE = re.compile(r"Open Parliament Licen[cs]e(?:\s*\(?v(?:ersion)?\s*(\d+(?:\.\d+)?)\)?)?", re.I)
_LICENCE_LINE = re.compile(r"^(?:Contains Parliamentary information licensed under the )?Open Parliament Licen[cs]e\b.{0,80}$", re.I)
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣∙●]|[*-](?=\s))\s*")
_WS = re.compile(r"\s+")

WALL_CHARS = 1200  # paragraphs longer than this are split into passages
TARGET_CHARS = 450  # a passage is closed once it is at least this long …
MAX_CHARS = 700  # … or when the next sentence would take it past this
HUGE_CHARS = 200_000  # beyond this, split at white space without sentence rules …
HUGE_PASSAGE_CHARS = 4000  # … into passages this long (few objects for a 50 MB line)


@dataclass(slots=True)
class Para:
    text: str
    list_item: bool = False


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def clean_inline(text: str) -> str:
    """Remove inline page junk: "(opens in a new tab)", " - View Source", a trailing " |"."""
    if len(text) <= HUGE_CHARS and ("tab)" in text or "window)" in text or "TAB)" in text or "WINDOW)" in text) \
            and re.search(r"new (?:tab|window)\)", text, re.I):
        text = _INLINE_JUNK.sub("", text)
    if "View Source" in text[-40:]:
        text = _VIEW_SOURCE.sub("", text)
    if "truncated" in text[-80:]:  # "… Item text truncated - open link to view full item text": the site's prompt, the "…" stays
        text = _TRUNCATED.sub("", text)
    stripped = text.rstrip()
    while stripped.endswith("|") and not stripped.endswith("||"):
        stripped = stripped[:-1].rstrip()
    return stripped


def is_junk_line(line: str) -> bool:
    return len(line) <= 200 and line.strip().casefold() in JUNK_LINES


def is_licence_line(line: str) -> bool:
    line = line.strip()
    return len(line) < 300 and bool(_LICENCE_LINE.match(line))


def licence_in(text: str) -> str | None:
    """The licence the text states, e.g. "Open Parliament Licence v3.0"; None if none."""
    m = _LICENCE.search(text)
    if not m:
        return None
    version = m.group(1)
    if version is None:
        return "Open Parliament Licence"
    if version in ("3", "3.0"):
        return OGL_PARLIAMENT
    return f"Open Parliament Licence v{version}"


def _drop_teaser(lines: list[str], i: int) -> int:
    """Index of the first line of the paywall teaser that ends at line ``i``.

    The teaser repeats the opening of the text that follows it, hard-wrapped:
    take the longest run of lines ending at ``i`` whose joined text (without
    the "...Request free trial" tail) starts the next non-blank line.  When
    nothing repeats, only line ``i`` is dropped.
    """
    nxt = next((_norm(l) for l in lines[i + 1 :] if l.strip()), "")
    tail = _TEASER_END.sub("", lines[i])
    best = i
    s = i
    parts = [tail]
    while True:
        joined = _norm(" ".join(parts))
        if joined and nxt.startswith(joined):
            best = s
        s -= 1
        if s < 0 or not lines[s].strip() or len(parts) > 40:
            break
        parts.insert(0, lines[s])
    return best


def clean_lines(lines: list[str], drop_licence: bool = True) -> list[str]:
    """Lines without page furniture; blank lines kept as ""."""
    out: list[str] = [l.rstrip() for l in lines]
    # paywall teasers
    i = 0
    while i < len(out):
        tail = out[i][-40:]
        if ("rial" in tail or "ore" in tail or "RIAL" in tail or "ORE" in tail) and len(out[i]) < 2000 \
                and ("trial" in tail.lower() or "read more" in tail.lower()) and _TEASER_END.search(out[i]):
            start = _drop_teaser(out, i)
            del out[start : i + 1]
            i = start
            continue
        i += 1
    result: list[str] = []
    for j, line in enumerate(out):
        stripped = line.strip()
        if not stripped:
            result.append("")
            continue
        if (len(stripped) <= 200 and stripped.casefold() in JUNK_LINES) or (drop_licence and stripped[0] in "CcOo" and is_licence_line(stripped)):
            continue  # (a licence line starts "Contains …" or "Open …")
        # image alt text: "Claire Coutinho Portrait" followed by "Claire Coutinho"
        if stripped.endswith(" Portrait") and j + 1 < len(out) and out[j + 1].strip() == stripped[: -len(" Portrait")]:
            continue
        # inline junk needs a ")" ("(opens in a new tab)"), a trailing "|" or "View Source" near the end
        cleaned = clean_inline(line) if (")" in line or line.endswith("|") or "View Source" in line[-40:] or "truncated" in line[-80:]) \
            else line
        if cleaned is line or cleaned == line:
            result.append(cleaned)  # unchanged: already found not junk above
            continue
        cs = cleaned.strip()
        if cs and (cs == stripped or not is_junk_line(cleaned)):
            result.append(cleaned)
    return result


def _is_wrapped(prev: str, line: str) -> bool:
    """True when ``line`` continues ``prev`` (hard-wrapped prose)."""
    return 50 <= len(prev) <= 100 and (prev[-1:].isalpha() or prev[-1:] == ",") and line[:1].isalpha()


def paragraphs(lines: list[str]) -> list[Para]:
    """Paragraphs from cleaned lines: one per line or blank-separated block."""
    paras: list[Para] = []
    prev_line = ""
    for line in lines:
        if not line.strip():
            prev_line = ""
            continue
        m = _BULLET.match(line)
        if m:
            text = line[m.end() :].strip()
            if text:
                paras.append(Para(text, True))
            prev_line = ""
            continue
        if prev_line and paras and _is_wrapped(prev_line, line):
            paras[-1].text = paras[-1].text + " " + line.strip()
        else:
            paras.append(Para(line.strip()))
        prev_line = line.rstrip()
    return paras


def mark_list_items(paras: list[Para], max_item_chars: int = 400) -> list[Para]:
    """Mark the short one-sentence paragraphs after a "…:" paragraph as list items."""
    in_list = False
    for p in paras:
        if in_list:
            if p.list_item or (len(p.text) <= max_item_chars and not p.text.endswith(":") and len(split_sentences(p.text)) == 1):
                p.list_item = True
            else:
                in_list = False
        if not p.list_item and p.text.endswith(":"):
            in_list = True
    return paras


def _chunk_linear(text: str, size: int = 600) -> list[str]:
    """Split at white space near every ``size`` characters (no sentence rules)."""
    out: list[str] = []
    n = len(text)
    start = 0
    while start < n:
        end = start + size
        if end >= n:
            out.append(text[start:])
            break
        cut = text.rfind(" ", start + size // 2, end)
        if cut == -1:
            cut = end
        out.append(text[start:cut])
        start = cut + 1 if cut < n and text[cut] == " " else cut
    return [c for c in out if c.strip()]


def split_wall(text: str, *, wall: int = WALL_CHARS, target: int = TARGET_CHARS, max_chars: int = MAX_CHARS) -> list[str]:
    """Passages from one paragraph: whole if short, else groups of sentences."""
    text = text.strip()
    if len(text) <= wall:
        return [text] if text else []
    if len(text) > HUGE_CHARS:
        return _chunk_linear(text, HUGE_PASSAGE_CHARS)
    pieces: list[str] = []
    for s in split_sentences(text):
        pieces.extend(_chunk_linear(s, max_chars) if len(s) > 2 * max_chars else [s])
    out: list[str] = []
    cur = ""
    for s in pieces:
        if cur and (len(cur) >= target or len(cur) + 1 + len(s) > max_chars):
            out.append(cur)
            cur = s
        else:
            cur = f"{cur} {s}" if cur else s
    if cur:
        if out and len(cur) < 150 and len(out[-1]) + 1 + len(cur) <= max_chars + 150:
            out[-1] = f"{out[-1]} {cur}"
        else:
            out.append(cur)
    return out
