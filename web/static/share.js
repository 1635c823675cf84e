/* Copy, share and print a ticket number from the confirmation card (pwa/_confirmation.html).
   The buttons come hidden: this script shows them, so a phone without script sees no dead
   button. Clicks are caught on the document, so a card swapped in by htmx works too. */
(function () {
  "use strict";

  function reveal(root) {
    (root && root.querySelectorAll ? root : document).querySelectorAll("[data-ticket-tools]")
      .forEach(function (tools) { tools.hidden = false; });
  }

  function say(tools, text) {
    var message = tools.parentNode.querySelector("[data-ticket-message]");
    if (!message) { return; }
    message.textContent = text;
    message.hidden = false;
  }

  // The old way for browsers without the Clipboard API (or outside a secure context).
  function copyBySelection(text) {
    var area = document.createElement("textarea"), done = false;
    area.value = text;
    area.setAttribute("readonly", "");
    // Off screen through the CSSOM, which the Content-Security-Policy allows (style= it refuses).
    area.style.position = "fixed";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).catch(function () { return copyBySelection(text); });
    }
    return copyBySelection(text);
  }

  function copied(tools, text, message) {
    return copy(text).then(function () { say(tools, message); },
      function () { say(tools, tools.dataset.copyFailed); });
  }

  function share(tools) {
    var data = tools.dataset, text = data.text + " " + data.url;
    if (!navigator.share) { return copied(tools, text, data.shareCopied); }
    // A citizen closing the share sheet is no error; nothing to say then.
    return navigator.share({ title: data.title, text: data.text, url: data.url })
      .catch(function (error) {
        if (error && error.name === "AbortError") { return null; }
        return copied(tools, text, data.shareCopied);
      });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-ticket-tools] button");
    if (!button) { return; }
    var tools = button.closest("[data-ticket-tools]");
    if (button.hasAttribute("data-ticket-copy")) { copied(tools, tools.dataset.number, tools.dataset.copied); }
    if (button.hasAttribute("data-ticket-share")) { share(tools); }
    if (button.hasAttribute("data-ticket-print")) { window.print(); }
  });

  document.addEventListener("htmx:load", function (event) { reveal(event.detail.elt); });
  reveal(document);
})();
