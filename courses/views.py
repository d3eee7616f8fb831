"""Learning Portal pages: catalog ("Register for Course"), cart and checkout, courses, lessons, quizzes.

Thin views: selector, one service, message, redirect. Refusals are RegistrationError messages, never a 500.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses import selectors, services
from courses.forms import CatalogFilterForm, QuizForm

CATALOG_PAGE_SIZE = 24


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_GET
@login_required
def catalog(request):
    categories = list(selectors.category_list())
    form = CatalogFilterForm(request.GET or None, categories=categories)
    category_slug, query = form.cleaned()
    items = selectors.catalog_items(category_slug=category_slug, query=query)
    page = Paginator(items, CATALOG_PAGE_SIZE).get_page(request.GET.get("page"))
    states = selectors.item_states(user=request.user)
    for item in page.object_list:
        item.state = states.get(item.pk, "")
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "courses/catalog.html",
        {
            "form": form,
            "page": page,
            "query_string": params.urlencode(),
            "cart_count": sum(1 for state in states.values() if state == "in_cart"),
            "cart_rows": list(selectors.cart_items(user=request.user))
            if "in_cart" in states.values()
            else [],
            "filtered": bool(category_slug or query),
        },
    )


@require_POST
@login_required
def cart_add(request, slug):
    item = selectors.listed_item(slug=slug)
    try:
        services.cart_add(user=request.user, item=item, now=timezone.now())
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{item.title} is in your cart. Click \u201cProceed to Checkout\u201d to confirm."
        )
    # Back to the card that was registered (its heading takes focus, the message is announced).
    return redirect(_safe_next(request, reverse("courses:catalog")) + f"#item-{item.pk}")


@require_POST
@login_required
def cart_remove(request, item_id):
    if services.cart_remove(user=request.user, item_id=item_id, now=timezone.now()):
        messages.success(request, "The item was removed from your cart.")
    return redirect(_safe_next(request, reverse("courses:cart")))


@require_GET
@login_required
def cart(request):
    rows = list(selectors.cart_items(user=request.user))
    now = timezone.now()
    for row in rows:
        row.refusal = services.item_registration_refusal(user=request.user, item=row.item, now=now)
    total = services.cart_total(rows)
    return render(request, "courses/cart.html", {"rows": rows, "total": total, "cart_count": len(rows)})


@require_POST
@login_required
def checkout(request):
    try:
        order = services.checkout_confirm(user=request.user, now=timezone.now())
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
        return redirect("courses:cart")
    count = order.lines.count()
    messages.success(request, f"You are registered for {count} item{'s' if count != 1 else ''}.")
    return redirect("courses:order", pk=order.pk)


@require_GET
@login_required
def order(request, pk):
    return render(
        request, "courses/order.html", {"order": selectors.order_for_user(user=request.user, pk=pk)}
    )


@require_GET
@login_required
def item(request, slug):
    item = selectors.listed_item(slug=slug)
    if item.is_course:
        return redirect("courses:course", slug=item.slug)
    states = selectors.item_states(user=request.user)
    refusal = None
    if item.pk not in states:
        refusal = services.item_registration_refusal(user=request.user, item=item, now=timezone.now())
    return render(
        request,
        "courses/item.html",
        {
            "item": item,
            "state": states.get(item.pk, ""),
            "refusal": refusal,
            "cart_count": _cart_count(states),
        },
    )


def _cart_count(states):
    return sum(1 for state in states.values() if state == "in_cart")


@require_GET
@login_required
def course(request, slug):
    course = selectors.course_by_slug(slug=slug)
    enrollment = selectors.enrollment_for(user=request.user, course=course)
    lessons = list(selectors.lessons_with_progress(course=course, enrollment=enrollment))
    states = selectors.item_states(user=request.user)
    has_quiz = course.quiz_questions.exists()
    return render(
        request,
        "courses/course.html",
        {
            "course": course,
            "enrollment": enrollment,
            "lessons": lessons,
            "done_count": sum(1 for lesson in lessons if lesson.done),
            "next_lesson": next((lesson for lesson in lessons if not lesson.done), None),
            "has_quiz": has_quiz,
            "state": states.get(course.pk, ""),
            "cart_count": _cart_count(states),
        },
    )


def _enrolled_course(request, slug):
    """The course (404 if unknown) and the learner's enrollment in it (None if not registered)."""
    course = selectors.course_by_slug(slug=slug)
    enrollment = selectors.enrollment_for(user=request.user, course=course)
    return course, enrollment


def _after_lesson(*, course, enrollment, current):
    """Where "Mark complete and continue" goes: the next lesson, else the quiz if not passed, else the course."""
    lessons = list(selectors.lessons_with_progress(course=course, enrollment=enrollment))
    index = next(i for i, row in enumerate(lessons) if row.pk == current.pk)
    if index + 1 < len(lessons):
        return lessons[index + 1].get_absolute_url()
    if enrollment.quiz_passed_at is None and course.quiz_questions.exists():
        return reverse("courses:quiz", args=[course.slug])
    return course.get_absolute_url()


@require_http_methods(["GET", "POST"])
@login_required
def lesson(request, slug, lesson):
    course, enrollment = _enrolled_course(request, slug)
    current = selectors.lesson_in_course(course=course, slug=lesson)
    if enrollment is None:
        messages.info(request, f"Register for {course.title} to start its lessons.")
        return redirect("courses:course", slug=course.slug)
    if request.method == "POST":
        now = timezone.now()
        was_complete = enrollment.completed_at is not None
        services.lesson_complete(enrollment=enrollment, lesson=current, now=now)
        enrollment.refresh_from_db()
        messages.success(request, f"\u201c{current.title}\u201d is complete.")
        if enrollment.completed_at and not was_complete:
            messages.success(request, f"You completed {course.title}.")
        return redirect(_after_lesson(course=course, enrollment=enrollment, current=current))
    lessons = list(selectors.lessons_with_progress(course=course, enrollment=enrollment))
    index = next(i for i, row in enumerate(lessons) if row.pk == current.pk)
    return render(
        request,
        "courses/lesson.html",
        {
            "course": course,
            "enrollment": enrollment,
            "lesson": lessons[index],
            "lessons": lessons,
            "position": index + 1,
            "previous_lesson": lessons[index - 1] if index > 0 else None,
            "next_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
            "has_quiz": course.quiz_questions.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def quiz(request, slug):
    course, enrollment = _enrolled_course(request, slug)
    questions = list(course.quiz_questions.all())
    if not questions:
        return redirect("courses:course", slug=course.slug)
    if enrollment is None:
        messages.info(request, f"Register for {course.title} to take its quiz.")
        return redirect("courses:course", slug=course.slug)
    form = QuizForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        passed, right, total = services.quiz_submit(
            enrollment=enrollment, answers=form.answers(), now=timezone.now()
        )
        if passed:
            messages.success(request, f"You passed the quiz: {right} of {total} answers correct.")
            return redirect("courses:course", slug=course.slug)
        # The answers stay chosen and each wrong one is marked, so the learner fixes only those.
        form.mark_wrong(services.quiz_wrong_answers(course=course, answers=form.answers()))
        messages.error(
            request,
            f"You answered {right} of {total} questions correctly. Every answer must be right to pass: "
            "review the lessons and try again.",
        )
    return render(request, "courses/quiz.html", {"course": course, "enrollment": enrollment, "form": form})
