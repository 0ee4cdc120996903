from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def stand_still(request):
    return render(request, "timer/stand_still.html")
