// Drives Confluent's official Node.js Schema Registry client against fleet-audit's LocalSchemaRegistry.
// Called by ConfluentNodeClientInteropIT; prints exactly one JSON line on stdout, errors on stderr, exit 1.
//
//   node interop.mjs decode       <registryUrl> <topic> <payloadBase64>
//       Confluent AvroDeserializer (SerdeType.VALUE) decodes Java-serialized bytes; prints the record, the schema id
//       in the 5-byte header and the id of GET /subjects/<topic>-value/versions/latest.
//   node interop.mjs encode       <registryUrl> <topic> <schemaFile> <recordJsonFile>
//       Confluent's client registers the schema under <topic>-value, then AvroSerializer (useLatestVersion)
//       serializes the record; prints the registered id and the payload.
//   node interop.mjs autoregister <registryUrl> <topic>
//       AvroSerializer with autoRegisterSchemas=true (the schema it infers is registered by the serializer itself).
//
// Bytes travel as {"$bytes": "<base64>"} in input JSON and as base64 strings in output JSON.
import { readFileSync } from 'node:fs';
import schemaregistry from '@confluentinc/schemaregistry';

const { SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer } = schemaregistry;

function client(url) {
  // No retries: a wrong answer from the registry must surface, not be retried away.
  return new SchemaRegistryClient({ baseURLs: [url], maxRetries: 0, cacheCapacity: 100 });
}

function reviveBytes(value) {
  if (Array.isArray(value)) {
    return value.map(reviveBytes);
  }
  if (value !== null && typeof value === 'object') {
    if (Object.keys(value).length === 1 && typeof value.$bytes === 'string') {
      return Buffer.from(value.$bytes, 'base64');
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveBytes(v)]));
  }
  return value;
}

function toJson(value) {
  return JSON.stringify(value, (key, v) => {
    if (typeof v === 'bigint') {
      return v.toString();
    }
    if (v !== null && typeof v === 'object' && v.type === 'Buffer' && Array.isArray(v.data)) {
      return Buffer.from(v.data).toString('base64');
    }
    return v;
  });
}

function header(payload) {
  return { magic: payload.readUInt8(0), schemaId: payload.readInt32BE(1) };
}

async function decode([url, topic, payloadBase64]) {
  const registry = client(url);
  const payload = Buffer.from(payloadBase64, 'base64');
  const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
  const record = await deserializer.deserialize(topic, payload);
  const latest = await registry.getLatestSchemaMetadata(`${topic}-value`);
  return { ...header(payload), latestId: latest.id, latestVersion: latest.version, record };
}

async function encode([url, topic, schemaFile, recordFile]) {
  const registry = client(url);
  const schema = readFileSync(schemaFile, 'utf8');
  const registeredId = await registry.register(`${topic}-value`, { schemaType: 'AVRO', schema });
  const serializer = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
  const record = reviveBytes(JSON.parse(readFileSync(recordFile, 'utf8')));
  const payload = await serializer.serialize(topic, record);
  return { registeredId, ...header(payload), payload: payload.toString('base64') };
}

async function autoregister([url, topic]) {
  const registry = client(url);
  const serializer = new AvroSerializer(registry, SerdeType.VALUE, { autoRegisterSchemas: true });
  const payload = await serializer.serialize(topic, { nodeId: 'node-auto', sequence: 42, stopping: true });
  const versions = await registry.getAllVersions(`${topic}-value`);
  const latest = await registry.getLatestSchemaMetadata(`${topic}-value`);
  return { ...header(payload), versions, latestId: latest.id, payload: payload.toString('base64') };
}

const commands = { decode, encode, autoregister };
const [command, ...args] = process.argv.slice(2);
if (!commands[command]) {
  console.error(`usage: node interop.mjs ${Object.keys(commands).join('|')} <registryUrl> <topic> ...`);
  process.exit(2);
}
try {
  console.log(toJson(await commands[command](args)));
} catch (error) {
  console.error(`${command} failed: ${error?.stack ?? error}`);
  if (error?.status !== undefined) {
    console.error(`status=${error.status} errorCode=${error.errorCode}`);
  }
  process.exit(1);
}
