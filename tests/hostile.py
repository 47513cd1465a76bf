"""Generate a corpus of hostile files into a directory (at test time; nothing binary is committed).

``make_hostile_corpus(dir) -> {name: path}``.  Each text file is a small
plain-text written question in the layout of the bundled sample
``001_…`` ("Question to the Department for …:" / "Answered by" …) so that the
plain-text parser reads it as a record, with a hostile payload in its title and
in the question and answer text.

``PAYLOADS[name]`` is the hostile string in that file (as it appears after
decoding), ``UNIQUE[name]`` a harmless word that occurs only in that record
(to find it in lists and on screen), and ``HOSTILE_NOTE`` / ``HOSTILE_TAG``
carry the same content for notes and tag names.
"""

from __future__ import annotations

import random
from pathlib import Path

ESC = "\x1b"
BEL = "\x07"

MARKUP = "[bold]B[/] [/] [link=file:///etc/passwd]x[/link] [@click=app.quit]y[/] [00] [red on blue]"
OSC52_B64 = "aGVsbG8="  # base64("hello")
ANSI = (
    f"{ESC}[2J{ESC}[H"  # clear screen, cursor home
    f"{ESC}[31mred{ESC}[0m"  # colours
    f"{ESC}]52;c;{OSC52_B64}{BEL}"  # OSC 52 clipboard write
    f"{ESC}]8;;https://evil.example/{ESC}\\link{ESC}]8;;{ESC}\\"  # OSC 8 hyperlink
    f"{ESC}]0;pwned{BEL}"  # window title
    "\x9b2J"  # one-character C1 CSI
)
BIDI = "abc\u202edcba\u2066isolated\u2069 \u2067rtl\u2069 \u2068fsi\u2069"
NUL = "before\x00after"
C0_MISC = "bell\x07 back\x08space del\x7f vt\x0b ff\x0c"

PAYLOADS: dict[str, str] = {
    "markup": MARKUP,
    "ansi": ANSI,
    "bidi": BIDI,
    "nul": NUL,
    "controls": C0_MISC,
}

# A word that occurs only in one record (searchable, harmless, survives every decoder).
UNIQUE: dict[str, str] = {
    "markup": "zebramarkup",
    "ansi": "zebraansi",
    "bidi": "zebrabidi",
    "nul": "zebranul",
    "controls": "zebracontrols",
    "invalid_utf8": "zebrainvalid",
    "utf16": "zebrautf",
    "long_line": "zebralong",
}

HOSTILE_NOTE = f"note {MARKUP} {ANSI} {BIDI}"
HOSTILE_TAG = f"[bold]tag[/]{ESC}]0;pwned{BEL}\u202e"


def record_text(title: str, payload: str, unique: str, department: str = "Department for Education") -> str:
    """A plain-text written question (layout of the bundled sample 001) carrying ``payload``."""
    return (
        f"{title} {payload}\n"
        "\n"
        "(asked on 2nd February 2023) - View Source\n"
        "\n"
        f"Question to the {department}:\n"
        "\n"
        f"To ask the Secretary of State for Education, what steps she is taking on {unique} "
        f"kinship carer allowances {payload} and support for foster carers.\n"
        "\n"
        "\n"
        "Answered by\n"
        "Claire Coutinho Portrait\n"
        "Claire Coutinho\n"
        "Shadow Minister (Equalities)\n"
        "This question was answered on 10th February 2023\n"
        "\n"
        f"The department {unique} engages with local authorities {payload} on kinship care.\n"
        "\n"
        "A second paragraph of the answer so that paging has something to page through.\n"
    )


def make_hostile_corpus(
    directory: str | Path,
    *,
    long_line_mb: int = 50,
    seed: int = 7,
) -> dict[str, Path]:
    """Write the hostile files into ``directory`` and return ``{name: path}``.

    Names: markup, ansi, bidi, nul, controls, long_line, binary, png,
    invalid_utf8, utf16, plus ``ok`` (a clean record that must always load).
    ``long_line_mb=0`` leaves the long-line file out.
    """
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    out: dict[str, Path] = {}

    def write(name: str, filename: str, data: bytes) -> None:
        p = d / filename
        p.write_bytes(data)
        out[name] = p

    for name, payload in PAYLOADS.items():
        text = record_text(f"Hostile {name} record", payload, UNIQUE[name])
        write(name, f"{name}.txt", text.encode("utf-8"))

    write(
        "ok",
        "ok.txt",
        record_text("Kinship care allowance", "(clean)", "zebraok").encode("utf-8"),
    )

    # Invalid UTF-8: stray continuation bytes, a truncated sequence, an overlong form.
    base = record_text("Hostile invalid_utf8 record", "caf\u00e9", UNIQUE["invalid_utf8"]).encode("utf-8")
    write("invalid_utf8", "invalid_utf8.txt", base.replace(b"caf\xc3\xa9", b"caf\xc3\x28 \x80\xbf \xe2\x82 \xc0\xaf"))

    # UTF-16 LE with BOM, with a bidi payload inside.
    write(
        "utf16",
        "utf16.txt",
        b"\xff\xfe" + record_text("Hostile utf16 record", BIDI, UNIQUE["utf16"]).encode("utf-16-le"),
    )

    # Binary: random bytes with NULs; and a PNG (header + chunks).
    blob = bytes(rng.getrandbits(8) for _ in range(4096))
    write("binary", "binary.bin", b"\x00\x01\x02" + blob + b"\x00" * 64)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(rng.getrandbits(8) for _ in range(2048))
    write("png", "image.txt", png)  # misleading extension on purpose: sniff content

    if long_line_mb:
        # A record whose answer is one line of ~long_line_mb MB (words, no newline).
        head = record_text("Hostile long_line record", "", UNIQUE["long_line"])
        chunk = "kinship carer allowance paragraph without any line break "
        n = (long_line_mb * 1_000_000) // len(chunk)
        with open(d / "long_line.txt", "w", encoding="utf-8") as f:
            f.write(head)
            f.write("\n")
            f.write(chunk * n)
            f.write("\n")
        out["long_line"] = d / "long_line.txt"
    return out


if __name__ == "__main__":  # python tests/hostile.py DIR
    import sys

    for k, v in make_hostile_corpus(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus").items():
        print(f"{k}\t{v}")
