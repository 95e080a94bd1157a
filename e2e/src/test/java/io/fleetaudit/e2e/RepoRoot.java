package io.fleetaudit.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root: the {@code fleetaudit.repo.root} property set by the POM, else the first parent holding the launcher. */
final class RepoRoot {

  private RepoRoot() {
  }

  static Path get() {
    String prop = System.getProperty("fleetaudit.repo.root");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("fleet-audit")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
  }
}
