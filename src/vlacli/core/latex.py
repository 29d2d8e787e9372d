"""LaTeX <-> Unicode for BibTeX fields. Pure functions, no I/O.

:func:`escape` turns catalog text into a BibTeX field value that no character can end early:
every LaTeX special character becomes a command whose braces are balanced (``{`` is
``\\textbraceleft{}``, never ``\\{``, which classic BibTeX counts as an open brace), so a value
can neither close its field nor its entry. With ``ascii=True`` non-ASCII letters become LaTeX
accents (``ü`` -> ``{\\"u}``) for classic BibTeX; characters with no LaTeX form (CJK, emoji)
stay as they are.

:func:`decode` reads what people and tools write in .bib files (``{\\"u}``, ``\\"{u}``, ``{\\l}``,
``\\&``, ``\\textit{…}``, ``$\\times$``, ``--``, protective braces) back into Unicode. It inverts
:func:`escape` exactly: ``decode(escape(s)) == s`` for every string ``s`` (NFC-normalised when
``ascii=True``).
"""

from __future__ import annotations

import re
import unicodedata

# Characters that mean something to BibTeX or LaTeX, and the text commands that print them.
SPECIALS: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # In math, so that they print right in any font encoding: biber turns \textless, \textbar and
    # \textasciigrave into the raw characters, which OT1 prints as ¡, — and (after ? or !) ¿ and ¡.
    "<": r"{\ensuremath{<}}",
    ">": r"{\ensuremath{>}}",
    "|": r"{\ensuremath{|}}",
    "`": r"{\`{\relax}}",  # an accent on nothing: biber keeps this one as it is (not \`{})
    '"': '{"}',
    "\u00a0": "~",
    # Dashes as TeX writes them, in UTF-8 output too: what BibTeX styles expect in pages.
    "–": "--",
    "—": "---",
}

# Accent commands: LaTeX name -> Unicode combining mark.
ACCENTS: dict[str, str] = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}
MARKS: dict[str, str] = {mark: name for name, mark in ACCENTS.items()}

# Letters and symbols that are a command of their own.
LETTERS: dict[str, str] = {
    "l": "ł", "L": "Ł", "o": "ø", "O": "Ø", "ss": "ß", "SS": "SS", "ae": "æ", "AE": "Æ", "oe": "œ",
    "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
    "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
}
SYMBOLS: dict[str, str] = {
    "textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}", "textasciitilde": "~",
    "textasciicircum": "^", "textless": "<", "textgreater": ">", "textbar": "|", "textasciigrave": "`",
    "textquotedbl": '"', "textunderscore": "_", "textdollar": "$", "textpercent": "%", "textampersand": "&",
    "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
    "textcopyright": "©", "copyright": "©", "textregistered": "®", "texttrademark": "™",
    "textdegree": "°", "texteuro": "€", "pounds": "£", "textsterling": "£", "S": "§", "P": "¶",
    "textbullet": "•", "textperiodcentered": "·", "textexclamdown": "¡", "textquestiondown": "¿",
    "guillemotleft": "«", "guillemotright": "»", "textmu": "µ", "textdagger": "†", "dag": "†",
    "textsection": "§", "textparagraph": "¶", "textonehalf": "½", "textquotesingle": "'",
    "textvisiblespace": "␣", "LaTeX": "LaTeX", "TeX": "TeX", "slash": "/", "&": "&", "hyphen": "-",
    # math symbols people write in titles and abstracts
    "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "div": "÷", "to": "→", "rightarrow": "→",
    "leftarrow": "←", "Rightarrow": "⇒", "leftrightarrow": "↔", "leq": "≤", "le": "≤", "geq": "≥",
    "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃", "equiv": "≡",
    "infty": "∞", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫", "in": "∈",
    "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "emptyset": "∅",
    "forall": "∀", "exists": "∃", "neg": "¬", "wedge": "∧", "vee": "∨", "oplus": "⊕", "otimes": "⊗",
    "circ": "∘", "star": "⋆", "ast": "∗", "prime": "′", "uparrow": "↑", "downarrow": "↓",
    "mid": "∣", "ell": "ℓ", "hbar": "ℏ", "degree": "°", "checkmark": "✓",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ",
    "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ",
    "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ",
    "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
# Commands whose one argument is their text (formatting); \href{url}{text} keeps its text.
_TEXT_COMMANDS = ("textit textbf textsl textsc textup textmd textrm textsf texttt textnormal emph em it bf sc rm "
                  "tt sf mbox hbox text mathrm mathbf mathit mathsf mathtt mathcal mathbb mathnormal ensuremath "
                  "url nolinkurl NoCaseChange MakeUppercase MakeLowercase uppercase lowercase")
TEXT_COMMANDS = frozenset(_TEXT_COMMANDS.split())
# Commands that print nothing.
IGNORED = frozenset({"relax", "protect", "noopsort", "xspace", "null", "unskip", "ignorespaces"})
# Spaces and breaks.
SPACES = {"\\": " ", " ": " ", ",": "\u2009", ";": " ", ":": " ", "!": "", "-": "", "/": "", "@": ""}

# ASCII forms for --ascii that are not an accent on a letter.
ASCII_FORMS: dict[str, str] = {
    ch: rf"{{\{name}}}" for name, ch in LETTERS.items() if len(ch) == 1
}
ASCII_FORMS.update({
    "–": "--", "—": "---", "‘": r"\textquoteleft{}", "’": r"\textquoteright{}", "“": r"\textquotedblleft{}",
    "”": r"\textquotedblright{}", "…": r"\ldots{}", "©": r"\textcopyright{}",
    "®": r"\textregistered{}", "™": r"\texttrademark{}", "°": r"\textdegree{}", "€": r"\texteuro{}",
    "£": r"\pounds{}", "§": r"\S{}", "¶": r"\P{}", "•": r"\textbullet{}", "¡": r"\textexclamdown{}",
    "¿": r"\textquestiondown{}", "«": r"\guillemotleft{}", "»": r"\guillemotright{}",
})
# Math symbols (\times, \alpha, …) have no text form: --ascii writes them as \ensuremath{\times}.
_MATH_SYMBOLS = ("times cdot pm mp div to rightarrow leftarrow Rightarrow leftrightarrow leq geq neq approx sim "
                "simeq equiv infty partial nabla sum prod int in notin subset subseteq cup cap emptyset forall "
                "exists neg wedge vee oplus otimes circ star ast prime uparrow downarrow mid ell hbar alpha beta "
                "gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho "
                "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
                "Upsilon Phi Psi Omega")
MATH_SYMBOLS = _MATH_SYMBOLS.split()
for _name in MATH_SYMBOLS:
    ASCII_FORMS.setdefault(SYMBOLS[_name], rf"\ensuremath{{\{_name}}}")


# -- escaping ---------------------------------------------------------------------------------
# Text that needs no escaping has no special character and no pair TeX would make a ligature of.
# Deleting the special characters changes the length of a text that has any (` is one: ``, ?` and
# !` are covered). A translate is ~2x faster than a regex search over a 1.2 kB abstract.
_DROP_SPECIALS = str.maketrans("", "", "".join(SPECIALS))


def escape(text: str, ascii: bool = False) -> str:
    """Catalog text -> a BibTeX field value that prints as ``text`` and cannot end its field."""
    if (len(text.translate(_DROP_SPECIALS)) == len(text) and "--" not in text and "''" not in text
            and ",," not in text and (not ascii or text.isascii())):
        return text  # nothing to escape: most titles, names and abstracts
    out = ""
    for ch in text:
        if ch in SPECIALS:
            piece = SPECIALS[ch]
        elif ascii and ord(ch) > 127:
            piece = _ascii_form(ch)
        else:
            piece = ch
        # Break the ligatures TeX makes of plain characters (-- --- '' ,,) with an italic correction:
        # LuaTeX ignores an empty group ``-{}-`` there, but not ``-\/-``.
        if out and piece[0] in "-'," and out[-1] == piece[0]:
            out += "\\/"
        out += piece
    return out


def _ascii_form(ch: str) -> str:
    if ch in ASCII_FORMS:
        return ASCII_FORMS[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if marks and all(m in MARKS for m in marks) and (ord(base) < 128 or base in ASCII_FORMS):
        form = ASCII_FORMS.get(base, base)
        for m in marks:
            name = MARKS[m]
            form = rf"{{\{name}{form}}}" if not name.isalpha() else rf"{{\{name}{{{form}}}}}"
        return form
    return ch  # no LaTeX form: kept as UTF-8


def protect_title(title: str, ascii: bool = False) -> str:
    """Escape a title, bracing every word with a capital letter (``{SmolVLA:}``, ``{VLA}``) so that
    no bibliography style changes its case."""
    words = []
    # Escaping adds no spaces, so the escaped title splits into the escaped words.
    for word, esc in zip(title.split(" "), escape(title, ascii).split(" "), strict=True):
        if word.lower() != word:
            # A group that starts with a command is an accent group to BibTeX: nest it once more.
            esc = "{{" + esc + "}}" if esc.startswith("\\") else "{" + esc + "}"
        words.append(esc)
    return " ".join(words)


# -- decoding ---------------------------------------------------------------------------------
_CMD = re.compile(r"[A-Za-z]+")


_PLAIN_RUN = re.compile(r"[^{}\\$~\-`']+")
_PLAIN_RUN_MATH = re.compile(r"[^{}\\]+")


class _Reader:
    def __init__(self, text: str, unknown: list[str] | None = None) -> None:
        self.s = text
        self.i = 0
        self.unknown: list[str] = unknown if unknown is not None else []

    def group(self, math: bool = False) -> str:
        """Read until the '}' closing the current group (or the end), decoding as we go."""
        out: list[str] = []
        s = self.s
        plain = _PLAIN_RUN_MATH if math else _PLAIN_RUN
        while self.i < len(s):
            run = plain.match(s, self.i)
            if run:  # a run of characters that mean themselves, taken at once
                out.append(run.group())
                self.i = run.end()
                continue
            ch = s[self.i]
            if ch == "}":
                self.i += 1
                return "".join(out)
            if ch == "{":
                self.i += 1
                out.append(self.group(math))
            elif ch == "\\":
                out.append(self.command(math))
            elif ch == "$" and not math:
                out.append(self.math())
            elif ch == "~" and not math:
                self.i += 1
                out.append("\u00a0")
            elif not math and s.startswith("---", self.i):
                self.i += 3
                out.append("—")
            elif not math and s.startswith("--", self.i):
                self.i += 2
                out.append("–")
            elif not math and s.startswith("``", self.i):
                self.i += 2
                out.append("“")
            elif not math and s.startswith("''", self.i):
                self.i += 2
                out.append("”")
            else:
                self.i += 1
                out.append(ch)
        return "".join(out)

    def argument(self, math: bool = False) -> str:
        """One macro argument: a {group}, a command, or one character; spaces before it skipped."""
        s = self.s
        while self.i < len(s) and s[self.i] in " \t\n":
            self.i += 1
        if self.i >= len(s):
            return ""
        ch = s[self.i]
        if ch == "{":
            self.i += 1
            return self.group(math)
        if ch == "\\":
            return self.command(math)
        self.i += 1
        return ch

    def math(self) -> str:
        s = self.s
        end = s.find("$", self.i + 1)
        while end != -1 and s[end - 1] == "\\":
            end = s.find("$", end + 1)
        if end == -1:
            self.i += 1
            return "$"
        inner = _Reader(s[self.i + 1:end], self.unknown).group(math=True)
        self.i = end + 1
        if any(c in inner for c in "\\_^"):
            return "$" + inner + "$"
        return inner

    def command(self, math: bool) -> str:
        s = self.s
        self.i += 1  # the backslash
        if self.i >= len(s):
            return "\\"
        m = _CMD.match(s, self.i)
        if not m:  # a control symbol
            ch = s[self.i]
            self.i += 1
            if ch in ACCENTS and not math:
                return _accent(self.argument(), ACCENTS[ch])
            if ch in SPACES:
                return SPACES[ch]
            return ch  # \& \% \$ \# \_ \{ \}
        name = m.group(0)
        self.i = m.end()
        # TeX drops the spaces after a control word.
        while self.i < len(s) and s[self.i] in " \t\n":
            self.i += 1
        if name in ACCENTS and len(name) == 1 and not math:
            return _accent(self.argument(), ACCENTS[name])
        if name in LETTERS:
            return self._empty_group(LETTERS[name])
        if name in SYMBOLS:
            return self._empty_group(SYMBOLS[name])
        if name == "href":
            self.argument()
            return self.argument(math)
        if name in TEXT_COMMANDS:
            return self.argument(math or name.startswith("math") or name == "ensuremath")
        if name in IGNORED:
            return ""
        if math:
            return "\\" + name + (" " if self.i < len(s) and s[self.i - 1] in " \t\n" else "")
        # A command vla does not know: noted; with an argument (\mkbibquote{Intention}) its text is
        # kept (the groups that follow are read as groups) and the command left out; without one
        # (\model), the command is kept as written.
        self.unknown.append(name)
        if s.startswith("{}", self.i):
            self.i += 2
        elif self.i < len(s) and s[self.i] == "{":
            return ""
        return "\\" + name + (" " if self.i < len(s) and s[self.i - 1] in " \t\n" else "")

    def _empty_group(self, value: str) -> str:
        if self.s.startswith("{}", self.i):
            self.i += 2
        return value


# An accent on nothing (``\\`{}``) is the accent mark itself.
_SPACING = {"\u0300": "`", "\u0302": "^", "\u0303": "~"}


def _accent(base: str, mark: str) -> str:
    if not base:
        return _SPACING.get(mark, mark)
    base = {"ı": "i", "ȷ": "j"}.get(base[0], base[0]) + base[1:]  # \'\i is í
    return unicodedata.normalize("NFC", base[0] + mark + base[1:])


def decode(text: str, unknown: list[str] | None = None) -> str:
    """A BibTeX field value (without its enclosing braces) -> Unicode text. The names of the commands
    it does not know (whose arguments' text is kept, the command left out) are added to ``unknown``."""
    if _PLAIN_RUN.fullmatch(text):
        return text  # nothing but characters that mean themselves: most names and titles
    reader = _Reader(text, unknown)
    out = []
    while reader.i < len(text):
        out.append(reader.group())
    return "".join(out)
