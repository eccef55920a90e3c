package dev.campaignanalytics.core.port.out;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.DimensionFilter;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/** Reads stored events one by one, for exports of any size. */
public interface RawEventSource {

    /**
     * Hands every matching event to {@code sink}, in the order they happened (then by id), holding only a bounded
     * number of them in memory however many there are. Whatever it holds in the store (a connection, a cursor) is
     * released when this returns or throws, also when the sink throws.
     *
     * @param query the campaign, time span and filter of the events to read
     * @param sink what receives each event, in time order
     * @throws IOException               what the sink threw, unchanged
     * @throws StoreUnavailableException when the store cannot be read, also part-way
     */
    void forEach(Query query, Sink sink) throws IOException;

    /**
     * Which events to read: those of one campaign that happened in {@code [from, until)} and match the filter.
     *
     * @param campaign the campaign whose events are read
     * @param from the first instant, inclusive
     * @param until the end instant, exclusive; after {@code from}
     * @param filter only events matching it are read; null means no filter
     */
    record Query(CampaignId campaign, Instant from, Instant until, DimensionFilter filter) {
        /**
         * Requires {@code from} before {@code until}; a {@code null} filter means no filter.
         *
         * @param campaign the campaign whose events are read
         * @param from the first instant, inclusive
         * @param until the end instant, exclusive; after {@code from}
         * @param filter only events matching it are read; null means no filter
         */
        public Query {
            Objects.requireNonNull(campaign, "campaign");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
            filter = filter == null ? DimensionFilter.NONE : filter;
            if (!from.isBefore(until)) {
                throw new IllegalArgumentException("from must come before until");
            }
        }
    }

    /** Where the events go, typically a writer on a stream; it may fail with an I/O error to stop the reading. */
    @FunctionalInterface
    interface Sink {
        /**
         * Takes the next event; an I/O error stops the reading.
         *
         * @param event the next stored event
         * @throws IOException when writing the event fails; the reading stops
         */
        void accept(RawEvent event) throws IOException;
    }
}
