package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.EventId;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.port.out.RawEvent;
import dev.campaignanalytics.core.port.out.RawEventSource;
import dev.campaignanalytics.core.port.out.StoreUnavailableException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.result.ResultIterator;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams raw events from {@code campaign_analytics} through a server-side cursor: pgjdbc fetches
 * {@value #FETCH_SIZE} rows at a time, which it does only inside a transaction (autocommit off) with a fetch size
 * above zero; otherwise it would read every row into memory first. The transaction only reads, and is rolled back.
 *
 * <p>Rows are read on a thread of their own and handed to the sink in batches on the caller's thread, so that
 * decoding and writing use two cores. The connection is held while the sink works, and given back before
 * {@link #forEach} returns, whatever ends the reading: the last row, a failing sink (a client that went away), or a
 * failing database.
 */
final class JdbiRawEventSource implements RawEventSource {
    /** Rows per round trip: large enough to stream quickly, small enough to keep memory flat (a few MB). */
    static final int FETCH_SIZE = 2_000;
    private static final String STREAM = Sql.statement(JdbiRawEventSource.class, "stream");
    /**
     * Asks for the results in PostgreSQL's binary format, which pgjdbc uses only for statements it has prepared on
     * the server: UUIDs and timestamps then come as 16 and 8 bytes rather than text to parse, on both sides.
     */
    private static final StatementCustomizer BINARY_RESULTS = new StatementCustomizer() {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext ctx) throws SQLException {
            statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
    };

    private final Jdbi jdbi;

    JdbiRawEventSource(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void forEach(Query query, Sink sink) throws IOException {
        Pipe pipe = new Pipe();
        Thread reader = new Thread(() -> read(query, pipe), "raw-event-reader");
        reader.setDaemon(true);
        reader.start();
        boolean ended = false;
        try {
            while (true) {
                Object item = pipe.take();
                if (item instanceof RawEvent[] batch) {
                    for (RawEvent e : batch) {
                        if (e == null) {
                            break;
                        }
                        sink.accept(e);
                    }
                } else if (item == Pipe.END) {
                    ended = true;
                    break;
                } else if (item instanceof JdbiException e) {
                    throw unavailable(e);
                } else if (item instanceof RuntimeException e) {
                    throw e;
                } else if (item instanceof Error e) {
                    throw e;
                } else if (item instanceof Throwable t) {
                    throw new IllegalStateException("reading events failed", t);
                }
            }
        } finally {
            if (!ended) {
                pipe.abandon();
            }
            pipe.awaitReader(reader);
        }
    }

    /**
     * Reads the rows on a thread of its own and hands them over in batches, so that decoding rows and writing them
     * out run at once on two cores. At most {@value Pipe#CAPACITY} batches wait, so memory stays flat; when the
     * writing side stops (a client that went away), reading stops and the connection is given back before
     * {@link #forEach} returns.
     */
    private void read(Query query, Pipe pipe) {
        try {
            Handle handle = jdbi.open();
            try (handle) {
                try {
                    handle.begin();
                    try (ResultIterator<RawEvent> rows = Sql.bindFilter(handle.createQuery(STREAM)
                                    .define("filter", Sql.filterConditions(query.filter())), query.filter())
                            .bind("campaignId", query.campaign().value())
                            .bind("from", Sql.timestamp(query.from()))
                            .bind("until", Sql.timestamp(query.until()))
                            .setFetchSize(FETCH_SIZE)
                            .addCustomizer(BINARY_RESULTS)
                            .map(new EventMapper(query.campaign()))
                            .iterator()) {
                        RawEvent[] batch = new RawEvent[Pipe.BATCH];
                        int n = 0;
                        while (rows.hasNext()) {
                            batch[n++] = rows.next();
                            if (n == batch.length) {
                                if (!pipe.put(batch)) {
                                    return;
                                }
                                batch = new RawEvent[Pipe.BATCH];
                                n = 0;
                            }
                        }
                        if (n > 0 && !pipe.put(batch)) {
                            return;
                        }
                    }
                } finally {
                    rollbackQuietly(handle);
                }
            }
            pipe.put(Pipe.END);
        } catch (Throwable t) {
            pipe.put(t);
        }
    }

    /** The hand-over between the reading thread and the writing one. */
    private static final class Pipe {
        static final int BATCH = 500;
        static final int CAPACITY = 8;
        static final Object END = new Object();

        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
        private volatile boolean abandoned;

        /** Hands an item over; {@code false} when the writing side has stopped taking. */
        boolean put(Object item) {
            try {
                while (!abandoned) {
                    if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                }
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        Object take() throws IOException {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading events");
            }
        }

        /** The writing side stops: the reader ends at its next hand-over. */
        void abandon() {
            abandoned = true;
            queue.clear();
        }

        /** Waits until the reader has given its connection back. */
        void awaitReader(Thread reader) {
            boolean interrupted = false;
            while (true) {
                try {
                    reader.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    abandon();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void rollbackQuietly(Handle handle) {
        try {
            if (handle.isInTransaction()) {
                handle.rollback();
            }
        } catch (RuntimeException e) {
            // The connection is broken; closing the handle gives it back to the pool, which discards it.
        }
    }

    private static StoreUnavailableException unavailable(JdbiException e) {
        return new StoreUnavailableException("PostgreSQL could not read events: " + e.getMessage(), e);
    }

    /**
     * A row as a {@link RawEvent}. UUIDs and times come in PostgreSQL's binary format (see {@link #BINARY_RESULTS})
     * and are read from their bytes: a UUID is its 16 bytes, big-endian; a {@code timestamptz} is the count of
     * microseconds since 2000-01-01T00:00:00Z in 8 bytes. A value in any other form (text, should binary results
     * ever be off; an infinite time) is left to the driver.
     */
    private static final class EventMapper implements RowMapper<RawEvent> {
        /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds after the Unix epoch. */
        private static final long POSTGRES_EPOCH = 946_684_800L;

        private final CampaignId campaign;

        EventMapper(CampaignId campaign) {
            this.campaign = campaign;
        }

        @Override
        public RawEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new RawEvent(
                    new EventId(uuid(rs, 1)),
                    campaign,
                    type(rs.getString(2)),
                    instant(rs, 3),
                    instant(rs, 4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8),
                    uuid(rs, 9),
                    rs.getString(10),
                    rs.getString(11),
                    rs.getString(12),
                    rs.getString(13),
                    rs.getString(14));
        }

        private static UUID uuid(ResultSet rs, int column) throws SQLException {
            byte[] b = rs.getBytes(column);
            if (b == null) {
                return null;
            }
            if (b.length != 16) {
                return rs.getObject(column, UUID.class);
            }
            return new UUID(bigEndian(b, 0), bigEndian(b, 8));
        }

        private static Instant instant(ResultSet rs, int column) throws SQLException {
            byte[] b = rs.getBytes(column);
            if (b != null && b.length == 8) {
                long micros = bigEndian(b, 0);
                if (micros != Long.MAX_VALUE && micros != Long.MIN_VALUE) {
                    return Instant.ofEpochSecond(POSTGRES_EPOCH + Math.floorDiv(micros, 1_000_000L),
                            Math.floorMod(micros, 1_000_000L) * 1_000L);
                }
            }
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }

        private static long bigEndian(byte[] b, int from) {
            long v = 0;
            for (int i = from; i < from + 8; i++) {
                v = v << 8 | (b[i] & 0xFF);
            }
            return v;
        }
    }

    private static EventType type(String wireName) {
        return switch (wireName) {
            case "impression" -> EventType.IMPRESSION;
            case "view" -> EventType.VIEW;
            case "click" -> EventType.CLICK;
            case "conversion" -> EventType.CONVERSION;
            default -> throw new IllegalStateException("unknown event type in storage: " + wireName);
        };
    }
}
