// The entry form's phase follows its date and session, for as long as it is only a suggestion.
//
// The server suggests the first value (journal/phases.py) and, when it did, sends each session's
// phase boundaries in local minutes (#session-phases), so this compares the datetime-local text
// and never converts time zones. It stops for good once the phase is anyone's choice but its own:
// the person picking a phase, a draft restored into the form (draft.js fires untrusted change
// events), or the browser putting back an earlier value. An explicit ?phase= link, an entry being
// edited or a form sent back with errors get no boundaries, so nothing here runs for them.
// Text in the reader's language: Django's JavaScript catalogue (base.html loads it before these
// modules) when it is there, the English text otherwise.
const gettext = (text) => (typeof window.gettext === "function" ? window.gettext(text) : text);
const interpolate = (text, values) =>
  typeof window.interpolate === "function"
    ? window.interpolate(text, values, true)
    : text.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
const data = document.getElementById("session-phases");
const form = data?.closest("form");
const phase = form?.elements.namedItem("phase");
const session = form?.elements.namedItem("session");
const happened = form?.elements.namedItem("happened_at");
if (data && phase && session && happened) {
  const boundaries = JSON.parse(data.textContent || "{}");
  const note = form.querySelector("[data-phase-note]");
  const shown = Array.from(phase.options).find((option) => option.defaultSelected)?.value ?? phase.value;
  let picked = phase.value !== shown;
  let applying = false;

  phase.addEventListener("change", () => {
    if (!applying) picked = true;
  });

  const suggestion = () => {
    const bounds = boundaries[session.value];
    const when = happened.value;
    if (!bounds || !when) return null;
    const [during, after, integration] = bounds;
    if (when < during) return "preparation";
    if (when < after) return "during";
    if (when < integration) return "after";
    return "integration";
  };

  const follow = (event) => {
    // Only what the person does: a restored draft's events are not theirs to re-suggest from.
    if (picked || !event.isTrusted) return;
    const value = suggestion();
    if (!value || value === phase.value) return;
    applying = true;
    phase.value = value;
    // Let the prompt follow the phase (editor.js) and the draft keep it (draft.js).
    phase.dispatchEvent(new Event("change", { bubbles: true }));
    applying = false;
    if (note) {
      const label = phase.selectedOptions[0]?.textContent ?? value;
      note.textContent = interpolate(
        gettext("Phase suggested from the date and session: “%(phase)s”. Choose another if it fits better."),
        { phase: label },
      );
    }
  };
  for (const control of [session, happened]) {
    control.addEventListener("change", follow);
    control.addEventListener("input", follow);
  }
}

// A date-time input takes focus in its inner fields (day, month, year…), where Chromium does
// not always let :focus or :focus-visible match the input itself: mark it while focus is inside
// so app.css draws the same focus ring as on every other field.
for (const input of document.querySelectorAll('input[type="datetime-local"]')) {
  input.addEventListener("focusin", () => input.classList.add("has-focus"));
  input.addEventListener("focusout", () => input.classList.remove("has-focus"));
}
