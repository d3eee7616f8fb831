"""The Learning Portal: catalog (categories, items), courses and lessons, enrollments, cart and orders.

A CatalogItem is either a course (with lessons and contact hours) or the catalog card of a credential
program (credentials.Program points at it). Registration of either kind goes through the cart and
`courses.services.checkout_confirm`; what registering a program does is supplied by the credentials
app through `courses.registration` (dependencies point one way: credentials -> courses).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse


class Category(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class CatalogItem(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", "Course"
        PROGRAM = "program", "Credential program"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items")
    summary = models.TextField(blank=True)
    contact_hours = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    price = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    is_listed = models.BooleanField(default=True, help_text="Shown in the catalog.")
    is_required = models.BooleanField(
        default=False, help_text="One of the courses required for part-time certification."
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category__order", "order", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(contact_hours__gte=0), name="item_hours_not_negative"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="item_price_not_negative"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_course(self):
        return self.kind == self.Kind.COURSE

    def get_absolute_url(self):
        if self.is_course:
            return reverse("courses:course", kwargs={"slug": self.slug})
        return reverse("courses:item", kwargs={"slug": self.slug})


class Lesson(models.Model):
    course = models.ForeignKey(
        CatalogItem,
        on_delete=models.CASCADE,
        related_name="lessons",
        limit_choices_to={"kind": CatalogItem.Kind.COURSE},
    )
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["course", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "slug"], name="lesson_slug_unique_in_course")
        ]

    def __str__(self):
        return f"{self.course}: {self.title}"

    def get_absolute_url(self):
        return reverse("courses:lesson", kwargs={"slug": self.course.slug, "lesson": self.slug})


class QuizQuestion(models.Model):
    course = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="quiz_questions")
    order = models.PositiveIntegerField(default=0)
    question = models.CharField(max_length=500)
    choices = models.JSONField(help_text="A list of answer texts.")
    answer = models.PositiveIntegerField(help_text="Index (from 0) of the right choice.")

    class Meta:
        ordering = ["course", "order", "id"]

    def __str__(self):
        return self.question


class Enrollment(models.Model):
    """A learner registered for a course. `completed_at` is set once, when every lesson (and quiz) is done."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(CatalogItem, on_delete=models.PROTECT, related_name="enrollments")
    registered_at = models.DateTimeField()
    quiz_passed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-registered_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_enrollment_per_course")]
        indexes = [models.Index(fields=["user", "completed_at"])]

    def __str__(self):
        return f"{self.user} in {self.course}"


class LessonCompletion(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="lesson_completions")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrollment", "lesson"], name="lesson_completed_once")]


class CartItem(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart_items")
    item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="item_once_in_cart")]


class Order(models.Model):
    """A confirmed checkout. Every KDLA item is free, but the order keeps what was registered and when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="orders")
    created_at = models.DateTimeField()
    total = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        ordering = ["-created_at"]


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(CatalogItem, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    price = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
