package dev.campaignanalytics.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.campaignanalytics.core.port.out.EventStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The server's metrics, served as Prometheus text by {@code GET /metrics}:
 *
 * <ul>
 *   <li>{@code http_server_requests_seconds} by method, route template and status (adapter-http);</li>
 *   <li>{@code analytics_events_total} by endpoint and outcome (adapter-http);</li>
 *   <li>{@code analytics_group_commit_batch_size_events} and {@code analytics_group_commit_wait_seconds}
 *   ({@link GroupCommitMetrics});</li>
 *   <li>{@code hikaricp_connections*}: the database pool, through {@link #poolMetrics()};</li>
 *   <li>{@value #FEED_SUBSCRIBERS} ({@code analytics_feed_subscribers}): the live-feed streams connected, 0 until a
 *   feed reports through {@link #feedSubscribers(IntSupplier)};</li>
 *   <li>{@value #ROLLUP_BACKLOG} ({@code analytics_rollup_backlog_rows}): the rollup delta rows of the database
 *   waiting for compaction, NaN until the storage reports through {@link #rollupCompaction} or while the database
 *   cannot be asked;</li>
 *   <li>{@value #ROLLUP_COMPACTED} ({@code analytics_rollup_compacted_rows_total}): the rollup delta rows this
 *   server's compactor moved into the rollup levels since it started;</li>
 *   <li>the JVM's memory, garbage collection, threads, class loading, CPU and uptime.</li>
 * </ul>
 *
 * <p>More meters join through {@link #bind(MeterBinder)} or {@link #registry()}.
 */
public final class ServerMetrics implements AutoCloseable {
    public static final String FEED_SUBSCRIBERS = "analytics.feed.subscribers";
    public static final String ROLLUP_BACKLOG = "analytics.rollup.backlog";
    public static final String ROLLUP_COMPACTED = "analytics.rollup.compacted";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final GroupCommitMetrics groupCommit;
    private final AtomicReference<IntSupplier> feedSubscribers = new AtomicReference<>(() -> 0);
    private final AtomicReference<Supplier<OptionalLong>> rollupBacklog = new AtomicReference<>(OptionalLong::empty);
    private final AtomicReference<LongSupplier> rollupCompacted = new AtomicReference<>(() -> 0);

    ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        groupCommit = new GroupCommitMetrics(registry);
        Gauge.builder(FEED_SUBSCRIBERS, feedSubscribers, s -> s.get().getAsInt())
                .description("Live-feed streams connected to this instance")
                .register(registry);
        Gauge.builder(ROLLUP_BACKLOG, rollupBacklog, b -> {
                    OptionalLong rows = b.get().get();
                    return rows.isPresent() ? rows.getAsLong() : Double.NaN;
                })
                .description("Rollup delta rows of the database waiting for compaction: exact below 100,000, "
                        + "PostgreSQL's estimate of the table's live rows from there on")
                .baseUnit("rows")
                .register(registry);
        FunctionCounter.builder(ROLLUP_COMPACTED, rollupCompacted, c -> c.get().getAsLong())
                .description("Rollup delta rows this instance's compactor moved into the rollup levels")
                .baseUnit("rows")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Everything, in the Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    /** Attaches HikariCP's own meters to a pool's configuration, before the pool starts. */
    public Consumer<HikariConfig> poolMetrics() {
        return config -> config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }

    public GroupCommitMetrics groupCommit() {
        return groupCommit;
    }

    /**
     * {@code store}, with the events of each append counted as one commit's batch: wrap the store whose every append
     * is one transaction (with group commit, the store that commits each group).
     */
    public EventStore meterBatches(EventStore store) {
        return MeteredEventStore.batches(store, groupCommit);
    }

    /** {@code store}, with each append timed as a caller's wait for its commit: wrap the store callers append to. */
    public EventStore meterWaits(EventStore store) {
        return MeteredEventStore.waits(store, groupCommit);
    }

    /** Where the live feed reports how many streams it holds; read at each scrape. */
    public void feedSubscribers(IntSupplier connected) {
        feedSubscribers.set(Objects.requireNonNull(connected, "connected"));
    }

    /**
     * Where the storage reports its rollup compaction; both are read at each scrape.
     *
     * @param backlog   the delta rows waiting in the database; empty when it cannot be asked
     * @param compacted the delta rows this server has compacted since it started; never decreases
     */
    public void rollupCompaction(Supplier<OptionalLong> backlog, LongSupplier compacted) {
        rollupBacklog.set(Objects.requireNonNull(backlog, "backlog"));
        rollupCompacted.set(Objects.requireNonNull(compacted, "compacted"));
    }

    public void bind(MeterBinder binder) {
        binder.bindTo(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
