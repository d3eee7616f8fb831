"""Page actions: buttons an app adds to another app's page, so the page's app need not know it.

The catalog (courses) shows "Request new Credit" (credit_requests), but courses sits below credit_requests
and must not load its template tags. The page names a slot (`{% page_actions "catalog" %}`, tag library
`page_actions` in portal); an app registers what it shows there in its AppConfig.ready.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PageAction:
    template: str
    context: Callable  # (template context of the page) -> dict for `template`


_SLOTS: dict[str, list[PageAction]] = {}


def page_action_register(slot: str, *, template: str, context: Callable) -> None:
    """Show `template`, rendered with `context(page context)`, wherever a page names `slot`."""
    actions = _SLOTS.setdefault(slot, [])
    action = PageAction(template=template, context=context)
    if action not in actions:
        actions.append(action)


def page_actions(slot: str) -> list[PageAction]:
    return list(_SLOTS.get(slot, []))
