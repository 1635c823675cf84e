/* The page side of the PWA: the service worker, fresh idempotency keys, and forms
   that wait for signal. Everything here is an enhancement: without it the forms post. */
(function () {
  "use strict";
  var outbox = window.LayananOutbox, notes = window.LayananNotes;

  var FLAG = "layanan-outbox";

  // Registered after the page has loaded, so the worker's install never competes with it.
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" });
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "sent") { collect().then(function () { arrived([event.data]); }); }
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

  function waiting(entry) {
    var template = document.getElementById("tpl-waiting"), main = document.getElementById("main");
    main.replaceChildren(template.content.cloneNode(true));
    main.dataset.waiting = "1";
    offerSms(main, entry);
    window.scrollTo(0, 0);
  }

  // The same report as an SMS to the short code, for a phone with credit but no data.
  // Both would make a ticket each: once the SMS is sent, the copy here is dropped.
  function offerSms(main, entry) {
    var box = main.querySelector("[data-sms]");
    if (!box || !entry.sms || !notes) { return; }
    box.querySelector("[data-sms-link]").href = notes.smsHref(box.dataset.sms, entry.sms);
    box.querySelector("[data-sms-text]").textContent = entry.sms;
    box.hidden = false;
    box.querySelector("[data-sms-done]").addEventListener("click", function () {
      outbox.remove(entry.key).then(function () {
        main.replaceChildren(document.getElementById("tpl-sms-done").content.cloneNode(true));
        delete main.dataset.waiting;
        return pending();
      });
    });
  }

  function chosen(form, name) {
    var field = form.elements[name];
    if (!field || !field.value) { return ""; }
    return field.tagName === "SELECT" ? field.options[field.selectedIndex].text : field.value;
  }

  // A complaint can also go by SMS (LAPOR); a request or a survey cannot, as typed.
  function smsOf(form) {
    var text = form.elements.description;
    if (!notes || !form.elements.complaint_type || !text || !text.value.trim()) { return null; }
    return notes.smsText(text.value,
      chosen(form, "desa_code") || chosen(form, "desa"),
      chosen(form, "kecamatan_code") || chosen(form, "kecamatan"));
  }

  function store(form) {
    var fields = [], key = form.querySelector("input[name=client_key]");
    new FormData(form).forEach(function (value, name) { fields.push([name, value]); });
    key.dataset.kept = "1";
    flag(true);
    var entry = { key: key.value, url: form.action, fields: fields, created: Date.now(), sms: smsOf(form) };
    return outbox.put(entry)
      .then(function () { waiting(entry); }).then(pending).then(function () {
        return navigator.serviceWorker && navigator.serviceWorker.ready;
      }).then(function (registration) {
        if (registration && registration.sync) { return registration.sync.register("layanan-outbox"); }
      }).catch(function () { return null; });
  }

  // What got through (sent from this page or by the worker, even with no page open)
  // becomes a note kept in localStorage, shown on every page until closed.
  function collect() {
    if (!outbox || !notes) { return Promise.resolve(); }
    return outbox.takeSent().then(function (results) { notes.add(results); notes.show(); })
      .catch(function () { return null; });
  }

  // On the waiting screen, what was sent replaces it: the ticket page, or the form
  // with the server's remarks; that filing needs no note then.
  function arrived(results) {
    var last = results[results.length - 1], main = document.getElementById("main");
    if (!last || !main.dataset.waiting) { return; }
    if (notes) { notes.drop(last.key); notes.show(); }
    // The page and the worker may both have sent it: go once, or the second aborts the first.
    delete main.dataset.waiting;
    if (last.ok) { window.location.assign(last.url); return; }
    var page = last.html && new DOMParser().parseFromString(last.html, "text/html").getElementById("main");
    if (page) { main.replaceChildren.apply(main, page.childNodes); freshKeys(main); }
  }

  function flush() {
    if (!outbox || !navigator.onLine || !mayHavePending()) { return Promise.resolve(); }
    return outbox.flush().then(function (results) {
      return collect().then(function () { arrived(results); });
    }).then(pending);
  }

  // A form kept by the worker carries no token the server accepts (it was fetched without
  // cookies, or long ago): take a current one when the signal returns.
  function freshTokens() {
    var inputs = document.querySelectorAll("form[data-offline] input[name=csrf_token]");
    if (!inputs.length || !outbox) { return Promise.resolve(); }
    return outbox.token().then(function (csrf) {
      inputs.forEach(function (input) { input.value = csrf; });
    }).catch(function () { return null; });
  }

  // And if it was refused all the same (400), once more with a current token before
  // showing the refusal: the citizen filled the form in, nothing was filed.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (event.detail.xhr.status !== 400 || !form || !form.matches ||
        !form.matches("form[data-offline]") || form.dataset.retried) { return; }
    event.detail.shouldSwap = false;
    form.dataset.retried = "1";
    freshTokens().then(function () { form.requestSubmit(); });
  });

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
    if (notes) { notes.show(); }
  });
  // A boosted visit of a ticket's page retires its note too.
  document.addEventListener("htmx:pushedIntoHistory", function () { if (notes) { notes.show(); } });
  // After a boosted post comes back with errors, start at the first one.
  document.addEventListener("htmx:afterSettle", function () {
    var invalid = document.querySelector("[aria-invalid=true], fieldset.invalid input");
    if (invalid) { invalid.focus(); }
  });
  window.addEventListener("online", function () { freshTokens(); flush(); });
  freshKeys(document);
  remember();
  listRemembered();
  if (notes) { notes.show(); }
  // The flag stays up while the worker sends on its own: its results are collected here.
  if (mayHavePending()) { collect().then(pending).then(flush); }
})();
