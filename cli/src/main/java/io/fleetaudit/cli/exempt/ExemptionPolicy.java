package io.fleetaudit.cli.exempt;

import io.fleetaudit.cli.time.TimeParser;
import io.fleetaudit.contracts.Exemption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The break-glass rules, as a pure function: a reason is required and must say something, the window must be
 * bounded (an end is required, in the future, at most {@code maxWindow} away), the node id and rule names must be
 * well formed. Input: the operator's request and the clock; output: the {@link Exemption} to publish, or
 * {@link Refused} naming what to fix (the CLI exits 2).
 */
public final class ExemptionPolicy {
    public static final Duration DEFAULT_MAX_WINDOW = Duration.ofHours(24);
    private static final Pattern RULE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");
    private static final int MIN_REASON = 10;

    /** A refused exemption request: the message says what is wrong and how to fix it. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /** What the operator asked for. {@code until} is a duration from now ({@code 2h}) or an ISO instant. */
    public record Request(String nodeId, String reason, String ticket, String until, List<String> rules, String author) {
    }

    private final Duration maxWindow;

    public ExemptionPolicy(Duration maxWindow) {
        if (maxWindow == null || maxWindow.isNegative() || maxWindow.isZero()) {
            throw new IllegalArgumentException("max window must be a positive duration");
        }
        this.maxWindow = maxWindow;
    }

    public Duration maxWindow() {
        return maxWindow;
    }

    /** Validates {@code r} at {@code now} and builds the exemption with the given id. */
    public Exemption grant(String id, Request r, Instant now) throws Refused {
        if (r.nodeId() == null || !NODE_ID.matcher(r.nodeId()).matches()) {
            throw new Refused("--node '" + r.nodeId() + "' is not a node id (letters, digits, . _ : -)");
        }
        if (r.reason() == null || r.reason().isBlank()) {
            throw new Refused("--reason is required: say why this node may deviate (it goes to the audit log and the alert)");
        }
        if (r.reason().strip().length() < MIN_REASON) {
            throw new Refused("--reason '" + r.reason().strip() + "' is too short to explain a break-glass: write at least " + MIN_REASON + " characters");
        }
        if (r.until() == null || r.until().isBlank()) {
            throw new Refused("--until is required: an exemption without an end is refused (e.g. --until 2h, at most " + TimeParser.format(maxWindow) + ")");
        }
        Instant end;
        try {
            end = TimeParser.parseFuture(r.until(), now);
        } catch (IllegalArgumentException e) {
            throw new Refused("--until " + e.getMessage());
        }
        if (!end.isAfter(now)) {
            throw new Refused("--until " + end + " is not in the future");
        }
        Duration window = Duration.between(now, end);
        if (window.compareTo(maxWindow) > 0) {
            throw new Refused("--until " + r.until() + " is " + TimeParser.format(window) + " away; the maximum break-glass window is "
                    + TimeParser.format(maxWindow) + " (reconcile the node, or grant a new exemption later; --max-window raises the bound)");
        }
        List<String> rules = new ArrayList<>();
        for (String rule : r.rules() == null ? List.<String>of() : r.rules()) {
            String rr = rule.strip();
            if (!RULE.matcher(rr).matches()) {
                throw new Refused("--rules '" + rule + "' is not a rule name (upper case like CONFIG_DRIFT, comma separated)");
            }
            if (!rules.contains(rr)) {
                rules.add(rr);
            }
        }
        return Exemption.newBuilder().setId(id).setNodeId(r.nodeId()).setRules(rules).setReason(r.reason().strip())
                .setTicket(r.ticket() == null || r.ticket().isBlank() ? null : r.ticket().strip()).setAuthor(r.author())
                .setStartsAt(now).setEndsAt(end).setEndedAt(null).build();
    }

    /** The exemption ended early at {@code now}; refused when it already ended or expired. */
    public static Exemption end(Exemption current, Instant now) throws Refused {
        if (current.getEndedAt() != null) {
            throw new Refused("exemption " + current.getId() + " was already ended at " + current.getEndedAt());
        }
        if (!current.getEndsAt().isAfter(now)) {
            throw new Refused("exemption " + current.getId() + " already expired at " + current.getEndsAt());
        }
        return Exemption.newBuilder(current).setEndedAt(now).build();
    }
}
