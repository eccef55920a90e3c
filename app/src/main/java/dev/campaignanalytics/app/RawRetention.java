package dev.campaignanalytics.app;

import dev.campaignanalytics.postgres.PostgresAdapters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Raw-event retention ({@code ANALYTICS_RAW_RETENTION_MONTHS}): at start and then every six hours, the monthly raw
 * partitions older than the retention are dropped. Their counts stay in the rollups, so reports do not change; their
 * idempotency keys stay claimed, so a late retry is still a duplicate; raw exports and the live feed no longer see them.
 */
final class RawRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RawRetention.class);

    private final ScheduledExecutorService scheduler;

    private RawRetention(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static RawRetention start(PostgresAdapters stores, int months, Clock clock) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raw-retention");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                List<String> dropped = stores.dropRawEventsOlderThan(months, clock.instant());
                if (!dropped.isEmpty()) {
                    LOG.info("raw retention of {} months dropped {}", months, dropped);
                }
            } catch (RuntimeException e) {
                LOG.warn("raw retention could not run now: {}", e.toString());
            }
        }, 0, 6, TimeUnit.HOURS);
        return new RawRetention(scheduler);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
