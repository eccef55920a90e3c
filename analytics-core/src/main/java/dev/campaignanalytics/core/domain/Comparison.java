package dev.campaignanalytics.core.domain;

import java.util.List;

/** Campaigns side by side over the same range and filters, in the order they were asked for. */
public record Comparison(ReportRange range, List<ComparisonRow> rows) {
    public Comparison {
        rows = List.copyOf(rows);
    }
}
