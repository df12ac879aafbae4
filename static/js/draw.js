// A drawing pad on the entry page (progressive enhancement: without this script the pad stays
// hidden and a drawing is added as a photo through the file field). Draw with a finger, a pen or
// the mouse (pointer events); choose a colour and a pen size; Undo takes back the last stroke or
// a Clear. "Add drawing" puts a PNG into the form's file field and sends the form, so the drawing
// goes through the same upload, checks and limits as any photo.
//
// Strokes are kept as points in fractions of the pad's size, so the pad can be redrawn at any
// size (a turned phone) and the PNG is drawn afresh at one size, on the same light paper.
const gettext = (text) => (typeof window.gettext === "function" ? window.gettext(text) : text);

const form = document.querySelector("[data-attachment-form]");
const pad = form?.querySelector("[data-draw]");
const canvas = pad?.querySelector("[data-draw-canvas]");
const supported = canvas && canvas.getContext && window.PointerEvent && window.DataTransfer;
if (supported) {
  const PAPER = "#fffdf9";
  const EXPORT = { width: 1200, height: 900 };
  const SIZES = { fine: 0.005, thick: 0.018 }; // line width as a share of the pad's width
  const undoButton = pad.querySelector("[data-draw-undo]");
  const clearButton = pad.querySelector("[data-draw-clear]");
  const addButton = pad.querySelector("[data-draw-add]");
  const status = pad.querySelector("[data-draw-status]");
  const fileInput = form.querySelector("[data-attachment-file]");
  const drawn = form.querySelector("input[name=drawn]");
  const context = canvas.getContext("2d");
  let strokes = []; // [{colour, size, points: [[x, y], …]}]
  const history = []; // earlier `strokes` lists, for Undo
  let current = null;
  let sending = false;

  pad.hidden = false;

  const colour = () => {
    const chosen = pad.querySelector("input[name=draw_colour]:checked");
    const swatch = chosen?.parentElement.querySelector("[data-draw-swatch]");
    return swatch ? getComputedStyle(swatch).backgroundColor : "#22302d";
  };
  const size = () => pad.querySelector("input[name=draw_size]:checked")?.value || "fine";

  const paint = (target, width, height) => {
    const ctx = target.getContext("2d");
    ctx.fillStyle = PAPER;
    ctx.fillRect(0, 0, width, height);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    for (const stroke of current ? [...strokes, current] : strokes) {
      ctx.strokeStyle = stroke.colour;
      ctx.fillStyle = stroke.colour;
      const line = (SIZES[stroke.size] || SIZES.fine) * width;
      const [first, ...rest] = stroke.points;
      if (!rest.length) {
        // A tap is a dot.
        ctx.beginPath();
        ctx.arc(first[0] * width, first[1] * height, line / 2, 0, Math.PI * 2);
        ctx.fill();
        continue;
      }
      ctx.lineWidth = line;
      ctx.beginPath();
      ctx.moveTo(first[0] * width, first[1] * height);
      for (const [x, y] of rest) ctx.lineTo(x * width, y * height);
      ctx.stroke();
    }
  };
  const redraw = () => paint(canvas, canvas.width, canvas.height);

  const update = () => {
    const empty = strokes.length === 0;
    undoButton.disabled = history.length === 0 || sending;
    clearButton.disabled = empty || sending;
    addButton.disabled = empty || sending;
  };

  // The pad's pixels follow its size on the screen (and the screen's density), kept sharp.
  const fit = () => {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    redraw();
  };
  if (window.ResizeObserver) new ResizeObserver(fit).observe(canvas);
  fit();

  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    const clamp = (value) => Math.min(1, Math.max(0, value));
    return [clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height)];
  };

  canvas.addEventListener("pointerdown", (event) => {
    if (sending || (event.pointerType === "mouse" && event.button !== 0)) return;
    event.preventDefault();
    try {
      canvas.setPointerCapture(event.pointerId); // keep the stroke when it leaves the pad
    } catch {
      // The pointer is already gone: the stroke ends with its pointerup as usual.
    }
    current = { colour: colour(), size: size(), points: [at(event)], pointer: event.pointerId };
    redraw();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!current || event.pointerId !== current.pointer) return;
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    for (const each of events.length ? events : [event]) current.points.push(at(each));
    redraw();
  });
  const finish = (event) => {
    if (!current || event.pointerId !== current.pointer) return;
    const { pointer, ...stroke } = current;
    current = null;
    history.push(strokes);
    strokes = [...strokes, stroke];
    status.textContent = "";
    redraw();
    update();
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);

  undoButton.addEventListener("click", () => {
    if (!history.length) return;
    strokes = history.pop();
    status.textContent = strokes.length ? gettext("The last change is undone.") : gettext("The pad is empty.");
    redraw();
    update();
  });
  clearButton.addEventListener("click", () => {
    if (!strokes.length) return;
    history.push(strokes);
    strokes = [];
    status.textContent = gettext("The drawing is cleared. Undo brings it back.");
    redraw();
    update();
  });

  const send = () => {
    if (fileInput.files.length) {
      // A chosen file or a recording is waiting: never replace it without asking.
      status.textContent = gettext(
        "A file or recording is waiting to be added below. Add it or discard it first, then add the drawing.",
      );
      return;
    }
    const out = document.createElement("canvas");
    out.width = EXPORT.width;
    out.height = EXPORT.height;
    paint(out, out.width, out.height);
    out.toBlob((blob) => {
      if (!blob) {
        status.textContent = gettext("This browser could not make a picture of the drawing. You can add a photo of it instead.");
        return;
      }
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], "drawing.png", { type: "image/png" }));
      fileInput.files = transfer.files;
      if (drawn) drawn.value = "True";
      sending = true;
      update();
      status.textContent = gettext("Adding the drawing…");
      form.requestSubmit();
    }, "image/png");
  };
  addButton.addEventListener("click", () => {
    if (strokes.length && !sending) send();
  });
  // "Add to this entry" with no file chosen adds the drawing, which is what was meant.
  form.addEventListener("submit", (event) => {
    if (sending || fileInput.files.length || !strokes.length) return;
    event.preventDefault();
    send();
  });

  // A chosen file or recording taken back (recorder's Discard) leaves the drawing as it was.
  fileInput.addEventListener("change", () => {
    if (drawn && !sending) drawn.value = "";
  });

  // A drawing lives only on this page: say so before leaving it unsaved.
  window.addEventListener("beforeunload", (event) => {
    if (strokes.length && !sending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Back on the page from the browser's cache after sending: the pad can be used again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) {
      sending = false;
      update();
    }
  });
}
