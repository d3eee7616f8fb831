"""Template helpers of the Learning Portal."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def lesson_body(text):
    """Plain lesson text as HTML: blank-line separated paragraphs; a block of "- " lines is a bullet list.

    Every piece of text is escaped, so a lesson body can never inject markup.
    """
    blocks = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = format_html_join("", "<li>{}</li>", ((line[2:].strip(),) for line in lines))
            blocks.append(format_html("<ul>{}</ul>", items))
        else:
            blocks.append(format_html("<p>{}</p>", " ".join(lines)))
    # Every block is already safe (format_html); joining them this way keeps the result safe without mark_safe.
    return format_html_join("\n", "{}", ((block,) for block in blocks))
