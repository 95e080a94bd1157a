package io.fleetaudit.streams.it;

import io.fleetaudit.testkit.KafkaBrokerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every streams IT class starts from: the test run's shared broker ({@link KafkaBrokerExtension}) and, per class,
 * a {@link StreamsItSupport} (its own schema registry, producers and topic catalogue), closed after the class.
 */
abstract class StreamsIt {
    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    static StreamsItSupport it;

    @BeforeAll
    static void startSupport() {
        it = new StreamsItSupport(KAFKA);
    }

    @AfterAll
    static void closeSupport() {
        it.close();
    }
}
