// PHQ-9 question 9: as soon as it is answered above 0, the crisis resources already in the page
// beside the question are shown (and announced). Without JavaScript the result page shows them.
const panel = document.querySelector("[data-item9-resources]");
if (panel) {
  const radios = document.querySelectorAll('input[type="radio"][name="item_9"]');
  const update = () => {
    const chosen = [...radios].find((radio) => radio.checked);
    const show = chosen !== undefined && Number(chosen.value) > 0;
    if (show && panel.hidden) {
      panel.hidden = false;
      panel.setAttribute("role", "alert");
    } else if (!show) {
      panel.hidden = true;
      panel.removeAttribute("role");
    }
  };
  for (const radio of radios) radio.addEventListener("change", update);
  update();
}
