// Fetch /speakers-balance cross-origin with a bearer token and render the answer: the speakers
// with a bar each, or "<status>: <message>" for an error. Sets body[data-done] when finished.
"use strict";

const params = new URLSearchParams(window.location.search);
const state = document.getElementById("state");

function show(status, text) {
  state.dataset.status = status;
  state.textContent = text;
}

function renderSpeakers(speakers) {
  const list = document.getElementById("speakers");
  for (const speaker of speakers) {
    const item = document.createElement("li");
    const share = speaker.meeting_speaking_percentage;
    item.dataset.share = String(share);
    const label = document.createElement("span");
    label.className = "who";
    label.textContent = `${speaker.id}: ${share.toFixed(2)} %`;
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.width = `${Math.max(0, Math.min(100, share))}%`;
    item.append(label, bar);
    list.append(item);
  }
}

async function load() {
  const url = `${params.get("api")}/speakers-balance?file-hash=${encodeURIComponent(params.get("hash") || "")}`;
  const headers = params.get("token") ? { Authorization: `Bearer ${params.get("token")}` } : {};
  document.getElementById("request").textContent = `GET ${url}`;
  let response;
  try {
    response = await fetch(url, { headers });
  } catch (error) {
    // What a page sees when CORS refuses it: no status, no body.
    show("network-error", `Network error: ${error.message}`);
    return;
  }
  const body = await response.json();
  if (!response.ok) {
    show(String(response.status), `${response.status}: ${body.message}`);
    return;
  }
  show(String(response.status), `${body.speakers.length} speaker(s)`);
  renderSpeakers(body.speakers);
}

load()
  .catch((error) => show("script-error", `Script error: ${error.message}`))
  .finally(() => { document.body.dataset.done = "true"; });
