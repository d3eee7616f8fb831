"""The one reader of lesson text, used by the lesson page and by the catalog seed (courses/content/).

Lesson text is a small subset of Markdown: paragraphs separated by a blank line, and bullet lists (a block whose
first line starts with "- "; a line that does not start with "- " continues the item above it, so an item may be
wrapped). Nothing else is markup: every other character is text, escaped when it is shown.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BULLET = "- "


def blocks(text: str) -> list[str | list[str]]:
    """The blocks of `text`, in order: a paragraph is a string (its lines joined by spaces), a bullet list is
    the list of its items."""
    result: list[str | list[str]] = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith(BULLET):
            items: list[str] = []
            for line in lines:
                if line.startswith(BULLET):
                    items.append(line[len(BULLET) :].strip())
                else:
                    items[-1] = f"{items[-1]} {line}"
            result.append(items)
        else:
            result.append(" ".join(lines))
    return result


def normalized(text: str) -> str:
    """`text` as it is stored: a paragraph on one line, one line per bullet item, blocks separated by a blank
    line (so the source files can be wrapped at any width and the database holds the same text)."""
    return "\n\n".join(
        block if isinstance(block, str) else "\n".join(f"{BULLET}{item}" for item in block)
        for block in blocks(text)
    )


def to_html(text: str) -> SafeString:
    """`text` as HTML: <p> per paragraph, <ul> per bullet list. Every piece of text is escaped (format_html), so
    a lesson can never inject markup; joining the safe blocks with format_html_join keeps the result safe
    without mark_safe."""
    html = []
    for block in blocks(text):
        if isinstance(block, str):
            html.append(format_html("<p>{}</p>", block))
        else:
            html.append(
                format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in block)))
            )
    return format_html_join("\n", "{}", ((block,) for block in html))
