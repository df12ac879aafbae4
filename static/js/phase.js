// Suggests an entry's phase from when it happened, relative to a session, as the server did for
// the first value (journal/dating.py, same windows). Only on a new entry, and only until the
// person picks a phase themselves: a suggestion, never forced.
const HOUR = 60 * 60 * 1000;
const BEFORE = 48 * HOUR;
const DURING = 4 * HOUR;
const AFTER = 24 * HOUR;

const form = document.querySelector("form.entry-form[data-suggest-phase]");
const dates = JSON.parse(document.getElementById("session-dates")?.textContent || "{}");
if (form) {
  const phase = form.elements.namedItem("phase");
  const session = form.elements.namedItem("session");
  const happened = form.elements.namedItem("happened_at");
  // Both are times on the writer's clock ("2026-11-14T21:30"), read the same way.
  const at = (value) => (value ? new Date(value).getTime() : NaN);
  const phaseFor = (moment, start) => {
    if (moment < start) return "preparation";
    if (moment < start + DURING) return "during";
    if (moment < start + DURING + AFTER) return "after";
    return "integration";
  };
  const suggest = () => {
    const moment = at(happened.value);
    if (Number.isNaN(moment)) return null;
    const chosen = session?.value ? at(dates[session.value]) : NaN;
    if (!Number.isNaN(chosen)) return phaseFor(moment, chosen);
    let nearest = NaN;
    for (const value of Object.values(dates)) {
      const start = at(value);
      const close = start - BEFORE <= moment && moment < start + DURING + AFTER;
      if (close && (Number.isNaN(nearest) || Math.abs(start - moment) < Math.abs(nearest - moment))) {
        nearest = start;
      }
    }
    return Number.isNaN(nearest) ? "free" : phaseFor(moment, nearest);
  };
  let touched = false;
  let setting = false;
  phase?.addEventListener("change", () => {
    if (!setting) touched = true;
  });
  const update = () => {
    const value = suggest();
    if (touched || !value || !phase || phase.value === value) return;
    setting = true;
    phase.value = value;
    phase.dispatchEvent(new Event("change", { bubbles: true })); // the prompt follows the phase
    setting = false;
  };
  happened?.addEventListener("change", update);
  session?.addEventListener("change", update);
}
