// Starts @20minutes/s3rver on 127.0.0.1:<port> with one bucket and signature checking on (its default); prints
// "listening" once it accepts requests. Usage: node start.js <port> <data folder> <bucket>
const S3rver = require('@20minutes/s3rver');

const [port, directory, bucket] = process.argv.slice(2);
new S3rver({ port: Number(port), address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket }] })
  .run()
  .then(() => console.log('listening'), (e) => { console.error(e); process.exit(1); });
