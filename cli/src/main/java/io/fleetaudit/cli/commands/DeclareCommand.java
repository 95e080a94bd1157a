package io.fleetaudit.cli.commands;

import io.fleetaudit.cli.CliException;
import io.fleetaudit.cli.ExitCodes;
import io.fleetaudit.cli.declare.DeclarationDiff;
import io.fleetaudit.cli.declare.GitInfo;
import io.fleetaudit.cli.fleetfile.FleetFile;
import io.fleetaudit.cli.fleetfile.FleetFileParser;
import io.fleetaudit.cli.fleetfile.Problem;
import io.fleetaudit.cli.kafka.KafkaClients;
import io.fleetaudit.cli.kafka.TopicSnapshot;
import io.fleetaudit.cli.options.KafkaOptions;
import io.fleetaudit.contracts.Declaration;
import io.fleetaudit.schemas.topics.TopicSpec;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fleet-audit declare -f fleet.yaml}: validates the fleet file strictly, diffs it against the declarations
 * on the compacted topic, and publishes what changed with the Git commit, author and time. Removed services get a
 * tombstone only with {@code --prune}. Output: problems on stderr, the diff and a summary on stdout.
 */
@Command(name = "declare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish the desired state of services from a fleet file in Git.",
                "Validates strictly (unknown keys, bad digests, past deadlines, duplicate services: file:line and a fix),",
                "prints a diff against what is declared now (topic fleet.declarations.v1) and publishes the changed services",
                "with the Git commit of the file, the author and the time. Unchanged services are not republished."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:published (or nothing to do; --dry-run: no changes)", "1:Kafka or registry failure",
                "2:invalid fleet file or options, no Git commit", "3:--dry-run found changes to publish"},
        footer = {"%nExamples:", "  fleet-audit declare -f examples/knight/fleet.yaml --dry-run",
                "  fleet-audit declare -f fleet.yaml --bootstrap-server kafka:9092 --schema-registry http://registry:8081",
                "  fleet-audit declare -f fleet.yaml --validate-only          # CI lint, no Kafka needed",
                "  fleet-audit declare -f fleet.yaml --prune --git-sha $CI_COMMIT_SHA --author ci@example.com"})
public final class DeclareCommand extends Verb {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The fleet file (YAML; schema in docs/fleet.schema.json).")
    Path file;

    @Option(names = "--dry-run", description = "Validate and show the diff; publish nothing.")
    boolean dryRun;

    @Option(names = "--validate-only", description = "Only validate the file (no Kafka, no Git); for CI lint steps.")
    boolean validateOnly;

    @Option(names = "--prune", description = "Publish tombstones for services of the file's environments that the file no longer lists.")
    boolean prune;

    @Option(names = "--git-sha", paramLabel = "SHA", description = "Commit to record (default: git rev-parse HEAD in the file's directory).")
    String gitSha;

    @Option(names = "--author", paramLabel = "WHO", description = "Who declares (default: git config user.email, else $USER).")
    String author;

    @Mixin
    KafkaOptions kafka;

    @Override
    protected int execute() {
        FleetFile parsed;
        try {
            parsed = new FleetFileParser(root.clock()).parse(file);
        } catch (NoSuchFileException e) {
            throw CliException.usage("no such file: " + file);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
        for (Problem p : parsed.problems()) {
            err().println(p);
        }
        if (parsed.hasErrors()) {
            err().println("fleet-audit declare: " + parsed.errors().size() + " error(s) in " + file + "; nothing was published");
            return ExitCodes.USAGE;
        }
        if (validateOnly) {
            out().println(file + ": valid, " + parsed.services().size() + " service(s)");
            return ExitCodes.OK;
        }
        Path dir = file.toAbsolutePath().getParent();
        String commit = gitSha != null ? gitSha.trim() : GitInfo.headCommit(dir);
        if (commit == null || commit.isEmpty()) {
            throw CliException.usage(file + " is not in a Git working tree: pass --git-sha <commit> (a declaration records where it came from)");
        }
        if (gitSha == null && GitInfo.isDirty(dir, file)) {
            err().println("warning: " + file + " has uncommitted changes; commit " + abbreviate(commit) + " does not contain them");
        }
        String who = author != null ? author : GitInfo.author(dir, root.env());

        KafkaClients clients = new KafkaClients(kafka.clientConfig(root.env()));
        TopicSpec<String, Declaration> spec = clients.topics().declarations();
        Map<String, Declaration> current = TopicSnapshot.read(clients, spec, kafka.timeout());
        DeclarationDiff diff = DeclarationDiff.compute(current, parsed.services(), prune);
        out().print(diff.render());
        if (dryRun) {
            out().println("dry run: nothing published" + (diff.hasChanges() ? " (exit code 3: changes pending)" : ""));
            return diff.hasChanges() ? ExitCodes.DIFFERENCE : ExitCodes.OK;
        }
        if (!diff.hasChanges()) {
            out().println("nothing to publish");
            return ExitCodes.OK;
        }
        clients.ensureTopics();
        Instant now = root.clock().instant();
        int published = publish(clients, spec, diff, commit, who, now);
        out().println("published " + published + " record(s) to " + spec.name() + " at commit " + abbreviate(commit) + " by " + who);
        return ExitCodes.OK;
    }

    private int publish(KafkaClients clients, TopicSpec<String, Declaration> spec, DeclarationDiff diff, String commit, String who, Instant now) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, Declaration> producer = clients.producer(spec)) {
            for (DeclarationDiff.Entry e : diff.entries()) {
                switch (e.kind()) {
                    case ADDED, CHANGED -> {
                        Declaration d = Declaration.newBuilder(e.desired()).setGitCommit(commit).setAuthor(who).setDeclaredAt(now).build();
                        sends.add(producer.send(new ProducerRecord<>(spec.name(), e.key(), d)));
                    }
                    case REMOVED -> sends.add(producer.send(new ProducerRecord<>(spec.name(), e.key(), null)));
                    default -> {
                    }
                }
            }
            producer.flush();
            for (Future<RecordMetadata> f : sends) {
                f.get(kafka.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw clients.unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("interrupted while publishing", e);
        }
        return sends.size();
    }

    static String abbreviate(String commit) {
        return commit.length() > 12 && commit.matches("[0-9a-f]+") ? commit.substring(0, 12) : commit;
    }

}
