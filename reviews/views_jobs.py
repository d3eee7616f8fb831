from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404


@login_required
@permission_required("reviews.review_submissions", raise_exception=True)
def job_history(request, *args, **kwargs):
    raise Http404  # placeholder until its issue lands
