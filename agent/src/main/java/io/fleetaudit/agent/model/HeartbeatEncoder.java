package io.fleetaudit.agent.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Heartbeat} in Confluent's wire format: magic byte 0, the 4-byte big-endian schema id,
 * then the Avro binary encoding of schemas/src/main/avro/Heartbeat.avsc, byte for byte what
 * {@code SpecificAvroSerializer} writes for the generated class. Input: a schema id and a heartbeat;
 * output: the record value. Hand-written so that the agent never loads Avro's schema parser and Jackson
 * databind (12.7 MiB of RSS). The Avro rules used: int/long as zig-zag varints, strings as a length then
 * UTF-8, a union as its branch index then the value, maps and arrays as one block (count, items) then 0,
 * booleans as one byte, timestamp-millis as a long, records as their fields in order.
 * {@code HeartbeatEncoderTest} pins the schema's fingerprint: a schema change must change this class.
 */
public final class HeartbeatEncoder {

  /** The exact schema text the Java serializer registers ({@code Heartbeat.getClassSchema().toString()}). */
  public static final String SCHEMA_TEXT = load();

  private byte[] buf = new byte[1024];
  private int pos;

  private HeartbeatEncoder() {
  }

  /** The Confluent-framed Avro bytes of {@code h} for {@code schemaId}. */
  public static byte[] encode(int schemaId, Heartbeat h) {
    HeartbeatEncoder e = new HeartbeatEncoder();
    e.ensure(5);
    e.buf[e.pos++] = 0;
    e.buf[e.pos++] = (byte) (schemaId >>> 24);
    e.buf[e.pos++] = (byte) (schemaId >>> 16);
    e.buf[e.pos++] = (byte) (schemaId >>> 8);
    e.buf[e.pos++] = (byte) schemaId;
    e.heartbeat(h);
    return Arrays.copyOf(e.buf, e.pos);
  }

  private void heartbeat(Heartbeat h) {
    string(h.nodeId());
    string(h.instanceId());
    string(h.bootId());
    nullableString(h.hostname());
    string(h.service());
    string(h.environment());
    map(h.labels());
    List<Artifact> artifacts = h.artifacts();
    if (!artifacts.isEmpty()) {
      varLong(artifacts.size());
      for (Artifact a : artifacts) {
        string(a.name());
        nullableString(a.version());
        nullableString(a.digest());
        nullableString(a.error());
      }
    }
    varLong(0);
    nullableString(h.configHash());
    List<ConfigFile> files = h.configFiles();
    if (!files.isEmpty()) {
      varLong(files.size());
      for (ConfigFile f : files) {
        string(f.path());
        nullableString(f.sha256());
        nullableString(f.error());
      }
    }
    varLong(0);
    varLong(h.configFilesOmitted());
    map(h.flags());
    string(h.agentVersion());
    varLong(h.sequence());
    varLong(h.sentAt().toEpochMilli());
    varLong(h.intervalMs());
    ensure(1);
    buf[pos++] = (byte) (h.stopping() ? 1 : 0);
    varLong(0); // signature: the null branch of ["null", Signature]
  }

  private void map(Map<String, String> map) {
    if (!map.isEmpty()) {
      varLong(map.size());
      for (Map.Entry<String, String> e : map.entrySet()) {
        string(e.getKey());
        string(e.getValue());
      }
    }
    varLong(0);
  }

  private void nullableString(String s) {
    if (s == null) {
      varLong(0);
    } else {
      varLong(1);
      string(s);
    }
  }

  private void string(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    varLong(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  /** Zig-zag varint; an Avro int is written the same way as a long of the same value. */
  private void varLong(long value) {
    ensure(10);
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      buf[pos++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    buf[pos++] = (byte) n;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }

  private static String load() {
    try (InputStream in = HeartbeatEncoder.class.getResourceAsStream("Heartbeat.avsc.json")) {
      if (in == null) {
        throw new IllegalStateException("Heartbeat.avsc.json missing from the agent jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
