// The demo phone simulator. It posts to /ussd exactly as Africa's Talking
// does: form-encoded fields, `text` = every input of the session joined with
// "*", the same sessionId on every hop and a new one per dial. When the
// session ends it sends the gateway's end-of-session notification too
// (Success, or Incomplete when the trainer hangs up), and it polls the SMS
// inbox of the chosen number every second.
(() => {
  "use strict";
  const root = document.getElementById("simulator");
  if (!root) return;
  const cfg = root.dataset;
  const $ = (id) => document.getElementById(id);
  const screen = $("sim-screen"), number = $("sim-number"), input = $("sim-input");
  const dial = $("sim-dial"), send = $("sim-send"), hangup = $("sim-hangup");
  const messages = $("sim-messages"), inboxStatus = $("sim-inbox-status");
  const NETWORK = "99999"; // the gateway sandbox's network code
  let session = null;

  const newSessionId = () => {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    return "SIM_" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  };

  const show = (text, ended) => {
    screen.textContent = text;
    screen.classList.toggle("ended", Boolean(ended));
  };

  const setTyping = (on) => {
    input.disabled = send.disabled = !on;
    hangup.disabled = !session;
    if (on) {
      input.value = "";
      input.focus();
    }
  };

  const post = (url, fields) =>
    fetch(url, { method: "POST", body: new URLSearchParams(fields), credentials: "same-origin" });

  const finish = (status) => {
    if (!session) return;
    const ended = session;
    session = null;
    setTyping(false);
    post(cfg.eventsUrl, {
      sessionId: ended.id, serviceCode: cfg.code, phoneNumber: ended.phone,
      networkCode: NETWORK, status, input: ended.inputs.join("*"),
      durationInMillis: String(Date.now() - ended.started), hopsCount: String(ended.hops),
      errorMessage: "", cost: "0", date: new Date().toISOString().slice(0, 19).replace("T", " "),
    }).catch(() => {});
  };

  const hop = async () => {
    const current = session;
    current.hops += 1;
    setTyping(false);
    show(cfg.textWait);
    try {
      const response = await fetch(cfg.ussdUrl, {
        method: "POST",
        credentials: "same-origin",
        body: new URLSearchParams({
          sessionId: current.id, serviceCode: cfg.code, phoneNumber: current.phone,
          networkCode: NETWORK, text: current.inputs.join("*"),
        }),
      });
      const body = response.ok ? await response.text() : "";
      if (session !== current) return;
      if (body.startsWith("CON ")) {
        show(body.slice(4));
        setTyping(true);
      } else {
        // END, or anything else: the gateway closes the session either way.
        show(body.startsWith("END ") ? body.slice(4) : cfg.textFailed, true);
        finish(body.startsWith("END ") ? "Success" : "Failed");
      }
    } catch {
      show(cfg.textFailed, true);
      finish("Failed");
    }
  };

  $("sim-dial-form").addEventListener("submit", (event) => {
    event.preventDefault();
    finish("Incomplete");
    session = { id: newSessionId(), phone: number.value.trim(), inputs: [], hops: 0,
                started: Date.now() };
    hop();
  });

  $("sim-reply-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!session) return;
    session.inputs.push(input.value);
    hop();
  });

  hangup.addEventListener("click", () => {
    finish("Incomplete");
    show(cfg.textClosed, true);
    dial.focus();
  });

  // The inbox: new messages are appended (and announced); statuses update in place.
  let inboxPhone = null;
  let items = [];
  const describe = (message) =>
    `${new Date(message.created_at).toLocaleTimeString()} - ${message.status}`;

  const poll = async () => {
    const phone = number.value.trim();
    if (phone !== inboxPhone) {
      inboxPhone = phone;
      items = [];
      messages.textContent = "";
    }
    try {
      const response = phone
        ? await fetch(`${cfg.messagesUrl}?phone=${encodeURIComponent(phone)}`)
        : null;
      if (phone !== inboxPhone) return;
      if (!response || !response.ok) {
        inboxStatus.textContent = cfg.textBadPhone;
        return;
      }
      const list = await response.json();
      list.forEach((message, index) => {
        if (!items[index]) {
          const item = document.createElement("li");
          item.append(message.text, document.createElement("small"));
          messages.append(item);
          items[index] = item;
        }
        items[index].querySelector("small").textContent = describe(message);
      });
      inboxStatus.textContent = list.length ? "" : cfg.textNoSms;
    } catch {
      // The server restarting is no reason to stop polling.
    } finally {
      setTimeout(poll, 1000);
    }
  };

  messages.setAttribute("aria-relevant", "additions");
  show(cfg.textIdle);
  poll();
})();
