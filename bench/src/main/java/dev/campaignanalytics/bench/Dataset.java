package dev.campaignanalytics.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * The benchmark's events, the same on every run for the same size and clock: event {@code i} is a pure function of
 * {@code i}, so parallel streams generate disjoint ranges without sharing state.
 *
 * <ul>
 *   <li>campaign 0 holds 20 % of the events, the other campaigns share the rest evenly;</li>
 *   <li>about 50 % impressions, 30 % views, 15 % clicks, 5 % conversions;</li>
 *   <li>6 audience segments × 5 channels × 3 device types, uniformly;</li>
 *   <li>times spread evenly over the 365 days before {@code now}, in the order of the index (as an export of a
 *       legacy system, ordered by time, would come), to the second.</li>
 * </ul>
 */
final class Dataset {
    static final String[] TYPES = {"impression", "view", "click", "conversion"};
    static final String[] SEGMENTS = {"new", "returning", "loyal", "lapsed", "high_value", "bargain"};
    static final String[] CHANNELS = {"email", "social", "search", "display", "sms"};
    static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    static final long YEAR_SECONDS = 365L * 24 * 3600;

    private final List<String> campaignIds;
    private final long nowSecond;
    private final long seed;
    private final long size;

    /** {@code size} events: event {@code i} of them happens {@code (size - i) / size} of a year before now. */
    Dataset(List<String> campaignIds, Instant now, long seed, long size) {
        if (campaignIds.size() < 2) {
            throw new IllegalArgumentException("the dataset needs at least two campaigns");
        }
        this.campaignIds = List.copyOf(campaignIds);
        this.nowSecond = now.getEpochSecond();
        this.seed = seed;
        this.size = Math.max(1, size);
    }

    long size() {
        return size;
    }

    /** The campaign that holds a fifth of the events. */
    String bigCampaign() {
        return campaignIds.get(0);
    }

    List<String> campaignIds() {
        return campaignIds;
    }

    /** One event, its fields drawn from independent bit ranges of a 64-bit mix of its index. */
    Event event(long i) {
        long a = mix(seed + i * 0x9E3779B97F4A7C15L);
        long b = mix(a ^ 0xD1B54A32D192ED03L);
        int share = (int) Long.remainderUnsigned(a, 1000);
        int campaign = share < 200 ? 0 : 1 + (int) Long.remainderUnsigned(a >>> 20, campaignIds.size() - 1);
        int typeRoll = (int) Long.remainderUnsigned(a >>> 40, 100);
        int type = typeRoll < 50 ? 0 : typeRoll < 80 ? 1 : typeRoll < 95 ? 2 : 3;
        int segment = (int) Long.remainderUnsigned(b, SEGMENTS.length);
        int channel = (int) Long.remainderUnsigned(b >>> 8, CHANNELS.length);
        int device = (int) Long.remainderUnsigned(b >>> 16, DEVICES.length);
        long ago = YEAR_SECONDS - 1 - (long) ((double) Math.min(i, size - 1) * YEAR_SECONDS / size);
        return new Event(i, campaignIds.get(campaign), TYPES[type], SEGMENTS[segment], CHANNELS[channel],
                DEVICES[device], nowSecond - 1 - ago, (int) Long.remainderUnsigned(a >>> 8, 100_000));
    }

    /** SplitMix64's finaliser: a bijective mix of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * One generated event.
     *
     * @param epochSecond when it happened
     * @param session     a session number, so that sessions repeat across events
     */
    record Event(long index, String campaignId, String type, String segment, String channel, String device,
                 long epochSecond, int session) {

        /** The client's idempotency key: unique in the whole dataset. */
        String eventId(String prefix) {
            return prefix + index;
        }

        /** The event as the tracking API takes it; {@code withTime} adds {@code occurred_at} (imports need it). */
        void appendJson(StringBuilder sb, String idPrefix, boolean withTime) {
            sb.append("{\"campaign_id\":\"").append(campaignId)
                    .append("\",\"event_type\":\"").append(type)
                    .append("\",\"audience_segment\":\"").append(segment)
                    .append("\",\"channel\":\"").append(channel)
                    .append("\",\"device_type\":\"").append(device)
                    .append("\",\"session_id\":\"s-").append(session)
                    .append("\",\"event_id\":\"").append(idPrefix).append(index).append('"');
            if (withTime) {
                sb.append(",\"occurred_at\":\"");
                DateTimeFormatter.ISO_INSTANT.formatTo(Instant.ofEpochSecond(epochSecond), sb);
                sb.append('"');
            }
            sb.append('}');
        }

        /**
         * The id a store gives the event: a UUID version 7 in layout (its bits drawn from the index, not the clock),
         * the same on every run.
         */
        UUID storedId() {
            long hi = mix(index ^ 0x5851F42D4C957F2DL);
            long lo = mix(hi);
            return new UUID((hi & ~0xF000L) | 0x7000L, (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        }

        /**
         * The event as a row of PostgreSQL's COPY text format, with the server-side fields a store would add: id,
         * received_at and, {@code withSeq}, its position seq, in the column order of {@link Database#COPY_COLUMNS};
         * without it the row ends at client_event_id ({@link Database#STORED_COLUMNS}), and the table's default gives
         * the position.
         */
        void appendCopyRow(StringBuilder sb, String idPrefix, long receivedSecond, boolean withSeq) {
            sb.append(storedId()).append('\t').append(campaignId).append('\t').append(type).append('\t')
                    .append(segment).append('\t').append(channel).append('\t').append(device).append('\t')
                    .append("s-").append(session).append('\t');
            DateTimeFormatter.ISO_INSTANT.formatTo(Instant.ofEpochSecond(epochSecond), sb);
            sb.append('\t');
            DateTimeFormatter.ISO_INSTANT.formatTo(Instant.ofEpochSecond(receivedSecond), sb);
            sb.append('\t').append(idPrefix).append(index);
            if (withSeq) {
                sb.append('\t').append(index);
            }
            sb.append('\n');
        }

        /**
         * The event's idempotency key as a row of PostgreSQL's COPY text format, in the column order of
         * {@link Database#KEY_COLUMNS}: campaign, client event id, and the id of the event it names.
         */
        void appendKeyRow(StringBuilder sb, String idPrefix) {
            sb.append(campaignId).append('\t').append(idPrefix).append(index).append('\t').append(storedId())
                    .append('\n');
        }
    }

    /** NDJSON of the events {@code [from, to)}, built line by line as it is read: never more than a chunk in memory. */
    final class NdjsonStream extends java.io.InputStream {
        private final long to;
        private final String idPrefix;
        private long next;
        private byte[] chunk = new byte[0];
        private int pos;

        NdjsonStream(long from, long to, String idPrefix) {
            this.next = from;
            this.to = to;
            this.idPrefix = idPrefix;
        }

        private boolean fill() {
            if (next >= to) {
                return false;
            }
            StringBuilder sb = new StringBuilder(256 * 512);
            for (int k = 0; k < 512 && next < to; k++, next++) {
                event(next).appendJson(sb, idPrefix, true);
                sb.append('\n');
            }
            chunk = sb.toString().getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }

        @Override
        public int read() {
            if (pos >= chunk.length && !fill()) {
                return -1;
            }
            return chunk[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= chunk.length && !fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
