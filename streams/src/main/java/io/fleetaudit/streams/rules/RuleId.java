package io.fleetaudit.streams.rules;

/**
 * The detection rules fleet-audit knows, with the Alertmanager severity each one pages with and whether it is
 * about one node or about a whole service+environment (which decides the alert subject).
 */
public enum RuleId {
    ARTIFACT_DRIFT("critical", true),
    CONFIG_DRIFT("warning", true),
    FLAG_DRIFT("warning", true),
    FLAG_EXPIRED("warning", true),
    FLAG_UNDECLARED("critical", true),
    NODE_MISSING("warning", true),
    NODE_COUNT_SHORT("critical", false),
    FLEET_OUTLIER("warning", true),
    MUTATED_IN_PLACE("critical", true),
    UNDECLARED_SERVICE("warning", false),
    EXEMPTION_EXPIRED("critical", true);

    private final String severity;
    private final boolean nodeLevel;

    RuleId(String severity, boolean nodeLevel) {
        this.severity = severity;
        this.nodeLevel = nodeLevel;
    }

    public String severity() {
        return severity;
    }

    public boolean nodeLevel() {
        return nodeLevel;
    }

    /** Exemptions may cover every node rule except the one that reports the exemption itself. */
    public boolean exemptable() {
        return nodeLevel && this != EXEMPTION_EXPIRED;
    }
}
