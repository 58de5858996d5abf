/* Twitch help chat widget: one <script> tag, no dependencies.
 *
 *   <script>window.TwitchWidgetConfig = {serverUrl: "https://bot.example", title: "Twitch help"}</script>
 *   <script src="https://bot.example/webhooks/widget/widget.js" defer></script>
 *
 * Talks to Rasa's socket.io channel (events user_uttered / bot_uttered, session_request /
 * session_confirm). All bot and user text is inserted as text nodes, never as HTML.
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
  var title = cfg.title || "Twitch help";
  var STORE_KEY = "twitch-widget:" + serverUrl;
  var MAX_HISTORY = 150; // keeps localStorage small; old turns are rarely scrolled back to
  // Mirrors twitchcare/render.py LEVEL_LABELS.
  var LEVELS = {
    emergency: "Emergency: call now",
    urgent: "See a doctor today",
    doctor: "Book a doctor in the next few days",
    self_care: "Self-care should be enough"
  };

  // ---- state kept across page loads --------------------------------------------------
  function load() {
    try { return JSON.parse(localStorage.getItem(STORE_KEY)) || {}; } catch (e) { return {}; }
  }
  var state = load();
  state.messages = Array.isArray(state.messages) ? state.messages : [];
  function save() {
    state.messages = state.messages.slice(-MAX_HISTORY);
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* private mode: no history */ }
  }

  // ---- minimal socket.io v5 client (Engine.IO v4, WebSocket transport only) ----------
  function Socket(url, on) {
    var ws = null, ready = false, retries = 0, pingTimer = null, queue = [];
    var wsUrl = url.replace(/^http/, "ws") + "/socket.io/?EIO=4&transport=websocket";

    function send(raw) { if (ws && ws.readyState === 1) ws.send(raw); }
    function watchdog(ms) {
      // No ping from the server in time means a dead link the browser has not noticed.
      clearTimeout(pingTimer);
      pingTimer = setTimeout(function () { if (ws) ws.close(); }, ms);
    }
    function open() {
      ws = new WebSocket(wsUrl);
      var timeout = 45000;
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
          } else if (kind === "4" || kind === "1") {
            ws.close(); // refused or kicked out: reconnect later
          }
        } else if (type === "1") {
          ws.close();
        }
      };
      ws.onclose = function () {
        ready = false; ws = null;
        clearTimeout(pingTimer);
        on.disconnect();
        // Exponential backoff with jitter so a restarted server is not stampeded.
        var delay = Math.min(30000, 1000 * Math.pow(2, retries++)) * (0.5 + Math.random() / 2);
        setTimeout(open, delay);
      };
    }
    open();
    return {
      // Events sent while offline wait for the next connection (sent after the session is confirmed).
      emit: function (name, payload) { send("42" + JSON.stringify([name, payload])); },
      queue: queue,
      isReady: function () { return ready; },
      // A fresh connection leaves the old session's room, so its late replies cannot leak in.
      restart: function () { retries = 0; if (ws) ws.close(); }
    };
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

  var css = el("link");
  css.rel = "stylesheet";
  css.href = assetBase + "widget.css";
  document.head.appendChild(css);

  var root = el("div", "tw-root");
  root.hidden = true; // shown once the stylesheet is in, so there is no unstyled flash
  css.onload = css.onerror = function () { root.hidden = false; };

  var bubble = el("button", "tw-bubble");
  bubble.type = "button";
  bubble.setAttribute("aria-label", "Open chat: " + title);
  bubble.setAttribute("aria-expanded", "false");
  bubble.setAttribute("aria-controls", "tw-panel");
  bubble.appendChild(el("span", "tw-bubble-icon", "\uD83D\uDCAC")).setAttribute("aria-hidden", "true");
  bubble.appendChild(el("span", "tw-bubble-text", "Chat"));

  var panel = el("section", "tw-panel");
  panel.id = "tw-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "tw-title");

  var header = el("div", "tw-header");
  var heading = el("div", "tw-heading");
  var h = el("h2", "tw-title", title);
  h.id = "tw-title";
  heading.appendChild(h);
  var status = el("p", "tw-status", "Connecting\u2026");
  heading.appendChild(status);
  header.appendChild(heading);
  var resetBtn = el("button", "tw-icon-btn", "New chat");
  resetBtn.type = "button";
  resetBtn.setAttribute("aria-label", "Start a new conversation and forget this one");
  var closeBtn = el("button", "tw-icon-btn tw-close", "\u00D7");
  closeBtn.type = "button";
  closeBtn.setAttribute("aria-label", "Close chat");
  header.appendChild(resetBtn);
  header.appendChild(closeBtn);

  var log = el("div", "tw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-label", "Conversation");
  log.tabIndex = 0; // scrollable region must be reachable by keyboard

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

  var note = el("p", "tw-note", "Information, not a diagnosis. In an emergency call your local emergency number.");
  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  panel.appendChild(note);
  root.appendChild(panel);
  root.appendChild(bubble);

  // ---- rendering --------------------------------------------------------------------------
  // History records: {from:"user", text} | {from:"bot", text?, replies?, sources?} | {from:"bot", triage}
  // where replies are [{title, payload, multiple?}] (multiple: an option of a multi-select question).
  function renderRecord(rec, live) {
    var row = el("div", "tw-row tw-" + rec.from + (rec.triage ? " tw-row-card" : ""));
    if (rec.triage) row.appendChild(triageCard(rec.triage, live));
    if (rec.text) row.appendChild(textWithBreaks(el("div", "tw-msg"), rec.text));
    if (rec.sources && rec.sources.length) row.appendChild(sourcesList(rec.sources));
    if (rec.replies && rec.replies.length) row.appendChild(quickReplies(rec.replies));
    return row;
  }
  function sourcesList(sources) {
    var box = el("div", "tw-sources");
    box.appendChild(el("p", "tw-sources-title", "Sources"));
    var ul = el("ul");
    sources.forEach(function (s) {
      var li = el("li", null, s.title || s.id || "");
      if (s.publisher) li.appendChild(el("span", "tw-publisher", " \u2014 " + s.publisher));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }
  function quickReplies(replies) {
    var box = el("div", "tw-replies");
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Suggested answers");
    var options = replies.filter(function (r) { return r.multiple; });
    if (options.length) box.appendChild(multiSelect(options));
    replies.forEach(function (r) {
      if (r.multiple) return;
      var b = el("button", "tw-reply", r.title);
      b.type = "button";
      b.addEventListener("click", function () { sendUser(r.title, r.payload); input.focus(); });
      box.appendChild(b);
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
      var b = el("button", "tw-reply tw-option");
      b.type = "button";
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
    var send = el("button", "tw-reply tw-confirm", "Send choices");
    send.type = "button";
    // aria-disabled, not disabled: the button stays reachable by Tab and is announced as unavailable.
    function refresh() { send.setAttribute("aria-disabled", String(!picked().length)); }
    send.addEventListener("click", function () {
      var text = picked().join(", ");
      if (!text) return;
      sendUser(text, text);
      input.focus();
    });
    refresh();
    group.appendChild(send);
    return group;
  }
  function triageCard(t, live) {
    var level = LEVELS[t.level] ? t.level : "doctor";
    var card = el("div", "tw-triage tw-level-" + level);
    // A new emergency is announced at once; a re-rendered one from history is not.
    if (live && level === "emergency") card.setAttribute("role", "alert");
    card.appendChild(el("p", "tw-triage-label", LEVELS[level]));
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
    var reasons = Array.isArray(t.reasons) ? t.reasons : [];
    if (reasons.length) {
      card.appendChild(el("p", "tw-triage-why", "Because of:"));
      var ul = el("ul");
      reasons.forEach(function (r) { ul.appendChild(el("li", null, String(r))); });
      card.appendChild(ul);
    }
    return card;
  }
  function scrollDown() { log.scrollTop = log.scrollHeight; }
  function rerender() {
    log.textContent = "";
    if (!state.messages.length) {
      log.appendChild(el("p", "tw-empty", "Hi! Ask me about muscle twitching, or describe your twitch " +
        "and I'll help you work out what to do next."));
    }
    state.messages.forEach(function (rec) { log.appendChild(renderRecord(rec)); });
    scrollDown();
  }
  function add(rec) {
    state.messages.push(rec);
    save();
    var empty = log.querySelector(".tw-empty");
    if (empty) empty.remove();
    log.appendChild(renderRecord(rec, true));
    scrollDown();
  }

  // ---- conversation -----------------------------------------------------------------------
  function setTyping(on) {
    typing.hidden = !on;
    clearTimeout(setTyping.timer);
    if (on) setTyping.timer = setTimeout(function () { typing.hidden = true; }, 20000);
    scrollDown();
  }
  function sendUser(shown, message) {
    message = message.trim();
    if (!message) return;
    // Old quick replies answer old questions: remove them once the person moves on.
    var stale = false;
    state.messages.forEach(function (m) { if (m.replies) { delete m.replies; stale = true; } });
    if (stale) rerender();
    add({from: "user", text: shown});
    setTyping(true);
    var payload = {message: message, session_id: state.sessionId};
    if (socket.isReady() && state.sessionId) socket.emit("user_uttered", payload);
    else socket.queue.push(payload);
  }
  function onBot(msg) {
    if (!msg || typeof msg !== "object") return;
    setTyping(false);
    if (msg.asking) return; // machine-readable twin of a question already shown as text
    var last = state.messages[state.messages.length - 1];
    if (msg.sources && !msg.triage) {
      // The answer text ends with a "Sources: ..." paragraph; show it as a list instead.
      if (last && last.from === "bot" && !last.sources && !last.triage) {
        if (/^Sources?: /.test(last.text || "")) delete last.text;
        last.sources = msg.sources;
        save();
        rerender();
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

  var socket = Socket(serverUrl, {
    connect: function () {
      // Rejoin the stored conversation (a new id is issued when there is none).
      socket.emit("session_request", {session_id: state.sessionId || null});
    },
    event: function (name, data) {
      if (name === "session_confirm") {
        state.sessionId = typeof data === "string" ? data : (data && data.session_id) || state.sessionId;
        save();
        status.textContent = "Online";
        root.classList.remove("tw-offline");
        while (socket.queue.length) {
          var p = socket.queue.shift();
          p.session_id = state.sessionId;
          socket.emit("user_uttered", p);
        }
      } else if (name === "bot_uttered") {
        onBot(data);
      }
    },
    disconnect: function () {
      status.textContent = "Reconnecting\u2026";
      root.classList.add("tw-offline");
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
  bubble.addEventListener("click", function () { setOpen(true, true); });
  closeBtn.addEventListener("click", function () { setOpen(false, true); });
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); setOpen(false, true); }
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
    rerender();
    setTyping(false);
    socket.restart(); // on reconnect, session_request without an id starts a new conversation
    input.focus();
  });

  function mount() {
    document.body.appendChild(root);
    rerender();
    setOpen(state.open != null ? state.open : !!cfg.startOpen, false);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
