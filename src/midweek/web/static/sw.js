/* midweek's service worker (served as /sw.js, scope /).

   - The app shell (styles, scripts, icons, the manifest and the /offline page) is kept so
     pages draw with no connection.
   - "Need help now" (/crisis) and the person's own pages they need most (their safety
     plan, Today, a new journal entry, check in, the worksheet forms they opened) are kept
     each time they open online, and shown from the copy when there is no connection.
     These copies are personal: they are deleted at sign-out (a "forget" message from
     offline.js, and the Clear-Site-Data header on the sign-out answer), and when the
     server says the session is over.
   - A practice log, journal entry, check-in or filled worksheet posted with no connection
     waits in IndexedDB (address, body, content type, the form's CSRF header, an
     Idempotency-Key made for that one write, and the moment it was written) and is sent
     when the connection is back: on the "online" event and on every page load (both via
     offline.js), and on Background Sync where the browser has it. A write is sent again
     only after a network failure, never after the server answered 2xx/3xx; the
     Idempotency-Key lets the server apply a write once even if an answer was lost on the
     way back. A write is sent only while the person who wrote it is signed in (each page
     tells the worker who is, and its form token); a 401/403 means their session ended, so
     it waits for them to sign in again; any other 4xx refuses it for good, and the page
     says it was let go.
*/
"use strict";

const VERSION = "midweek-3";
const SHELL = VERSION + "-shell";
const PAGES = "midweek-pages"; // personal: forgotten at sign-out
const SHELL_FILES = [
  "/static/midweek.css",
  "/static/vendor/htmx-2.0.11.min.js",
  "/static/offline.js",
  "/static/idempotency.js",
  "/static/tz.js",
  "/static/drafts.js",
  "/static/weekgrid.js",
  "/static/icons/lucide.svg",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png",
  "/static/icons/icon-maskable-512.png",
  "/manifest.webmanifest",
  "/offline",
];
const KEPT_PAGES = ["/crisis", "/safety-plan", "/", "/journal/new", "/checkin", "/plan"];
// These pages send a signed-out visitor to sign in: such an answer means the session is over.
const SIGNED_IN_ONLY = ["/safety-plan", "/journal/new", "/checkin"];
// A worksheet's form (signed-in only too), each one kept as opened: on its own or for a
// homework (?assignment=N), as Today links to it.
const KEPT_FORM = /^\/worksheets\/fill\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KEPT_FORM_QUERY = /^(?:\?assignment=\d+)?$/;
const QUEUED = [/^\/practice\/\d+\/log$/, /^\/journal$/, /^\/checkin\/[a-z0-9]+$/, KEPT_FORM];
// Best effort: a journal draft that cannot be saved just now is simply not saved (the
// entry itself, when posted, waits like the writes above).
const BEST_EFFORT = ["/journal/draft"];
const SYNC_TAG = "midweek-send";
const DB_NAME = "midweek";
const STORE = "writes";
const META = "meta"; // who is signed in on this browser now (told by each page), and their form token

// --- installing: keep the shell and the public crisis page --------------------------------

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const shell = await caches.open(SHELL);
      // One by one: a missing file must not stop the rest (or the crisis page) being kept.
      await Promise.all(SHELL_FILES.map((path) => shell.add(path).catch(() => undefined)));
      await keepCrisisPage();
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n !== SHELL && n !== PAGES).map((n) => caches.delete(n)),
      );
      await self.clients.claim();
    })(),
  );
});

async function keepCrisisPage() {
  const pages = await caches.open(PAGES);
  if (await pages.match("/crisis")) return;
  try {
    const response = await fetch("/crisis", { credentials: "same-origin" });
    if (response.ok) await pages.put("/crisis", response);
  } catch (err) {
    // No connection: kept the next time it opens.
  }
}

// --- answering requests -----------------------------------------------------------------

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (QUEUED.some((pattern) => pattern.test(url.pathname))) {
      event.respondWith(sendOrKeep(request));
    } else if (BEST_EFFORT.includes(url.pathname)) {
      event.respondWith(fetch(request).catch(() => new Response(null, { status: 204 })));
    }
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (url.pathname.startsWith("/static/") || url.pathname === "/manifest.webmanifest") {
    event.respondWith(shellFile(request, event));
  }
});

/** Where a page's copy is filed, or null for a page never kept. A kept page is filed by
    its path alone (opened with a query, it is shown but not kept); a worksheet form by its
    path and query, so each homework's form is its own. */
function keptAt(url) {
  if (KEPT_PAGES.includes(url.pathname)) return url.pathname;
  if (KEPT_FORM.test(url.pathname) && KEPT_FORM_QUERY.test(url.search)) {
    return url.pathname + url.search;
  }
  return null;
}

async function page(request, url) {
  const kept = keptAt(url);
  let response;
  try {
    response = await fetch(request);
  } catch (err) {
    const pages = await caches.open(PAGES);
    const copy = kept ? await pages.match(kept) : undefined;
    return copy || (await caches.match("/offline")) || Response.error();
  }
  const exact = kept === url.pathname + url.search;
  if (exact && response.ok && response.type === "basic" && !response.redirected) {
    const pages = await caches.open(PAGES);
    await pages.put(kept, response.clone());
  } else if (
    (SIGNED_IN_ONLY.includes(url.pathname) || KEPT_FORM.test(url.pathname)) &&
    response.type === "opaqueredirect"
  ) {
    await forgetPages(); // sent to sign in: whatever was kept was someone's who left
  }
  return response;
}

async function shellFile(request, event) {
  // The kept copy at once, refreshed behind it for next time.
  const shell = await caches.open(SHELL);
  const copy = await shell.match(request);
  const fresh = fetch(request)
    .then((response) => {
      if (response.ok) return shell.put(request, response.clone()).then(() => response);
      return response;
    })
    .catch(() => undefined);
  if (copy) {
    event.waitUntil(fresh);
    return copy;
  }
  return (await fresh) || Response.error();
}

// --- writes made with no connection -------------------------------------------------------

async function sendOrKeep(request) {
  const body = await request.clone().arrayBuffer();
  const write = {
    idempotencyKey: self.crypto.randomUUID(),
    url: request.url,
    body: body,
    contentType: request.headers.get("Content-Type") || "",
    csrf: request.headers.get("X-CSRF-Token") || "",
    writtenAt: withOffset(new Date()),
    account: ((await signedIn()) || {}).account || "",
  };
  const headers = new Headers(request.headers);
  headers.set("Idempotency-Key", write.idempotencyKey);
  try {
    return await fetch(request.url, {
      method: "POST",
      headers: headers,
      body: body,
      credentials: "same-origin",
      // A page's own form post (a navigation) follows the server's 303 itself.
      redirect: request.mode === "navigate" ? "manual" : "follow",
    });
  } catch (err) {
    // No connection: it waits on this phone.
  }
  await withStore("readwrite", (store) => store.add(write));
  if (self.registration.sync) {
    self.registration.sync.register(SYNC_TAG).catch(() => undefined);
  }
  await tell({ type: "queue", waiting: await waiting(), sent: 0, dropped: 0 });
  if (request.mode === "navigate") {
    // Back to the page the form was on (kept, or the offline page), which says it waits.
    return Response.redirect(sameOrigin(request.referrer) || "/", 303);
  }
  return new Response(null, { status: 204, headers: { "Midweek-Kept": "1" } });
}

let sending = null;
let again = false;

/** Send what waits, oldest first; one run at a time, so no write goes twice at once. Asked
    during a run (the connection may have come back since it began), it runs once more. */
function sendWaiting() {
  if (sending) {
    again = true;
    return sending;
  }
  sending = (async () => {
    do {
      again = false;
      await sendAll();
    } while (again);
  })().finally(() => {
    sending = null;
  });
  return sending;
}

async function sendAll() {
  const writes = await withStore("readonly", (store) => store.getAll());
  const now = (await signedIn()) || {};
  let sent = 0;
  let dropped = 0;
  let signIn = false; // something waits for its person to sign in again
  for (const write of writes || []) {
    if (!now.account || (write.account && write.account !== now.account)) {
      signIn = true; // never sent as someone else, nor with no one signed in
      continue;
    }
    const headers = new Headers({
      "Idempotency-Key": write.idempotencyKey,
      "Midweek-Written-At": write.writtenAt,
    });
    if (write.contentType) headers.set("Content-Type", write.contentType);
    // The current page's token: a session that ended while offline (and a new one since)
    // would refuse the token the form had when it was written.
    const token = now.csrf || write.csrf;
    if (token) headers.set("X-CSRF-Token", token);
    let response;
    try {
      response = await fetch(write.url, {
        method: "POST",
        headers: headers,
        body: write.body,
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch (err) {
      break; // still no connection: the rest wait too
    }
    const answered =
      response.type === "opaqueredirect" || (response.status >= 200 && response.status < 400);
    if (response.status === 401 || response.status === 403) {
      signIn = true; // the session is over: it waits until the person signs in again
      break;
    }
    const refused =
      response.status >= 400 &&
      response.status < 500 &&
      response.status !== 408 &&
      response.status !== 429;
    if (answered || refused) {
      // Applied (or refused for good): never sent again.
      await withStore("readwrite", (store) => store.delete(write.key));
      if (answered) sent += 1;
      else dropped += 1;
    } else {
      break; // the server is struggling: try again later
    }
  }
  await tell({
    type: "queue",
    waiting: await waiting(),
    sent: sent,
    dropped: dropped,
    signIn: signIn,
  });
}

async function waiting() {
  return (await withStore("readonly", (store) => store.count())) || 0;
}

self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(sendWaiting());
});

// --- what pages ask ---------------------------------------------------------------------

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "hello" || data.type === "online") {
    // A page with nobody signed in on it (sign-in, the offline page) changes nothing: the
    // session, if over, refuses the next send, and sign-out has forgotten everything.
    const now = { key: "now", account: String(data.account || ""), csrf: String(data.csrf || "") };
    const told = now.account ? withMeta("readwrite", (store) => store.put(now)) : Promise.resolve();
    event.waitUntil(told.then(() => Promise.all([sendWaiting(), keepCrisisPage()])));
  } else if (data.type === "forget") {
    const port = event.ports && event.ports[0];
    event.waitUntil(
      forgetAll().finally(() => {
        if (port) port.postMessage({ type: "forgotten" });
      }),
    );
  }
});

async function forgetPages() {
  await caches.delete(PAGES);
}

/** Sign-out: send what can still be sent, then forget the pages and whatever still waits. */
async function forgetAll() {
  await Promise.race([sendWaiting(), new Promise((resolve) => setTimeout(resolve, 2000))]);
  await forgetPages();
  await withStore("readwrite", (store) => store.clear());
  await withMeta("readwrite", (store) => store.clear());
  // Reminders were this person's: the next person on this browser gets none of them (the
  // push service then answers 410 and the server deletes the subscription).
  const subscription = await self.registration.pushManager.getSubscription().catch(() => null);
  if (subscription) await subscription.unsubscribe().catch(() => false);
}

// --- small helpers ----------------------------------------------------------------------

async function tell(message) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  windows.forEach((client) => client.postMessage(message));
}

function sameOrigin(address) {
  try {
    const url = new URL(address);
    return url.origin === self.location.origin ? url.pathname + url.search : null;
  } catch (err) {
    return null;
  }
}

/** ISO 8601 with the phone's own offset, e.g. 2026-12-03T07:30:00+01:00. */
function withOffset(date) {
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return (
    date.getFullYear() +
    "-" + pad(date.getMonth() + 1) +
    "-" + pad(date.getDate()) +
    "T" + pad(date.getHours()) +
    ":" + pad(date.getMinutes()) +
    ":" + pad(date.getSeconds()) +
    sign + pad(offset / 60) +
    ":" + pad(offset % 60)
  );
}

function signedIn() {
  return withMeta("readonly", (store) => store.get("now"));
}

function openStore() {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DB_NAME, 2);
    opening.onupgradeneeded = () => {
      const names = opening.result.objectStoreNames;
      if (!names.contains(STORE)) {
        opening.result.createObjectStore(STORE, { keyPath: "key", autoIncrement: true });
      }
      if (!names.contains(META)) opening.result.createObjectStore(META, { keyPath: "key" });
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
}

function withMeta(mode, work) {
  return withStore(mode, work, META);
}

async function withStore(mode, work, name) {
  const db = await openStore();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(name || STORE, mode);
    const request = work(transaction.objectStore(name || STORE));
    transaction.oncomplete = () => {
      db.close();
      resolve(request ? request.result : undefined);
    };
    transaction.onerror = transaction.onabort = () => {
      db.close();
      reject(transaction.error);
    };
  });
}

// --- reminders the person asked for (Web Push; services/push.py sends them) ---------------

// A reminder: the payload is JSON (title, body, tag, the page to open), decrypted by the
// browser; nothing in it is more than the person chose to see on their lock screen.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (err) {
    data = {};
  }
  event.waitUntil(
    self.registration.showNotification(String(data.title || "midweek"), {
      body: String(data.body || ""),
      tag: data.tag ? String(data.tag) : undefined,
      icon: "/static/icons/icon-192.png",
      data: { url: "/" },
    }),
  );
});

// Tapping it opens Today: an open midweek window is brought forward, else a new one opens.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const today = new URL("/", self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of windows) {
        if (new URL(client.url).origin === self.location.origin) {
          const shown = client.url === today ? client : await client.navigate(today);
          return (shown || client).focus();
        }
      }
      return self.clients.openWindow(today);
    })(),
  );
});
