// Meditation timer: start, pause, reset; a soft chime and an announcement at the end; then the
// minutes are logged by submitting the form (which also works without JavaScript).
const root = document.querySelector("[data-timer]");
if (root) {
  const form = root.querySelector("[data-timer-form]");
  const display = root.querySelector("[data-timer-display]");
  const status = root.querySelector("[data-timer-status]");
  const start = root.querySelector("[data-timer-start]");
  const pause = root.querySelector("[data-timer-pause]");
  const reset = root.querySelector("[data-timer-reset]");
  const log = root.querySelector("[data-timer-log]");
  root.querySelector("[data-timer-nojs]").hidden = true;
  start.hidden = false;
  log.hidden = true;
  const chime = new Audio(root.dataset.chime);

  let remaining = 0;
  let endAt = null;
  let tick = null;

  const chosenMinutes = () => Number(form.querySelector("input[name=minutes]:checked")?.value || 10);
  const show = (seconds) => {
    const m = Math.floor(seconds / 60);
    const s = Math.floor(seconds % 60);
    display.textContent = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  };
  const announce = (text) => {
    status.textContent = text;
  };
  const stopTicking = () => {
    window.clearInterval(tick);
    tick = null;
  };
  const finish = () => {
    stopTicking();
    show(0);
    chime.play().catch(() => {});
    announce(`Time is up. ${chosenMinutes()} minutes. Logging them to today's check-in.`);
    window.setTimeout(() => form.submit(), 2500);
  };
  const run = () => {
    endAt = Date.now() + remaining * 1000;
    tick = window.setInterval(() => {
      remaining = Math.max(0, (endAt - Date.now()) / 1000);
      show(remaining);
      if (remaining <= 0) finish();
    }, 250);
  };

  form.addEventListener("change", () => {
    if (!tick) {
      remaining = chosenMinutes() * 60;
      show(remaining);
    }
  });
  start.addEventListener("click", () => {
    if (!remaining) remaining = chosenMinutes() * 60;
    run();
    start.hidden = true;
    pause.hidden = false;
    reset.hidden = false;
    announce(`Timer started: ${Math.ceil(remaining / 60)} minutes.`);
  });
  pause.addEventListener("click", () => {
    stopTicking();
    pause.hidden = true;
    start.hidden = false;
    start.textContent = "Resume";
    announce("Paused.");
  });
  reset.addEventListener("click", () => {
    stopTicking();
    remaining = chosenMinutes() * 60;
    show(remaining);
    start.hidden = false;
    start.textContent = "Start";
    pause.hidden = true;
    reset.hidden = true;
    announce("Timer reset.");
  });
  remaining = chosenMinutes() * 60;
  show(remaining);
}
