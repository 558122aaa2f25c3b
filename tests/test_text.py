"""Display text: whitespace, invisible characters, inline LaTeX, and the comparable title key."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperfeed.text import clean, invisible, shorten, text_key


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("  Attention\tIs\n All\r\nYou   Need  ", "Attention Is All You Need"),
        ("a\u00a0b\u2028c\x0bd\x0ce\x85f\x1fg", "a b c d e f g"),  # separators are spaces
        ("Trans\x00for\x1bmer\x7f", "Transformer"),  # control characters are dropped
        ("Trans\u200bfor\u00admer\ufeff", "Transformer"),  # zero-width space, soft hyphen, BOM
        ("\u202eevil\u202c text", "evil text"),  # bidi overrides
        ("lone \ud800 surrogate", "lone surrogate"),
        ("Cafe\u0301", "Café"),  # NFC
    ],
)
def test_clean_normalizes_whitespace_and_drops_invisible_characters(raw: str, shown: str) -> None:
    assert clean(raw) == shown


def test_clean_keeps_zero_width_joiners_that_emoji_need() -> None:
    assert clean("👩\u200d💻 coding agents") == "👩\u200d💻 coding agents"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (
            r"H$^{\mathbf{3}}$DP: Triply-Hierarchical Diffusion Policy",
            "H³DP: Triply-Hierarchical Diffusion Policy",
        ),
        (r"tokens\textemdash discrete units\textemdash are formed", "tokens—discrete units—are formed"),
        (r"pages 3\textendash 7", "pages 3–7"),
        (r"$\alpha$-entmax and $\beta$-VAE", "α-entmax and β-VAE"),
        (r"O($n^2$) attention", "O(n²) attention"),
        (r"error below $10^{-3}$", "error below 10⁻³"),
        (r"tokens $x_{i}$ and $x_2$", "tokens xᵢ and x₂"),
        (r"$\mathcal{O}(n \log n)$ time", "𝒪(n log n) time"),
        (r"\emph{fast} and \textbf{small}", "fast and small"),
        (r"Schr\"odinger and Poincar\'{e}", "Schrödinger and Poincaré"),
        (r"50\% fewer \& faster, a\_b \#1", "50% fewer & faster, a_b #1"),
        (r"$\geq$ 2$\times$ faster", "≥ 2× faster"),
        (r"see \url{https://example.org/x}", "see https://example.org/x"),
    ],
)
def test_clean_makes_inline_latex_readable(raw: str, shown: str) -> None:
    assert clean(raw) == shown


@pytest.mark.parametrize(
    "prose",
    [
        "costs $5 and $10 per run",  # dollars, not math
        r"C:\Users\data and D:\runs",  # a path, not macros
        "a 50% share",  # percent, not a LaTeX comment
        r"a line\\break",  # an escaped backslash stays as written
        r"unbalanced \textbf{bold",
        r"a \url{ left open",
        "GPT-4o, Q&A, <think> tags",
    ],
)
def test_clean_leaves_text_that_is_not_latex_as_written(prose: str) -> None:
    assert clean(prose) == prose


def test_clean_keeps_what_follows_an_escaped_backslash_as_written() -> None:
    # `\\$` is an escaped backslash and a dollar, not a backslash and an escaped dollar
    assert clean(r"x\\$y") == r"x\\$y"


def test_clean_is_silent_on_latex_it_cannot_read(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    with caplog.at_level(logging.DEBUG):
        assert clean(r"\url{") == r"\url{"
        assert clean(r"\url") == r"\url"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "raw",
    [
        r"H$^{\mathbf{3}}$DP: Triply-Hierarchical Diffusion Policy",
        r"tokens\textemdash discrete",
        r"$\alpha$-entmax",
        "costs $5 and $10",
        r"C:\Users\data",
        "  spaced \t out \n",
        r"Poincar\'{e}",
    ],
)
def test_clean_of_clean_text_changes_nothing(raw: str) -> None:
    # the store keeps clean text and cleans it again when it loads it
    assert clean(clean(raw)) == clean(raw)


def test_text_key_ignores_case_punctuation_space_and_latex() -> None:
    key = text_key(r"H$^{\mathbf{3}}$DP: Triply-Hierarchical  Diffusion Policy")
    assert key == text_key("H³DP — triply hierarchical diffusion policy")
    assert key == text_key("h3dp triply-hierarchical diffusion policy.")
    assert text_key("Attention Is All You Need") == text_key("attention is all you need!")


def test_text_key_tells_different_titles_apart() -> None:
    assert text_key("Attention Is All You Need") != text_key("Attention Is Not All You Need")
    assert text_key("GPT-4") != text_key("GPT-3")


def test_text_key_of_a_title_without_letters_is_not_empty() -> None:
    # an empty key would make every such title the same paper
    assert text_key("🤖") and text_key("🚀")
    assert text_key("🤖") != text_key("🚀")
    assert text_key("🤖 ") == text_key(" 🤖")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("reducing training time by up to 2times and", "reducing training time by up to 2× and"),
        ("a density error of 0.01 g/cm^3 on", "a density error of 0.01 g/cm³ on"),
        ("H^{3}DP contains 3 levels", "H³DP contains 3 levels"),
        ("R^3 overcomes these limitations", "R³ overcomes these limitations"),
        ("we propose AD^varepsilon, a new approach", "we propose ADε, a new approach"),
        (r"replay data, regularization, \etc. However", "replay data, regularization, etc. However"),
        (r"models, \eg transformers", "models, e.g. transformers"),
    ],
)
def test_clean_reads_latex_whose_backslashes_and_dollars_a_listing_stripped(raw: str, shown: str) -> None:
    assert clean(raw) == shown
    assert clean(shown) == shown  # cleaning twice changes nothing


@pytest.mark.parametrize(
    "prose",
    ["sometimes, at times, 3 times faster", "lifetimes of 10 times", "C^* algebras", "2times2 grid", "a ^ b"],
)
def test_clean_leaves_prose_that_only_looks_like_stripped_latex(prose: str) -> None:
    assert clean(prose) == prose


def test_other_users_of_pylatexenc_still_hear_its_warnings(caplog: pytest.LogCaptureFixture) -> None:
    # Cleaning silences the library only during its own calls: a site's other plugin that uses
    # pylatexenc in the same process keeps its logging.
    clean(r"\url{")
    with caplog.at_level(logging.WARNING):
        logging.getLogger("pylatexenc.latexwalker").warning("their own warning")
    assert [r.getMessage() for r in caplog.records] == ["their own warning"]


# Text that exercises cleaning: TeX's special characters, scripts, dashes and ties, escapes,
# invisible and separating characters, and anything else Unicode holds.
_TEXISH = st.text(
    alphabet=st.sampled_from(list("ab xyz12 $\\^_{}~-.,()%&#*timesalphaurl:/\u200b\u00ad\u202e\t\n\u00a0é"))
    | st.characters(),
    max_size=60,
)


@settings(max_examples=3000, deadline=None)
@given(_TEXISH)
def test_cleaning_is_idempotent_for_any_text(raw: str) -> None:
    # The store holds cleaned text and never cleans it again; were anything to pass through
    # twice, it must read the same.
    once = clean(raw)
    assert clean(once) == once


@settings(max_examples=500, deadline=None)
@given(_TEXISH)
def test_clean_text_has_nothing_invisible_and_no_space_at_either_end(raw: str) -> None:
    text = clean(raw)
    assert invisible(text) is None
    assert text == text.strip() and "  " not in text and "\n" not in text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("models at 7B -- and 13B", "models at 7B – and 13B"),  # TeX's en dash
        ("pages 3--7", "pages 3–7"),
        ("a claim---and its proof", "a claim—and its proof"),  # an em dash
        ("Policy~(H3DP) and Fig.~3", "Policy (H3DP) and Fig. 3"),  # a tie is a space
        ("gains of ~5% and x --> y", "gains of ~5% and x --> y"),  # "about", and an arrow, stay
        ("see https://example.org/~user/a--b", "see https://example.org/~user/a--b"),  # URLs untouched
        (r"Pricing \$x\$ Tokens", "Pricing $x$ Tokens"),  # escaped dollars are dollars
        (r"the $k$-means step", "the $k$-means step"),  # math that is plain text keeps its dollars
    ],
)
def test_clean_reads_texs_typing_conventions(raw: str, shown: str) -> None:
    assert clean(raw) == shown


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        ("It ends here. More words follow", 13, "It ends here…"),  # never ".…"
        ("one, two, three", 9, "one, two…"),
        ("short", 10, "short"),
        ("Unbreakablewordwithoutspaces", 10, "Unbreakabl…"),
    ],
)
def test_shorten_cuts_at_a_word_without_dangling_punctuation(text: str, limit: int, shown: str) -> None:
    assert shorten(text, limit) == shown


def test_a_title_typed_with_lookalike_letters_of_another_script_has_the_same_key() -> None:
    latin = "Attention Is All You Need"
    assert text_key("Attention Is All Yоu Need") == text_key(latin)  # a Cyrillic о
    assert text_key("АТТЕNТIОN Is All You Νeed") == text_key(latin)  # Cyrillic and Greek capitals
    assert text_key("Attention Is All You Seed") != text_key(latin)
    assert text_key("Обучение с подкреплением") != text_key("Обучение без учителя")  # Russian stays Russian


@pytest.mark.parametrize("blank", ["\u3164", "\u2800", "\u115f\u1160", "\uffa0"])
def test_characters_that_draw_nothing_are_dropped_so_a_title_of_them_is_empty(blank: str) -> None:
    assert clean(blank * 5) == ""
    assert clean(f"A{blank}Title") == "ATitle"
