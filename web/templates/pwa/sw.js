/* Layanan Paralel service worker {{ version }}: a precached shell, pages network-first
   with the last copy as fallback, hashed static files cache-first, and the offline outbox. */
"use strict";
importScripts({{ outbox_url|tojson }});

var VERSION = {{ version|tojson }};
var SHELL = "shell-" + VERSION;
var PAGES = "pages-" + VERSION;
var PRECACHE = {{ precache|tojson }};
var OFFLINE = {{ offline_url|tojson }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(PRECACHE); })
    .then(function () { return self.skipWaiting(); }));
});

// A new version drops every cache of the old one: old pages point at old file names.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== SHELL && name !== PAGES; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function cacheFirst(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

// Only pages the server marks as shareable ("no-cache": revalidate, but keep) are kept;
// personal pages say "no-store" and never reach the device's storage. A redirected
// answer is not kept either: a navigation may not be answered with one.
function keepable(response) {
  var control = response.headers.get("Cache-Control") || "";
  return response.ok && response.type === "basic" && !response.redirected &&
    /no-cache/.test(control) && !/no-store|private/.test(control);
}

function networkFirst(request) {
  return fetch(request).then(function (response) {
    if (keepable(response)) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(request.url, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) { return cache.match(request.url, { ignoreVary: true }); })
      .then(function (hit) { return hit || caches.match(OFFLINE, { ignoreVary: true }); })
      .then(function (hit) { return hit || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) { event.respondWith(cacheFirst(request)); return; }
  // A piece of a page for htmx: network only, the page around it is what gets stored.
  if (request.headers.get("HX-Request") && !request.headers.get("HX-Boosted")) { return; }
  var accept = request.headers.get("Accept") || "";
  if (request.mode === "navigate" || request.headers.get("HX-Boosted") || accept.indexOf("text/html") !== -1) {
    event.respondWith(networkFirst(request));
  }
});

// Background Sync: send what waited for signal, and tell the open pages.
self.addEventListener("sync", function (event) {
  if (event.tag !== "layanan-outbox") { return; }
  event.waitUntil(self.LayananOutbox.flush().then(function (results) {
    return self.clients.matchAll({ type: "window" }).then(function (clients) {
      results.forEach(function (result) {
        clients.forEach(function (client) {
          client.postMessage({ type: "sent", ok: result.ok, url: result.url, html: result.html });
        });
      });
    });
  }).then(function () { return self.LayananOutbox.all(); }).then(function (left) {
    // Still no signal: failing the sync makes the browser try again later.
    if (left.length) { throw new Error("waiting for signal"); }
  }));
});
