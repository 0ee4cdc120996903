"""The app's icons: every PNG is rendered from the one committed source, static/pwa/icon.svg."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SOURCE = settings.BASE_DIR / "static" / "pwa" / "icon.svg"
BACKGROUND = "#2d6a6f"


@dataclass(frozen=True)
class Icon:
    name: str
    size: int
    purpose: str = "any"
    # Full-bleed icons (maskable, Apple's) draw the source smaller on a square
    # background, so a launcher's mask never cuts into the motif.
    scale: float | None = None


ICONS = [
    Icon("icon-192.png", 192),
    Icon("icon-512.png", 512),
    Icon("icon-maskable-512.png", 512, "maskable", scale=0.8),
    Icon("apple-touch-icon.png", 180, scale=0.92),
]


def svg_for(icon: Icon, source: str) -> str:
    if icon.scale is None:
        return source
    inner = re.sub(r"^<svg\b[^>]*>|</svg>\s*$", "", source.strip())
    offset = 512 * (1 - icon.scale) / 2
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" fill="{BACKGROUND}"/>'
        f'<g transform="translate({offset} {offset}) scale({icon.scale})">{inner}</g></svg>'
    )


def render(icon: Icon, source: str | None = None) -> bytes:
    import resvg_py  # a development tool: only this command needs it

    source = source if source is not None else SOURCE.read_text()
    return bytes(
        resvg_py.svg_to_bytes(svg_string=svg_for(icon, source), width=icon.size, height=icon.size)
    )


def write_all(folder: Path) -> list[Path]:
    source = SOURCE.read_text()
    written = []
    for icon in ICONS:
        path = folder / icon.name
        path.write_bytes(render(icon, source))
        written.append(path)
    return written
