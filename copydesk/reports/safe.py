"""Untrusted text (article text, ids, sources, file names, ingest-error messages) made
safe to print, in one place for every output format.

Three hazards, and a function for each (plus `for_log`, which combines the first two):

- `for_terminal`: a terminal acts on control characters instead of showing them. ESC
  starts CSI (`ESC [ 2 J` clears the screen), OSC (`ESC ] 8 ;; url BEL` makes a hidden
  hyperlink, `ESC ] 0 ;` retitles the window) and other sequences; 8-bit C1 codes (0x9B
  is CSI on its own) do the same on many terminals; CR, BS and bidirectional overrides
  (U+202A–U+202E, U+2066–U+2069) rewrite or reorder what is on the line. Every such
  character becomes its visible Python escape (`\\x1b`, `\\x9b`, `\\u202e`), which breaks
  the sequence it introduces and shows the editor that the data holds one; line breaks
  and tabs become a space, so a value is always one line. Lone surrogates (an undecodable
  file name, a broken JSON escape) become `\\udcff` too: they cannot be written as UTF-8.
- `guard_lines`: CI runners read workflow commands out of the log. GitHub's runner
  (actions/runner, `ActionCommand.TryParseV2`) takes any line that starts with `::`
  after leading white space is trimmed, and its legacy parser (`TryParse`) takes `##[`
  anywhere in a line (`##[stop-commands]token` switches annotations off). A rendered text
  report line that would start with `::` gets a visible backslash in front of it, and
  `##[` gets a zero-width word joiner after its first `#` (so table columns stay aligned).
- `for_log`: both, line by line, for copydesk's own (possibly multi-line) messages on
  stderr that quote untrusted values (exit-2 errors naming a file).
- `for_document`: XML 1.0 cannot carry C0 controls or lone surrogates and JUnit/SARIF
  viewers show C1 controls raw; those become U+FFFD (tab, LF and CR stay).

Nothing in rich does this: `rich.text.Text` only drops BEL, BS, VT, FF and CR
(`rich.control.strip_control_codes`), `rich.markup.escape` only escapes markup brackets,
and rich writes ESC and C1 characters through unchanged; Text objects (not markup strings)
keep `[bold red]` in article text literal.
"""

from __future__ import annotations

import re
from typing import Any

# line breaks and tabs inside one value (CRLF counted once): one space each
_BREAKS = re.compile("\r\n|[\t\n\v\f\r\x85\u2028\u2029]")
# characters a terminal acts on rather than shows: C0, DEL, C1, lone surrogates,
# bidirectional embeddings/overrides/isolates and marks
_ACTIVE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# what XML 1.0 and JSON/SARIF viewers cannot show: C0 but tab/LF/CR, DEL, C1, lone
# surrogates, the non-characters U+FFFE/U+FFFF
_NOT_DOCUMENT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# copydesk's own styling in a rendered line (untrusted text holds no ESC after for_terminal)
_SGR = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
COMMAND_START = "::"
LEGACY_COMMAND = "##["
LINE_GUARD = "\\"
WORD_JOINER = "\u2060"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(value: Any) -> str:
    """`value` as one printable line: breaks and tabs → space, active characters → `\\xNN`."""
    text = value if isinstance(value, str) else str(value)
    return _ACTIVE.sub(_escape, _BREAKS.sub(" ", text))


def for_document(value: str) -> str:
    """`value` with what XML 1.0/SARIF viewers cannot carry replaced by U+FFFD."""
    return _NOT_DOCUMENT.sub("\ufffd", value)


def guard_line(line: str) -> str:
    """One rendered line (may hold copydesk's own SGR styling) that no CI runner reads as a
    workflow command: see the module docstring."""
    if "\x1b" in line:  # visible characters and their positions in the raw line
        where: list[int] = []
        last = 0
        for m in [*_SGR.finditer(line), None]:
            end = len(line) if m is None else m.start()
            where.extend(range(last, end))
            if m is not None:
                last = m.end()
        visible = "".join(line[k] for k in where)
    elif COMMAND_START in line or LEGACY_COMMAND in line:
        where, visible = list(range(len(line))), line
    else:
        return line
    inserts: list[tuple[int, str]] = []
    stripped = visible.lstrip()
    if stripped.startswith(COMMAND_START):
        inserts.append((where[len(visible) - len(stripped)], LINE_GUARD))
    start = visible.find(LEGACY_COMMAND)
    while start != -1:
        inserts.append((where[start + 1], WORD_JOINER))
        start = visible.find(LEGACY_COMMAND, start + 1)
    for pos, mark in sorted(inserts, reverse=True):
        line = line[:pos] + mark + line[pos:]
    return line


def for_log(message: Any) -> str:
    """A message of copydesk's own for stderr or a CI log that may quote untrusted values
    (a file name, an exception's text): each line made safe (`for_terminal`) and guarded
    (`guard_line`), its own line breaks kept."""
    text = message if isinstance(message, str) else str(message)
    return "\n".join(guard_line(for_terminal(line)) for line in text.split("\n"))


def guard_lines(text: str) -> str:
    """`guard_line` on every line of a rendered block (lines end at LF, as the runner's)."""
    return "\n".join(guard_line(line) for line in text.split("\n"))
