// Runs the official KVS WebRTC SDK's SignalingClient, unchanged, as MASTER or VIEWER against the
// endpoint given, and prints every event as one JSON line. Scripted like a real peer: a viewer
// offers and sends a candidate once open; a master answers every offer and sends a candidate back.
// Usage: node kvs-peer.js '<json config>'; close stdin (or write "close") to disconnect.
'use strict';
globalThis.WebSocket = require('ws'); // the SDK needs a global WebSocket in Node
const { SignalingClient, Role } = require('amazon-kinesis-video-streams-webrtc');

const config = JSON.parse(process.argv[2]);
const out = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const candidate = (who) => ({ candidate: `candidate:1 1 udp 2122260223 127.0.0.1 5000${who === 'MASTER' ? 1 : 2} typ host`, sdpMid: '0', sdpMLineIndex: 0 });

const client = new SignalingClient({
  channelARN: config.channelARN,
  channelEndpoint: config.channelEndpoint,
  role: Role[config.role],
  clientId: config.role === 'VIEWER' ? config.clientId : undefined,
  region: config.region,
  credentials: config.credentials,
  systemClockOffset: 0,
});

client.on('open', () => {
  out({ event: 'open' });
  if (config.role === 'VIEWER') {
    client.sendSdpOffer({ type: 'offer', sdp: config.sdp || 'v=0 offer from node viewer' }, undefined, 'offer-1');
    client.sendIceCandidate(candidate('VIEWER'));
  }
});
client.on('sdpOffer', (offer, remoteClientId) => {
  out({ event: 'sdpOffer', sdp: offer.sdp, from: remoteClientId || null });
  if (config.role === 'MASTER') {
    client.sendSdpAnswer({ type: 'answer', sdp: 'v=0 answer from node master' }, remoteClientId);
    client.sendIceCandidate(candidate('MASTER'), remoteClientId);
  }
});
client.on('sdpAnswer', (answer, remoteClientId) => out({ event: 'sdpAnswer', sdp: answer.sdp, from: remoteClientId || null }));
client.on('iceCandidate', (ice, remoteClientId) => out({ event: 'iceCandidate', candidate: ice.candidate, from: remoteClientId || null }));
client.on('statusResponse', (status) => out({ event: 'statusResponse', status }));
client.on('error', (error) => out({ event: 'error', message: String((error && error.message) || error) }));
client.on('close', () => { out({ event: 'close' }); process.exit(0); });

process.stdin.on('data', (data) => { if (String(data).includes('close')) client.close(); });
process.stdin.on('end', () => client.close());
client.open();
