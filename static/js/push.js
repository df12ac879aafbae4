// Notifications on this device: ask the browser for a push subscription with the server's
// public key and hand it to the server, or end it. The server stores one per device.
const box = document.querySelector("[data-push]");

const decodeKey = (base64url) => {
  const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(window.atob(base64), (char) => char.charCodeAt(0));
};

if (box) {
  const status = box.querySelector("[data-push-status]");
  // The page's words, in its language (templates/push/settings.html); English if missing.
  const say = (name, english) => box.dataset[name] || english;
  const on = box.querySelector("[data-push-on]");
  const off = box.querySelector("[data-push-off]");
  const token = box.querySelector("input[name=csrfmiddlewaretoken]").value;
  const post = (url, body) =>
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body),
    });
  const show = (subscribed) => {
    status.textContent = subscribed
      ? say("textOn", "Notifications on this device: on.")
      : say("textOff", "Notifications on this device: off.");
    on.hidden = subscribed;
    off.hidden = !subscribed;
  };
  const supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

  if (!supported) {
    status.textContent = say("textUnavailable", "Notifications on this device: not available in this browser.");
    box.querySelector("[data-push-unsupported]").hidden = false;
  } else {
    const ready = navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(() => navigator.serviceWorker.ready);
    ready
      .then((registration) => registration.pushManager.getSubscription())
      .then((subscription) => show(Boolean(subscription)))
      .catch(() => show(false));

    on.addEventListener("click", async () => {
      on.disabled = true;
      try {
        if ((await Notification.requestPermission()) !== "granted") {
          box.querySelector("[data-push-denied]").hidden = false;
          show(false);
          return;
        }
        const registration = await ready;
        const subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: decodeKey(box.dataset.publicKey),
        });
        const response = await post(box.dataset.subscribeUrl, subscription.toJSON());
        if (!response.ok) {
          await subscription.unsubscribe();
          throw new Error("refused");
        }
        window.location.reload(); // the device list now shows this device
      } catch {
        status.textContent = say("textOnFailed", "Notifications could not be turned on just now. Please try again later.");
      } finally {
        on.disabled = false;
      }
    });

    off.addEventListener("click", async () => {
      off.disabled = true;
      try {
        const subscription = await (await ready).pushManager.getSubscription();
        if (subscription) {
          await post(box.dataset.unsubscribeUrl, { endpoint: subscription.endpoint });
          await subscription.unsubscribe();
        }
        window.location.reload();
      } catch {
        status.textContent = say("textOffFailed", "Notifications could not be turned off just now. Please try again later.");
      } finally {
        off.disabled = false;
      }
    });
  }
}
