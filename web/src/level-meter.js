// Microphone level: RMS of the input in dBFS, mapped to 0..1 on a <meter>, about 15 times a second.

export function meterLevel(stream, meter, label) {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    const db = 20 * Math.log10(Math.sqrt(sum / samples.length) || 1e-8);
    const level = Math.min(1, Math.max(0, (db + 60) / 60));
    meter.value = level;
    label.textContent = db < -59 ? 'silent' : `${Math.round(db)} dB`;
  }, 66);
  return () => { clearInterval(timer); context.close(); meter.value = 0; label.textContent = 'off'; };
}
