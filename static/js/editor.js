// The entry editor: a server-rendered Markdown preview without leaving the page, "another
// prompt" without a reload, and Ctrl+Enter (Cmd+Enter on a Mac) in the text to save. The first
// two work as plain links and buttons without JavaScript.
const form = document.querySelector("form.entry-form");
if (form) {
  const previewButton = form.querySelector("[data-preview-button]");
  const target = form.querySelector("[data-preview-target]");
  previewButton?.addEventListener("click", async (event) => {
    event.preventDefault();
    const data = new FormData();
    data.append("body", form.elements.namedItem("body").value);
    data.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
    try {
      const response = await fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      target.innerHTML = await response.text();
      target.querySelector("h2")?.setAttribute("tabindex", "-1");
      target.querySelector("h2")?.focus();
    } catch {
      form.requestSubmit(previewButton);
    }
  });

  // Saving from the keyboard while writing: the same as pressing "Save entry" (so the offline
  // keeper in pwa.js and the browser's own checks see an ordinary submit).
  const save = form.querySelector("[data-save-button]");
  form.elements.namedItem("body")?.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.isComposing) return;
    event.preventDefault();
    form.requestSubmit(save);
  });

  const prompts = JSON.parse(document.getElementById("prompts-data")?.textContent || "{}");
  const text = form.querySelector("[data-prompt-text]");
  const next = form.querySelector("[data-next-prompt]");
  const phase = form.elements.namedItem("phase");
  let index = Number(new URLSearchParams(window.location.search).get("prompt")) || 0;
  const show = () => {
    const list = prompts[phase.value] || prompts.free || [];
    if (list.length) text.textContent = list[index % list.length];
  };
  next?.addEventListener("click", (event) => {
    event.preventDefault();
    index += 1;
    show();
  });
  phase?.addEventListener("change", () => {
    index = 0;
    show();
  });
}
