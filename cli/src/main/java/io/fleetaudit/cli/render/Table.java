package io.fleetaudit.cli.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for terminals: a header row and aligned columns, two spaces apart, with optional ANSI
 * style per cell. Widths are computed on the visible text, so colours never break alignment. Input: headers and
 * rows of {@link Cell}s; output: the rendered lines (no trailing spaces).
 */
public final class Table {

    /** One cell: its text and style. */
    public record Cell(String text, Style style) {
        public static Cell of(Object text) {
            return new Cell(text == null ? "" : text.toString(), Style.NONE);
        }

        public static Cell styled(Object text, Style style) {
            return new Cell(text == null ? "" : text.toString(), style);
        }
    }

    private final List<String> headers;
    private final List<List<Cell>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; must have one cell per header. */
    public Table row(Cell... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    /** Adds a row of unstyled values. */
    public Table row(Object... values) {
        Cell[] cells = new Cell[values.length];
        for (int i = 0; i < values.length; i++) {
            cells[i] = values[i] instanceof Cell c ? c : Cell.of(values[i]);
        }
        return row(cells);
    }

    public int size() {
        return rows.size();
    }

    public String render(boolean color) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
        }
        for (List<Cell> r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r.get(i).text().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        List<Cell> headerCells = headers.stream().map(h -> Cell.styled(h, Style.BOLD)).toList();
        line(sb, headerCells, width, color);
        for (List<Cell> r : rows) {
            line(sb, r, width, color);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<Cell> cells, int[] width, boolean color) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            l.append(c.style().apply(c.text(), color));
            if (i < cells.size() - 1) {
                l.append(" ".repeat(width[i] - c.text().length() + 2));
            }
        }
        sb.append(l.toString().stripTrailing()).append(System.lineSeparator());
    }
}
