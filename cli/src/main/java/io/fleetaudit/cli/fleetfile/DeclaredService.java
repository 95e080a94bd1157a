package io.fleetaudit.cli.fleetfile;

import io.fleetaudit.contracts.Declaration;
import java.time.Instant;

/**
 * One validated service entry of a fleet file: its topic key ({@code environment/service}), the line it
 * starts at, and the declaration content. Publishing stamps it with commit, author and time via
 * {@link #toDeclaration(String, String, Instant)}.
 */
public record DeclaredService(String key, int line, Declaration template) {

    /** The record to publish: the file's content plus provenance. */
    public Declaration toDeclaration(String gitCommit, String author, Instant declaredAt) {
        return Declaration.newBuilder(template).setGitCommit(gitCommit).setAuthor(author).setDeclaredAt(declaredAt).build();
    }

    /** The topic key for a service in an environment. */
    public static String key(String environment, String service) {
        return environment + "/" + service;
    }
}
