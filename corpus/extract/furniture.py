"""Page furniture recognised by shape and position, not by a list of one page's strings.

A line is furniture when it is addressed to the *reader of the web site*
rather than being parliamentary text: navigation link lists, prompts to share,
subscribe, sign in or set alerts, search help, result counters and pagers,
photo captions, cookie notices, relative ages ("3 years ago"), flags such as
"[N]", lines with no words, and short chrome lines the page repeats.  A
"Close" button line opens a tooltip: the term and its definition that follow
it are furniture too.  Licence lines are read (``corpus.clean.licence_in``)
and then dropped.
"""

from __future__ import annotations

import re
from collections import Counter

from corpus.clean import is_licence_line
from corpus.extract.headings import member_descriptor, site_name

# the reader is addressed: "you", "your", imperatives of web UI
# matched on the lower-cased line, without re.I: a case-insensitive scan of this alternation is ~10x slower
_SITE_WORDS = re.compile(
    r"\b(?:search(?:es|ing)?|alerts?|subscri\w+|notifications?|inbox|e-?mail(?:s|ed)?|sign(?:ed)? (?:in|up)|log(?:ged)? ?in|account"
    r"|cookies?|click|tap|link|links|page|pages|site|website|browser|download|share|tweet|rss|feed|newsletter|trial|premium"
    r"|results?|filter|tab|menu|app|quotation marks)\b")
_UI_VERB = re.compile(
    r"^(?:sign (?:up|in|out)|log ?in|log ?out|register (?:now|for)|subscribe|unsubscribe|follow us|share|tweet|email (?:this|me)|print"
    r"|download|view|read (?:more|full|the full|hansard|this)|expand|collapse|show (?:more|all|less|full)|hide|search|filter|sort|refine"
    r"|back to|skip to|go to|jump to|return to|alert me|set up (?:an )?alerts?|next|previous|prev|load more|close|toggle|accept"
    r"|reject|click|press|tap|get (?:an? )?(?:e-?mails?|alerts?|notifi\w+|updates)|learn more|find out more|see (?:all|more)|more like this|request (?:a )?free|link to this|permalink|watch (?:the|this|live)|listen (?:to|live))\b", re.I)
_COUNTER = re.compile(
    r"^(?:showing\s+)?(?:results?\s+)?\d[\d,]*\s*(?:[-–—]|to)\s*\d[\d,]*\s+(?:out\s+)?of\s+(?:about\s+)?\d[\d,]*\b"
    r"|^(?:page|result)\s+\d+\s+of\s+\d+|^\d[\d,]*\s+(?:results?|matches|items|records|questions|statements|answers|debates)(?:\s+found)?\b"
    r"|^results? per page\b|^(?:\d+\s*\|\s*)+\d+$", re.I)
_CAPTION = re.compile(r"^(?:photo|picture|image|portrait|photograph|thumbnail|headshot)(?: of|:)\s|^\S.{0,80}\s(?:portrait|photo|headshot)$", re.I)
_AGE = re.compile(r"^\(?\d+\s+(?:second|minute|hour|day|week|month|year)s?(?:,\s*\d+\s+\w+)*\s+ago\)?$", re.I)
_FLAG = re.compile(r"^\[[A-Z]{1,2}\]$")
_COOKIE = re.compile(r"\bcookies?\b", re.I)
_SELF = re.compile(r"\b(?:this|our) (?:site|website|page|service|information is provided)\b|\bis provided by\b.*\bofficial record\b|\bdoes not (?:comprise|form) part of the off?icial record\b")  # on the lower-cased line
_SELF_WORDS = ("this site", "this website", "this page", "this service", "this information is provided", "our site", "our website",
               "our page", "our service", "our information is provided", "is provided by", "icial record")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b|parliamentary copyright\b)", re.I)
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_ON_THE_WEB = re.compile(r"^[^.!?:]{0,40}\bon the (?:internet|web)$", re.I)  # a site's section tagline
_SESSION = re.compile(r"^(?:Parliamentary )?Session \d{4}\s*[-–/]\s*\d{2,4}$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;”’\"')\]]$")


def _words(line: str) -> int:
    return len(line.split())


# the first words _UI_VERB can start with (the regex runs only on lines that start with one of them)
_UI_FIRST = frozenset(
    "sign log login logout register subscribe unsubscribe follow share tweet email print download view read expand collapse show hide "
    "search filter sort refine back skip go jump return alert set next previous prev load close toggle accept reject click press tap "
    "learn find see more request link permalink watch listen get".split())


_WORD = re.compile(r"[a-z]*")


def _first_word(low: str) -> str:
    return _WORD.match(low).group()  # type: ignore[union-attr]  # (always matches, perhaps empty)


def _addresses_reader(low: str) -> bool:
    """"you", "your" or "yourself" as a word in the lower-cased line (str.find: a regex starting with \\b scans slowly)."""
    i = low.find("you")
    n = len(low)
    while i != -1:
        if i == 0 or not (low[i - 1].isalnum() or low[i - 1] == "_"):
            j = i + 3
            if low.startswith("rself", j):
                j += 5
            elif low.startswith("r", j):
                j += 1
            if j >= n or not (low[j].isalnum() or low[j] == "_"):
                return True
        i = low.find("you", i + 1)
    return False


def is_prompt(line: str, low: str | None = None) -> bool:
    """A line talking to the site's reader: a UI command or a sentence about the site's features."""
    low = low if low is not None else line.lower()
    ui = _first_word(low) in _UI_FIRST and _UI_VERB.match(line) is not None
    if ui and len(line.split()) <= 8 and not _SENTENCE_END.search(line) and ":" not in line:
        return True
    if "you" in low and len(line) <= 400 and _addresses_reader(low) and _SITE_WORDS.search(low):
        return True
    if ui and len(line) <= 200 and not line.endswith(".") and _SITE_WORDS.search(low):
        return True  # "Sign up to get an email alert whenever …"
    return False


_FIGURE = re.compile(r"[£$€%]|\d[,.]\d")


FURNITURE_MEMO: dict[str, bool] = {}  # bounded and emptied with the line memos (corpus.extract.segment.clear_memos)


def line_is_furniture(line: str) -> bool:
    """Furniture by the line's own shape (no context needed; memoised: chrome recurs on every page of a site)."""
    hit = FURNITURE_MEMO.get(line)
    if hit is None:
        FURNITURE_MEMO[line] = hit = _line_is_furniture(line)
    return hit


def _line_is_furniture(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if not s[0].isalpha() and not _LETTER.search(s):  # no letters: "|", "- - -", "123" (but "| £000", "1,234 | 5.6%" are a table's figures)
        return len(s) < 40 and not re.match(r"^\d{1,7}$", s) and not _FIGURE.search(s)
    if len(s) < 300 and ("licen" in s or "opyright" in s or s[0] == "©") and (is_licence_line(s) or _COPYRIGHT.match(s)):
        return True
    if len(s) > 500:
        return False
    low = s.lower()
    if " | " in s and s.count(" | ") >= 2 and all(_words(p) <= 6 for p in s.split("|") if p.strip()):
        return True  # a link list
    c0 = s[0]
    if (c0.isdigit() or c0 == "(" or low.startswith(("showing", "page", "result"))) and (_COUNTER.match(s) or _AGE.match(s)):
        return True
    if s[0] == "[" and _FLAG.match(s):
        return True
    if len(s) <= 120 and not s.endswith(".") and ("photo" in low or "portrait" in low or "image" in low or "picture" in low
                                                  or "headshot" in low or "thumbnail" in low) and _CAPTION.match(s):
        return True
    if "cookie" in low and (_addresses_reader(low) or re.search(r"\b(?:we use|accept|preferences|consent)\b", s, re.I)):
        return True
    if len(s) < 300 and ("this " in low or "our " in low or "provided" in low or "icial" in low) \
            and any(w in low for w in _SELF_WORDS) and _SELF.search(low):
        return True
    if is_prompt(s, low):
        return True
    if " - - " in s:  # "- Hansard - - - Excerpts": link bar rendered as dashes
        return True
    if len(s) <= 80 and " " not in s.strip() and site_name(s):  # "TheyWorkForYou": the site's name run together
        return True
    if len(s) <= 80 and member_descriptor(s):  # "Conservative - Peterborough" under a member's name: page chrome
        return True
    if len(s) <= 60 and (("on the " in low and _ON_THE_WEB.search(s)) or ("session" in low and _SESSION.match(s))):  # "Publications on the internet"; "Session 2008 - 09"
        return True
    return False


def drop(lines: list[str], protect) -> tuple[list[str], list[str]]:
    """(lines kept — blank lines kept as "" —, lines dropped).  ``protect(line)`` is True for lines that carry fields."""
    stripped = [l.strip() for l in lines]
    counts = Counter(s for s in stripped if s and len(s) < 80)
    kept: list[str] = []
    dropped: list[str] = []
    skip_tooltip = 0
    n = len(stripped)
    last_drop = -1  # where in ``kept`` the last dropped line stood
    for i, s in enumerate(stripped):
        if not s:
            kept.append("")
            continue
        if skip_tooltip:
            # the term and the definition after a "Close" button, up to the next field line
            if protect(s):
                skip_tooltip = 0
            else:
                skip_tooltip -= 1
                dropped.append(s)
                last_drop = len(kept)
                continue
        if len(s) > 500 or protect(s):  # long lines are text; lines that carry a field are kept
            kept.append(lines[i])
            continue
        if s.casefold() == "close" and i + 1 < n:
            skip_tooltip = 2
            dropped.append(s)
            last_drop = len(kept)
            continue
        c = counts.get(s, 0)
        repeated = ((c >= 4 and _words(s) <= 4) or (c >= 3 and _words(s) <= 2)) and not _SENTENCE_END.search(s) and ":" not in s
        if repeated or line_is_furniture(s):
            dropped.append(s)
            last_drop = len(kept)
            continue
        kept.append(lines[i])
    kept, dropped = _drop_footer_links(kept, dropped, protect, last_drop)
    kept, dropped = _drop_nav_items(kept, dropped)
    return _drop_above_cookie_notice(lines, kept, dropped, protect)


def _drop_above_cookie_notice(lines: list[str], kept: list[str], dropped: list[str], protect) -> tuple[list[str], list[str]]:
    """Short lines above a cookie notice at the head of the page ("Home Debates Written answers": a navigation bar
    saved as text) are the site's header: a banner is set over the site's own chrome, under nothing of the record."""
    notice = next((d for d in dropped if "cookie" in d.lower()), None)  # (the dropped lines are few: look there first)
    if notice is None:
        return kept, dropped
    top = next(i for i, l in enumerate(lines) if l.strip() == notice)
    above = [l.strip() for l in lines[:top] if l.strip()]
    if not above or len(above) > 3 or any(_words(s) > 6 or _SENTENCE_END.search(s) or protect(s) for s in above):
        return kept, dropped
    out, n = [], len(above)
    for line in kept:  # the first n kept non-blank lines are those above the notice (the notice itself was dropped)
        if n and line.strip():
            if line.strip() in above:
                dropped.append(line.strip())
                n -= 1
                continue
            n = 0
        out.append(line)
    return out, dropped


def _footer_item(s: str) -> bool:
    return (0 < len(s) <= 40 and _words(s) <= 4 and s[0].isalpha() and not _SENTENCE_END.search(s) and ":" not in s
            and "," not in s and not _DIGIT.search(s))


def _drop_footer_links(kept: list[str], dropped: list[str], protect, last_drop: int) -> tuple[list[str], list[str]]:
    """Two to eight short link-shaped lines ("Terms of use", "Privacy") running to the end of the page after its text
    (its last paragraph, or chrome dropped after it) are the footer.  Not a list that ends a record: names in a division
    list have commas, list items bullets or numbers."""
    i = len(kept)
    run: list[int] = []
    while i > 0:
        i -= 1
        s = kept[i].strip()
        if not s:
            continue
        if _footer_item(s) and not protect(s):
            run.append(i)
            continue
        # between the text and the run, the page's chrome (dropped here or as junk before: "Back to top"); above it the
        # text's last paragraph
        if not 2 <= len(run) <= 8 or not (i < last_drop <= run[-1] or len(s) > 100
                                          or (_words(s) >= 6 and _SENTENCE_END.search(s) is not None)):
            return kept, dropped
        gone = set(run)
        dropped.extend(kept[k].strip() for k in sorted(gone))
        return [l for k, l in enumerate(kept) if k not in gone], dropped
    return kept, dropped


def _drop_nav_items(kept: list[str], dropped: list[str]) -> tuple[list[str], list[str]]:
    """A short line standing alone at the head of the page that repeats an item of a link list dropped from it
    ("Home | News | In Parliament | Contact", then "In Parliament") is the selected tab or a breadcrumb, not a heading."""
    items = {p.strip() for d in dropped if " | " in d for p in d.split("|") if 0 < len(p.split()) <= 3}
    if not items:
        return kept, dropped
    out: list[str] = []
    body = False  # only before the page's first long line (the head of the page, where its chrome stands)
    for line in kept:
        s = line.strip()
        if len(s) > 100:
            body = True
        if not body and s in items:
            dropped.append(s)
            continue
        out.append(line)
    return out, dropped
