package io.fleetaudit.registry;

/**
 * The part of a Confluent register / lookup / compatibility request body this registry uses. Input: the
 * {@code schema} text, the optional {@code schemaType} and whether {@code references} were given; everything else
 * Confluent clients send (metadata, ruleSet, id, version) is ignored.
 */
record SchemaRequest(String schema, String schemaType, boolean hasReferences) {
}
