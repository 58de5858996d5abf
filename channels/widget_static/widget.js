/* Muscle-twitching chat widget: one <script async> tag, no dependencies.
 *
 *   <script>window.TwitchWidgetConfig = {serverUrl: "https://bot.example", color: "#2f5d50"}</script>
 *   <script src="https://bot.example/webhooks/widget/widget.js" async></script>
 *
 * Talks to Rasa's socket.io channel (events user_uttered / bot_uttered, session_request /
 * session_confirm). The clinic's name, branding, first screen, emergency line and result
 * headings come from the server (/webhooks/widget/config.json, twitchcare/widget_config.py);
 * the embed config may override title, clinicName, color, logoUrl, greeting and position.
 * All bot and user text is inserted as text nodes, never as HTML.
 */
(function () {
  "use strict";
  if (window.__twitchWidgetLoaded) return; // the tag may be pasted twice on a page
  window.__twitchWidgetLoaded = true;

  var script = document.currentScript ||
    document.querySelector('script[src*="/webhooks/widget/widget.js"]');
  var assetBase = script ? script.src.replace(/[^/]*$/, "") : "/webhooks/widget/";
  var cfg = window.TwitchWidgetConfig || {};
  var serverUrl = (cfg.serverUrl || new URL(assetBase, location.href).origin).replace(/\/+$/, "");
  var STORE_KEY = "twitch-widget:" + serverUrl;
  var MAX_HISTORY = 150; // keeps localStorage small; old turns are rarely scrolled back to
  var DEFAULT_COLOR = "#0b5cad";

  // ---- state kept across page loads --------------------------------------------------
  function load() {
    try { return JSON.parse(localStorage.getItem(STORE_KEY)) || {}; } catch (e) { return {}; }
  }
  var state = load();
  state.messages = Array.isArray(state.messages) ? state.messages : [];
  // The server's config, kept so the first screen and the emergency line show while offline.
  var server = state.server && typeof state.server === "object" ? state.server : {};
  function save() {
    state.messages = state.messages.slice(-MAX_HISTORY);
    state.server = server;
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* private mode: no history */ }
  }
  function newId() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 8); }

  // ---- minimal socket.io v5 client (Engine.IO v4, WebSocket transport only) ----------
  function Socket(url, on) {
    var ws = null, ready = false, retries = 0, pingTimer = null, retryTimer = null, acks = {}, nextAck = 1;
    var wsUrl = url.replace(/^http/, "ws") + "/socket.io/?EIO=4&transport=websocket";

    function send(raw) { if (ws && ws.readyState === 1) { ws.send(raw); return true; } return false; }
    function watchdog(ms) {
      // No ping from the server in time means a dead (or hung) link the browser has not noticed.
      clearTimeout(pingTimer);
      pingTimer = setTimeout(function () { if (ws) ws.close(); }, ms);
    }
    function open() {
      clearTimeout(retryTimer);
      try { ws = new WebSocket(wsUrl); } catch (e) { ws = null; return schedule(); }
      var timeout = 45000;
      watchdog(timeout); // a server that accepts the connection but never answers
      ws.onmessage = function (e) {
        var data = String(e.data), type = data.charAt(0);
        if (type === "0") { // Engine.IO open: handshake, then join the default namespace
          var hs = JSON.parse(data.slice(1));
          timeout = hs.pingInterval + hs.pingTimeout;
          watchdog(timeout);
          send("40");
        } else if (type === "2") { // ping -> pong
          watchdog(timeout);
          send("3");
        } else if (type === "4") { // Socket.IO packet inside an Engine.IO message
          var kind = data.charAt(1);
          if (kind === "0") {
            ready = true; retries = 0;
            on.connect();
          } else if (kind === "2") {
            var ev = JSON.parse(data.slice(2));
            if (on.event) on.event(ev[0], ev[1]);
          } else if (kind === "3") { // ack: "43<id>[...]", the server has handled the message
            var id = parseInt(data.slice(2), 10), cb = acks[id];
            delete acks[id];
            if (cb) cb();
          } else if (kind === "4" || kind === "1") {
            ws.close(); // refused or kicked out: reconnect later
          }
        } else if (type === "1") {
          ws.close();
        }
      };
      ws.onclose = function () {
        ready = false; ws = null; acks = {};
        clearTimeout(pingTimer);
        on.disconnect();
        schedule();
      };
    }
    function schedule() {
      // Exponential backoff with jitter so a restarted server is not stampeded.
      var delay = Math.min(30000, 1000 * Math.pow(2, retries++)) * (0.5 + Math.random() / 2);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(open, delay);
    }
    open();
    return {
      // With onAck: the callback runs once the server has handled the event (socket.io ack).
      emit: function (name, payload, onAck) {
        var id = "";
        if (onAck) { id = nextAck++; acks[id] = onAck; }
        return send("42" + id + JSON.stringify([name, payload]));
      },
      isReady: function () { return ready; },
      // "Retry" while offline: try to connect now instead of at the end of the backoff.
      retryNow: function () { if (!ws) { retries = 0; open(); } },
      // A fresh connection leaves the old session's room, so its late replies cannot leak in.
      restart: function () { retries = 0; if (ws) ws.close(); }
    };
  }

  // ---- colours: the brand colour, darkened until white text on it is readable -----------
  function rgb(hex) {
    var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(hex || "").trim());
    if (!m) return null;
    var h = m[1].length === 3 ? m[1].replace(/./g, "$&$&") : m[1];
    return [0, 2, 4].map(function (i) { return parseInt(h.substr(i, 2), 16); });
  }
  function luminance(c) { // WCAG 2 relative luminance
    var v = c.map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function hex(c) { return "#" + c.map(function (x) { return ("0" + Math.round(x).toString(16)).slice(-2); }).join(""); }
  function shade(c, f) { return c.map(function (x) { return x * f; }); }
  // The brand colour is both a background for white text and a text colour on white, so it
  // needs a contrast of 4.5:1 with white (WCAG AA); a lighter colour is darkened until it has.
  function brandColors(color) {
    var c = rgb(color) || rgb(DEFAULT_COLOR);
    while ((1.05) / (luminance(c) + 0.05) < 4.6) c = shade(c, 0.92);
    return {main: hex(c), dark: hex(shade(c, 0.82)), tint: hex(c.map(function (x) { return 255 - (255 - x) * 0.1; }))};
  }
  function safeUrl(u) { // only http(s) addresses and paths, never javascript: or data:
    u = String(u || "").trim();
    return /^(https?:\/\/|\/(?!\/))/i.test(u) ? u : "";
  }

  // ---- DOM helpers ----------------------------------------------------------------------
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }
  function textWithBreaks(node, text) { // newlines -> <br>, without ever parsing HTML
    String(text).split("\n").forEach(function (line, i) {
      if (i) node.appendChild(document.createElement("br"));
      node.appendChild(document.createTextNode(line));
    });
    return node;
  }
  function button(cls, text, onClick) {
    var b = el("button", cls, text);
    b.type = "button";
    if (onClick) b.addEventListener("click", onClick);
    return b;
  }

  var css = el("link");
  css.rel = "stylesheet";
  css.href = assetBase + "widget.css";
  document.head.appendChild(css);

  var root = el("div", "tw-root");
  root.hidden = true; // shown once the stylesheet is in, so there is no unstyled flash
  css.onload = css.onerror = function () { root.hidden = false; };

  var bubble = el("button", "tw-bubble");
  bubble.type = "button";
  bubble.setAttribute("aria-expanded", "false");
  bubble.setAttribute("aria-controls", "tw-panel");
  bubble.appendChild(el("span", "tw-bubble-icon", "\uD83D\uDCAC")).setAttribute("aria-hidden", "true");
  var bubbleText = bubble.appendChild(el("span", "tw-bubble-text", "Chat"));

  var panel = el("section", "tw-panel");
  panel.id = "tw-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-modal", "true");
  panel.setAttribute("aria-labelledby", "tw-title");

  var header = el("div", "tw-header");
  var logo = el("img", "tw-logo");
  logo.alt = ""; // decorative: the clinic's name is written next to it
  logo.hidden = true;
  logo.onerror = function () { logo.hidden = true; };
  var heading = el("div", "tw-heading");
  var clinicLine = el("p", "tw-clinic");
  var h = el("h2", "tw-title");
  h.id = "tw-title";
  var status = el("p", "tw-status", "Connecting\u2026");
  heading.appendChild(clinicLine);
  heading.appendChild(h);
  heading.appendChild(status);
  header.appendChild(logo);
  header.appendChild(heading);
  // The visible text is the accessible name ("New chat"); what it does is its description.
  var resetBtn = button("tw-icon-btn", "New chat");
  resetBtn.title = "Start a new conversation and forget this one";
  var closeBtn = button("tw-icon-btn tw-close", "\u00D7");
  closeBtn.setAttribute("aria-label", "Close chat");
  header.appendChild(resetBtn);
  header.appendChild(closeBtn);

  // Offline: what happens to messages, and the emergency line (never hidden while offline).
  var offline = el("div", "tw-offline-note");
  offline.setAttribute("role", "status");
  var offlineText = offline.appendChild(el("p", null));
  var offlineEmergency = offline.appendChild(el("p", "tw-offline-emergency"));

  // Scrolls; holds the first screen (what the assistant is, emergency line, privacy notice)
  // and the conversation. Only the conversation is a live region, and it only ever gains
  // new messages: nothing already said is redrawn, so a screen reader reads just the new.
  var scroller = el("div", "tw-scroll");
  scroller.tabIndex = 0; // scrollable region must be reachable by keyboard
  scroller.setAttribute("role", "region");
  scroller.setAttribute("aria-label", "Conversation");
  var intro = el("div", "tw-intro");
  var log = el("div", "tw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", "Messages");
  scroller.appendChild(intro);
  scroller.appendChild(log);

  var typing = el("div", "tw-typing");
  typing.hidden = true;
  typing.setAttribute("role", "status");
  typing.appendChild(el("span", "tw-sr-only", "The assistant is typing"));
  for (var i = 0; i < 3; i++) typing.appendChild(el("span", "tw-dot")).setAttribute("aria-hidden", "true");

  var form = el("form", "tw-form");
  var label = el("label", "tw-sr-only", "Your message");
  label.htmlFor = "tw-input";
  var input = el("input", "tw-input");
  input.id = "tw-input";
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = 1000;
  input.placeholder = "Type your message\u2026";
  var sendBtn = el("button", "tw-send", "Send");
  sendBtn.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendBtn);

  var note = el("p", "tw-note", "Information, not a diagnosis.");
  panel.appendChild(header);
  panel.appendChild(offline);
  panel.appendChild(scroller);
  panel.appendChild(typing);
  panel.appendChild(form);
  panel.appendChild(note);
  root.appendChild(panel);
  root.appendChild(bubble);

  // ---- branding and the first screen ------------------------------------------------------
  function brand() {
    var title = cfg.title || server.title || "Chat";
    var name = cfg.clinicName || server.clinicName || "";
    h.textContent = title;
    clinicLine.textContent = name;
    clinicLine.hidden = !name;
    bubble.setAttribute("aria-label", "Open chat: " + title);
    bubbleText.textContent = "Chat";
    var colors = brandColors(cfg.color || server.brandColor);
    root.style.setProperty("--tw-blue", colors.main);
    root.style.setProperty("--tw-blue-dark", colors.dark);
    root.style.setProperty("--tw-blue-tint", colors.tint);
    root.classList.toggle("tw-left", cfg.position === "left");
    var src = safeUrl(cfg.logoUrl || server.logoUrl);
    if (src && src.charAt(0) === "/") src = serverUrl + src;
    logo.hidden = !src;
    if (src && logo.getAttribute("src") !== src) logo.src = src;

    intro.textContent = "";
    var greeting = cfg.greeting || server.intro;
    if (greeting) intro.appendChild(el("p", "tw-intro-text", greeting));
    // The emergency line and the privacy notice are the server's; the embed cannot change them.
    if (server.emergency) intro.appendChild(el("p", "tw-intro-emergency", server.emergency));
    if (server.privacy) {
      var p = intro.appendChild(el("p", "tw-intro-privacy", server.privacy));
      var policy = safeUrl(server.privacyUrl);
      if (policy) {
        p.appendChild(document.createTextNode(" "));
        var a = p.appendChild(el("a", null, "Read the privacy policy"));
        a.href = policy.charAt(0) === "/" ? serverUrl + policy : policy;
        a.target = "_blank";
        a.rel = "noopener";
      }
    }
    offlineText.textContent = "You are offline. Messages you send wait here and go out when the connection is back.";
    offlineEmergency.textContent = server.emergency || "";
    offlineEmergency.hidden = !server.emergency;
  }
  function loadServerConfig() {
    if (!window.fetch) return;
    fetch(serverUrl + "/webhooks/widget/config.json", {credentials: "omit"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || typeof data !== "object") return;
        server = data;
        save();
        brand();
      })
      .catch(function () { /* offline: the copy kept from the last visit is used */ });
  }

  // ---- rendering --------------------------------------------------------------------------
  // History records: {id, from:"user", text, pending?} | {id, from:"bot", text?, replies?, sources?}
  // | {id, from:"bot", triage}; replies are [{title, payload, multiple?}]. pending: not yet
  // handled by the server ("sending" while in flight, "failed" when it was not delivered).
  var rows = {}; // record id -> its row in the log
  function renderRecord(rec, live) {
    var row = el("div", "tw-row tw-" + rec.from + (rec.triage ? " tw-row-card" : ""));
    if (rec.triage) row.appendChild(triageCard(rec.triage, live));
    if (rec.text) row.appendChild(textWithBreaks(el("div", "tw-msg"), rec.text));
    if (rec.sources && rec.sources.length) row.appendChild(sourcesList(rec.sources));
    if (rec.replies && rec.replies.length) row.appendChild(quickReplies(rec.replies));
    if (rec.from === "user") row.appendChild(deliveryNote(rec));
    rows[rec.id] = row;
    return row;
  }
  function deliveryNote(rec) {
    var box = el("div", "tw-delivery");
    box.hidden = rec.pending !== "failed";
    box.appendChild(el("span", null, "Not delivered yet."));
    box.appendChild(button("tw-retry", "Retry", function () { retry(); }));
    return box;
  }
  function showDelivery(rec) {
    var row = rows[rec.id], box = row && row.querySelector(".tw-delivery");
    if (box) box.hidden = rec.pending !== "failed";
    if (row) row.classList.toggle("tw-failed", rec.pending === "failed");
  }
  function sourcesList(sources, heading) {
    var box = el("div", "tw-sources");
    box.appendChild(el("p", "tw-sources-title", heading || (server.headings && server.headings.sources) || "Sources"));
    var ul = el("ul");
    sources.forEach(function (s) {
      var li = el("li", null, s.title || s.id || "");
      if (s.publisher) li.appendChild(el("span", "tw-publisher", " \u2014 " + s.publisher));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }
  var lastPointer = "mouse";
  panel.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType || "mouse"; }, true);
  panel.addEventListener("keydown", function () { lastPointer = "keyboard"; }, true);
  // After a tap on a suggested answer, focus stays out of the text box on touch screens (it
  // would bring up the on-screen keyboard each time); with a keyboard or mouse it goes there.
  function focusAfterReply() {
    if (lastPointer === "touch" || lastPointer === "pen") scroller.focus({preventScroll: true});
    else input.focus();
  }
  function quickReplies(replies) {
    var box = el("div", "tw-replies");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Suggested answers");
    var options = replies.filter(function (r) { return r.multiple; });
    if (options.length) box.appendChild(multiSelect(options));
    replies.forEach(function (r) {
      if (r.multiple) return;
      box.appendChild(button("tw-reply", r.title, function () { sendUser(r.title, r.payload); focusAfterReply(); }));
    });
    return box;
  }
  // A multi-select question (buttons with "multiple": true, see channels/choices.py): toggle
  // buttons (aria-pressed) and one Send that sends the ticked titles as ONE message, joined
  // with ", " (the server reads it like typed text). Send does nothing until one is ticked.
  function multiSelect(options) {
    var group = el("div", "tw-multi");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Pick all that apply");
    var toggles = options.map(function (r) {
      var b = button("tw-reply tw-option");
      b.setAttribute("aria-pressed", "false");
      b.appendChild(el("span", "tw-check")).setAttribute("aria-hidden", "true");
      b.appendChild(document.createTextNode(r.title));
      b.addEventListener("click", function () {
        b.setAttribute("aria-pressed", String(b.getAttribute("aria-pressed") !== "true"));
        refresh();
      });
      group.appendChild(b);
      return b;
    });
    function picked() { // in the order shown, whatever the order of the taps
      return options.filter(function (r, i) { return toggles[i].getAttribute("aria-pressed") === "true"; })
        .map(function (r) { return r.title; });
    }
    var send = button("tw-reply tw-confirm", "Send choices", function () {
      var text = picked().join(", ");
      if (!text) return;
      sendUser(text, text);
      focusAfterReply();
    });
    // aria-disabled, not disabled: the button stays reachable by Tab and is announced as unavailable.
    function refresh() { send.setAttribute("aria-disabled", String(!picked().length)); }
    refresh();
    group.appendChild(send);
    return group;
  }
  function section(card, title) {
    var s = card.appendChild(el("div", "tw-triage-part"));
    s.appendChild(el("h4", "tw-triage-why", title));
    return s;
  }
  function list(items, cls) {
    var ul = el("ul", cls);
    items.forEach(function (x) { ul.appendChild(typeof x === "string" ? el("li", null, x) : x); });
    return ul;
  }
  // The triage result as one card: verdict, why, what may help (with its sources), when to come
  // back, and the doctor summary to open and copy. An emergency adds a large call link.
  function triageCard(t, live) {
    var levels = server.levels || {};
    var heads = server.headings || {};
    var level = /^(emergency|urgent|doctor|self_care)$/.test(t.level) ? t.level : "doctor";
    var c = t.card && typeof t.card === "object" ? t.card : {};
    var card = el("div", "tw-triage tw-level-" + level);
    // A new emergency is announced at once; a re-rendered one from history is not.
    if (live && level === "emergency") card.setAttribute("role", "alert");
    card.appendChild(el("h3", "tw-triage-label", c.headline || levels[level] || level.replace("_", " ")));
    var number = t.emergency_number ? String(t.emergency_number) : "";
    if (level === "emergency" && number) {
      // Only a real phone number becomes a tel: link; a worded fallback stays text.
      if (/^[0-9+][0-9 ()-]{1,19}$/.test(number)) {
        var call = el("a", "tw-call", "Call " + number);
        call.href = "tel:" + number.replace(/[^0-9+]/g, "");
        card.appendChild(call);
      } else {
        card.appendChild(el("p", "tw-call-text", "Call " + number));
      }
    }
    var reasons = Array.isArray(c.why) ? c.why : (Array.isArray(t.reasons) ? t.reasons : []);
    if (reasons.length) section(card, heads.why || "Why").appendChild(list(reasons.map(String)));
    if (Array.isArray(c.advice) && c.advice.length) {
      var help = section(card, heads.advice || "What may help");
      help.appendChild(list(c.advice.map(function (a) {
        var li = el("li");
        li.appendChild(el("strong", null, String(a.title || "")));
        li.appendChild(document.createTextNode(": " + String(a.text || "")));
        return li;
      })));
      if (Array.isArray(c.sources) && c.sources.length) help.appendChild(sourcesList(c.sources, heads.sources));
    }
    if (c.when) section(card, heads.when || "When to come back").appendChild(el("p", null, String(c.when)));
    if (c.note) card.appendChild(el("p", "tw-triage-note", String(c.note)));
    if (Array.isArray(c.summary) && c.summary.length) card.appendChild(doctorSummary(c, heads.summary));
    return card;
  }
  function doctorSummary(c, title) {
    var details = el("details", "tw-summary");
    details.appendChild(el("summary", null, title || "Summary for your doctor"));
    var dl = details.appendChild(el("dl"));
    c.summary.forEach(function (item) {
      dl.appendChild(el("dt", null, String(item.label)));
      dl.appendChild(el("dd", null, String(item.value)));
    });
    var done = el("span", "tw-copied");
    done.setAttribute("role", "status");
    var copy = button("tw-reply tw-copy", "Copy summary", function () {
      copyText(String(c.summary_text || "")).then(function (ok) {
        done.textContent = ok ? "Copied" : "Could not copy: select the text instead";
      });
    });
    details.appendChild(copy);
    details.appendChild(done);
    return details;
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }
  function legacyCopy(text) {
    var area = el("textarea", "tw-sr-only");
    area.value = text;
    panel.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }
  function scrollDown() { scroller.scrollTop = scroller.scrollHeight; }
  function renderAll() { // page load and "New chat" only: never during a conversation
    log.textContent = "";
    rows = {};
    state.messages.forEach(function (rec) {
      if (!rec.id) rec.id = newId();
      log.appendChild(renderRecord(rec));
    });
    scrollDown();
  }
  function add(rec) {
    rec.id = newId();
    state.messages.push(rec);
    save();
    var row = log.appendChild(renderRecord(rec, true));
    scrollDown();
    // A result is read from its verdict down: its top is shown, not its end.
    if (rec.triage) scroller.scrollTop += row.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 8;
    return rec;
  }

  // ---- conversation -----------------------------------------------------------------------
  function setTyping(on) {
    typing.hidden = !on;
    if (on) scrollDown(); // (hiding it never scrolls: a result stays shown from its verdict)
  }
  function deliver(rec) {
    // Sent with an ack: the server acknowledges once it has handled the message.
    rec.pending = "sending";
    showDelivery(rec);
    var sent = socket.isReady() && state.sessionId && socket.emit(
      "user_uttered", {message: rec.message, session_id: state.sessionId}, function () {
        delete rec.pending;
        delete rec.message;
        save();
        showDelivery(rec);
        if (!state.messages.some(function (m) { return m.pending; })) setTyping(false);
      });
    if (!sent) rec.pending = "failed";
    save();
    showDelivery(rec);
    setTyping(!!sent);
  }
  function retry() {
    if (socket.isReady() && state.sessionId) sendPending();
    else socket.retryNow();
  }
  function sendPending() { // in the order they were written
    state.messages.forEach(function (m) { if (m.pending === "failed") deliver(m); });
  }
  function sendUser(shown, message) {
    message = message.trim();
    if (!message) return;
    // Old quick replies answer old questions: take them away (only removed, nothing redrawn).
    state.messages.forEach(function (m) {
      if (!m.replies) return;
      delete m.replies;
      var old = rows[m.id] && rows[m.id].querySelector(".tw-replies");
      if (old) old.remove();
    });
    deliver(add({from: "user", text: shown, message: message}));
  }
  function onBot(msg) {
    if (!msg || typeof msg !== "object") return;
    setTyping(false);
    if (msg.asking) return; // machine-readable twin of a question already shown as text
    var last = state.messages[state.messages.length - 1];
    if (msg.sources && !msg.triage) {
      // The answer text ends with a "Sources: ..." paragraph; show it as a list instead, in place.
      if (last && last.from === "bot" && !last.sources && !last.triage) {
        var row = rows[last.id];
        if (/^Sources?: /.test(last.text || "")) {
          delete last.text;
          var raw = row && row.querySelector(".tw-msg");
          if (raw) raw.remove();
        }
        last.sources = msg.sources;
        save();
        if (row) row.insertBefore(sourcesList(msg.sources), row.querySelector(".tw-replies"));
      }
      return;
    }
    if (msg.triage) return add({from: "bot", triage: msg.triage});
    if (msg.text) {
      var replies = (msg.quick_replies || msg.buttons || []).map(function (b) {
        // multiple is left out (not false) for ordinary buttons, so their records are as before.
        return {title: String(b.title), payload: String(b.payload), multiple: b.multiple === true || undefined};
      });
      add({from: "bot", text: String(msg.text), replies: replies.length ? replies : undefined});
    }
  }
  var online = null; // unknown until the first connection succeeds or fails
  function setOnline(on) {
    online = on;
    status.textContent = on ? "Online" : "Offline \u2014 reconnecting\u2026";
    root.classList.toggle("tw-offline", !on);
    offline.hidden = on;
  }

  var socket = Socket(serverUrl, {
    connect: function () {
      // Rejoin the stored conversation (a new id is issued when there is none).
      socket.emit("session_request", {session_id: state.sessionId || null});
    },
    event: function (name, data) {
      if (name === "session_confirm") {
        state.sessionId = typeof data === "string" ? data : (data && data.session_id) || state.sessionId;
        save();
        setOnline(true);
        sendPending(); // what could not be delivered goes out now
      } else if (name === "bot_uttered") {
        onBot(data);
      }
    },
    disconnect: function () {
      setOnline(false);
      setTyping(false);
      // Not acknowledged by the server: not delivered; marked, and sent again on reconnect.
      state.messages.forEach(function (m) { if (m.pending) { m.pending = "failed"; showDelivery(m); } });
      save();
    }
  });

  // ---- opening, closing, keyboard -----------------------------------------------------------
  function setOpen(open, focus) {
    panel.hidden = !open;
    bubble.hidden = open;
    bubble.setAttribute("aria-expanded", String(open));
    root.classList.toggle("tw-open", open);
    state.open = open;
    save();
    if (open) { scrollDown(); if (focus) input.focus(); } else if (focus) bubble.focus();
  }
  function focusables() {
    return Array.prototype.filter.call(
      panel.querySelectorAll("button, a[href], input, summary, [tabindex='0']"),
      function (n) { return n.getClientRects().length > 0 && !n.closest("[hidden]"); });
  }
  bubble.addEventListener("click", function () { setOpen(true, true); });
  closeBtn.addEventListener("click", function () { setOpen(false, true); });
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); setOpen(false, true); return; }
    if (e.key !== "Tab") return;
    // Focus stays inside the open dialog: Tab from the last control goes to the first, and back.
    var items = focusables(), first = items[0], last = items[items.length - 1];
    if (!items.length) return;
    if (e.shiftKey && (document.activeElement === first || !panel.contains(document.activeElement))) {
      e.preventDefault(); last.focus();
    } else if (!e.shiftKey && (document.activeElement === last || !panel.contains(document.activeElement))) {
      e.preventDefault(); first.focus();
    }
  });
  form.addEventListener("submit", function (e) { // Enter in the input submits the form
    e.preventDefault();
    var text = input.value;
    input.value = "";
    sendUser(text, text);
  });
  resetBtn.addEventListener("click", function () {
    // For shared computers: forget the conversation here and start a fresh session.
    state = {messages: [], open: true};
    save();
    renderAll();
    setTyping(false);
    socket.restart(); // on reconnect, session_request without an id starts a new conversation
    input.focus();
  });

  function mount() {
    brand();
    if (online === null) { offline.hidden = true; status.textContent = "Connecting\u2026"; } else setOnline(online);
    // The history is drawn before the widget is on the page, so nothing old is announced.
    renderAll();
    document.body.appendChild(root);
    setOpen(state.open != null ? state.open : !!cfg.startOpen, false);
    loadServerConfig();
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
