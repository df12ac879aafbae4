// Integration Journal's service worker (served from /sw.js so it looks after every page).
//
// It keeps the app shell (the offline page, the crisis page as anyone sees it, stylesheets,
// scripts, fonts, icons) and files under the static URL, nothing else. Every other request,
// every page with someone's journal in it above all, goes to the network and is never stored:
// when a page cannot be reached, the calm offline page is shown instead.
// It also shows push notifications: exactly the title, text and link the server sent.
const CONFIG = {{ config|safe }};
const CACHE = `ij-shell-${CONFIG.version}`;
const STATIC_PATH = new URL(CONFIG.staticUrl, self.location.origin).pathname;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(CONFIG.shell);
      // Without cookies: the pages as someone who is not signed in sees them.
      await cache.addAll(CONFIG.pages.map((url) => new Request(url, { credentials: "omit" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("ij-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

const fromCacheThenNetwork = async (request) => {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok && response.type === "basic") cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    fresh.catch(() => {}); // offline: the cached copy is all there is
    return cached;
  }
  return fresh;
};

const pageOrOffline = async (request) => {
  try {
    return await fetch(request); // never stored
  } catch {
    const path = new URL(request.url).pathname;
    const fallback = path === CONFIG.crisisUrl ? CONFIG.crisisUrl : CONFIG.offlineUrl;
    return (await caches.match(fallback)) || Response.error();
  }
};

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(STATIC_PATH)) {
    event.respondWith(fromCacheThenNetwork(request));
  } else if (request.mode === "navigate") {
    event.respondWith(pageOrOffline(request));
  }
  // Anything else (the page's own fetches) goes to the network as if there were no worker.
});

// A link on this site only; anything else opens the home page.
const sameSiteUrl = (value) => {
  try {
    const url = new URL(typeof value === "string" ? value : "/", self.location.origin);
    return url.origin === self.location.origin ? url.href : self.location.origin + "/";
  } catch {
    return self.location.origin + "/";
  }
};

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = {};
  }
  const title = typeof message.title === "string" && message.title ? message.title : "Integration Journal";
  const options = {
    body: typeof message.body === "string" ? message.body : "",
    icon: CONFIG.icon,
    data: { url: sameSiteUrl(message.url) },
  };
  if (typeof message.tag === "string" && message.tag) options.tag = message.tag;
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = sameSiteUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => client.url === target);
      if (open) return open.focus();
      return self.clients.openWindow(target);
    })(),
  );
});
