from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def transcript(request):
    return render(request, "credentials/transcript.html", {})
