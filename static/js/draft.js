// Never lose writing: keep a draft of the entry form in this browser while filling it in, offer
// it back after a reload, a crash or an expired sign-in, and forget it only once the server has
// confirmed the save (the saved entry's page carries data-saved-draft-key).
//
// The draft holds every field the person can change (text, ticked boxes, chosen options) and the
// version of the entry it was written against. Restoring puts that version back too, so if the
// entry was saved elsewhere meanwhile, saving shows both versions instead of overwriting.
const PREFIX = "ij-draft:";
const SKIP_TYPES = new Set(["button", "submit", "reset", "image", "file", "hidden"]);
const TEXT_TYPES = new Set(["text", "textarea", "search", "email", "url", "tel", "number"]);

const saved = document.querySelector("[data-saved-draft-key]");
if (saved) {
  try {
    window.localStorage.removeItem(PREFIX + saved.dataset.savedDraftKey);
  } catch {
    // Storage disabled: there is nothing to forget.
  }
}

const form = document.querySelector("form[data-draft-key]");
if (form) {
  const key = PREFIX + form.dataset.draftKey;
  const version = form.elements.namedItem("version");
  const controls = () =>
    Array.from(form.elements).filter((element) => element.name && !element.disabled && !SKIP_TYPES.has(element.type));
  const isList = (element) => element.type === "checkbox" || element.type === "select-multiple";

  // Every field's value: a string, or a list for checkboxes and multiple selects.
  const current = () => {
    const values = {};
    for (const element of controls()) {
      if (element.type === "checkbox") {
        values[element.name] ??= [];
        if (element.checked) values[element.name].push(element.value);
      } else if (element.type === "radio") {
        values[element.name] ??= "";
        if (element.checked) values[element.name] = element.value;
      } else if (element.type === "select-multiple") {
        values[element.name] = Array.from(element.selectedOptions, (option) => option.value);
      } else {
        values[element.name] = element.value;
      }
    }
    return values;
  };
  const read = () => {
    try {
      const value = JSON.parse(window.localStorage.getItem(key) || "null");
      return value && typeof value.values === "object" && value.values ? value : null;
    } catch {
      return null;
    }
  };
  const same = (a, b) => JSON.stringify(a ?? "") === JSON.stringify(b ?? "");
  // Put a stored value back; a choice that is no longer offered leaves the field as it is.
  const restore = (element, value) => {
    const list = Array.isArray(value) ? value : [];
    if (element.type === "checkbox") {
      element.checked = list.includes(element.value);
    } else if (element.type === "radio") {
      element.checked = element.value === value;
    } else if (element.type === "select-multiple") {
      for (const option of element.options) option.selected = list.includes(option.value);
    } else if (element.type === "select-one") {
      if (Array.from(element.options).some((option) => option.value === value)) element.value = value;
    } else if (typeof value === "string") {
      element.value = value;
    }
  };

  const stored = read();
  const now = current();
  // Only fields still on the form count (a draft from before may have others, or fewer).
  const names = stored ? Object.keys(stored.values).filter((name) => name in now) : [];
  const differs = names.some((name) => !same(stored.values[name], now[name]));
  // Something the person wrote, ticked or chose in a list; a phase or session alone is not enough.
  const filled = controls().some((element) => {
    const value = stored?.values[element.name];
    if (isList(element)) return Array.isArray(value) && value.length > 0;
    return TEXT_TYPES.has(element.type) && typeof value === "string" && value.trim() !== "";
  });
  const panel = document.querySelector("[data-restore-panel]");
  if (panel && differs && filled) {
    const older = typeof stored.version === "string" && version && stored.version !== version.value;
    const newer = panel.querySelector("[data-restore-newer]");
    if (newer) newer.hidden = !older;
    panel.hidden = false;
    panel.querySelector("[data-restore-draft]").addEventListener("click", () => {
      const restored = controls().filter((element) => names.includes(element.name));
      for (const element of restored) restore(element, stored.values[element.name]);
      // The version the draft was written against: a save then meets any newer one as a conflict.
      if (older) version.value = stored.version;
      // Let the rest of the page follow (the prompt for the phase), and keep the draft current.
      for (const element of restored) element.dispatchEvent(new Event("change", { bubbles: true }));
      panel.hidden = true;
      form.elements.namedItem("body")?.focus();
    });
    panel.querySelector("[data-discard-draft]").addEventListener("click", () => {
      try {
        window.localStorage.removeItem(key);
      } catch {
        // Nothing stored to discard.
      }
      panel.hidden = true;
    });
  }

  let timer = null;
  const save = () => {
    timer = null;
    const draft = { at: Date.now(), values: current() };
    // The version this text was written against (the draft's own, once restored).
    if (version) draft.version = version.value;
    try {
      window.localStorage.setItem(key, JSON.stringify(draft));
    } catch {
      // Storage full or disabled (private browsing): the form itself still works.
    }
  };
  const later = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 400);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  // Save immediately when leaving the page, so the last keystrokes are kept too.
  window.addEventListener("pagehide", () => {
    if (timer) save();
  });
}
