// Starts @20minutes/s3rver on 127.0.0.1:<port> with one bucket and signature checking on (its default); prints
// "listening" once it accepts requests. Usage: node start.js <port> <data folder> <bucket>
//
// One compatibility fix, to s3rver's SigV4 check only: for a path-style bucket-level request (ListObjectsV2 is
// GET /<bucket>/?list-type=2) s3rver builds the canonical URI as "/<bucket>", dropping the trailing slash, whereas SigV4
// signs the path as sent ("/<bucket>/", what AWS's SDKs sign and S3 checks), so it refused every correctly signed list.
// For those requests the check is handed the path as sent; the signature is still computed and compared by s3rver.
const authenticationPath = require.resolve('@20minutes/s3rver/lib/middleware/authentication');
const authentication = require(authenticationPath);
require.cache[authenticationPath].exports = (...args) => {
  const check = authentication(...args);
  return (ctx, next) => {
    const bucketLevel = ctx.params.bucket && !ctx.params.key && !ctx.state.vhost && ctx.path === `/${ctx.params.bucket}/`;
    if (!bucketLevel) {
      return check(ctx, next);
    }
    // s3rver's "virtual host" form of the canonical URI is "/<bucket><mount path>": with "/" it is the path as sent.
    const saved = { vhost: ctx.state.vhost, mountPath: ctx.mountPath };
    ctx.state.vhost = true;
    ctx.mountPath = '/';
    const restore = () => {
      ctx.state.vhost = saved.vhost;
      ctx.mountPath = saved.mountPath;
    };
    return Promise.resolve(check(ctx, () => { restore(); return next(); })).finally(restore);
  };
};
const S3rver = require('@20minutes/s3rver');

const [port, directory, bucket] = process.argv.slice(2);
new S3rver({ port: Number(port), address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket }] })
  .run()
  .then(() => console.log('listening'), (e) => { console.error(e); process.exit(1); });
