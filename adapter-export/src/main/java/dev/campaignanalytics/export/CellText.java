package dev.campaignanalytics.export;

import dev.campaignanalytics.core.port.out.Cell;

/** A cell as the text of a CSV field. */
final class CellText {
    private CellText() {
    }

    static String of(Cell cell) {
        if (cell instanceof Cell.Text t) {
            return FormulaGuard.neutralise(t.value());
        } else if (cell instanceof Cell.Whole w) {
            return Long.toString(w.value());
        } else if (cell instanceof Cell.Decimal d) {
            return d.value().toPlainString();
        } else if (cell instanceof Cell.Day d) {
            return d.value().toString();
        } else if (cell instanceof Cell.Moment m) {
            return IsoTimes.format(m.value(), m.zone());
        } else if (cell instanceof Cell.Flag f) {
            return f.value() ? "true" : "false";
        }
        return "";
    }
}
