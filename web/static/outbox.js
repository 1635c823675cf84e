/* Submissions made without signal, kept in IndexedDB until they can be sent.
   Shared by the page (app.js) and the service worker (Background Sync). Each entry
   carries the form's client_key, so sending it twice still files one ticket. */
(function (scope) {
  "use strict";
  var DB = "layanan", STORE = "outbox";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode), request = action(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function put(entry) { return run("readwrite", function (s) { return s.put(entry); }); }
  function all() { return run("readonly", function (s) { return s.getAll(); }); }
  function remove(key) { return run("readwrite", function (s) { return s.delete(key); }); }

  // A form stored hours ago holds a stale CSRF token: ask for a fresh one first.
  function token() {
    return fetch("/token", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (body) { return body.csrf_token; });
  }

  function sendOne(entry) {
    return token().then(function (csrf) {
      var body = new FormData();
      entry.fields.forEach(function (pair) {
        body.append(pair[0], pair[0] === "csrf_token" ? csrf : pair[1]);
      });
      return fetch(entry.url, { method: "POST", body: body, credentials: "same-origin" });
    }).then(function (response) {
      // Server trouble or a rate limit: keep it for the next try.
      if (response.status >= 500 || response.status === 429) { throw new Error("retry later"); }
      return remove(entry.key).then(function () {
        return response.text().then(function (html) {
          return { key: entry.key, ok: response.ok, url: response.url, html: html };
        });
      });
    });
  }

  var running = null;

  function flush() {
    if (running) { return running; }
    running = all().then(function (entries) {
      var sent = [];
      return entries.reduce(function (chain, entry) {
        return chain.then(function () {
          return sendOne(entry).then(function (result) { sent.push(result); });
        });
      }, Promise.resolve()).catch(function () { return null; }).then(function () { return sent; });
    }).finally(function () { running = null; });
    return running;
  }

  scope.LayananOutbox = { put: put, all: all, remove: remove, flush: flush };
})(self);
