// Sunnsteel Web's service worker: the app opens, and the workout shows, without signal.
//
// Served as /sw.js by sunnsteel_web/offline.py, which fills in the static files' current (hashed) names.
// - Static files: cache first (their names change whenever their content does).
// - Home, Routines and workout pages: network first; the last good copy is kept per user and shown when the
//   network fails, marked with the time it was kept (app.js then says "Offline — showing your workout as of
//   10:42"). Each page says whose it is (X-Sunnsteel-User, an opaque key, never a token); an answer naming
//   someone else, or nobody, drops every other user's pages at once.
// - Any other page without signal: the offline page. Nothing but GET is ever answered from the cache: a set
//   saved offline is kept by the page itself (static/js/session/) until it can be sent.
"use strict";

const VERSION = /*VERSION*/"dev";
const PRECACHE = /*PRECACHE*/[];
const STATIC_CACHE = "sunnsteel-static-" + VERSION;
const PAGES_PREFIX = "sunnsteel-pages-";
const META_CACHE = "sunnsteel-meta";
const USER_HEADER = "X-Sunnsteel-User";
const OFFLINE_URL = "/offline";
const KEPT_PAGES = [/^\/$/, /^\/routines\/$/, /^\/workouts\/[0-9a-f-]{36}$/];

self.addEventListener("install", function (event) {
  // What the worker never handles goes straight to the network, without waking it: above all the page's
  // saves, including the beacon a page sends as it is left (a worker still busy with the next page delayed
  // or lost it). Browsers without static routing still skip non-GET requests in the fetch handler below.
  if (event.addRoutes) {
    event.addRoutes([{ condition: { not: { requestMethod: "GET" } }, source: "network" }]).catch(function () {});
  }
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(PRECACHE.concat([OFFLINE_URL])); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("sunnsteel-static-") === 0 && name !== STATIC_CACHE;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (PRECACHE.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  }
});

async function page(request, url) {
  const kept = KEPT_PAGES.some(function (pattern) { return pattern.test(url.pathname); });
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    return (kept && await keptCopy(url)) || (await caches.match(OFFLINE_URL)) || Response.error();
  }
  const user = response.headers.get(USER_HEADER);
  if (user !== null) {
    await becomeUser(user);
    if (kept && user && response.ok && !response.redirected) await keep(user, url, response.clone());
  }
  return response;
}

async function keep(user, url, response) {
  const body = await response.text();
  const headers = new Headers(response.headers);
  headers.set("X-Kept-At", new Date().toISOString());
  const cache = await caches.open(PAGES_PREFIX + user);
  await cache.put(url.pathname, new Response(body, { status: 200, headers: headers }));
}

async function keptCopy(url) {
  const user = await currentUser();
  if (!user) return null;
  const cache = await caches.open(PAGES_PREFIX + user);
  const hit = await cache.match(url.pathname);
  if (!hit) return null;
  // Marked in the markup (no script may be added: the CSP allows none inline), for app.js to say so.
  const keptAt = hit.headers.get("X-Kept-At") || "";
  const body = (await hit.text()).replace("<body ", '<body data-offline-as-of="' + keptAt + '" ');
  return new Response(body, { status: 200, headers: hit.headers });
}

async function becomeUser(user) {
  if (user === await currentUser()) return;
  const names = await caches.keys();
  await Promise.all(names.filter(function (name) {
    return name.indexOf(PAGES_PREFIX) === 0 && name !== PAGES_PREFIX + user;
  }).map(function (name) { return caches.delete(name); }));
  const meta = await caches.open(META_CACHE);
  await meta.put("/__user", new Response(user));
}

async function currentUser() {
  const meta = await caches.open(META_CACHE);
  const hit = await meta.match("/__user");
  return hit ? hit.text() : "";
}
