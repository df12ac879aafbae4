"""The drawing pad on the entry page, in a real browser: drawing with a finger (touch), a pen and
the mouse, colours and pen sizes, Undo and Clear, adding the drawing as a PNG through the upload
view, the warning before leaving an unsaved drawing, the page without JavaScript, axe at both sizes
and in both colour schemes, and screenshots."""

import io

import pytest
from PIL import Image

from journal.models import Attachment
from journal.storage import attachment_storage
from tests.care.conftest import make_entry
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, follow, sign_in
from tests.e2e.test_accessibility import LAYOUT, axe_violations, readable
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAPER = (255, 253, 249)


def pad_box(page):
    page.locator("[data-draw-canvas]").scroll_into_view_if_needed()
    return page.locator("[data-draw-canvas]").bounding_box()


def draw_with_mouse(page, points):
    """A stroke through `points`, each a fraction (x, y) of the pad."""
    box = pad_box(page)
    x, y = points[0]
    page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"], steps=4)
    page.mouse.up()


def draw_with(page, points, pointer_type):
    """A finger or a pen, through the browser's own input pipeline (Chrome DevTools Protocol
    touch events for a finger, which also checks that the page does not scroll instead; mouse
    events of pointer type "pen" for a stylus)."""
    box = pad_box(page)
    where = [(box["x"] + x * box["width"], box["y"] + y * box["height"]) for x, y in points]
    cdp = page.context.new_cdp_session(page)
    scrolled = page.evaluate("window.scrollY")
    if pointer_type == "touch":
        kinds = ["touchStart"] + ["touchMove"] * (len(where) - 1)
        for kind, (x, y) in zip(kinds, where, strict=True):
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    else:
        kinds = ["mousePressed"] + ["mouseMoved"] * (len(where) - 1) + ["mouseReleased"]
        for kind, (x, y) in zip(kinds, [*where, where[-1]], strict=True):
            cdp.send(
                "Input.dispatchMouseEvent",
                {
                    "type": kind,
                    "x": x,
                    "y": y,
                    "button": "left",
                    "buttons": 0 if kind == "mouseReleased" else 1,
                    "clickCount": 1,
                    "pointerType": pointer_type,
                    "force": 0.5,
                },
            )
    assert page.evaluate("window.scrollY") == scrolled  # touch-action: none on the pad
    cdp.detach()


def ink(page) -> int:
    """How many sampled pixels of the pad are not paper."""
    return page.evaluate(
        """() => {
          const canvas = document.querySelector('[data-draw-canvas]');
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 0; i < data.length; i += 4 * 7)
            if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 235) n++;
          return n;
        }"""
    )


def enabled(page, selector) -> bool:
    return page.locator(selector).is_enabled()


@pytest.fixture
def drawer(db):
    user = make_user("drawer@example.org", "Dee")
    return user, make_entry(user, title="Last night", body="Hills, and a sun.")


def open_entry(tab, user, entry, **options):
    one = tab(**options)
    sign_in(one.page, one.base_url, user.email, PASSWORD)
    return one, one.go(entry.get_absolute_url())


def test_a_finger_a_pen_and_the_mouse_draw_undo_and_clear_work(tab, live_server, drawer):
    user, entry = drawer
    one, page = open_entry(tab, user, entry, viewport=PHONE, has_touch=True, is_mobile=True)
    assert page.is_visible("[data-draw]")
    # Named for screen readers, and the other way to add a drawing said plainly.
    assert page.get_attribute("[data-draw-canvas]", "aria-label") == "Drawing pad"
    assert "can also be added as a photo" in page.text_content("#draw-help")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('[data-draw-canvas]')).touchAction")
        == "none"
    )
    assert page.evaluate("getComputedStyle(document.body).touchAction") != "none"
    assert not enabled(page, "[data-draw-undo]") and not enabled(page, "[data-draw-add]")
    assert ink(page) == 0

    draw_with(page, [(0.1, 0.2), (0.3, 0.5), (0.5, 0.3)], "touch")
    finger = ink(page)
    assert finger > 0
    page.click("label[for=draw-size-thick]")
    page.click("label[for=draw-colour-rose]")
    draw_with(page, [(0.2, 0.8), (0.8, 0.8)], "pen")
    both = ink(page)
    assert both > finger
    draw_with_mouse(page, [(0.6, 0.1), (0.9, 0.4)])
    assert ink(page) > both
    # Undo takes back the last stroke; Clear empties the pad and Undo brings it all back.
    page.click("[data-draw-undo]")
    assert ink(page) == both
    page.click("[data-draw-clear]")
    assert ink(page) == 0
    assert "Undo brings it back" in page.text_content("[data-draw-status]")
    assert not enabled(page, "[data-draw-add]")
    page.click("[data-draw-undo]")
    assert ink(page) == both
    # Turning the phone: the drawing is redrawn at the new size, not lost.
    page.set_viewport_size({"width": 844, "height": 390})
    page.wait_for_function(
        "() => { const c = document.querySelector('[data-draw-canvas]');"
        " return Math.abs(c.width - Math.round(c.clientWidth * devicePixelRatio)) <= 1; }"
    )
    assert ink(page) > 0
    page.set_viewport_size(PHONE)

    page.fill("#id_alt_text", "Two hills and a rose line")
    follow(page, "[data-draw-add]")
    assert "The drawing is added to this entry." in page.content()
    attachment = Attachment.objects.get(entry=entry)
    assert (attachment.kind, attachment.content_type) == ("photo", "image/png")
    assert attachment.alt_text == "Two hills and a rose line"
    image = Image.open(io.BytesIO(attachment_storage.open(attachment.file.name).read()))
    assert image.size == (1200, 900)
    rgb = image.convert("RGB")
    assert rgb.getpixel((5, 5)) == PAPER  # opaque paper, not transparent black in a PDF
    colours = {rgb.getpixel((x, 720)) for x in range(300, 900, 50)}
    assert (176, 69, 90) in colours  # the rose pen's line, across the bottom
    assert page.locator(".attachment__photo img").count() == 1
    # The pad is empty again, and leaving now asks nothing.
    assert ink(page) == 0


def test_leaving_an_unsaved_drawing_asks_first(tab, live_server, drawer):
    user, entry = drawer
    one, page = open_entry(tab, user, entry)
    draw_with_mouse(page, [(0.2, 0.2), (0.7, 0.6)])
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay

    page.on("dialog", answer)
    page.evaluate("location.href = '/journal/'")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url.endswith(entry.get_absolute_url())
    assert ink(page) > 0
    # "Add to this entry" with no file chosen adds the drawing that is on the pad.
    follow(page, "[data-attachment-form] button[type=submit]")
    assert "The drawing is added to this entry." in page.content()
    assert Attachment.objects.filter(entry=entry, kind="photo").count() == 1
    assert asked == ["beforeunload"]


def test_a_waiting_file_is_never_replaced_by_the_drawing(tab, live_server, drawer, tmp_path):
    user, entry = drawer
    one, page = open_entry(tab, user, entry)
    from tests.journal import media

    chosen = tmp_path / "heron.jpg"
    chosen.write_bytes(media.photo("JPEG"))
    page.set_input_files("[data-attachment-file]", str(chosen))
    draw_with_mouse(page, [(0.2, 0.2), (0.7, 0.6)])
    page.click("[data-draw-add]")
    assert "Add it or discard it first" in page.text_content("[data-draw-status]")
    assert Attachment.objects.count() == 0
    assert page.evaluate("document.querySelector('[data-attachment-file]').files[0].name") == (
        "heron.jpg"
    )


def test_without_javascript_the_file_field_remains(tab, live_server, drawer):
    user, entry = drawer
    one = tab(java_script_enabled=False)
    sign_in(one.page, one.base_url, user.email, PASSWORD)
    page = one.go(entry.get_absolute_url())
    assert page.is_hidden("[data-draw]")
    assert page.is_visible("[data-attachment-file]")
    assert "Photo, drawing or voice note" in page.text_content("label[for=id_file]")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pad_has_no_axe_violations_at_either_size(tab, live_server, drawer, scheme):
    user, entry = drawer
    one, page = open_entry(tab, user, entry, color_scheme=scheme)
    failures = {}
    for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page = one.go(entry.get_absolute_url())
        draw_with_mouse(page, [(0.1, 0.1), (0.5, 0.5), (0.9, 0.2)])
        page.click("label[for=draw-colour-teal]")
        page.focus("#draw-colour-teal")
        violations = axe_violations(page)
        layout = page.evaluate(LAYOUT)  # every radio beside its label, nothing too wide
        if layout:
            violations.append({"id": "layout", "impact": "-", "help": "", "nodes": layout})
        if violations:
            failures[f"{width} {scheme}"] = violations
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        if scheme == "light":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"entry-drawing-{width}.png", full_page=True)
        page.click("[data-draw-clear]")  # leave without the unsaved-drawing question
    assert failures == {}, readable(failures)


def test_the_pad_speaks_spanish(tab, live_server):
    """Its labels through the template's catalogue, what it says while drawing through the
    scripts' catalogue (/jsi18n/, loaded before draw.js)."""
    user = make_user("dibujo@example.org", "Dolores", language="es")
    entry = make_entry(user, title="Anoche")
    one, page = open_entry(tab, user, entry)
    assert page.get_attribute("[data-draw-canvas]", "aria-label") == "Hoja de dibujo"
    assert page.text_content("[data-draw-add]") == "Añadir el dibujo"
    assert "Verde azulado" in page.text_content("[data-draw]")
    draw_with_mouse(page, [(0.2, 0.2), (0.7, 0.6)])
    page.click("[data-draw-clear]")
    assert page.text_content("[data-draw-status]") == "El dibujo se borró. «Deshacer» lo recupera."
    page.click("[data-draw-undo]")
    assert page.text_content("[data-draw-status]") == "Se deshizo el último cambio."
    follow(page, "[data-draw-add]")
    assert page.get_attribute(".attachment__photo img", "alt") == "Un dibujo"
