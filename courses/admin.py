"""KDLA staff edit the catalog here: categories, courses with their lessons and quiz, enrollments."""

from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin

from courses.models import (
    CatalogItem,
    Category,
    Enrollment,
    Lesson,
    LessonCompletion,
    Order,
    OrderLine,
    QuizQuestion,
)


class StaffCanEdit(BaseModelAdmin):
    """KDLA staff (is_staff) may view, add and change the catalog and programs without per-model grants.

    Deleting still needs the model's delete permission (superusers have it): catalog rows are PROTECTed
    by enrollments and orders, so removal is better done by unlisting.
    """

    def _is_staff(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self._is_staff(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._is_staff(request) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._is_staff(request) or super().has_change_permission(request, obj)

    def has_module_permission(self, request):
        return self._is_staff(request) or super().has_module_permission(request)


class StaffCanView(BaseModelAdmin):
    """KDLA staff (is_staff) may look at learners' records; changes go through the services."""

    def has_view_permission(self, request, obj=None):
        return (request.user.is_active and request.user.is_staff) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return (request.user.is_active and request.user.is_staff) or super().has_module_permission(request)


@admin.register(Category)
class CategoryAdmin(StaffCanEdit, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


class LessonInline(StaffCanEdit, admin.StackedInline):
    model = Lesson
    extra = 0
    fields = ["order", "title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}


class QuizQuestionInline(StaffCanEdit, admin.StackedInline):
    model = QuizQuestion
    extra = 0
    fields = ["order", "question", "choices", "answer"]


@admin.register(CatalogItem)
class CatalogItemAdmin(StaffCanEdit, admin.ModelAdmin):
    list_display = ["title", "kind", "category", "contact_hours", "is_listed", "is_required", "order"]
    list_filter = ["kind", "category", "is_listed", "is_required"]
    search_fields = ["title", "summary"]
    list_select_related = ["category"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LessonInline, QuizQuestionInline]

    def get_inlines(self, request, obj):
        # Programs have no lessons; their rules are edited under Credentials > Programs.
        if obj is not None and not obj.is_course:
            return []
        return super().get_inlines(request, obj)


class LessonCompletionInline(StaffCanView, admin.TabularInline):
    model = LessonCompletion
    extra = 0
    readonly_fields = ["lesson", "completed_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(StaffCanView, admin.ModelAdmin):
    list_display = ["user", "course", "registered_at", "completed_at"]
    list_filter = ["course", "completed_at"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "course__title"]
    list_select_related = ["user", "course"]
    raw_id_fields = ["user"]
    # Completion is set by courses.services (it credits renewal credentials): not edited by hand.
    readonly_fields = ["quiz_passed_at", "completed_at"]
    date_hierarchy = "registered_at"
    inlines = [LessonCompletionInline]


class OrderLineInline(StaffCanView, admin.TabularInline):
    model = OrderLine
    extra = 0
    readonly_fields = ["item", "title", "price"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(StaffCanView, admin.ModelAdmin):
    list_display = ["id", "user", "created_at", "total"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "created_at", "total"]
    inlines = [OrderLineInline]

    def has_add_permission(self, request):
        return False
