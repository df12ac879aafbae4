// Care pages: a filter <select data-autosubmit> applies as soon as it changes.
// Without JavaScript the form's own button does the same.
for (const select of document.querySelectorAll("select[data-autosubmit]")) {
  select.addEventListener("change", () => select.form.requestSubmit());
}
