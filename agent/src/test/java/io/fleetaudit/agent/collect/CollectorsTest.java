package io.fleetaudit.agent.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetaudit.agent.confighash.Digests;
import io.fleetaudit.agent.model.Artifact;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorsTest {
  @TempDir Path dir;

  @Nested
  class File {
    @Test
    void shouldReportTheSha256OfAFile() throws IOException {
      Path bin = Files.write(dir.resolve("smars"), new byte[] {1, 2, 3});
      Artifact a = new FileCollector("smars", bin, "2012.08.01").collect();
      assertThat(a.getDigest()).isEqualTo(Digests.of(new byte[] {1, 2, 3}));
      assertThat(a.getVersion()).isEqualTo("2012.08.01");
      assertThat(a.getError()).isNull();
    }

    @Test
    void shouldHashADirectoryTreeAndSeeChanges() throws IOException {
      Files.createDirectories(dir.resolve("app/lib"));
      Files.writeString(dir.resolve("app/lib/a.jar"), "a");
      FileCollector c = new FileCollector("app", dir.resolve("app"), null);
      String before = c.collect().getDigest();
      assertThat(before).startsWith("sha256:");
      Files.writeString(dir.resolve("app/lib/b.jar"), "b");
      assertThat(c.collect().getDigest()).isNotEqualTo(before);
    }

    @Test
    void shouldReportAMissingFileAsError() {
      Artifact a = new FileCollector("smars", dir.resolve("nope"), null).collect();
      assertThat(a.getDigest()).isNull();
      assertThat(a.getError()).contains("missing").contains("nope");
      assertThat(a.getName()).isEqualTo("smars");
    }
  }

  @Nested
  class VersionFile {
    @Test
    void shouldReadTheFirstLine() throws IOException {
      Path v = Files.writeString(dir.resolve("VERSION"), "\n 4.2.1 \nbuild 7\n");
      Artifact a = new VersionFileCollector("app", v, null).collect();
      assertThat(a.getVersion()).isEqualTo("4.2.1");
      assertThat(a.getDigest()).isEqualTo(Digests.of(Files.readAllBytes(v)));
    }

    @Test
    void shouldExtractWithARegexGroup() throws IOException {
      Path v = Files.writeString(dir.resolve("release"), "NAME=smars\nVERSION=\"2012.08.01\"\n");
      assertThat(new VersionFileCollector("app", v, "VERSION=\"([^\"]+)\"").collect().getVersion())
          .isEqualTo("2012.08.01");
    }

    @Test
    void shouldFailWhenTheRegexDoesNotMatch() throws IOException {
      Path v = Files.writeString(dir.resolve("release"), "NAME=smars\n");
      Artifact a = new VersionFileCollector("app", v, "VERSION=(\\S+)").collect();
      assertThat(a.getError()).contains("no version").contains("VERSION=");
      assertThat(a.getDigest()).isNull();
    }

    @Test
    void shouldFailOnAMissingFile() {
      assertThat(new VersionFileCollector("app", dir.resolve("x"), null).collect().getError()).contains("missing");
    }
  }

  @Nested
  class Image {
    private static final String HEX = "a".repeat(64);

    @Test
    void shouldAcceptABareDigestFromTheEnvironment() {
      Artifact a = new ImageCollector("smars", "IMAGE_DIGEST", null, Map.of("IMAGE_DIGEST", "sha256:" + HEX)).collect();
      assertThat(a.getDigest()).isEqualTo("sha256:" + HEX);
      assertThat(a.getVersion()).isNull();
    }

    @Test
    void shouldSplitAReferenceIntoTagAndDigest() throws IOException {
      Path f = Files.writeString(dir.resolve("image"), "registry.local:5000/team/smars:2012.08.01@sha256:" + "AB".repeat(32) + "\n");
      Artifact a = new ImageCollector("smars", null, f, Map.of()).collect();
      assertThat(a.getVersion()).isEqualTo("2012.08.01");
      assertThat(a.getDigest()).isEqualTo("sha256:" + "ab".repeat(32));
    }

    @Test
    void shouldRejectATagWithoutDigest() {
      Artifact a = new ImageCollector("smars", "IMAGE", null, Map.of("IMAGE", "smars:latest")).collect();
      assertThat(a.getError()).contains("not an image digest").contains("smars:latest");
      assertThat(a.getDigest()).isNull();
    }

    @Test
    void shouldReportAnUnsetVariable() {
      assertThat(new ImageCollector("smars", "IMAGE", null, Map.of()).collect().getError())
          .isEqualTo("environment variable IMAGE is not set");
    }
  }

  @Nested
  class ManifestJar {
    @Test
    void shouldReportImplementationVersionAndJarDigest() throws IOException {
      Manifest mf = new Manifest();
      mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "3.1.4");
      Path jar = dir.resolve("app.jar");
      try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os, mf)) {
        jos.putNextEntry(new ZipEntry("x.txt"));
        jos.write('x');
        jos.closeEntry();
      }
      Artifact a = new ManifestCollector("app", jar).collect();
      assertThat(a.getVersion()).isEqualTo("3.1.4");
      assertThat(a.getDigest()).isEqualTo(Digests.of(Files.readAllBytes(jar)));
    }

    @Test
    void shouldFailOnSomethingThatIsNotAJar() throws IOException {
      Path jar = Files.writeString(dir.resolve("broken.jar"), "not a zip");
      Artifact a = new ManifestCollector("app", jar).collect();
      assertThat(a.getError()).isNotBlank();
      assertThat(a.getDigest()).isNull();
    }
  }

  @Nested
  class Command {
    @Test
    void shouldReportStdoutWithoutAShell() {
      // With a shell, $HOME would be expanded; the argv is passed as is.
      Artifact a = new CommandCollector("app", List.of("echo", "v1.2 $HOME"), Duration.ofSeconds(5), null).collect();
      assertThat(a.getVersion()).isEqualTo("v1.2 $HOME");
      assertThat(a.getDigest()).isEqualTo(Digests.of("v1.2 $HOME\n"));
    }

    @Test
    void shouldApplyTheRegex() {
      Artifact a = new CommandCollector("app", List.of("echo", "smars version 2012.08.01 (build 7)"),
          Duration.ofSeconds(5), "version (\\S+)").collect();
      assertThat(a.getVersion()).isEqualTo("2012.08.01");
    }

    @Test
    void shouldKillTheCommandAtTheTimeout() {
      long start = System.nanoTime();
      Artifact a = new CommandCollector("app", List.of("sleep", "30"), Duration.ofMillis(300), null).collect();
      assertThat(a.getError()).isEqualTo("sleep timed out after 300 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldReportANonZeroExit() {
      assertThat(new CommandCollector("app", List.of("false"), Duration.ofSeconds(5), null).collect().getError())
          .isEqualTo("false exited with 1");
    }

    @Test
    void shouldReportAMissingExecutable() {
      Artifact a = new CommandCollector("app", List.of("/nonexistent/bin/app"), Duration.ofSeconds(5), null).collect();
      assertThat(a.getError()).startsWith("cannot run /nonexistent/bin/app");
      assertThat(a.getDigest()).isNull();
    }
  }
}
