from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def saved(request):
    return render(request, "bookmarks/saved.html")
