"""KDLA staff edit the catalog here: categories, courses with their lessons and quiz, enrollments."""

from django.contrib import admin

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


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0
    fields = ["order", "title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}


class QuizQuestionInline(admin.StackedInline):
    model = QuizQuestion
    extra = 0
    fields = ["order", "question", "choices", "answer"]


@admin.register(CatalogItem)
class CatalogItemAdmin(admin.ModelAdmin):
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


class LessonCompletionInline(admin.TabularInline):
    model = LessonCompletion
    extra = 0
    readonly_fields = ["lesson", "completed_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "registered_at", "completed_at"]
    list_filter = ["course", "completed_at"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "course__title"]
    list_select_related = ["user", "course"]
    raw_id_fields = ["user"]
    # Completion is set by courses.services (it credits renewal credentials): not edited by hand.
    readonly_fields = ["quiz_passed_at", "completed_at"]
    date_hierarchy = "registered_at"
    inlines = [LessonCompletionInline]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    readonly_fields = ["item", "title", "price"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "created_at", "total"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "created_at", "total"]
    inlines = [OrderLineInline]

    def has_add_permission(self, request):
        return False
