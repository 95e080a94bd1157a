package io.fleetaudit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {
    @TempDir Path tmp;

    @Test
    void shouldDeleteATreeAndIgnoreAMissingOne() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/f.txt"), "x");
        Files.writeString(root.resolve("g.txt"), "y");

        Directories.deleteRecursively(root);
        assertThat(root).doesNotExist();

        Directories.deleteRecursively(root); // already gone: no error
        assertThat(tmp).isEmptyDirectory();
    }
}
