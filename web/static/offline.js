/* What the citizen sees of what was sent without signal: a note per filing that got
   through ("terkirim, tiket X"), kept in localStorage until closed or until that
   ticket is opened, on whatever page is open; and the SMS way on the waiting screen.
   app.js calls it; the texts come from data- attributes of base.html (translated). */
(function () {
  "use strict";
  var NOTES = "layanan-sent-notes", KEEP = 5;
  var TICKET = /\/tiket\/([0-9]{6,12})(?:[/?#]|$)/;

  // core/gsm.py mirrored (tests/web/test_pwa_offline_first.py checks they agree): an SMS
  // with one character outside this set costs more than twice as many parts.
  var GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": "\"", "\u201d": "\"", "\u201e": "\"", "\u2033": "\"", "\u00ab": "\"", "\u00bb": "\"",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2026": "...", "\u2022": "-", "\u00b7": "-", "\u00b0": " derajat",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ", "\u200b": "",
    "[": "(", "]": ")", "{": "(", "}": ")", "~": "-", "|": "/", "^": "", "\\": "/",
    "\u20ac": "EUR"
  };
  // Two parts at most, as every SMS the service sends itself.
  var SMS_LIMIT = 306;

  function toGsm(text) {
    return Array.from(text || "").map(function (char) {
      if (GSM_BASIC.indexOf(char) !== -1) { return char; }
      if (Object.prototype.hasOwnProperty.call(REPLACEMENTS, char)) { return REPLACEMENTS[char]; }
      return Array.from(char.normalize("NFKD")).filter(function (part) {
        return GSM_BASIC.indexOf(part) !== -1;
      }).join("");
    }).join("");
  }

  // One line of GSM text: SMS keywords read the first word, the rest as written.
  function oneLine(text) { return toGsm(text).replace(/\s+/g, " ").trim(); }

  function shorten(text, limit) {
    return text.length <= limit ? text : text.slice(0, Math.max(limit - 3, 0)).trimEnd() + "...";
  }

  // "LAPOR <what happened> di desa X kec. Y": the place last, where the SMS channel
  // looks for it (after "desa", "kec"), and never cut; the text shortened to fit.
  function smsText(description, desa, kecamatan) {
    var place = (desa ? " di desa " + oneLine(desa) : "") + (kecamatan ? " kec. " + oneLine(kecamatan) : "");
    var head = "LAPOR ";
    return head + shorten(oneLine(description), SMS_LIMIT - head.length - place.length) + place;
  }

  function smsHref(number, text) {
    return "sms:" + number + "?body=" + encodeURIComponent(text);
  }

  function read() {
    try { return JSON.parse(localStorage.getItem(NOTES) || "[]"); } catch (error) { return []; }
  }

  function write(notes) {
    try {
      if (notes.length) { localStorage.setItem(NOTES, JSON.stringify(notes.slice(-KEEP))); }
      else { localStorage.removeItem(NOTES); }
    } catch (error) { /* private mode: the note shows on this page only */ }
  }

  // A result from the outbox becomes a note: a ticket, a survey, or a refusal.
  function noteOf(result) {
    var match = TICKET.exec(result.url || "");
    if (!result.ok) { return { key: result.key, kind: "failed", url: result.form || "/" }; }
    if (match) { return { key: result.key, kind: "ticket", number: match[1], url: "/tiket/" + match[1] }; }
    return { key: result.key, kind: "sent" };
  }

  function add(results) {
    var notes = read(), keys = {};
    notes.forEach(function (note) { keys[note.key] = true; });
    results.forEach(function (result) { if (!keys[result.key]) { notes.push(noteOf(result)); } });
    write(notes);
  }

  function drop(key) { write(read().filter(function (note) { return note.key !== key; })); }

  function grouped(number) { return number.length === 9 ? number.replace(/(\d{3})(?=\d)/g, "$1 ") : number; }

  function noteElement(box, note) {
    var item = document.createElement("p"), text = document.createElement("span");
    var close = document.createElement("button");
    item.className = "note sent-note" + (note.kind === "failed" ? " failed" : "");
    text.textContent = box.dataset[note.kind].replace("{number}", grouped(note.number || ""));
    item.appendChild(text);
    if (note.url) {
      var link = document.createElement("a");
      link.href = note.url;
      link.textContent = note.kind === "failed" ? box.dataset.again : box.dataset.open;
      item.append(" ", link);
    }
    close.type = "button";
    close.className = "dismiss";
    close.textContent = box.dataset.close;
    close.addEventListener("click", function () { drop(note.key); show(); });
    item.append(" ", close);
    return item;
  }

  // Render the notes kept; the ticket page open now retires its own note.
  function show() {
    var box = document.getElementById("sent-notes"), here = TICKET.exec(location.pathname + "/");
    if (here) { write(read().filter(function (note) { return note.number !== here[1]; })); }
    if (!box) { return; }
    box.replaceChildren.apply(box, read().map(function (note) { return noteElement(box, note); }));
    box.hidden = box.children.length === 0;
  }

  window.addEventListener("storage", function (event) { if (event.key === NOTES) { show(); } });

  window.LayananNotes = { add: add, drop: drop, show: show, smsText: smsText, smsHref: smsHref, toGsm: toGsm };
})();
