"""Text cleaning: the one place where untrusted listing text becomes clean display text.

Display text has normalized whitespace, no control characters, readable inline LaTeX
(`H$^{\\mathbf{3}}$DP` reads H³DP) and TeX's typing conventions read as typography (`--` is an en
dash, `~` a space). It is made once, where a listing enters, and stored as it is shown: nothing
downstream cleans again. `clean` is idempotent (clean(clean(x)) == clean(x), a property test
checks it), so a text that passes through twice by mistake still reads the same. Everything
else (escaping for HTML, XML, Markdown) happens where the text is written, never here.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Callable

from pylatexenc.latex2text import LatexNodes2Text

# C0/C1 controls, DEL, soft hyphens, zero-width and bidi controls, lone surrogates,
# noncharacters: never displayable and some of them invalid in XML 1.0. The controls that
# separate text (tab, form feed, NEL, the information separators) count as whitespace instead,
# and the zero-width joiners stay: emoji and some scripts need them. The Hangul fillers and the
# blank Braille cell draw nothing either: a title of them alone would look empty.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u115f\u1160\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u2800\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
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


class _OwnCalls(logging.Filter):
    """pylatexenc logs a warning for some malformed input, which we keep as written instead: its
    records are dropped while we call it, and only then (another user of the library in the same
    process, a site's other plugin, still hears of its own)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(self.calls, "active", False)


_QUIET = _OwnCalls()
for _name in ("pylatexenc.latexwalker", "pylatexenc.latex2text"):  # the modules our calls log from
    logging.getLogger(_name).addFilter(_QUIET)


def clean(value: object) -> str:
    """Display text: LaTeX made readable, invisible characters dropped, whitespace collapsed.

    One pass can leave something a second would change (an escaped `\\$` becomes a dollar that
    may open math), so passes repeat until the text stands still: the result is a fixed point.
    """
    text = str(value)
    for _ in range(_MAX_PASSES):
        cleaner = _clean_once(text)
        if cleaner == text:
            break
        text = cleaner
    return text


_MAX_PASSES = 8  # real text settles in one or two; this bounds a pathological input


def _clean_once(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    if "$" in text or "\\" in text:
        text = _INVISIBLE.sub("", _readable_latex(text))
    if "^" in text or "times" in text:
        text = _bare_latex(text)
    if "--" in text or "~" in text:
        text = _outside_urls(text, _typography)
    return _SPACE.sub(" ", text).strip()


# TeX's typing conventions: `---` an em dash, `--` an en dash (between words or numbers, not in an
# arrow such as `-->` or a rule of dashes), `~` a space that does not break (between two words;
# `~5%` is "about 5%").
_EM_DASH = re.compile(r"(?<=[\w\s)])---(?=[\s\w(])")
_EN_DASH = re.compile(r"(?<=[\w\s)])--(?=[\s\w(])")
_TIE = re.compile(r"(?<=\S)~(?=\S)")


def _typography(text: str) -> str:
    text = _EN_DASH.sub("\u2013", _EM_DASH.sub("\u2014", text))
    return _TIE.sub(" ", text)


# A URL's own characters are never typography (`https://host/~user`, `a--b` in a path).
_URL = re.compile(r"https?://[^\s<>\"'`\\{}|^]+", re.IGNORECASE)


def _outside_urls(text: str, change: Callable[[str], str]) -> str:
    out, at = [], 0
    for match in _URL.finditer(text):
        out += [change(text[at : match.start()]), match.group(0)]
        at = match.end()
    out.append(change(text[at:]))
    return "".join(out)


def shorten(text: str, limit: int) -> str:
    """`text` cut at the last word that fits in `limit` characters, with "…" to say so. The
    punctuation that ended the kept part goes ("ends here.…" reads as a typo). The one way a
    text is shortened for display."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]  # a word that ends right at the limit is whole
    kept = cut.rsplit(" ", 1)[0] if " " in cut else text[:limit]
    return kept.rstrip(" .,;:") + "…"


def invisible(text: str) -> str | None:
    """The first character of `text` that `clean` drops as invisible (a control, zero-width or bidi
    character), or None: stored text, clean already, holds none."""
    found = _INVISIBLE.search(text)
    return found.group(0) if found else None


# Cyrillic and Greek letters that look like Latin ones (after casefold): a title typed with a
# Cyrillic "о" is the same title to a reader, so it is the same paper.
_CONFUSABLE = str.maketrans(
    "авеіјкмнорстухѕԁԛԝһӏ" "αβεζηικμνορτυχ",
    "abeijkmhopctyxsdqwhl" "abezhikmnoptyx",
)


def text_key(title: str) -> str:
    """The comparable form of a title or abstract: case, punctuation, space and LaTeX insensitive,
    and blind to letters of other scripts that look alike (Cyrillic "о" is Latin "o").

    Text without a letter or digit (an all-emoji title) is its own key, never the empty one that
    would make every such title the same.
    """
    text = unicodedata.normalize("NFKD", clean(title)).casefold().translate(_CONFUSABLE)
    return "".join(ch for ch in text if ch.isalnum()) or text


def _readable_latex(text: str) -> str:
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)
    text = _MATH.sub(_math, text)
    text = _DASH_SPACE.sub(r"\1{}", text)
    return _MACRO.sub(lambda m: _macro_to_text(m.group(0)), text)


def _bare_latex(text: str) -> str:
    text = _BARE_TIMES.sub("×", text)
    return _BARE_SCRIPT.sub(
        lambda m: _script_to_text_of("^", "\\" + m.group(1) if m.group(1) else m.group(2)), text
    )


def _math(match: re.Match[str]) -> str:
    """Inline math made text when it holds TeX to read (`$x^2$` is x²); math that is plain text
    already keeps its dollars (`$x$`), which is also how an escaped `\\$x\\$` reads, so cleaning
    it again finds nothing to change."""
    source = match.group(1)
    text = _math_to_text(source)
    return match.group(0) if text == source else text


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
    _QUIET.calls.active = True
    try:
        return str(_latex.latex_to_text(source)).strip()
    except Exception:  # pylatexenc raises on malformed input; keep the text as written
        return ""
    finally:
        _QUIET.calls.active = False
