// The imbridge dashboard: polls GET /api/status every second and redraws; the buttons call the admin API.
// Plain JS, no build step, no third-party code. Text from the bridge is only ever set as textContent.
"use strict";

const POLL_MS = 1000;
/** Rate window: the progress rate is measured over the last samples within this span. */
const RATE_WINDOW_MS = 30000;
const TOKEN_KEY = "imbridge.adminToken";
const samples = new Map(); // portalId -> [{t, done}]

function $(id) { return document.getElementById(id); }

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function token() { return localStorage.getItem(TOKEN_KEY); }

async function api(method, path) {
  const headers = { "Accept": "application/json" };
  const t = token();
  if (t) headers["Authorization"] = "Bearer " + t;
  const response = await fetch(path, { method, headers });
  let body = {};
  try { body = await response.json(); } catch (e) { body = {}; }
  if (response.status === 401 || response.status === 403) {
    localStorage.removeItem(TOKEN_KEY);
    $("token-form").hidden = false;
  }
  return { status: response.status, body };
}

function duration(ms) {
  if (ms === null || ms === undefined || !isFinite(ms)) return "–";
  const s = Math.round(ms / 1000);
  if (s < 60) return s + " s";
  if (s < 3600) return Math.floor(s / 60) + " min " + (s % 60) + " s";
  return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min";
}

/** Parts per second over the rate window, from the page's own samples. */
function rate(portalId, now, done) {
  let list = samples.get(portalId);
  if (!list) { list = []; samples.set(portalId, list); }
  list.push({ t: now, done });
  while (list.length > 2 && now - list[0].t > RATE_WINDOW_MS) list.shift();
  const first = list[0];
  if (now - first.t < 500 || done <= first.done) return 0;
  return (done - first.done) * 1000 / (now - first.t);
}

function renderPortals(portals, now) {
  const box = $("portals");
  box.replaceChildren();
  const done = portals.filter(p => p.status === "done").length;
  $("portal-count").textContent = "(" + done + " of " + portals.length + " done)";
  if (portals.length === 0) box.append(el("p", "muted", "No portal yet: the first sync discovers them."));
  for (const p of portals) {
    const row = el("div", "portal");
    row.dataset.portal = p.portalId;
    row.append(el("div", "id", p.portalId));
    row.append(el("div", "status " + p.status.replace(" ", "-"), p.status));
    // Parts: the Matrix events of the portal's messages (text, one per attachment), in its room / planned.
    const bar = el("progress");
    const known = Math.max(p.partsKnown, p.partsBridged);
    bar.max = known > 0 ? known : 1;
    bar.value = p.status === "done" ? bar.max : Math.min(p.partsBridged, bar.max);
    row.append(bar);
    const r = rate(p.portalId, now, p.partsBridged);
    const left = known - p.partsBridged;
    const eta = p.status === "done" ? "done" : (r > 0 ? "ETA " + duration(left / r * 1000) : "ETA –");
    row.append(el("div", "numbers",
      p.partsBridged + " / " + known + " parts · " + p.messagesKnown + " messages · " +
      (r > 0 ? r.toFixed(1) + " parts/s · " : "") + eta));
    const backfill = el("button", "small", "Backfill");
    backfill.type = "button";
    backfill.addEventListener("click", () => act("POST", "/api/portals/" + encodeURIComponent(p.portalId) + "/backfill"));
    row.append(backfill);
    if (p.lastError) row.append(el("div", "error", p.lastError));
    box.append(row);
  }
}

function renderAttachments(a) {
  $("attachment-count").textContent = "(" + a.failing + " failing, " + a.givenUp + " given up after " + a.maxRetries + " tries)";
  const list = $("attachments");
  list.replaceChildren();
  if (a.failures.length === 0) list.append(el("li", "muted", "None."));
  for (const f of a.failures) {
    const li = el("li", "attachment");
    li.dataset.record = f.recordName;
    li.append(el("strong", null, f.recordName), " · " + f.retries + " tries" + (f.givenUp ? " (given up)" : "") + " · ");
    li.append(el("span", "error", f.lastError || "no error text"));
    list.append(li);
  }
}

function renderLive(live) {
  $("live-summary").textContent = live.enabled
    ? live.pending + " pending, " + live.held + " held"
    : "Live messaging is off.";
  const held = $("held");
  held.replaceChildren();
  if (live.heldMessages.length === 0) held.append(el("li", "muted", "None."));
  for (const h of live.heldMessages) {
    held.append(el("li", null, h.portalId + " · " + h.event + " · waiting " + duration(Date.now() - h.receivedMs)));
  }
  const drops = $("drops");
  drops.replaceChildren();
  const reasons = Object.keys(live.dropsByReason);
  if (reasons.length === 0) drops.append(el("li", "muted", "None."));
  for (const reason of reasons) drops.append(el("li", null, reason + ": " + live.dropsByReason[reason]));
}

function renderZones(zones) {
  const list = $("zones");
  list.replaceChildren();
  for (const z of zones) {
    list.append(el("li", "zone", z.zone + " · " + (z.tokenStored
      ? "token saved " + (z.tokenAgeMs === null ? "" : duration(z.tokenAgeMs) + " ago")
      : "no token yet")));
  }
}

function renderProblems(problems) {
  const list = $("problems");
  list.replaceChildren();
  if (problems.length === 0) list.append(el("li", "muted", "None."));
  for (const p of problems) {
    const li = el("li", p.level);
    li.textContent = new Date(p.timeMs).toLocaleTimeString() + " " + p.level + " " + p.logger.replace(/^.*\./, "") + ": " + p.message;
    list.append(li);
  }
}

function renderOutcomes(outcomes) {
  const list = $("outcomes");
  list.replaceChildren();
  if (outcomes.length === 0) list.append(el("li", "muted", "None yet."));
  for (const o of outcomes) {
    list.append(el("li", "outcome", new Date(o.timeMs).toLocaleTimeString() + " " + o.action + ": " + o.message));
  }
}

function render(s) {
  const now = Date.now();
  $("phase").textContent = s.phase;
  $("gate").textContent = s.gateOpen ? "open" : "closed (first sync)";
  $("updated").textContent = "updated " + new Date(now).toLocaleTimeString();
  renderPortals(s.portals, now);
  renderAttachments(s.attachments);
  renderLive(s.live);
  renderZones(s.zones);
  renderProblems(s.problems);
  renderOutcomes(s.outcomes || []);
}

function say(text, bad) {
  const m = $("message");
  m.textContent = text;
  m.className = bad ? "message bad" : "message";
  m.hidden = false;
}

async function act(method, path) {
  try {
    const { status, body } = await api(method, path);
    say(body.message || body.error || ("HTTP " + status), status >= 400);
  } catch (e) {
    say("The bridge did not answer: " + e.message, true);
  }
}

async function poll() {
  try {
    const { status, body } = await api("GET", "/api/status");
    if (status === 200) {
      $("token-form").hidden = true;
      render(body);
    } else {
      $("updated").textContent = body.error || ("HTTP " + status);
    }
  } catch (e) {
    $("updated").textContent = "bridge unreachable, retrying…";
  }
  setTimeout(poll, POLL_MS);
}

document.addEventListener("DOMContentLoaded", () => {
  $("sync-now").addEventListener("click", () => act("POST", "/api/sync"));
  $("retry-attachments").addEventListener("click", () => act("POST", "/api/attachments/retry"));
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    localStorage.setItem(TOKEN_KEY, $("token").value.trim());
    $("token").value = "";
    $("token-form").hidden = true;
  });
  poll();
});
