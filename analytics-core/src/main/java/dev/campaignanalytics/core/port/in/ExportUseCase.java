package dev.campaignanalytics.core.port.in;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimension;
import dev.campaignanalytics.core.domain.ExportFormat;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.Validation;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Reports as files (CSV or Excel) written to any output stream: over HTTP, or straight from a JVM that embeds the
 * core. Exports are made in two steps, so that every client mistake and unknown campaign is found before the first
 * byte is written: {@link #prepare} checks and computes, then {@link PreparedExport#writeTo} writes.
 */
public interface ExportUseCase {

    /**
     * Checks the query against what is stored and computes what can be computed before writing: the numbers of a
     * daily, segmented or comparison export; for raw events, the campaign and the instants they are read between.
     *
     * @param query what to export, for which campaigns, dates and format
     * @return the checked export, ready to be written
     * @throws dev.campaignanalytics.core.domain.CampaignNotFoundException for an unknown campaign
     * @throws InvalidInputException for a range longer than allowed
     * @throws dev.campaignanalytics.core.port.out.StoreUnavailableException when the store cannot be read
     */
    PreparedExport prepare(ExportQuery query);

    /** An export ready to be written. */
    interface PreparedExport {
        /**
         * The file name: {@code campaign_analytics_<campaign_id>_<start_date>.<csv|xlsx>}, or
         * {@code campaign_analytics_comparison_<start_date>.<csv|xlsx>} for a comparison.
         *
         * @return the file name to offer the client
         */
        String fileName();

        /** {@return the file format: CSV or Excel (xlsx)} */
        ExportFormat format();

        /** {@return the first date of the range, inclusive} */
        LocalDate startDate();

        /** {@return the last date of the range, inclusive} */
        LocalDate endDate();

        /**
         * Writes the whole document to {@code out}, which stays open. On a failure part-way (the output failing,
         * the store failing) it throws without completing the document, and releases everything it held.
         *
         * @param out where the document goes; not closed here
         * @return the number of data rows written
         * @throws IOException what writing to {@code out} threw
         */
        long writeTo(OutputStream out) throws IOException;
    }

    /** What an export contains. */
    enum Content {
        /** One row per bucket of the range (a day, week or month), zero-filled. */
        DAILY,
        /** One row per bucket and value of a dimension. */
        SEGMENTED,
        /** One row per stored event, with every stored field. */
        EVENTS,
        /** One row per campaign, side by side with the first. */
        COMPARISON;

        /** {@return the name used on the wire: {@code daily|segmented|events|comparison}} */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param field the request field named in the error, e.g. {@code type}
         * @param text the wire name to read
         * @return the content the text names
         * @throws InvalidInputException naming {@code field} for any other text
         */
        public static Content parse(String field, String text) {
            for (Content c : values()) {
                if (c.wireName().equals(text)) {
                    return c;
                }
            }
            throw new InvalidInputException(field, "must be one of daily, segmented, events, comparison");
        }
    }

    /** The metric columns of a daily or segmented export, in the order they are shown. */
    enum Metric {
        /** The count of views. */
        VIEWS("Views"),
        /** The count of clicks. */
        CLICKS("Clicks"),
        /** The count of conversions. */
        CONVERSIONS("Conversions"),
        /** The count of impressions. */
        IMPRESSIONS("Impressions"),
        /** Clicks / views, in percent. */
        CLICK_THROUGH_RATE("Click Through Rate (%)"),
        /** Conversions / clicks, in percent. */
        CONVERSION_RATE("Conversion Rate (%)");

        private final String title;

        Metric(String title) {
            this.title = title;
        }

        /** {@return the column title, as shown in the header row} */
        public String title() {
            return title;
        }

        /**
         * {@return the name used on the wire: {@code
         *         views|clicks|conversions|impressions|click_through_rate|conversion_rate}}
         */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param field the request field named in the error, e.g. {@code metrics}
         * @param text the wire name to read
         * @return the metric the text names
         * @throws InvalidInputException naming {@code field} for any other text
         */
        public static Metric parse(String field, String text) {
            for (Metric m : values()) {
                if (m.wireName().equals(text)) {
                    return m;
                }
            }
            throw new InvalidInputException(field, "must name metrics among views, clicks, conversions, "
                    + "impressions, click_through_rate, conversion_rate");
        }
    }

    /**
     * What to export.
     *
     * @param content   what the export contains
     * @param format    CSV or Excel
     * @param campaign  the campaign, required for every content but a comparison
     * @param campaigns for a comparison only: 2 to 20 distinct campaigns, the first being the one the others are
     *                  tested against
     * @param segmentBy for a segmented export only (and required there): the dimension to break down by
     * @param report    the dates, zone, grouping and filters, as for any report; the filters apply to every row
     * @param metrics   for daily and segmented exports only: the metric columns to show, shown in {@link Metric}
     *                  order; empty means all
     */
    record ExportQuery(Content content, ExportFormat format, CampaignId campaign, List<CampaignId> campaigns,
                       Dimension segmentBy, ReportQuery report, List<Metric> metrics) {
        /**
         * Checks that the query fits its content (one campaign, or 2 to 20 distinct ones for a comparison;
         * {@code segment_by} only for a segmented export), naming each field that does not fit.
         *
         * @param content what the export contains
         * @param format CSV or Excel
         * @param campaign the campaign, required for every content but a comparison (null there)
         * @param campaigns for a comparison only: 2 to 20 campaigns, none named twice, the first being the baseline
         * @param segmentBy for a segmented export only, where it is required
         * @param report the dates, zone, grouping and filters
         * @param metrics the metric columns for daily and segmented exports; null or empty means all
         */
        public ExportQuery {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(report, "report");
            campaigns = campaigns == null ? List.of() : List.copyOf(campaigns);
            metrics = inOrder(metrics);
            Validation v = new Validation();
            if (content == Content.COMPARISON) {
                if (campaign != null) {
                    v.add("campaign_id", "is not used with type=comparison; name the campaigns in campaign_ids");
                }
                String problem = CampaignReportUseCase.CompareQuery.problemOf(campaigns);
                if (problem != null) {
                    v.add("campaign_ids", problem);
                }
            } else {
                v.require("campaign_id", campaign);
                if (!campaigns.isEmpty()) {
                    v.add("campaign_ids", "is used only with type=comparison");
                }
            }
            if (content == Content.SEGMENTED && segmentBy == null) {
                v.add("segment_by", "is required with type=segmented");
            } else if (content != Content.SEGMENTED && segmentBy != null) {
                v.add("segment_by", "is used only with type=segmented");
            }
            if (!metrics.isEmpty() && content != Content.DAILY && content != Content.SEGMENTED) {
                v.add("metrics", "is used only with type=daily or type=segmented");
            }
            v.throwIfInvalid();
            if (metrics.isEmpty() && (content == Content.DAILY || content == Content.SEGMENTED)) {
                metrics = List.of(Metric.values());
            }
        }

        /**
         * A row per bucket with every metric.
         *
         * @param campaign the campaign to export
         * @param report the dates, zone, grouping and filters
         * @param format CSV or Excel
         * @return a daily export query
         */
        public static ExportQuery daily(CampaignId campaign, ReportQuery report, ExportFormat format) {
            return new ExportQuery(Content.DAILY, format, campaign, List.of(), null, report, List.of());
        }

        /**
         * A row per bucket and value of {@code dimension}, with every metric.
         *
         * @param campaign the campaign to export
         * @param dimension the dimension to break each bucket down by
         * @param report the dates, zone, grouping and filters
         * @param format CSV or Excel
         * @return a segmented export query
         */
        public static ExportQuery segmented(CampaignId campaign, Dimension dimension, ReportQuery report,
                                            ExportFormat format) {
            return new ExportQuery(Content.SEGMENTED, format, campaign, List.of(), dimension, report, List.of());
        }

        /**
         * A row per stored event.
         *
         * @param campaign the campaign whose events are exported
         * @param report the dates and zone the events are read between; its filters apply
         * @param format CSV or Excel
         * @return a raw-events export query
         */
        public static ExportQuery events(CampaignId campaign, ReportQuery report, ExportFormat format) {
            return new ExportQuery(Content.EVENTS, format, campaign, List.of(), null, report, List.of());
        }

        /**
         * A row per campaign, each tested against the first.
         *
         * @param campaigns 2 to 20 distinct campaigns, the first being the baseline the others are tested against
         * @param report the dates, zone, grouping and filters, the same for every campaign
         * @param format CSV or Excel
         * @return a comparison export query
         */
        public static ExportQuery comparison(List<CampaignId> campaigns, ReportQuery report, ExportFormat format) {
            return new ExportQuery(Content.COMPARISON, format, null, campaigns, null, report, List.of());
        }

        private static List<Metric> inOrder(Collection<Metric> metrics) {
            if (metrics == null || metrics.isEmpty()) {
                return List.of();
            }
            Set<Metric> set = EnumSet.noneOf(Metric.class);
            set.addAll(metrics);
            return List.copyOf(new ArrayList<>(set));
        }
    }
}
