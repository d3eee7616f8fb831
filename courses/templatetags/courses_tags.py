"""Template helpers of the Learning Portal."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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
    return mark_safe("\n".join(str(block) for block in blocks))  # noqa: S308 - every block is escaped above
