// Quicker choices on a phone or a keyboard, for the widgets in integration_journal/forms.py.
// Without JavaScript both still work: every chip is its own Tab stop, and a mood can be changed.
//
// Chips ([data-roving]): each group of checkboxes is one Tab stop. The arrow keys (and Home, End)
// move within the group, Space ticks as usual. The stop is the last chip used, else the first
// ticked one, else the first.
for (const group of document.querySelectorAll("[data-roving]")) {
  const boxes = Array.from(group.querySelectorAll("input[type=checkbox]"));
  if (boxes.length < 2) continue;
  const stop = (box) => {
    for (const each of boxes) each.tabIndex = each === box ? 0 : -1;
  };
  stop(boxes.find((box) => box.checked) || boxes[0]);
  group.addEventListener("focusin", (event) => {
    if (boxes.includes(event.target)) stop(event.target);
  });
  group.addEventListener("keydown", (event) => {
    const at = boxes.indexOf(event.target);
    if (at < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const moves = {
      ArrowRight: at + 1,
      ArrowDown: at + 1,
      ArrowLeft: at - 1,
      ArrowUp: at - 1,
      Home: 0,
      End: boxes.length - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = boxes[(moves[event.key] + boxes.length) % boxes.length];
    stop(next);
    next.focus();
  });
}
for (const hint of document.querySelectorAll("[data-roving-hint]")) hint.hidden = false;

// Mood scales ([data-scale]): a button that clears the answer back to "not answered", shown
// while a number is chosen.
for (const scale of document.querySelectorAll("[data-scale]")) {
  const radios = Array.from(scale.querySelectorAll("input[type=radio]"));
  const clear = scale.querySelector("[data-scale-clear]");
  if (!clear || !radios.length) continue;
  const sync = () => {
    clear.hidden = !radios.some((radio) => radio.checked);
  };
  sync();
  scale.addEventListener("change", sync);
  clear.addEventListener("click", () => {
    const was = radios.find((radio) => radio.checked);
    for (const radio of radios) radio.checked = false;
    // Other scripts (the entry draft) follow changes through the usual event.
    was?.dispatchEvent(new Event("change", { bubbles: true }));
    sync();
    radios[0].focus();
  });
}
