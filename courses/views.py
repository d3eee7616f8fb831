from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def catalog(request):
    return render(request, "courses/catalog.html", {})
