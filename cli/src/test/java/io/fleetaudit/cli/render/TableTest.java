package io.fleetaudit.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void shouldAlignColumnsOnVisibleText() {
        Table t = new Table("NODE", "STATE", "VERSION");
        t.row(Table.Cell.of("smars-1"), Table.Cell.styled("OK", Style.GREEN), Table.Cell.of("2012.08.01"));
        t.row(Table.Cell.of("smars-8"), Table.Cell.styled("DRIFTED", Style.RED), Table.Cell.of("2012.07.15"));
        String plain = t.render(false);
        assertThat(plain.lines()).containsExactly(
                "NODE     STATE    VERSION",
                "smars-1  OK       2012.08.01",
                "smars-8  DRIFTED  2012.07.15");
        String colored = t.render(true);
        assertThat(colored).contains("\u001b[31;1mDRIFTED\u001b[0m  2012.07.15");
        assertThat(colored.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
    }

    @Test
    void shouldNotLeaveTrailingSpaces() {
        String out = new Table("A", "B").row("x", "").render(false);
        assertThat(out.lines()).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
    }

    @Test
    void shouldRefuseRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one")).hasMessageContaining("1 cells, table has 2 columns");
    }

    @Test
    void shouldColourOnlyOnATerminalWithoutNoColor() {
        assertThat(Terminal.colorEnabled(Map.of(), true)).isTrue();
        assertThat(Terminal.colorEnabled(Map.of(), false)).isFalse();
        assertThat(Terminal.colorEnabled(Map.of("NO_COLOR", "1"), true)).isFalse();
        assertThat(Terminal.colorEnabled(Map.of("TERM", "dumb"), true)).isFalse();
        assertThat(Terminal.colorEnabled(Map.of("NO_COLOR", ""), true)).isTrue();
    }

    @Test
    void shouldMapStatesToColours() {
        assertThat(Style.forState("OK")).isEqualTo(Style.GREEN);
        assertThat(Style.forState("DRIFTED")).isEqualTo(Style.RED);
        assertThat(Style.forState("FIRING")).isEqualTo(Style.RED);
        assertThat(Style.forState("EXEMPT")).isEqualTo(Style.YELLOW);
        assertThat(Style.forState("whatever")).isEqualTo(Style.NONE);
    }
}
