from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def feed(request):
    return render(request, "cards/feed.html")


@require_safe
def about(request):
    return render(request, "cards/about.html")
