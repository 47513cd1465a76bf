"""Decoding bytes to text: every encoding a saved page arrives in, with exact results."""

from __future__ import annotations

import subprocess
import sys

import pytest

from corpus.decode import decode, looks_binary

TEXT = "Children’s social care: £20 million – café"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # with BOM
        (TEXT.encode("utf-16-le"), "utf-16-le"),  # no BOM
        (TEXT.encode("utf-16-be"), "utf-16-be"),  # no BOM
        (TEXT.encode("utf-32"), "utf-32"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-nobom", "utf16be-nobom", "utf32"],
)
def test_unicode_encodings_decode_exactly_without_warnings(data, encoding):
    assert not looks_binary(data)
    assert decode(data) == (TEXT, encoding, [])


def test_cp1252_detected():
    assert decode(TEXT.encode("cp1252")) == (TEXT, "cp1252", ["not UTF-8: decoded as cp1252"])


def test_latin1_read_as_cp1252():
    data = "résumé of the debate on the crèche, £200".encode("latin-1")
    assert decode(data) == ("résumé of the debate on the crèche, £200", "cp1252", ["not UTF-8: decoded as cp1252"])


def test_curly_quote_byte_0x92_is_an_apostrophe_not_a_control():
    assert decode(b"The Minister\x92s answer.")[0] == "The Minister’s answer."


def test_utf8_with_stray_cp1252_bytes():
    data = "café ".encode("utf-8") + b"\x93quoted\x94"
    assert decode(data) == ("café “quoted”", "utf-8", ["invalid UTF-8 bytes read as cp1252"])


def test_mojibake_repaired():
    text = "childrenâ€™s social care costs Â£20 million"
    assert decode(text.encode("utf-8")) == (
        "children’s social care costs £20 million", "utf-8", ["mis-decoded characters (mojibake) repaired"])


def test_mojibake_repair_keeps_curly_quotes_and_markup_literal():
    text = "â€œ[bold]Childrenâ€™sâ€\x9d &amp; more"
    out, _, _ = decode(text.encode("utf-8"))
    assert out == "“[bold]Children’s” &amp; more"


def test_clean_text_untouched_including_legit_accents():
    text = "Ã la carte? No: Sinn Féin, Plaid Cymru, naïve – “quoted”"
    assert decode(text.encode("utf-8")) == (text, "utf-8", [])


def test_nul_bytes_removed_with_warning():
    data = b"Written answer" + b"\x00" * 3 + b" text follows here and continues for a while." * 5
    text, enc, warnings = decode(data)
    assert "\x00" not in text and text.startswith("Written answer text follows")
    assert (enc, warnings) == ("utf-8", ["3 NUL bytes removed"])
    assert not looks_binary(data)


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n" + bytes(100), b"PK\x03\x04" + bytes(50), b"\x7fELF\x02\x01" + bytes(200),
     bytes(range(256)) * 8, b"abc\x00\x00\x00\x00def\x00\x00"],
    ids=["png", "zip", "elf", "all-bytes", "mostly-nul"],
)
def test_binary_detected(data):
    assert looks_binary(data)


def test_heavy_libraries_imported_only_when_needed():
    code = (
        "import sys; from corpus.decode import decode; decode('plain text – ok'.encode()); "
        "print('ftfy' in sys.modules, 'charset_normalizer' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
