/* Submissions made without signal, kept in IndexedDB until they can be sent.
   Shared by the page (app.js) and the service worker (Background Sync). Each entry
   carries the form's client_key, so sending it twice still files one ticket.
   What got through is noted in a second store, "sent": the worker has no
   localStorage and may send while no page is open, so the next page picks it up. */
(function (scope) {
  "use strict";
  var DB = "layanan", STORE = "outbox", SENT = "sent";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 2);
      request.onupgradeneeded = function () {
        var names = request.result.objectStoreNames;
        if (!names.contains(STORE)) { request.result.createObjectStore(STORE, { keyPath: "key" }); }
        if (!names.contains(SENT)) { request.result.createObjectStore(SENT, { keyPath: "key" }); }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // action(stores...) gets the object stores named, in one transaction.
  function run(mode, names, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(names, mode);
        var request = action.apply(null, names.map(function (name) { return tx.objectStore(name); }));
        tx.oncomplete = function () { db.close(); resolve(request && request.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function put(entry) { return run("readwrite", [STORE], function (s) { return s.put(entry); }); }
  function all() { return run("readonly", [STORE], function (s) { return s.getAll(); }); }
  function remove(key) { return run("readwrite", [STORE], function (s) { return s.delete(key); }); }

  // The answer is final: the entry leaves the outbox and its result is noted, both or neither.
  function settle(entry, result) {
    return run("readwrite", [STORE, SENT], function (outbox, sent) {
      outbox.delete(entry.key);
      return sent.put(result);
    });
  }

  // The results noted so far, removed as they are read: one page shows each.
  function takeSent() {
    var taken;
    return run("readwrite", [SENT], function (sent) {
      taken = sent.getAll();
      sent.clear();
      return taken;
    });
  }

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
      // Server trouble, a rate limit or a refused token (400: nothing was read): keep it
      // for the next try.
      if (response.status >= 500 || response.status === 429 || response.status === 400) {
        throw new Error("retry later");
      }
      return response.text().then(function (html) {
        var result = { key: entry.key, ok: response.ok, url: response.url, form: entry.url,
                       at: Date.now() };
        return settle(entry, result).then(function () {
          return { key: entry.key, ok: response.ok, url: response.url, html: html };
        });
      });
    });
  }

  var running = null;

  // The page (online event) and the worker (Background Sync) often flush at the same
  // moment: one at a time across both (Web Locks), or each would send every entry, and
  // their two /token answers would each set a session cookie, one refusing the other.
  function exclusively(task) {
    var locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request("layanan-outbox", task) : task();
  }

  function flush() {
    if (running) { return running; }
    running = exclusively(function () {
      return all().then(function (entries) {
        var sent = [];
        return entries.reduce(function (chain, entry) {
          return chain.then(function () {
            return sendOne(entry).then(function (result) { sent.push(result); });
          });
        }, Promise.resolve()).catch(function () { return null; }).then(function () { return sent; });
      });
    }).finally(function () { running = null; });
    return running;
  }

  scope.LayananOutbox = { put: put, all: all, remove: remove, flush: flush, takeSent: takeSent,
                         token: token };
})(self);
