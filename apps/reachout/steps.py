"""The six steps of the path, in order: what the progress line, Back and Skip read."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Step:
    number: int
    name: str  # the URL name in the reachout namespace
    title: str  # lazy: translated when shown

    @property
    def url(self) -> str:
        return reverse(f"reachout:{self.name}")

    @property
    def total(self) -> int:
        return len(STEPS)

    @property
    def back(self) -> "Step | None":
        return STEPS[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> "Step | None":
        return STEPS[self.number] if self.number < len(STEPS) else None

    @property
    def numbers(self) -> range:
        return range(1, len(STEPS) + 1)


STEPS = [
    Step(n, name, title)
    for n, (name, title) in enumerate(
        [
            ("start", gettext_lazy("Stand still")),
            ("feeling", gettext_lazy("Name the feeling")),
            ("card", gettext_lazy("A card for it")),
            ("write", gettext_lazy("Write it here instead")),
            ("wait", gettext_lazy("Wait the wave")),
            ("check_in", gettext_lazy("Check in")),
        ],
        start=1,
    )
]
BY_NAME = {step.name: step for step in STEPS}
