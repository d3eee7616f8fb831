"""Template helpers of the Learning Portal."""

from django import template

from courses import markup

register = template.Library()


@register.filter
def lesson_body(text):
    """Lesson text as HTML (courses.markup: paragraphs and bullet lists, every piece of text escaped)."""
    return markup.to_html(text)
