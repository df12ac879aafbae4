// The installable app: register the service worker (/sw.js), and write a new entry offline.
//
// Writing offline: when the new-entry form is saved and the connection is gone (or the request
// fails on the way), the entry is kept in this browser as "saved offline, will send" and sent
// when the connection returns (the `online` event, or the next page opened). It is sent through
// the normal form: a fresh copy of the form gives a current CSRF token, and the form's hidden
// client_key lets the server save it once, however often it arrives.
// Text in the reader's language: Django's JavaScript catalogue (base.html loads it before these
// modules) when it is there, the English text otherwise.
const gettext = (text) => (typeof window.gettext === "function" ? window.gettext(text) : text);
const ngettext = (one, many, n) =>
  typeof window.ngettext === "function" ? window.ngettext(one, many, n) : n === 1 ? one : many;
const QUEUE = "ij-offline-entries";
const DRAFT_PREFIX = "ij-draft:";

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    // No worker (private mode, an old browser): the site works as before, online only.
  });
}

document.querySelector("[data-offline-retry]")?.addEventListener("click", (event) => {
  event.preventDefault();
  window.location.reload();
});

const readQueue = () => {
  try {
    const items = JSON.parse(window.localStorage.getItem(QUEUE) || "[]");
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
};
const writeQueue = (items) => {
  try {
    if (items.length) window.localStorage.setItem(QUEUE, JSON.stringify(items));
    else window.localStorage.removeItem(QUEUE);
    return true;
  } catch {
    return false;
  }
};

const newKey = () => {
  if (window.crypto?.randomUUID) return window.crypto.randomUUID();
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

// The status line on the page (an aria-live region): the form's own, or one added at the top.
const status = () => {
  let region = document.querySelector("[data-offline-status]");
  if (!region) {
    region = document.createElement("p");
    region.className = "offline-status";
    region.setAttribute("role", "status");
    region.dataset.offlineStatus = "";
    document.querySelector("main")?.prepend(region);
  }
  return region;
};
const say = (text, state) => {
  const region = status();
  region.textContent = text;
  region.dataset.state = state;
  region.hidden = false;
};

// Put an entry that could not be saved back as the form's draft (see draft.js), so the
// restore panel offers it on the new-entry page.
const backToDraft = (item) => {
  const values = {};
  for (const [name, value] of item.fields) {
    if (item.lists.includes(name)) (values[name] ??= []).push(value);
    else values[name] = value;
  }
  try {
    window.localStorage.setItem(DRAFT_PREFIX + item.draftKey, JSON.stringify({ at: Date.now(), values }));
  } catch {
    // Storage full: the item stays in the queue instead (see below).
    return false;
  }
  return true;
};

// The new entry's page, where the form sends a person after saving (?saved=new).
const savedNew = (response) => response.redirected && new URL(response.url).searchParams.get("saved") === "new";

let sending = false;
const sendQueued = async () => {
  if (sending || !navigator.onLine) return;
  const items = readQueue();
  if (!items.length) return;
  sending = true;
  let sent = 0;
  try {
    for (const item of items) {
      // A fresh form: the CSRF token of the page it was written on may be stale by now.
      const page = await fetch(item.action, { credentials: "same-origin" });
      const fresh = new URL(page.url);
      if (!page.ok || fresh.pathname !== new URL(item.action, window.location.href).pathname) {
        say(gettext("An entry you wrote offline is kept on this device. It is sent once you are signed in again."), "waiting");
        return;
      }
      const html = new DOMParser().parseFromString(await page.text(), "text/html");
      const token = html.querySelector("input[name=csrfmiddlewaretoken]")?.value;
      const body = new FormData();
      for (const [name, value] of item.fields) body.append(name, value);
      if (token) body.append("csrfmiddlewaretoken", token);
      const response = await fetch(item.action, { method: "POST", body, credentials: "same-origin" });
      const left = readQueue().filter((other) => other.key !== item.key);
      if (savedNew(response)) {
        writeQueue(left);
        sent += 1;
      } else if (response.ok) {
        // The form answered with a question (a message under a field): give it back as a draft.
        if (backToDraft(item)) writeQueue(left);
        say(gettext("An entry you wrote offline needs a look before it can be saved. Open a new entry and restore your draft."), "attention");
        return;
      } else {
        return; // the server is not well: try again later
      }
    }
  } catch {
    return; // the connection dropped again: still kept, tried again when it returns
  } finally {
    sending = false;
  }
  if (sent) {
    const text = ngettext("Your entry written offline is sent and saved.", "Your %s entries written offline are sent and saved.", sent);
    say(text.replace("%s", String(sent)), "sent");
  }
};

const form = document.querySelector("form[data-offline-entry]");
if (form) {
  const keyField = form.elements.namedItem("client_key");
  const pending = readQueue().length;
  if (pending && !navigator.onLine) {
    say(gettext("Saved offline on this device. It will be sent when you are back online."), "waiting");
  }
  // Keep the entry in this browser; the form starts over for the next one.
  const keep = (fields) => {
    const item = {
      key: keyField.value,
      action: form.action,
      draftKey: form.dataset.draftKey,
      at: Date.now(),
      fields: fields.filter(([name]) => name !== "csrfmiddlewaretoken"),
      lists: Array.from(form.elements)
        .filter((element) => element.type === "checkbox" || element.type === "select-multiple")
        .map((element) => element.name),
    };
    if (!writeQueue([...readQueue().filter((other) => other.key !== item.key), item])) {
      say(gettext("This browser could not keep the entry offline. Your text is still in the form: save it when you are back online."), "attention");
      return;
    }
    try {
      window.localStorage.removeItem(DRAFT_PREFIX + form.dataset.draftKey);
    } catch {
      // Nothing stored.
    }
    form.reset();
    keyField.value = newKey();
    say(gettext("Saved offline on this device. It will be sent when you are back online."), "waiting");
    status().scrollIntoView({ block: "center" });
  };

  // Online, the form is sent the ordinary way, so its answer (the saved entry and its message,
  // a message under a field, the sign-in page after an expired session) shows as a page. Offline,
  // it is kept here and sent when the connection returns; the client_key keeps it to one entry.
  form.addEventListener("submit", (event) => {
    if (event.defaultPrevented || !keyField || event.submitter?.name === "preview") return;
    if (navigator.onLine) return;
    event.preventDefault();
    keep(Array.from(new FormData(form, event.submitter)));
  });
}

window.addEventListener("online", sendQueued);
sendQueued();
