from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def files(request):
    return render(request, "credentials/files.html", {})
