"""Every write of the Learning Portal: the cart, checkout (registration), lessons, quizzes, completion.

Conventions (STYLE.md): keyword-only arguments, `now` passed in, the refusal rules in one function
(`item_registration_refusal`) checked when an item is added and again at checkout, row locks at checkout.
"""

from collections.abc import Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction

from courses.models import CartItem, CatalogItem, Enrollment, LessonCompletion, Order, OrderLine
from courses.registration import RegistrationError, program_handler

__all__ = ["RegistrationError"]  # raised by every function below


# --- Refusals ------------------------------------------------------------------------------------------


def item_registration_refusal(*, user, item, now) -> str | None:
    """Why `user` may not register for `item` now (naming exactly what is missing), or None."""
    if not item.is_listed:
        return f"{item.title} is not open for registration."
    if item.is_course:
        if Enrollment.objects.filter(user=user, course=item).exists():
            return f"You are already registered for {item.title}; find it under My Courses on your Dashboard."
        return None
    try:
        return program_handler().refusal(user=user, item=item, now=now)
    except RegistrationError as exc:  # a refusal the handler raises instead of returning
        return str(exc)


# --- Cart ----------------------------------------------------------------------------------------------


@transaction.atomic
def cart_add(*, user, item, now) -> CartItem:
    """Put `item` in the cart. Safe to repeat: an item already in the cart is returned unchanged."""
    existing = CartItem.objects.filter(user=user, item=item).first()
    if existing is not None:
        return existing
    refusal = item_registration_refusal(user=user, item=item, now=now)
    if refusal:
        raise RegistrationError(refusal)
    try:
        with transaction.atomic():
            return CartItem.objects.create(user=user, item=item, added_at=now)
    except IntegrityError:  # a double click that raced the first one
        return CartItem.objects.get(user=user, item=item)


def cart_remove(*, user, item_id, now) -> bool:
    """Take an item out of the cart; returns whether something was removed."""
    deleted, _ = CartItem.objects.filter(user=user, item_id=item_id).delete()
    return bool(deleted)


def cart_total(rows) -> Decimal:
    """What the cart's items cost together: shown on the cart page and charged at checkout."""
    return sum((row.item.price for row in rows), Decimal("0.00"))


@transaction.atomic
def checkout_confirm(*, user, now) -> Order:
    """Confirm the cart: re-check every item, record the order, register each item, empty the cart.

    All in one transaction with the user's cart rows locked, so a refresh or a double submit registers
    once: the second request waits, then finds an empty cart and is refused.
    """
    rows = list(
        CartItem.objects.select_for_update()
        .filter(user=user)
        .select_related("item")
        .order_by("added_at", "id")
    )
    if not rows:
        raise RegistrationError("Your cart is empty: nothing was registered.")
    refusals = [
        refusal for row in rows if (refusal := item_registration_refusal(user=user, item=row.item, now=now))
    ]
    if refusals:
        raise RegistrationError(" ".join(refusals))
    order = Order.objects.create(user=user, created_at=now, total=cart_total(rows))
    OrderLine.objects.bulk_create(
        [OrderLine(order=order, item=row.item, title=row.item.title, price=row.item.price) for row in rows]
    )
    for row in rows:
        _register(user=user, item=row.item, now=now)
    CartItem.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return order


def _register(*, user, item, now) -> None:
    if item.is_course:
        Enrollment.objects.create(user=user, course=item, registered_at=now)
        return
    program_handler().register(user=user, item=item, now=now)


# --- Lessons, quizzes, completion ----------------------------------------------------------------------


def _locked_enrollment(enrollment) -> Enrollment:
    return Enrollment.objects.select_for_update().select_related("course").get(pk=enrollment.pk)


@transaction.atomic
def lesson_complete(*, enrollment, lesson, now) -> LessonCompletion:
    """Mark a lesson complete (once), then complete the course if that was the last thing missing."""
    if lesson.course_id != enrollment.course_id:
        raise RegistrationError("That lesson is not part of this course.")
    enrollment = _locked_enrollment(enrollment)
    completion, _ = LessonCompletion.objects.get_or_create(
        enrollment=enrollment, lesson=lesson, defaults={"completed_at": now}
    )
    course_complete(enrollment=enrollment, now=now)
    return completion


def quiz_wrong_answers(*, course, answers: Mapping[int, int | None]) -> list[int]:
    """Ids of the questions whose chosen answer (`answers`: question id -> chosen index) is not the right one."""
    return [q.pk for q in course.quiz_questions.all() if answers.get(q.pk) != q.answer]


def quiz_score(*, course, answers: Mapping[int, int | None]) -> tuple[int, int]:
    """(right answers, questions) for `answers` mapping question id -> chosen index."""
    total = course.quiz_questions.count()
    return total - len(quiz_wrong_answers(course=course, answers=answers)), total


@transaction.atomic
def quiz_submit(*, enrollment, answers: Mapping[int, int | None], now) -> tuple[bool, int, int]:
    """Grade the course quiz. Passing needs every answer right (docs/DECISIONS.md); returns (passed, right, total)."""
    enrollment = _locked_enrollment(enrollment)
    right, total = quiz_score(course=enrollment.course, answers=answers)
    if total == 0:
        raise RegistrationError("This course has no quiz.")
    passed = right == total
    if passed and enrollment.quiz_passed_at is None:
        enrollment.quiz_passed_at = now
        enrollment.save(update_fields=["quiz_passed_at"])
        course_complete(enrollment=enrollment, now=now)
    return passed, right, total


@transaction.atomic
def course_complete(*, enrollment, now) -> bool:
    """Set the completion date once every lesson (and the quiz, if any) is done; credit renewal credentials.

    Returns whether the course became complete now. Safe to repeat: the date is set once.
    """
    enrollment = _locked_enrollment(enrollment)
    if enrollment.completed_at is not None:
        return False
    course: CatalogItem = enrollment.course
    lessons_left = course.lessons.exclude(completions__enrollment=enrollment).exists()
    if lessons_left:
        return False
    if enrollment.quiz_passed_at is None and course.quiz_questions.exists():
        return False
    enrollment.completed_at = now
    enrollment.save(update_fields=["completed_at"])
    program_handler().course_completed(enrollment=enrollment, now=now)
    return True
