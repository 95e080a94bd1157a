package io.fleetaudit.agent.confighash;

import io.fleetaudit.agent.model.ConfigFile;
import java.util.List;

/**
 * One scan of the watched config files. Input: produced by {@link ConfigHasher#scan()}; output: the
 * heartbeat's {@code configHash}, {@code configFiles} (bounded, sorted by path) and
 * {@code configFilesOmitted}.
 *
 * @param configHash  {@code sha256:<hex>} over all files (see {@link ConfigHasher}); null when no paths are watched
 * @param reported    per-file entries, at most the configured limit, sorted by path
 * @param omitted     how many files were hashed into configHash but not listed
 * @param totalFiles  number of files hashed (including unreadable ones)
 * @param unreadable  how many of them could not be read
 */
public record ConfigSnapshot(String configHash, List<ConfigFile> reported, int omitted, int totalFiles, int unreadable) {
  public static final ConfigSnapshot NONE = new ConfigSnapshot(null, List.of(), 0, 0, 0);
}
