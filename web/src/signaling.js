// Opens a KVS signaling channel with the official SDK from the credentials SessionApi handed out.
import { Role, SignalingClient } from 'amazon-kinesis-video-streams-webrtc';

export function openSignaling(access) {
  const master = access.role === 'MASTER';
  const client = new SignalingClient({
    channelARN: access.channelArn,
    channelEndpoint: access.endpoints.wss,
    role: master ? Role.MASTER : Role.VIEWER,
    clientId: master ? undefined : access.clientId,
    region: access.region,
    credentials: {
      accessKeyId: access.credentials.accessKeyId,
      secretAccessKey: access.credentials.secretAccessKey,
      sessionToken: access.credentials.sessionToken,
    },
    systemClockOffset: 0,
  });
  const opened = new Promise((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', (e) => reject(new Error(`Signaling failed: ${e?.message || e}`)));
  });
  client.open();
  return { client, opened };
}

export function rtcConfiguration(access) {
  return {
    iceServers: (access.iceServers || []).map((s) => ({ urls: s.urls, username: s.username ?? undefined, credential: s.credential ?? undefined })),
  };
}
