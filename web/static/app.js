/* The page side of the PWA: the service worker, fresh idempotency keys, and forms
   that wait for signal. Everything here is an enhancement: without it the forms post. */
(function () {
  "use strict";
  var outbox = window.LayananOutbox;

  var FLAG = "layanan-outbox";

  // Registered after the page has loaded, so the worker's install never competes with it.
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" });
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "sent") { arrived([event.data]); }
    });
  }

  // A flag in localStorage spares every page load from opening IndexedDB for nothing.
  function mayHavePending() {
    try { return localStorage.getItem(FLAG) !== null; } catch (error) { return true; }
  }

  function flag(on) {
    try { if (on) { localStorage.setItem(FLAG, "1"); } else { localStorage.removeItem(FLAG); } } catch (error) { /* private mode */ }
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  // A key made on this device for each view of a form: a page served from the
  // cache must not reuse the key of an earlier filing.
  function freshKeys(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("form[data-offline] input[name=client_key]")
      .forEach(function (input) { if (!input.dataset.kept) { input.value = newKey(); } });
  }

  // Ticket numbers filed on this device, newest first, listed on the home page:
  // one filed without a confirmed phone gets no SMS to find it again by.
  var TICKETS = "layanan-tickets", KEEP = 10;

  function remembered() {
    try { return JSON.parse(localStorage.getItem(TICKETS) || "[]"); } catch (error) { return []; }
  }

  function remember() {
    var card = document.querySelector("[data-remember-ticket]");
    if (!card) { return; }
    var number = card.dataset.rememberTicket;
    var list = remembered().filter(function (kept) { return kept !== number; });
    list.unshift(number);
    try { localStorage.setItem(TICKETS, JSON.stringify(list.slice(0, KEEP))); } catch (error) { /* private mode */ }
  }

  function listRemembered() {
    var section = document.querySelector("[data-recent-tickets]");
    if (!section) { return; }
    var list = section.querySelector("ul");
    list.replaceChildren();
    remembered().forEach(function (number) {
      if (!/^[0-9]+$/.test(number)) { return; }
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = "/tiket/" + number;
      link.textContent = number;
      item.appendChild(link);
      list.appendChild(item);
    });
    section.hidden = list.children.length === 0;
  }

  function pending() {
    var banner = document.getElementById("pending");
    if (!banner || !outbox) { return Promise.resolve(); }
    return outbox.all().then(function (entries) {
      flag(entries.length > 0);
      banner.hidden = entries.length === 0;
      banner.textContent = banner.dataset.text.replace("{n}", entries.length);
    });
  }

  function waiting() {
    var template = document.getElementById("tpl-waiting"), main = document.getElementById("main");
    main.replaceChildren(template.content.cloneNode(true));
    main.dataset.waiting = "1";
    window.scrollTo(0, 0);
  }

  function store(form) {
    var fields = [], key = form.querySelector("input[name=client_key]");
    new FormData(form).forEach(function (value, name) { fields.push([name, value]); });
    key.dataset.kept = "1";
    flag(true);
    return outbox.put({ key: key.value, url: form.action, fields: fields, created: Date.now() })
      .then(waiting).then(pending).then(function () {
        return navigator.serviceWorker && navigator.serviceWorker.ready;
      }).then(function (registration) {
        if (registration && registration.sync) { return registration.sync.register("layanan-outbox"); }
      }).catch(function () { return null; });
  }

  // What was sent: on the waiting screen show the result page, elsewhere a note.
  function arrived(results) {
    var last = results[results.length - 1], main = document.getElementById("main");
    if (!last) { return; }
    if (main.dataset.waiting && last.ok) { window.location.assign(last.url); return; }
    if (main.dataset.waiting && last.html) {
      var page = new DOMParser().parseFromString(last.html, "text/html").getElementById("main");
      if (page) { main.replaceChildren.apply(main, page.childNodes); delete main.dataset.waiting; freshKeys(main); }
      return;
    }
    var banner = document.getElementById("pending"), link = document.createElement("a");
    if (!banner || !last.ok) { return; }
    link.href = last.url;
    link.textContent = banner.dataset.open;
    banner.textContent = banner.dataset.sent + " ";
    banner.appendChild(link);
    banner.hidden = false;
  }

  function flush() {
    if (!outbox || !navigator.onLine || !mayHavePending()) { return; }
    outbox.flush().then(function (results) { arrived(results); return pending(); });
  }

  // Capture phase: the form is stored before htmx (or the browser) tries the network.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!outbox || navigator.onLine || !form.matches("form[data-offline]")) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    store(form);
  }, true);

  // Signal claimed but the request never got through: keep it all the same. A GET
  // (the desa list of a kecamatan) is no filing: the full list stays in place.
  document.addEventListener("htmx:sendError", function (event) {
    var config = event.detail.requestConfig;
    if (config && config.verb === "get") { return; }
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form[data-offline]");
    if (form && outbox) { store(form); }
  });

  document.addEventListener("htmx:load", function (event) {
    freshKeys(event.detail.elt);
    remember();
    listRemembered();
  });
  // After a boosted post comes back with errors, start at the first one.
  document.addEventListener("htmx:afterSettle", function () {
    var invalid = document.querySelector("[aria-invalid=true], fieldset.invalid input");
    if (invalid) { invalid.focus(); }
  });
  window.addEventListener("online", flush);
  freshKeys(document);
  remember();
  listRemembered();
  if (mayHavePending()) { pending().then(flush); }
})();
