package io.fleetaudit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        assertThat(Stats.median(5.0, 1.0, 3.0)).isEqualTo(3.0);
        assertThat(Stats.median(List.of(0.42, 0.65, 0.46))).isEqualTo(0.46);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Stats.median(4.0, 1.0, 3.0, 2.0)).isEqualTo(2.5);
    }

    @Test
    void medianLeavesItsInputAsItWas() {
        double[] xs = {3.0, 1.0, 2.0};
        Stats.median(xs);
        assertThat(xs).containsExactly(3.0, 1.0, 2.0);
    }

    @Test
    void medianOfNothingFailsClearly() {
        assertThatThrownBy(Stats::median).isInstanceOf(IllegalArgumentException.class).hasMessage("median of nothing");
    }
}
