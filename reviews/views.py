from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render


@login_required
@permission_required("reviews.review_submissions", raise_exception=True)
def queue(request):
    return render(request, "reviews/queue.html", {})


@login_required
@permission_required("reviews.review_submissions", raise_exception=True)
def file_decision(request, pk):
    raise Http404  # issue 4
