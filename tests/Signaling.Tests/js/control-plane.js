// Drives the control plane with the AWS SDK for JavaScript v3 (@aws-sdk/client-kinesis-video),
// unchanged but for the endpoint override, and prints what each call returned as one JSON object.
// Usage: node control-plane.js '<json config: endpoint, region, credentials, channelName>'
'use strict';
const kv = require('@aws-sdk/client-kinesis-video');

const config = JSON.parse(process.argv[2]);
const client = new kv.KinesisVideoClient({ endpoint: config.endpoint, region: config.region, credentials: config.credentials, maxAttempts: 1 });
const errorOf = async (promise) => {
  try { await promise; return null; } catch (e) { return { name: e.name, status: e.$metadata && e.$metadata.httpStatusCode, message: e.message }; }
};

(async () => {
  const name = config.channelName;
  const result = {};
  const created = await client.send(new kv.CreateSignalingChannelCommand({ ChannelName: name, ChannelType: 'SINGLE_MASTER', Tags: [{ Key: 'session', Value: 's-1' }] }));
  result.arn = created.ChannelARN;
  const described = await client.send(new kv.DescribeSignalingChannelCommand({ ChannelName: name }));
  result.describedArn = described.ChannelInfo.ChannelARN;
  result.status = described.ChannelInfo.ChannelStatus;
  result.creationTimeIsDate = described.ChannelInfo.CreationTime instanceof Date && !isNaN(described.ChannelInfo.CreationTime);
  const listed = await client.send(new kv.ListSignalingChannelsCommand({ ChannelNameCondition: { ComparisonOperator: 'BEGINS_WITH', ComparisonValue: name } }));
  result.listedNames = listed.ChannelInfoList.map((c) => c.ChannelName);
  for (const suffix of ['-b', '-a']) {
    await client.send(new kv.CreateSignalingChannelCommand({ ChannelName: name + suffix }));
  }
  result.pagedNames = [];
  for await (const page of kv.paginateListSignalingChannels({ client, pageSize: 1 },
    { ChannelNameCondition: { ComparisonOperator: 'BEGINS_WITH', ComparisonValue: name } })) {
    result.pagedNames.push(...page.ChannelInfoList.map((c) => c.ChannelName));
  }
  for (const role of ['MASTER', 'VIEWER']) {
    const endpoints = await client.send(new kv.GetSignalingChannelEndpointCommand({
      ChannelARN: created.ChannelARN,
      SingleMasterChannelEndpointConfiguration: { Protocols: ['WSS', 'HTTPS'], Role: role },
    }));
    result['endpoints' + role] = Object.fromEntries(endpoints.ResourceEndpointList.map((e) => [e.Protocol, e.ResourceEndpoint]));
  }
  await client.send(new kv.TagResourceCommand({ ResourceARN: created.ChannelARN, Tags: [{ Key: 'language', Value: 'es' }] }));
  result.tags = (await client.send(new kv.ListTagsForResourceCommand({ ResourceARN: created.ChannelARN }))).Tags;
  result.missing = await errorOf(client.send(new kv.DescribeSignalingChannelCommand({ ChannelName: name + '-missing' })));
  result.duplicate = await errorOf(client.send(new kv.CreateSignalingChannelCommand({ ChannelName: name })));
  result.versionConflict = await errorOf(client.send(new kv.DeleteSignalingChannelCommand({ ChannelARN: created.ChannelARN, CurrentVersion: 'not-the-version' })));
  await client.send(new kv.DeleteSignalingChannelCommand({ ChannelARN: created.ChannelARN, CurrentVersion: described.ChannelInfo.Version }));
  result.afterDelete = await errorOf(client.send(new kv.DescribeSignalingChannelCommand({ ChannelARN: created.ChannelARN })));
  const forged = new kv.KinesisVideoClient({ endpoint: config.endpoint, region: config.region, maxAttempts: 1,
    credentials: { ...config.credentials, secretAccessKey: 'forged' } });
  result.forged = await errorOf(forged.send(new kv.ListSignalingChannelsCommand({})));
  process.stdout.write(JSON.stringify(result) + '\n');
})().catch((e) => { process.stdout.write(JSON.stringify({ fatal: String(e && e.stack || e) }) + '\n'); process.exit(1); });
