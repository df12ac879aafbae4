// Never lose writing: keep a draft of the entry form in this browser while typing, offer it
// back after a reload, a crash or an expired sign-in, and forget it only once the server has
// confirmed the save (the saved entry's page carries data-saved-draft-key).
const PREFIX = "ij-draft:";
const FIELDS = ["title", "body", "insight", "other_emotions", "theme_names"];

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
  const field = (name) => form.elements.namedItem(name);
  const current = () => {
    const values = {};
    for (const name of FIELDS) {
      const element = field(name);
      if (element) values[name] = element.value;
    }
    return values;
  };
  const read = () => {
    try {
      const value = JSON.parse(window.localStorage.getItem(key) || "null");
      return value && typeof value.values === "object" ? value : null;
    } catch {
      return null;
    }
  };

  const stored = read();
  const panel = document.querySelector("[data-restore-panel]");
  const differs = stored && FIELDS.some((name) => (stored.values[name] || "") !== (current()[name] || ""));
  const hasText = stored && FIELDS.some((name) => (stored.values[name] || "").trim());
  if (panel && differs && hasText) {
    panel.hidden = false;
    panel.querySelector("[data-restore-draft]").addEventListener("click", () => {
      for (const name of FIELDS) {
        const element = field(name);
        if (element && name in stored.values) element.value = stored.values[name];
      }
      panel.hidden = true;
      field("body")?.focus();
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
    try {
      window.localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: current() }));
    } catch {
      // Storage full or disabled (private browsing): the form itself still works.
    }
  };
  form.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 400);
  });
  // Save immediately when leaving the page, so the last keystrokes are kept too.
  window.addEventListener("pagehide", () => {
    if (timer) save();
  });
}
