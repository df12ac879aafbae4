"""Draw the app icons (static/img/icons/*.png) from the favicon's shapes (static/img/favicon.svg).

The favicon is a 32-unit square: a circle of radius 14 in #3d6b63, an arc from (9, 18) through a
cubic curve to (23, 18) and a dot of radius 2.5 at (16, 12), both #f4efe6. Pillow draws them at
four times the size and scales down, so the edges are smooth. Run it again after changing the
favicon: `.venv/bin/python scripts/make_icons.py`.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "static" / "img" / "icons"
GREEN = "#3d6b63"
CREAM = "#f4efe6"
SUPER = 4


def _curve(scale: float, dx: float, dy: float) -> list[tuple[float, float]]:
    p0, p1, p2, p3 = (9, 18), (12, 12), (20, 12), (23, 18)
    points = []
    for i in range(401):
        t = i / 400
        x = (1 - t) ** 3 * p0[0] + 3 * (1 - t) ** 2 * t * p1[0] + 3 * (1 - t) * t**2 * p2[0]
        y = (1 - t) ** 3 * p0[1] + 3 * (1 - t) ** 2 * t * p1[1] + 3 * (1 - t) * t**2 * p2[1]
        points.append((dx + (x + t**3 * p3[0]) * scale, dy + (y + t**3 * p3[1]) * scale))
    return points


def draw(size: int, *, maskable: bool) -> Image.Image:
    big = size * SUPER
    image = Image.new("RGBA", (big, big), GREEN if maskable else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    # A maskable icon is cropped to a circle of 80 % of its width: the glyph stays inside it.
    scale = big / 32 * (0.62 if maskable else 1)
    offset = (big - 32 * scale) / 2
    if not maskable:
        pen.ellipse(
            [offset + 2 * scale, offset + 2 * scale, offset + 30 * scale, offset + 30 * scale],
            fill=GREEN,
        )
    width = 2.5 * scale
    points = _curve(scale, offset, offset)
    # A round pen moved along the curve: a disc at each of many points.
    for x, y in points:
        pen.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=CREAM)
    cx, cy, r = offset + 16 * scale, offset + 12 * scale, 2.5 * scale
    pen.ellipse([cx - r, cy - r, cx + r, cy + r], fill=CREAM)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
        draw(size, maskable=True).save(OUT / f"maskable-{size}.png", optimize=True)
    draw(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
