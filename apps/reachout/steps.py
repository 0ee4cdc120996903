"""The six steps of the path, in order: what the progress line, Back and Skip read."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Step:
    number: int
    name: str  # the URL name in the reachout namespace
    title: str

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
            ("start", "Stand still"),
            ("feeling", "Name the feeling"),
            ("card", "A card for it"),
            ("write", "Write it here instead"),
            ("wait", "Wait the wave"),
            ("check_in", "Check in"),
        ],
        start=1,
    )
]
BY_NAME = {step.name: step for step in STEPS}
