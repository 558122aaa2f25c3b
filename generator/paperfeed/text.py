"""Text cleaning: the one place where untrusted listing text becomes clean display text.

Display text has normalized whitespace, no control characters and readable inline LaTeX
(`H$^{\\mathbf{3}}$DP` reads H³DP). Everything else (escaping for HTML, XML, Markdown) happens
where the text is written, never here.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata

from pylatexenc.latex2text import LatexNodes2Text

# C0/C1 controls, DEL, soft hyphens, zero-width and bidi controls, lone surrogates,
# noncharacters: never displayable and some of them invalid in XML 1.0. The controls that
# separate text (tab, form feed, NEL, the information separators) count as whitespace instead,
# and the zero-width joiners stay: emoji and some scripts need them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)
_SPACE = re.compile(r"\s+")

_SUPERSCRIPT = str.maketrans(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
)
_SUBSCRIPT = str.maketrans("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")

# Inline math as Pandoc reads it: $x$ with no space inside either dollar and no digit right
# after the closing one, so "costs $5 and $10" stays prose.
_MATH = re.compile(r"(?<![\\$])\$(?=\S)([^$\n]{1,300}?)(?<![\s\\])\$(?!\d)")
# A LaTeX text macro with an optional braced argument, an accent such as \"u or \'{e}, an
# escaped character, or an escaped backslash (matched so that what follows it is not a macro).
_MACRO = re.compile(
    r"\\(?:[A-Za-z]+\*?(?:\{[^{}]*\})?|['\"`^~=.][A-Za-z]|['\"`^~=.]\{[A-Za-z]?\}|[%&#_$\\])"
)
_URL_MACRO = re.compile(r"\\url\{([^{}]*)\}")
# LaTeX swallows the space after a control word: "tokens\textemdash discrete" is "tokens—discrete".
_DASH_SPACE = re.compile(r"(\\text(?:em|en)dash)\s+")
# ^{...} or ^x (and the same with _): the argument may hold one nested group, \mathbf{3}.
_SCRIPT = re.compile(r"([\^_])(\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+|[A-Za-z0-9])")

# TeX that reached a listing with its backslashes and dollars stripped (the Hugging Face papers
# page does this): "2\\times" arrives as "2times", "H$^{3}$DP" as "H^{3}DP", "$AD^\\varepsilon$" as
# "AD^varepsilon". Only shapes prose never has are read back: "times" glued to a digit, a caret
# glued to a word.
_GREEK = (
    "alpha|beta|gamma|delta|varepsilon|epsilon|zeta|eta|vartheta|theta|iota|kappa|lambda|mu|nu|xi|"
    "varpi|pi|varrho|rho|varsigma|sigma|tau|upsilon|varphi|phi|chi|psi|omega|"
    "Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Upsilon|Phi|Psi|Omega"
)
_BARE_TIMES = re.compile(r"(?<=\d)times\b")
_BARE_SCRIPT = re.compile(
    rf"(?<=[A-Za-z0-9)])\^(?:({_GREEK})\b|(\{{(?:[^{{}}]|\{{[^{{}}]*\}})*\}}|[A-Za-z0-9]))"
)
# Abbreviation macros of paper styles (\etc, \eg) that pylatexenc does not know; a full stop
# after one is the one it ends with.
_ABBREVIATION = re.compile(r"\\(etc|eg|ie|etal|wrt|vs)\b\.?")
_ABBREVIATIONS = {"etc": "etc.", "eg": "e.g.", "ie": "i.e.", "etal": "et al.", "wrt": "w.r.t.", "vs": "vs."}

_latex = LatexNodes2Text(math_mode="text", strict_latex_spaces="based-on-source")
# pylatexenc logs a warning for some malformed input; we keep such text as written instead.
logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)


def clean(value: object) -> str:
    """Display text: LaTeX made readable, invisible characters dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFC", str(value))
    text = _INVISIBLE.sub("", text)
    if "$" in text or "\\" in text:
        text = _INVISIBLE.sub("", _readable_latex(text))
    if "^" in text or "times" in text:
        text = _bare_latex(text)
    return _SPACE.sub(" ", text).strip()


def shorten(text: str, limit: int) -> str:
    """`text` cut at the last word that fits in `limit` characters, with "…" to say so."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def text_key(title: str) -> str:
    """The comparable form of a title or abstract: case, punctuation, space and LaTeX insensitive.

    Text without a letter or digit (an all-emoji title) is its own key, never the empty one that
    would make every such title the same.
    """
    text = unicodedata.normalize("NFKD", clean(title)).casefold()
    return "".join(ch for ch in text if ch.isalnum()) or text


def unaccented(text: str) -> str:
    """The text without its accents ("Tülu" -> "Tulu"), for search engines that do not fold them."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _readable_latex(text: str) -> str:
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)
    text = _MATH.sub(lambda m: _math_to_text(m.group(1)), text)
    text = _DASH_SPACE.sub(r"\1{}", text)
    return _MACRO.sub(lambda m: _macro_to_text(m.group(0)), text)


def _bare_latex(text: str) -> str:
    text = _BARE_TIMES.sub("×", text)
    return _BARE_SCRIPT.sub(
        lambda m: _script_to_text_of("^", "\\" + m.group(1) if m.group(1) else m.group(2)), text
    )


@functools.lru_cache(maxsize=4096)
def _math_to_text(source: str) -> str:
    source = _SCRIPT.sub(_script_to_text, source)
    return _to_text(source) or source


def _script_to_text(match: re.Match[str]) -> str:
    return _script_to_text_of(match.group(1), match.group(2))


def _script_to_text_of(mark: str, arg: str) -> str:
    inner = _to_text(arg[1:-1] if arg.startswith("{") else arg)
    if not inner:
        return ""
    table = _SUPERSCRIPT if mark == "^" else _SUBSCRIPT
    mapped = inner.translate(table)
    if all(ord(ch) > 127 for ch in mapped if not ch.isspace()):
        return mapped.replace(" ", "")
    return f"{mark}{inner}" if len(inner) == 1 else f"{mark}({inner})"


@functools.lru_cache(maxsize=4096)
def _macro_to_text(source: str) -> str:
    if url := _URL_MACRO.fullmatch(source):
        return url.group(1)  # pylatexenc would add <angle brackets>
    if source == "\\\\":
        return source
    # An unknown macro (a Windows path, a typo) stays as written rather than vanishing, and so
    # does one pylatexenc cannot fill in (it leaves a "%s" where the argument should be).
    text = _to_text(source)
    return text if text and "%s" not in text else source


def _to_text(source: str) -> str:
    # '%' starts a comment in LaTeX but is a percent sign in a listing.
    source = re.sub(r"(?<!\\)%", r"\\%", source)
    try:
        return str(_latex.latex_to_text(source)).strip()
    except Exception:  # pylatexenc raises on malformed input; keep the text as written
        return ""
