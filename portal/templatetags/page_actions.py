"""`{% page_actions "slot" %}`: the buttons other apps registered for this page (see `portal.page_actions`)."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join

from portal.page_actions import page_actions as registered

register = template.Library()


@register.simple_tag(takes_context=True)
def page_actions(context, slot):
    request = context.get("request")
    return format_html_join(
        "",
        "{}",
        (
            (render_to_string(action.template, action.context(context), request=request),)
            for action in registered(slot)
        ),
    )
