// Voice notes recorded in the browser (progressive enhancement: without MediaRecorder, or
// without a microphone, the file field alone remains). Record, stop, replay, discard; the
// elapsed time shows while recording. Stopping puts the recording into the form's file field,
// so "Add to this entry" uploads it like a chosen file; the seconds go in a hidden field,
// because WebM recordings carry no duration of their own.
// Text in the reader's language: Django's JavaScript catalogue (base.html loads it before these
// modules) when it is there, the English text otherwise.
const gettext = (text) => (typeof window.gettext === "function" ? window.gettext(text) : text);
const interpolate = (text, values) =>
  typeof window.interpolate === "function"
    ? window.interpolate(text, values, true)
    : text.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
const form = document.querySelector("[data-attachment-form]");
const panel = form?.querySelector("[data-recorder]");
const supported =
  panel && window.MediaRecorder && navigator.mediaDevices?.getUserMedia && window.DataTransfer;
if (supported) {
  const start = panel.querySelector("[data-recorder-start]");
  const stop = panel.querySelector("[data-recorder-stop]");
  const discard = panel.querySelector("[data-recorder-discard]");
  const time = panel.querySelector("[data-recorder-time]");
  const status = panel.querySelector("[data-recorder-status]");
  const playback = panel.querySelector("[data-recorder-playback]");
  const fileInput = form.querySelector("[data-attachment-file]");
  const seconds = form.querySelector("input[name=recorded_seconds]");
  const types = ["audio/webm;codecs=opus", "audio/mp4;codecs=mp4a.40.2", "audio/mp4", "audio/webm"];
  const mimeType = types.find((t) => MediaRecorder.isTypeSupported(t)) || "";
  let recorder = null;
  let chunks = [];
  let startedAt = 0;
  let tick = null;
  let url = null;

  panel.hidden = false;
  const clock = (ms) => {
    const s = Math.floor(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };
  const clear = () => {
    if (url) URL.revokeObjectURL(url);
    url = null;
    playback.removeAttribute("src");
    playback.hidden = true;
    fileInput.value = "";
    seconds.value = "";
    time.textContent = "0:00";
    discard.disabled = true;
  };

  start.addEventListener("click", async () => {
    clear();
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      status.textContent = gettext("The microphone could not be used. You can still choose a file below.");
      return;
    }
    chunks = [];
    recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    recorder.addEventListener("dataavailable", (event) => {
      if (event.data.size) chunks.push(event.data);
    });
    recorder.addEventListener("stop", () => {
      stream.getTracks().forEach((track) => track.stop());
      clearInterval(tick);
      const elapsed = (Date.now() - startedAt) / 1000;
      const type = (recorder.mimeType || mimeType || "audio/webm").split(";")[0];
      const blob = new Blob(chunks, { type });
      const name = `voice-note.${type === "audio/mp4" ? "m4a" : "webm"}`;
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], name, { type }));
      fileInput.files = transfer.files;
      seconds.value = elapsed.toFixed(1);
      url = URL.createObjectURL(blob);
      playback.src = url;
      playback.hidden = false;
      discard.disabled = false;
      start.disabled = false;
      stop.disabled = true;
      status.textContent = interpolate(
        gettext("Recorded %(time)s. Listen back, then add it to this entry, or discard it."),
        { time: clock(elapsed * 1000) },
      );
      start.focus();
    });
    recorder.start(1000);
    startedAt = Date.now();
    tick = setInterval(() => {
      time.textContent = clock(Date.now() - startedAt);
    }, 250);
    start.disabled = true;
    stop.disabled = false;
    status.textContent = gettext("Recording…");
    stop.focus();
  });

  stop.addEventListener("click", () => {
    if (recorder && recorder.state !== "inactive") recorder.stop();
  });

  discard.addEventListener("click", () => {
    clear();
    status.textContent = gettext("The recording is discarded.");
    start.focus();
  });
}
