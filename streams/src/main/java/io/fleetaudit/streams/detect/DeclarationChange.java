package io.fleetaudit.streams.detect;

import io.fleetaudit.contracts.Declaration;

/** A declaration record as the detection processor sees it: its key and value (null = tombstone, removed). */
public record DeclarationChange(String key, Declaration declaration) {
}
