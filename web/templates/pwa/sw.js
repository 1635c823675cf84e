/* Layanan Paralel service worker {{ version }}: a precached shell and the main pages,
   pages network-first with the last copy as fallback, hashed static files cache-first,
   and the offline outbox. */
"use strict";
importScripts({{ outbox_url|tojson }});

var VERSION = {{ version|tojson }};
var SHELL = "shell-" + VERSION;
var PAGES = "pages-" + VERSION;
var PRECACHE = {{ precache|tojson }};
var OFFLINE = {{ offline_url|tojson }};
// Home, catalogue and the forms: kept at install, so that after one visit on signal
// the app opens without it. Never dropped to make room.
var MAIN_PAGES = {{ pages|tojson }}.map(function (path) { return new URL(path, self.location.origin).href; });
var MAX_PAGES = {{ max_pages|tojson }};
// Kept along with a page: a service seen on signal can be asked for without.
var COMPANIONS = [[/^\/layanan\/(\d+)$/, "/layanan/$1/ajukan"]];

// Without cookies, as every fetch the worker makes on its own (see fetchToKeep).
self.addEventListener("install", function (event) {
  var requests = PRECACHE.map(function (url) { return new Request(url, { credentials: "omit" }); });
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(requests); })
    .then(keepMainPages)
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
// personal pages (and every page of a signed-in citizen) say "no-store" and never reach
// the device's storage. A redirected answer is not kept either: a navigation may not be
// answered with one.
function keepable(response) {
  var control = response.headers.get("Cache-Control") || "";
  return response.ok && response.type === "basic" && !response.redirected &&
    /no-cache/.test(control) && !/no-store|private/.test(control);
}

// Store a page; beyond MAX_PAGES the oldest seen go first (the main pages stay).
function keep(url, response) {
  return caches.open(PAGES).then(function (cache) {
    return cache.put(url, response).then(function () { return cache.keys(); }).then(function (keys) {
      var others = keys.filter(function (key) { return MAIN_PAGES.indexOf(key.url) === -1; });
      return Promise.all(others.slice(0, Math.max(others.length - MAX_PAGES, 0))
        .map(function (key) { return cache.delete(key); }));
    });
  });
}

// Fetch a page for the store on the worker's own initiative: without cookies, so its
// answer (which may set the session cookie) never undoes what the visitor does meanwhile,
// such as signing in; the copy kept is the one any visitor gets, never a personal one.
// `reuse`: the browser's own copy will do (a page it loaded a moment ago), even unchecked.
function fetchToKeep(url, reuse) {
  return fetch(url, { credentials: "omit", headers: { Accept: "text/html" },
                      cache: reuse ? "force-cache" : "default" })
    .then(function (response) { return keepable(response) ? keep(url, response) : null; })
    .catch(function () { return null; });
}

function keepCompanions(url) {
  var path = new URL(url).pathname;
  return Promise.all(COMPANIONS.filter(function (rule) { return rule[0].test(path); }).map(function (rule) {
    var other = new URL(path.replace(rule[0], rule[1]), self.location.origin).href;
    return caches.open(PAGES).then(function (cache) { return cache.match(other, { ignoreVary: true }); })
      .then(function (hit) { return hit || fetchToKeep(other, false); });
  }));
}

// At install: the page open right now (the first visit's page, loaded before this worker
// existed), then the main pages. On the first install the open page is the one the browser
// just loaded: its own copy is taken, not fetched again (later, it may be days old).
function keepMainPages() {
  var first = !self.registration.active;
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    var open = windows.map(function (client) { return client.url.split("#")[0]; }).filter(function (url) {
      return new URL(url).origin === self.location.origin;
    });
    return Promise.all(open.map(function (url) {
      return fetchToKeep(url, first).then(function () { return keepCompanions(url); });
    })).then(function () {
      // The citizen asked the browser to save data: only what is seen gets kept.
      if (self.navigator.connection && self.navigator.connection.saveData) { return []; }
      return Promise.all(MAIN_PAGES.filter(function (url) { return open.indexOf(url) === -1; })
        .map(function (url) { return fetchToKeep(url, false); }));
    });
  });
}

function networkFirst(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (keepable(response)) {
      var copy = response.clone();
      event.waitUntil(keep(request.url, copy).then(function () { return keepCompanions(request.url); }));
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
    event.respondWith(networkFirst(event));
  }
});

// Background Sync: send what waited for signal, and tell the open pages (which note it;
// with none open, the next page finds the result in the outbox's "sent" store).
self.addEventListener("sync", function (event) {
  if (event.tag !== "layanan-outbox") { return; }
  event.waitUntil(self.LayananOutbox.flush().then(function (results) {
    return self.clients.matchAll({ type: "window" }).then(function (clients) {
      results.forEach(function (result) {
        clients.forEach(function (client) {
          client.postMessage({ type: "sent", key: result.key, ok: result.ok, url: result.url, html: result.html });
        });
      });
    });
  }).then(function () { return self.LayananOutbox.all(); }).then(function (left) {
    // Still no signal: failing the sync makes the browser try again later.
    if (left.length) { throw new Error("waiting for signal"); }
  }));
});
{% include "pwa/_sw_push.js" %}
