"""Reading rendered pages as a person would: visible text, sections, table rows."""

import re
from html import unescape

_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|code|em|i|small|span|strong|time)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def text_of(html: str) -> str:
    """The text of an HTML fragment as read: inline tags vanish, other tags separate
    words, entities are decoded and whitespace is collapsed to single spaces."""
    return " ".join(unescape(_TAG.sub(" ", _INLINE_TAG.sub("", html))).split())


def section(html: str, marker: str) -> str:
    """The HTML from `marker` (e.g. 'class="agreement-text"') to the end of the page."""
    assert marker in html, f"{marker!r} is not on the page"
    return html[html.index(marker) :]


def party_sections(html: str) -> dict[str, str]:
    """A roster page's per-party sections, keyed by the party's heading text."""
    sections = {}
    for chunk in html.split('<section aria-labelledby="party-')[1:]:
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", chunk, re.S)
        assert heading, "a party section without a heading"
        sections[text_of(heading.group(1))] = chunk.split("</section>")[0]
    return sections


def table_rows(html: str) -> list[list[str]]:
    """The body rows of the tables in `html`, each a list of its cells' HTML."""
    rows = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            rows.append(re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
    return rows


def input_value(html: str, name: str) -> str | None:
    """The value attribute of the input named `name`, as the browser would show it."""
    for tag in re.findall(r"<input[^>]*>", html):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            value = re.search(r'\bvalue="([^"]*)"', tag)
            return unescape(value.group(1)) if value else ""
    return None


def field_html(html: str, name: str) -> str:
    """The form row (label, help, errors, widget) of the field named `name`."""
    for chunk in re.split(r'(?=<div class="field[ "])', html)[1:]:
        chunk = chunk.split("</form>")[0]
        if re.search(rf'\bname="{re.escape(name)}"', chunk):
            return chunk
    raise AssertionError(f"no form row for {name!r}")


def field_errors(html: str, name: str) -> list[str]:
    """The error messages printed in the field's own row."""
    row = field_html(html, name)
    lists = re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', row, re.S)
    return [text_of(item) for errors in lists for item in re.findall(r"<li>(.*?)</li>", errors)]
