"""Record IRIs: how an annotation (or another tool) names a record.

``record_iri(record)`` is the record's canonical public URL when the fields the
source stated are enough to build it, else a stable ``urn:parlread:record:<id>``:

* a written question/answer from the Parliament API (its ``url`` is the API's
  ``/api/writtenquestions/questions/{id}``) with a UIN and a date tabled →
  ``https://questions-statements.parliament.uk/written-questions/detail/<date tabled>/<uin>``;
* a written statement from the API with a UIN and a date →
  ``https://questions-statements.parliament.uk/written-statements/detail/<date>/<uin, lower case>``
  (the form the site itself links to);
* a TheyWorkForYou record (its ``extra["gid"]``, e.g.
  ``uk.org.publicwhip/wrans/2009-10-26a.294961.q0``) in a namespace with a
  known TheyWorkForYou section (debates, Westminster Hall, written answers,
  written statements, Lords) → ``https://www.theyworkforyou.com/<section>/?id=<gid tail>``;
* any other record whose ``url`` is a public http(s) page (a saved page of
  hansard.parliament.uk or questions-statements.parliament.uk, say) → that URL;
* otherwise, and for copies that share another record's page (an answer's
  superseded original), ``urn:parlread:record:<record id>``.

Nothing is guessed: a missing UIN or date means the urn.  ``IriIndex`` goes the
other way (an IRI or source URL → the loaded records it names), accepting
each record's IRI, its ``url``, its urn, its bare id, and TheyWorkForYou URLs
of any scrape version of a gid.  No Textual here.
"""

from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import parse_qs, quote, unquote, urlsplit

URN_PREFIX = "urn:parlread:record:"
QS_BASE = "https://questions-statements.parliament.uk"
TWFY_BASE = "https://www.theyworkforyou.com"
API_QUESTION_PATH = "/api/writtenquestions/questions/"
API_STATEMENT_PATH = "/api/writtenstatements/statements/"

# publicwhip gid namespace → TheyWorkForYou section (only those whose URL form is known)
TWFY_SECTIONS = {
    "debate": "debates",
    "westminhall": "whall",
    "wrans": "wrans",
    "wms": "wms",
    "lords": "lords",
}
_SECTION_NS = {v: k for k, v in TWFY_SECTIONS.items()}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UIN = re.compile(r"^[A-Za-z]{0,6}\d+[A-Za-z]?$")
_GID = re.compile(r"^uk\.org\.publicwhip/([a-z]+)/(\d{4}-\d{2}-\d{2}[a-z]?\.[A-Za-z0-9.]+)$")
# characters that never belong in an IRI we hand out (space, controls, quotes, angle brackets …)
_BAD_IRI = re.compile(r"[\x00-\x20\x7f-\x9f\"<>\\^`{|}\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# hosts whose pages are named by their path alone: a query (?utm_source=…, ?expandMember=true) is not part of it
_PATH_IDENTIFIED = ("questions-statements.parliament.uk", "questions-statements-api.parliament.uk",
                    "writtenquestions-api.parliament.uk")
# a TheyWorkForYou link to a written answer's reply (…296177.r0) names the same question-and-answer record
_TWFY_REPLY = re.compile(r"\.r\d+$")

# a stored record "id" that is really the IRI another tool cited (parlread's ids are hex digests)
_CITED_IRI = re.compile(r"^(?:https?://\S+|urn:(?!parlread:record:)\S+)$")

QUESTION_KINDS = ("written question", "written answer")
STATEMENT_KIND = "written statement"


def urn_for(record_id: str) -> str:
    """The stable urn of a record id (percent-encoded where needed)."""
    return URN_PREFIX + quote(str(record_id), safe="")


def record_id_from_urn(iri: str) -> str | None:
    if isinstance(iri, str) and iri.startswith(URN_PREFIX):
        rid = unquote(iri[len(URN_PREFIX) :])
        return rid or None
    return None


def _date(value: Any) -> str | None:
    s = str(value or "")[:10]
    return s if _ISO_DATE.match(s) else None


def _uin(value: Any) -> str | None:
    s = str(value or "").strip()
    return s if _UIN.match(s) else None


def _api_kind(url: str | None) -> str | None:
    """'question' / 'statement' when ``url`` is a Parliament API record URL."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.hostname != "questions-statements-api.parliament.uk":
        return None
    if parts.path.startswith(API_QUESTION_PATH):
        return "question"
    if parts.path.startswith(API_STATEMENT_PATH):
        return "statement"
    return None


def is_public_url(url: Any) -> bool:
    """An absolute http(s) URL with a host, nothing that could not be copied as is."""
    if not isinstance(url, str) or not url or len(url) > 2000 or _BAD_IRI.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and _api_kind(url) is None


def twfy_url(gid: Any) -> str | None:
    """The TheyWorkForYou page of a publicwhip gid, when its section is known."""
    m = _GID.match(str(gid or ""))
    if not m or m.group(1) not in TWFY_SECTIONS:
        return None
    return f"{TWFY_BASE}/{TWFY_SECTIONS[m.group(1)]}/?id={m.group(2)}"


def public_url(record) -> str | None:
    """The record's canonical public URL, or None when the source does not give enough to build one."""
    extra = record.extra or {}
    if extra.get("original_of"):
        return None  # a superseded answer shares its question's page: cite it by urn
    api = _api_kind(record.url)
    if api == "question" and record.kind in QUESTION_KINDS:
        d, u = _date(record.date_asked), _uin(record.uin)
        return f"{QS_BASE}/written-questions/detail/{d}/{u}" if d and u else None
    if api == "statement" and record.kind == STATEMENT_KIND:
        d, u = _date(record.date), _uin(record.uin)
        return f"{QS_BASE}/written-statements/detail/{d}/{u.lower()}" if d and u else None
    if api:
        return None
    gid_url = twfy_url(extra.get("gid"))
    if gid_url:
        return gid_url
    if is_public_url(record.url):
        return record.url
    return None


def record_iri(record) -> str:
    """The IRI an exported annotation gives as its target's ``source``."""
    return public_url(record) or urn_for(record.id)


def iri_for_id(record_id: str, corpus=None) -> str:
    """``record_iri`` of a loaded record, else the urn of the id — or, when
    the "id" is itself an IRI (another tool's annotation kept as an orphan
    under the IRI it cited, its record not loaded), that IRI."""
    rec = corpus.record(record_id) if corpus is not None else None
    if rec is not None:
        return record_iri(rec)
    if _CITED_IRI.match(record_id) and not _BAD_IRI.search(record_id):
        return record_id
    return urn_for(record_id)


# ------------------------------------------------------------ IRI → record
def normalise_iri(iri: str) -> str:
    """A lookup key: scheme and host in lower case, no ``www.``, no fragment,
    no trailing slash; questions-statements paths in lower case (UINs)."""
    s = str(iri).strip()
    try:
        parts = urlsplit(s)
    except ValueError:
        return s
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return s
    host = parts.hostname.lower()
    if host.startswith("www."):
        host = host[4:]
    path = parts.path.rstrip("/") or "/"
    if host == "questions-statements.parliament.uk":
        path = path.lower()
    key = f"https://{host}{path}"
    if parts.query and host not in _PATH_IDENTIFIED:
        key += "?" + parts.query
    return key


def gid_from_twfy_url(iri: str) -> str | None:
    """``uk.org.publicwhip/<ns>/<id>`` from a TheyWorkForYou URL such as ``…/wrans/?id=2009-10-26a.1.0``."""
    try:
        parts = urlsplit(str(iri))
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host not in ("theyworkforyou.com", "www.theyworkforyou.com"):
        return None
    section = parts.path.strip("/").split("/")[0] if parts.path else ""
    ns = _SECTION_NS.get(section)
    ids = parse_qs(parts.query).get("id") or []
    if not ns or not ids:
        return None
    return f"uk.org.publicwhip/{ns}/{ids[0]}"


class IriIndex:
    """Find the loaded records an IRI names (several when copies share a page)."""

    def __init__(self, records: Iterable):
        self._by_key: dict[str, list] = {}
        self._by_id: dict[str, Any] = {}
        self._records = []
        for r in records:
            self._records.append(r)
            self._by_id[r.id] = r
            for iri in {record_iri(r), r.url if isinstance(r.url, str) else None}:
                if iri:
                    self._by_key.setdefault(normalise_iri(iri), []).append(r)

    @classmethod
    def of(cls, corpus) -> "IriIndex":
        return cls(corpus.records)

    def find(self, iri: Any) -> list:
        """The records named by ``iri`` (an IRI, a source URL, a urn or a bare record id)."""
        if not isinstance(iri, str) or not iri.strip():
            return []
        iri = iri.strip()
        rid = record_id_from_urn(iri)
        if rid is not None:
            r = self._by_id.get(rid)
            return [r] if r is not None else []
        if iri in self._by_id:
            return [self._by_id[iri]]
        hits = self._by_key.get(normalise_iri(iri))
        if hits:
            return list(hits)
        gid = gid_from_twfy_url(iri)
        if gid:
            from corpus.formats.twfy_xml import resolve_gid

            class _C:  # resolve_gid wants something with .records / .record()
                records = self._records
                record = staticmethod(self._by_id.get)

            for g in dict.fromkeys([gid, _TWFY_REPLY.sub(".q0", gid)]):
                try:
                    rec = resolve_gid(_C, g)
                except Exception:
                    rec = None
                if rec is not None:
                    return [rec]
        return []


__all__ = [
    "URN_PREFIX",
    "urn_for",
    "record_id_from_urn",
    "record_iri",
    "iri_for_id",
    "public_url",
    "twfy_url",
    "is_public_url",
    "normalise_iri",
    "gid_from_twfy_url",
    "IriIndex",
]
