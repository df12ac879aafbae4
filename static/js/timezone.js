// Time zone fields. <select data-device-time-zone="preselect"> (sign-up) takes this device's
// zone; "suggest" (settings) keeps the saved zone and offers a button to switch when the device
// is elsewhere. Without JavaScript, or for a zone not in the list, the server's choice stays.
let deviceZone = "";
try {
  deviceZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
} catch {
  // An old browser without time zone support: nothing to offer.
}

for (const select of document.querySelectorAll("select[data-device-time-zone]")) {
  const option = [...select.options].find((item) => item.value === deviceZone);
  if (!option || select.value === deviceZone) continue;
  if (select.dataset.deviceTimeZone === "preselect") {
    select.value = deviceZone;
    continue;
  }
  const hint = document.createElement("p");
  hint.className = "help";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "link-button";
  // The words come from the page, in its language ("%s" is the zone); English if missing.
  const words = select.dataset.deviceTimeZoneText || "Use this device's time zone: %s";
  button.textContent = words.replace("%s", option.textContent);
  button.addEventListener("click", () => {
    select.value = deviceZone;
    hint.remove();
    select.focus();
  });
  hint.append(button);
  select.after(hint);
}
