// A crowd of viewers of the official KVS WebRTC SDK's SignalingClient, unchanged, in one Node process: each with
// its own client id and credentials opens its own connection; once all are open they send their SDP offers spread
// evenly over `spreadMs`, and the script waits (at most `waitMs` after the last offer) for every answer.
// Prints one JSON line per viewer that ends without an answer, then {"event":"done", ...} and exits.
// Usage: node kvs-viewers.js '{"configFile": "/path/to/config.json"}' where the file holds
// {channelARN, channelEndpoint, region, spreadMs, waitMs, openTimeoutMs, viewers: [{clientId, sdp, credentials}]}.
'use strict';
globalThis.WebSocket = require('ws'); // the SDK needs a global WebSocket in Node
const fs = require('fs');
const { SignalingClient, Role } = require('amazon-kinesis-video-streams-webrtc');

const config = JSON.parse(fs.readFileSync(JSON.parse(process.argv[2]).configFile, 'utf8'));
const out = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const started = Date.now();

const viewers = config.viewers.map((viewer) => {
  const state = { clientId: viewer.clientId, opened: false, offeredAt: null, answeredAfterMs: null, errors: [], statuses: [] };
  state.client = new SignalingClient({
    channelARN: config.channelARN,
    channelEndpoint: config.channelEndpoint,
    role: Role.VIEWER,
    clientId: viewer.clientId,
    region: config.region,
    credentials: viewer.credentials,
    systemClockOffset: 0,
  });
  state.client.on('open', () => { state.opened = true; check(); });
  state.client.on('sdpAnswer', () => {
    if (state.answeredAfterMs === null && state.offeredAt !== null) {
      state.answeredAfterMs = Date.now() - state.offeredAt;
    }
    check();
  });
  state.client.on('statusResponse', (status) => state.statuses.push(status));
  state.client.on('error', (error) => state.errors.push(String((error && error.message) || error)));
  state.sdp = viewer.sdp;
  return state;
});

let offering = false;
let finished = false;

function check() {
  if (!offering && viewers.every((v) => v.opened)) {
    offering = true;
    sendOffers();
  }
  if (offering && viewers.every((v) => v.answeredAfterMs !== null)) {
    finish('all answered');
  }
}

function sendOffers() {
  const step = viewers.length > 1 ? config.spreadMs / (viewers.length - 1) : 0;
  viewers.forEach((viewer, i) => setTimeout(() => {
    viewer.offeredAt = Date.now();
    viewer.client.sendSdpOffer({ type: 'offer', sdp: viewer.sdp }, undefined, `offer-${viewer.clientId}`);
  }, Math.round(i * step)));
  setTimeout(() => finish(`waited ${config.waitMs} ms after the last offer`), config.spreadMs + config.waitMs);
}

function finish(reason) {
  if (finished) {
    return;
  }
  finished = true;
  const offered = viewers.filter((v) => v.offeredAt !== null);
  for (const v of viewers.filter((x) => x.answeredAfterMs === null)) {
    out({ event: 'unanswered', clientId: v.clientId, opened: v.opened, offered: v.offeredAt !== null, errors: v.errors, statuses: v.statuses });
  }
  const answerMs = viewers.filter((v) => v.answeredAfterMs !== null).map((v) => v.answeredAfterMs).sort((a, b) => a - b);
  out({
    event: 'done',
    reason,
    viewers: viewers.length,
    opened: viewers.filter((v) => v.opened).length,
    offered: offered.length,
    answered: answerMs.length,
    offersSpreadMs: offered.length ? Math.max(...offered.map((v) => v.offeredAt)) - Math.min(...offered.map((v) => v.offeredAt)) : 0,
    answerP50Ms: answerMs.length ? answerMs[Math.floor((answerMs.length - 1) / 2)] : null,
    answerMaxMs: answerMs.length ? answerMs[answerMs.length - 1] : null,
    elapsedMs: Date.now() - started,
  });
  for (const v of viewers) {
    try { v.client.close(); } catch (e) { /* closing anyway */ }
  }
  setTimeout(() => process.exit(0), 200);
}

setTimeout(() => { if (!offering) finish(`only ${viewers.filter((v) => v.opened).length} of ${viewers.length} viewers opened within ${config.openTimeoutMs} ms`); }, config.openTimeoutMs);
process.stdin.on('end', () => finish('stdin closed'));
process.stdin.resume();
for (const viewer of viewers) {
  viewer.client.open();
}
