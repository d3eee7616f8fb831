from django import forms

from courses.models import Category


class CatalogFilterForm(forms.Form):
    """The catalog's GET form: "All categories" and a title search (works without JavaScript)."""

    category = forms.ChoiceField(label="Category", required=False)
    q = forms.CharField(label="Search by title", required=False, max_length=100)

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        categories = categories if categories is not None else Category.objects.all()
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)  # declared above
        category.choices = [("", "All categories")] + [(c.slug, c.name) for c in categories]
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search", "placeholder": "Course title"})

    def cleaned(self):
        """(category slug, query); an unknown category or bad input filters nothing rather than failing."""
        if self.is_valid():
            return self.cleaned_data["category"], self.cleaned_data["q"].strip()
        return "", ""


class QuizForm(forms.Form):
    """One radio group per quiz question; field names are q<question id>."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for number, question in enumerate(self.questions, start=1):
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {question.question}",
                choices=list(enumerate(question.choices)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Question {number}: choose an answer."},
            )

    def mark_wrong(self, question_ids):
        """Mark each wrongly answered question; the message names it, as the error summary lists every message."""
        numbers = {question.pk: number for number, question in enumerate(self.questions, start=1)}
        for question_id in question_ids:
            self.add_error(
                f"q{question_id}",
                f"Question {numbers[question_id]}: this answer is not right; review the lessons and try again.",
            )

    def answers(self) -> dict[int, int]:
        return {question.pk: self.cleaned_data[f"q{question.pk}"] for question in self.questions}
