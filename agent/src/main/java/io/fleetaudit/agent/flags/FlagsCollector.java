package io.fleetaudit.agent.flags;

import io.fleetaudit.agent.config.AgentConfig.DisabledFlags;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges every configured flag source into one name to value map. Input: flagd files then plain
 * files, in configuration order (a later file wins on a name clash); output: the heartbeat's flags.
 * A file that cannot be read or parsed is skipped with a warning logged when its error changes, and
 * its error is kept for {@code --print} in {@link #errors()}; the heartbeat still goes out.
 */
public final class FlagsCollector {
  private static final Logger LOG = LoggerFactory.getLogger(FlagsCollector.class);

  private final List<Path> flagd;
  private final List<Path> plain;
  private final FlagdReader flagdReader;
  private final PlainFlagReader plainReader = new PlainFlagReader();
  private final Map<Path, String> lastError = new HashMap<>();

  public FlagsCollector(List<Path> flagd, List<Path> plain, DisabledFlags disabled) {
    this.flagd = List.copyOf(flagd);
    this.plain = List.copyOf(plain);
    this.flagdReader = new FlagdReader(disabled);
  }

  public Map<String, String> collect() {
    Map<String, String> out = new TreeMap<>();
    for (Path f : flagd) {
      read(f, out, true);
    }
    for (Path f : plain) {
      read(f, out, false);
    }
    return out;
  }

  private void read(Path f, Map<String, String> out, boolean isFlagd) {
    try {
      out.putAll(isFlagd ? flagdReader.read(f) : plainReader.read(f));
      if (lastError.remove(f) != null) {
        LOG.info("flag file {} is readable again", f);
      }
    } catch (IOException | RuntimeException e) {
      String msg = e instanceof java.nio.file.NoSuchFileException ? "missing" : String.valueOf(e.getMessage());
      if (!msg.equals(lastError.put(f, msg))) {
        LOG.warn("cannot read flag file {}: {}", f, msg);
      }
    }
  }

  /** Files that failed on the last collection, with why. */
  public Map<Path, String> errors() {
    return Map.copyOf(lastError);
  }

  public List<Path> files() {
    List<Path> all = new ArrayList<>(flagd);
    all.addAll(plain);
    return all;
  }
}
