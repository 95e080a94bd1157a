package io.fleetaudit.cli.declare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Provenance of a fleet file from the Git working tree it lives in: the HEAD commit ({@code git rev-parse HEAD}),
 * whether the file has uncommitted changes, and the author ({@code git config user.email}, else $USER). Runs the
 * {@code git} binary in the file's directory; every answer is null when git or the repository is absent.
 */
public final class GitInfo {
    private GitInfo() {
    }

    public static String headCommit(Path dir) {
        String out = git(dir, "rev-parse", "HEAD");
        return out != null && out.matches("[0-9a-f]{40}([0-9a-f]{24})?") ? out : null;
    }

    /** True when {@code file} differs from HEAD (modified, staged or untracked). */
    public static boolean isDirty(Path dir, Path file) {
        String out = git(dir, "status", "--porcelain", "--", file.toAbsolutePath().toString());
        return out != null && !out.isBlank();
    }

    public static String author(Path dir, Map<String, String> env) {
        String email = git(dir, "config", "user.email");
        if (email != null && !email.isBlank()) {
            return email;
        }
        String user = env.get("USER");
        return user == null || user.isBlank() ? "unknown" : user;
    }

    private static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.add("-C");
        cmd.add(dir.toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
