package io.fleetaudit.cli.fleetfile;

import java.util.List;

/**
 * The result of reading a fleet file: the services it declares (only meaningful when there are no errors)
 * and every problem found, errors and warnings, in file order.
 */
public record FleetFile(String file, List<DeclaredService> services, List<Problem> problems) {

    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    public List<Problem> errors() {
        return problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> p.severity() == Problem.Severity.WARNING).toList();
    }
}
