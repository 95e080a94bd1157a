package io.fleetaudit.cli.fleetfile;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The artifact identities a fleet file accepts, defined once: a content digest {@code sha256:<64 hex>}
 * (also {@code sha384:<96 hex>}, {@code sha512:<128 hex>}), an OCI image reference pinned by digest
 * {@code registry/repo@sha256:<64 hex>}, or an AWS AMI id {@code ami-<8 or 17 hex>}. Hex is lowercase,
 * as {@code sha256sum} and registries print it. Input: the text; output: null when valid, else the reason.
 */
public final class Digests {
    public static final String FORMS = "sha256:<64 lowercase hex> (sha384/sha512 too), an image reference "
            + "registry/repo@sha256:<64 hex>, or an AMI id ami-<8 or 17 hex>";

    private static final Pattern CONTENT = Pattern.compile("(sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9]+(?:[._/:-]+[a-z0-9]+)*@sha256:[0-9a-f]{64}");
    private static final Pattern AMI = Pattern.compile("ami-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    private Digests() {
    }

    /** Null if {@code digest} is an accepted artifact identity, else a short reason. */
    public static String checkArtifactDigest(String digest) {
        if (CONTENT.matcher(digest).matches() || IMAGE.matcher(digest).matches() || AMI.matcher(digest).matches()) {
            return null;
        }
        return reason(digest);
    }

    /** Null if {@code hash} is {@code sha256:<64 lowercase hex>} (config hashes are always sha256), else a reason. */
    public static String checkSha256(String hash) {
        return SHA256.matcher(hash).matches() ? null : reason(hash);
    }

    private static String reason(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.equals(value) && (CONTENT.matcher(lower).matches() || IMAGE.matcher(lower).matches() || AMI.matcher(lower).matches())) {
            return "uses uppercase hex; digests are lowercase";
        }
        int colon = value.lastIndexOf(':');
        if (colon > 0 && value.substring(0, colon).toLowerCase(Locale.ROOT).endsWith("sha256")) {
            int hexLen = value.length() - colon - 1;
            if (hexLen != 64) {
                return "has " + hexLen + " hex characters after 'sha256:', expected 64";
            }
            return "contains characters that are not hex digits";
        }
        if (value.matches("[A-Za-z0-9]+:[0-9a-fA-F]+")) {
            return "uses algorithm '" + value.substring(0, value.indexOf(':')) + "'; only sha256, sha384 and sha512 are accepted";
        }
        if (value.contains(":") && !value.contains("@") && !value.startsWith("sha")) {
            return "looks like a tag, not a digest (a tag can point at different bytes tomorrow)";
        }
        return "is not a digest";
    }
}
