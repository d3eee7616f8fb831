"""Bulk approval from the queue: tick items, confirm once, each approved in full as its own decision."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import REVIEW_PERMISSION
from reviews import bulk


@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
@require_POST
def bulk_approve(request):
    items = bulk.bulk_items(bulk.bulk_keys_parse(request.POST.getlist("item")))
    if not items:
        return render(request, "reviews/bulk_result.html", {"approved": [], "refused": [], "nothing": True})
    if request.POST.get("confirm") != "yes":
        return render(request, "reviews/bulk_confirm.html", {"items": items})
    approved, refused = bulk.bulk_approve_in_full(items=items, reviewer=request.user, now=timezone.now())
    return render(request, "reviews/bulk_result.html", {"approved": approved, "refused": refused})
