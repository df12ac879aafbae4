// Meditation timer: start, pause, reset; a soft chime and an announcement at the end; then the
// minutes are logged by submitting the form (which also works without JavaScript).
// The length is fixed when the timer starts: the choice is locked until it is reset, and at the
// end the started length is logged, whatever the radio says. Paused early, the minutes actually
// sat can be logged instead.
const root = document.querySelector("[data-timer]");
if (root) {
  const form = root.querySelector("[data-timer-form]");
  const choice = root.querySelector("[data-timer-choice]");
  const minutesField = root.querySelector("[data-timer-minutes]");
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

  let started = null; // minutes the running (or paused) timer was started with
  let remaining = 0;
  let endAt = null;
  let tick = null;

  const chosenMinutes = () => Number(form.querySelector("input[name=minutes]:checked")?.value || 10);
  const minutesText = (n) => `${n} minute${n === 1 ? "" : "s"}`;
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
  // What the form sends: the started length or the minutes sat, instead of the radio (a
  // disabled fieldset's radios are not submitted).
  const logMinutes = (minutes) => {
    minutesField.value = String(minutes);
    minutesField.disabled = false;
  };
  const finish = () => {
    stopTicking();
    show(0);
    pause.hidden = true;
    reset.hidden = true;
    chime.play().catch(() => {});
    logMinutes(started);
    announce(`Time is up. ${minutesText(started)}. Logging them to today's check-in.`);
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
    if (started === null) {
      remaining = chosenMinutes() * 60;
      show(remaining);
    }
  });
  start.addEventListener("click", () => {
    if (started === null) {
      started = chosenMinutes();
      remaining = started * 60;
      choice.disabled = true;
    }
    run();
    start.hidden = true;
    log.hidden = true;
    pause.hidden = false;
    reset.hidden = false;
    announce(`Timer started: ${minutesText(Math.ceil(remaining / 60))}.`);
  });
  pause.addEventListener("click", () => {
    stopTicking();
    pause.hidden = true;
    start.hidden = false;
    start.textContent = "Resume";
    const sat = Math.round((started * 60 - remaining) / 60);
    if (sat >= 1) {
      logMinutes(sat);
      log.textContent = `Log the ${minutesText(sat)} done`;
      log.hidden = false;
      announce(`Paused after ${minutesText(sat)}. Resume, or log the minutes done.`);
    } else {
      announce("Paused.");
    }
  });
  reset.addEventListener("click", () => {
    stopTicking();
    started = null;
    choice.disabled = false;
    minutesField.disabled = true;
    remaining = chosenMinutes() * 60;
    show(remaining);
    start.hidden = false;
    start.textContent = "Start";
    pause.hidden = true;
    reset.hidden = true;
    log.hidden = true;
    announce("Timer reset.");
  });
  remaining = chosenMinutes() * 60;
  show(remaining);
}
