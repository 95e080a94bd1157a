package io.fleetaudit.streams.errors;

/**
 * A failure that belongs to a record read earlier from a source topic, not to the internal record being processed
 * when it surfaced (e.g. a heartbeat that is fully decoded only after the repartition). Input: the source record's
 * topic, partition, offset, key and value bytes, and the failure. The processing handler dead-letters the SOURCE
 * record with this provenance and the cause's class and message.
 */
public final class SourceRecordException extends RuntimeException {
    private final String topic;
    private final int partition;
    private final long offset;
    private final transient byte[] key;
    private final transient byte[] value;

    public SourceRecordException(String topic, int partition, long offset, byte[] key, byte[] value, RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public byte[] key() {
        return key;
    }

    public byte[] value() {
        return value;
    }
}
