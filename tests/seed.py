"""The signed Laholm agreement (tests/data), read independently of the app's transcription.

The file is a PDF-to-text conversion: a title and a page number on top, ALL-CAPS
headings, blank lines between most lines, words hyphenated at line ends, and a
signature block after the place and date of signing.
"""

import re
from pathlib import Path

SEED_PATH = Path(__file__).parent / "data" / "samverkansoverenskommelse-laholm-2024-2026.txt"
SIGNING_LINE = "Laholm den 12 januari 2023"

_SENTENCE_END = re.compile(r"(?<=[.:])\s+(?=[A-ZÅÄÖ”])")
_MARKER = re.compile(r"^(- |\d+\. )")


def _is_heading(line: str) -> bool:
    return bool(re.search(r"[A-ZÅÄÖ]", line)) and line == line.upper()


def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def signature_block() -> list[str]:
    """The non-blank lines from the place and date of signing to the end, spaces collapsed."""
    _, signing, rest = seed_text().partition(SIGNING_LINE)
    assert signing, "the seed has no signing line"
    lines = [" ".join(line.split()) for line in rest.splitlines()]
    return [line for line in lines if line]


def headings() -> list[str]:
    """The ALL-CAPS clause headings in document order (the title line excluded)."""
    body, _, _ = seed_text().partition(SIGNING_LINE)
    lines = [" ".join(line.split()) for line in body.splitlines()]
    found = [line for line in lines if line and not line.isdigit() and _is_heading(line)]
    assert found[0].startswith("SAMVERKANSÖVERENSKOMMELSE 20"), "the title comes first"
    return found[1:]


def clause_lines() -> list[str]:
    """The clauses' text line by line, without title, page numbers, headings, blank lines
    and signatures; a word split at a line end ("Åtgärds-" / "planen") is joined again."""
    body, signing, _ = seed_text().partition(SIGNING_LINE)
    assert signing, "the seed has no signing line"
    lines = [" ".join(line.split()) for line in body.splitlines()]
    lines = [line for line in lines if line and not line.isdigit() and not _is_heading(line)]
    joined: list[str] = []
    for line in lines:
        # Only a hyphen ending a line and followed by a lowercase continuation is a
        # line-break hyphen; "medarbetar- och" inside a line is the writer's own.
        if joined and joined[-1].endswith("-") and line[:1].islower():
            joined[-1] = joined[-1][:-1] + line
        else:
            joined.append(line)
    return joined


def clause_sentences() -> list[str]:
    """Every sentence of the clauses, bullet and numbering markers dropped."""
    text = " ".join(_MARKER.sub("", line) for line in clause_lines())
    return [sentence for sentence in _SENTENCE_END.split(text) if sentence]


def roster_functions() -> dict[str, list[dict]]:
    """The functions each body's roster lists, by party, as the seed words them.

    Keys: "strategic" and "operative". Each function: party, title, as_needed (the
    item ends "vid behov"), note (a trailing parenthesis, e.g. the extended group).
    """
    lines = clause_lines()
    starts = {
        "strategic": "I det strategiska rådet ingår följande funktioner.",
        "operative": "I den operativa samverkansgruppen ingår följande funktioner:",
    }
    result = {}
    for kind, start in starts.items():
        index = lines.index(start) + 1
        party, items = None, []
        while lines[index] != "Samtliga funktioner kan vid behov utse ersättare.":
            line = lines[index]
            if line.startswith("- "):
                items.append([party, line[2:]])
            elif line.endswith(":"):
                party = line[:-1]
            else:  # a bullet continued on the next line
                items[-1][1] += " " + line
            index += 1
        functions = []
        for party, text in items:
            title = text.rstrip(".")
            note = ""
            parenthesis = re.search(r"\s*\((.*)\)$", title)
            if parenthesis:
                note, title = parenthesis.group(1), title[: parenthesis.start()]
            as_needed = title.endswith(" vid behov")
            title = title.removesuffix(" vid behov")
            functions.append({"party": party, "title": title, "as_needed": as_needed, "note": note})
        result[kind] = functions
    return result
