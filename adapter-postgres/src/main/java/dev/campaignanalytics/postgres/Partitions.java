package dev.campaignanalytics.postgres;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monthly partitions of {@code campaign_analytics}: one per calendar month in UTC, named
 * {@code campaign_analytics_yYYYYmMM}, covering [first instant of the month, first instant of the next). Partitions
 * are made ahead of time for the coming months, and on demand, before the transaction that stores events, for any
 * month an event falls in (history imports reach far back).
 */
final class Partitions {
    private static final Logger LOG = LoggerFactory.getLogger(Partitions.class);
    private static final String PREFIX = "campaign_analytics_y";

    private final Jdbi jdbi;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    Partitions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static YearMonth monthOf(Instant t) {
        return YearMonth.from(t.atOffset(ZoneOffset.UTC));
    }

    static String name(YearMonth m) {
        return String.format("%s%04dm%02d", PREFIX, m.getYear(), m.getMonthValue());
    }

    /** Makes sure every month holds a partition. Cheap when they are known to exist. */
    void ensure(Collection<YearMonth> months) {
        List<YearMonth> missing = new ArrayList<>();
        for (YearMonth m : new TreeSet<>(months)) {
            if (!known.contains(m)) {
                missing.add(m);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Sql.withHandle(jdbi, "create event partitions", h -> {
            for (YearMonth m : missing) {
                String table = name(m);
                Boolean exists = h.createQuery("SELECT to_regclass(:t) IS NOT NULL").bind("t", table)
                        .mapTo(Boolean.class).one();
                if (!exists) {
                    try {
                        h.execute("CREATE TABLE IF NOT EXISTS " + table + " PARTITION OF campaign_analytics "
                                + "FOR VALUES FROM ('" + m.atDay(1) + " 00:00:00+00') TO ('"
                                + m.plusMonths(1).atDay(1) + " 00:00:00+00')");
                        LOG.info("created event partition {}", table);
                    } catch (RuntimeException raced) {
                        // Another server made it at the same moment: fine if it exists now.
                        Boolean now = h.createQuery("SELECT to_regclass(:t) IS NOT NULL").bind("t", table)
                                .mapTo(Boolean.class).one();
                        if (!now) {
                            throw raced;
                        }
                    }
                }
                known.add(m);
            }
            return null;
        });
    }

    /** Makes the partitions of this month and the {@code ahead} months after it. */
    void ensureAhead(Instant now, int ahead) {
        List<YearMonth> months = new ArrayList<>();
        YearMonth m = monthOf(now);
        for (int i = 0; i <= ahead; i++) {
            months.add(m.plusMonths(i));
        }
        ensure(months);
    }

    /**
     * Drops the raw partitions of months that ended before {@code cutoff}'s month began: their events leave raw
     * storage (exports of raw events and the live feed), while the rollups, and so every report, keep their counts,
     * and their idempotency keys stay claimed.
     *
     * @return the partitions dropped
     */
    List<String> dropBefore(YearMonth cutoff) {
        return Sql.withHandle(jdbi, "drop old event partitions", h -> {
            List<String> names = h.createQuery("""
                            SELECT c.relname FROM pg_inherits i
                            JOIN pg_class c ON c.oid = i.inhrelid
                            JOIN pg_class p ON p.oid = i.inhparent
                            WHERE p.relname = 'campaign_analytics' ORDER BY 1""")
                    .mapTo(String.class).list();
            List<String> dropped = new ArrayList<>();
            for (String table : names) {
                if (table.startsWith(PREFIX) && table.length() == PREFIX.length() + 7) {
                    YearMonth m = YearMonth.of(Integer.parseInt(table.substring(PREFIX.length(), PREFIX.length() + 4)),
                            Integer.parseInt(table.substring(PREFIX.length() + 5)));
                    if (m.isBefore(cutoff)) {
                        h.execute("DROP TABLE " + table);
                        known.remove(m);
                        dropped.add(table);
                        LOG.info("dropped event partition {} (raw retention)", table);
                    }
                }
            }
            return dropped;
        });
    }
}
