"""Reads of the Learning Portal, scoped to the signed-in learner; a fixed number of queries per page."""

from django.db.models import BooleanField, Count, Exists, F, OuterRef, Value
from django.shortcuts import get_object_or_404

from courses.models import CartItem, CatalogItem, Category, Enrollment, Lesson, LessonCompletion, Order
from courses.registration import program_handler


def category_list():
    return Category.objects.all()


def catalog_items(*, category_slug: str = "", query: str = ""):
    """Listed items, optionally of one category and matching a title search."""
    items = CatalogItem.objects.filter(is_listed=True).select_related("category")
    if category_slug:
        items = items.filter(category__slug=category_slug)
    if query:
        items = items.filter(title__icontains=query.strip())
    return items


def item_states(*, user) -> dict[int, str]:
    """item id -> "registered" (enrolled course, active credential) or "in_cart", for the catalog cards."""
    states = dict.fromkeys(CartItem.objects.filter(user=user).values_list("item_id", flat=True), "in_cart")
    for item_id in Enrollment.objects.filter(user=user).values_list("course_id", flat=True):
        states[item_id] = "registered"
    for item_id in program_handler().active_item_ids(user=user):
        states[item_id] = "registered"
    return states


def cart_count(*, user) -> int:
    return CartItem.objects.filter(user=user).count()


def cart_items(*, user):
    return CartItem.objects.filter(user=user).select_related("item", "item__category")


def order_for_user(*, user, pk) -> Order:
    return get_object_or_404(Order.objects.filter(user=user).prefetch_related("lines"), pk=pk)


def listed_item(*, slug) -> CatalogItem:
    return get_object_or_404(CatalogItem.objects.filter(is_listed=True).select_related("category"), slug=slug)


def course_by_slug(*, slug) -> CatalogItem:
    return get_object_or_404(
        CatalogItem.objects.filter(kind=CatalogItem.Kind.COURSE).select_related("category"), slug=slug
    )


def enrollment_for(*, user, course) -> Enrollment | None:
    return Enrollment.objects.filter(user=user, course=course).first()


def lessons_with_progress(*, course, enrollment):
    """The course's lessons, each with `done` (completed by this enrollment)."""
    lessons = course.lessons.all()
    if enrollment is None:
        return lessons.annotate(done=Value(False, output_field=BooleanField()))
    return lessons.annotate(
        done=Exists(LessonCompletion.objects.filter(enrollment=enrollment, lesson=OuterRef("pk")))
    )


def lesson_in_course(*, course, slug) -> Lesson:
    return get_object_or_404(Lesson.objects.filter(course=course), slug=slug)


def dashboard_courses(*, user):
    """The learner's enrollments with lesson totals and done counts (My Courses box), one query."""
    return (
        Enrollment.objects.filter(user=user)
        .select_related("course")
        .annotate(
            lesson_total=Count("course__lessons", distinct=True),
            lessons_done=Count("lesson_completions", distinct=True),
        )
        .order_by(F("completed_at").desc(nulls_first=True), "-registered_at")
    )
