
// Web Push (web/static/push.js subscribes; core/messaging/push.py sends {title, body, url}):
// show ticket news as a notification; a tap focuses the ticket's open tab or opens it.
var PUSH_ICON = {{ url_for("static", filename="icons/icon-192.png")|tojson }};

self.addEventListener("push", function (event) {
  var news = {};
  try { news = event.data ? event.data.json() : {}; } catch (error) { news = { body: event.data.text() }; }
  var url = new URL(typeof news.url === "string" ? news.url : "/tiket-saya", self.location.origin);
  // Only pages of this site open from a notification.
  url = url.origin === self.location.origin ? url.pathname : "/tiket-saya";
  event.waitUntil(self.registration.showNotification(news.title || "Layanan Paralel", {
    body: news.body || "", icon: PUSH_ICON, lang: news.lang || "id",
    // One notification per ticket: newer news replaces older, and still alerts.
    tag: url, renotify: true, data: { url: url }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = new URL(event.notification.data.url, self.location.origin).href;
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (open) {
    for (var i = 0; i < open.length; i += 1) {
      if (open[i].url === target && "focus" in open[i]) { return open[i].focus(); }
    }
    return self.clients.openWindow(target);
  }));
});
