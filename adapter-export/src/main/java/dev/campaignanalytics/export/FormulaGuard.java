package dev.campaignanalytics.export;

/**
 * Keeps text from being read as a formula by a spreadsheet ("CSV injection"): text that starts with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading apostrophe, which spreadsheets take as
 * "this is text". Only text cells pass through here; numbers and dates are written as what they are.
 */
final class FormulaGuard {
    private FormulaGuard() {
    }

    /** The text as it is safe to write into a cell. */
    static String neutralise(String text) {
        return startsLikeAFormula(text) ? "'" + text : text;
    }

    /** Whether the text needs the leading apostrophe. */
    static boolean startsLikeAFormula(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }
}
