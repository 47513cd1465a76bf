"""corpus.safe_text.printable: exact replacements for terminal and bidi controls."""

from __future__ import annotations

import pytest

from corpus.safe_text import BIDI_CONTROLS, has_unsafe, printable


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "␛[2J"),
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),
        ("\x1b]52;c;aGVsbG8=\x07", "␛]52;c;aGVsbG8=␇"),
        ("\x1b]0;pwned\x07", "␛]0;pwned␇"),
        ("\x1b]8;;http://x\x1b\\x\x1b]8;;\x1b\\", "␛]8;;http://x␛\\x␛]8;;␛\\"),
        ("a\x00b", "a␀b"),
        ("a\rb", "a␍b"),
        ("a\bb", "a␈b"),
        ("\x0c\x0b", "␌␋"),
        ("x\x7fy", "x␡y"),
        ("\x9b2J", "\\x9b2J"),  # one-character CSI (C1)
        ("\x80\x9f", "\\x80\\x9f"),
        ("abc\u202edef", "abc⟨U+202E⟩def"),
        ("\u2066a\u2069", "⟨U+2066⟩a⟨U+2069⟩"),
        ("\u2067\u2068", "⟨U+2067⟩⟨U+2068⟩"),
        ("\u200e\u200f\u061c", "⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩"),
    ],
)
def test_controls_are_made_visible(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert has_unsafe(raw)


@pytest.mark.parametrize(
    "text",
    [
        "Question to the Department for Education:",
        "line one\n\tindented",
        "[bold]not markup[/] [@click=app.quit]y[/] [00]",
        "Café — “quoted” £24 million ½ 日本語 عربي עברית 🙂",
        "\u00a0non-breaking and \u00a0 latin-1 \u00ff",
        "",
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert printable(text) == text
    assert not has_unsafe(text)


def test_every_c0_c1_del_and_bidi_is_replaced() -> None:
    unsafe = [chr(c) for c in range(0x20) if c not in (9, 10)] + ["\x7f"]
    unsafe += [chr(c) for c in range(0x80, 0xA0)] + list(BIDI_CONTROLS)
    out = printable("".join(unsafe))
    assert not has_unsafe(out)
    assert all(ch not in out for ch in unsafe)
    # one replacement per input character, in order
    assert out.startswith("␀␁␂␃␄␅␆␇␈␋␌␍")
    assert "␛" in out and out.count("\\x") == 32 and out.count("⟨U+") == len(BIDI_CONTROLS)


def test_clean_text_is_returned_without_copying() -> None:
    s = "plain " * 1000
    assert printable(s) is s
