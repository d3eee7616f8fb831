"""How registering a catalog item, and completing a course, reach the apps that build on courses.

The courses app owns the cart and checkout but not what a credential program is: the credentials app
plugs in a handler (in its AppConfig.ready) so dependencies keep pointing one way.
"""

from dataclasses import dataclass
from typing import Protocol


class RegistrationError(Exception):
    """A refused action; the message is meant for the user (a handler raises it for its refusals)."""


class ProgramHandler(Protocol):
    def refusal(self, *, user, item, now) -> str | None: ...

    def register(self, *, user, item, now) -> None: ...

    def active_item_ids(self, *, user) -> set[int]: ...

    def course_completed(self, *, enrollment, now) -> None: ...


@dataclass
class _Registry:
    program: ProgramHandler | None = None


registry = _Registry()


def set_program_handler(handler: ProgramHandler) -> None:
    registry.program = handler


def program_handler() -> ProgramHandler:
    if registry.program is None:
        raise RuntimeError("No program handler: is the credentials app installed?")
    return registry.program
