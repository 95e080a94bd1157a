package io.fleetaudit.agent;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices changes under the watched directories without polling (inotify on Linux, through the JDK's
 * WatchService). Input: a supplier of directories and a callback; output: the callback runs on every
 * create/modify/delete event (the agent debounces). New subdirectories are registered on the fly.
 * {@link #start()} returns false when watching is impossible (e.g. the inotify watch limit), and the
 * agent then falls back to polling with {@code heartbeat.check-period}.
 */
final class ChangeWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeWatcher.class);

  private final Supplier<Set<Path>> directories;
  private final Runnable onChange;
  private final String name;
  private final Map<Path, WatchKey> keys = new HashMap<>();
  private WatchService service;
  private Thread thread;

  ChangeWatcher(Supplier<Set<Path>> directories, Runnable onChange, String name) {
    this.directories = directories;
    this.onChange = onChange;
    this.name = name;
  }

  boolean start() {
    try {
      service = FileSystems.getDefault().newWatchService();
      register();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot watch config directories ({}); polling every check-period instead", e.toString());
      close();
      return false;
    }
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
    return true;
  }

  private void register() throws IOException {
    for (Path dir : directories.get()) {
      if (!keys.containsKey(dir)) {
        keys.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
      }
    }
  }

  private void loop() {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      boolean rescanDirs = false;
      for (WatchEvent<?> ev : key.pollEvents()) {
        if (ev.kind() == StandardWatchEventKinds.OVERFLOW || ev.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
          rescanDirs = true;
        }
      }
      if (!key.reset()) {
        keys.values().remove(key);
        rescanDirs = true;
      }
      if (rescanDirs) {
        try {
          register();
        } catch (IOException | RuntimeException e) {
          LOG.debug("re-registering watched directories: {}", e.toString());
        }
      }
      onChange.run();
    }
  }

  @Override
  public void close() {
    if (service != null) {
      try {
        service.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
