package dev.campaignanalytics.app;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignNotFoundException;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.TrackedEvent;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.CreateCampaignCommand;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.Source;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackCommand;
import dev.campaignanalytics.core.port.in.TrackEventsUseCase.TrackResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code demo}: the server, started at once, and the {@link DemoSample} loaded behind it through the server's own
 * tracking use case (import source), newest day first, so that the recent periods the dashboard opens on fill in
 * first. The sample's campaigns and dates are kept in {@value #STATE_FILE} in the data directory: a later run on the
 * same directory serves a complete sample as it is, and goes on with an incomplete one (events already stored are
 * recognised by their {@code event_id}s and stored once).
 */
final class DemoRun implements AutoCloseable {
    static final String STATE_FILE = "demo.properties";
    static final long SEED = 20_240_501L;
    /** Events per tracking call (one transaction each). */
    static final int TRANSACTION_SIZE = 5_000;
    static final int LOADERS = 2;

    private final Application app;
    private final DemoSample sample;
    private final List<CampaignId> campaigns;
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final boolean[] dayDone = new boolean[DemoSample.DAYS];
    private ExecutorService loaders;
    private ScheduledExecutorService reporter;

    private DemoRun(Application app, DemoSample sample, List<CampaignId> campaigns) {
        this.app = app;
        this.sample = sample;
        this.campaigns = campaigns;
    }

    /**
     * Starts the server on {@code config}, creates the sample's campaigns unless the data directory's state names
     * them, prints where to browse, and starts loading the sample unless the state says it is loaded.
     *
     * @param events        the sample's size for a new sample (a kept one keeps its own)
     * @param progressEvery how often a progress line is printed while loading
     */
    static DemoRun start(AppConfig config, long events, Clock clock, PrintWriter out, Duration progressEvery) {
        Path stateFile = config.dataDir().resolve(STATE_FILE);
        Properties state = read(stateFile);
        Application app = Application.start(config, clock);
        try {
            if (state.getProperty("last_day") != null && !campaignsExist(app, state)) {
                // the database was replaced under the state (e.g. its directory deleted): a new sample
                out.println("Demo: the database does not hold the sample's campaigns any more; making a new sample");
                state.clear();
            }
            List<CampaignId> ids = new ArrayList<>();
            LocalDate lastDay;
            long size;
            if (state.getProperty("last_day") != null) {
                lastDay = LocalDate.parse(state.getProperty("last_day"));
                size = Long.parseLong(state.getProperty("events"));
                for (int c = 0; c < DemoSample.CAMPAIGNS.size(); c++) {
                    ids.add(CampaignId.parse("campaign", state.getProperty("campaign." + c)));
                }
            } else {
                lastDay = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
                size = events;
                state.setProperty("last_day", lastDay.toString());
                state.setProperty("events", Long.toString(size));
                state.setProperty("seed", Long.toString(SEED));
                for (int c = 0; c < DemoSample.CAMPAIGNS.size(); c++) {
                    DemoSample.Spec spec = DemoSample.CAMPAIGNS.get(c);
                    CampaignId id = app.campaigns().create(new CreateCampaignCommand(spec.name(),
                            spec.templateType(), spec.activeAtEnd())).id();
                    ids.add(id);
                    state.setProperty("campaign." + c, id.toString());
                }
                state.setProperty("loaded", "false");
                write(stateFile, state);
            }
            DemoRun run = new DemoRun(app, new DemoSample(lastDay, size, SEED), List.copyOf(ids));
            out.printf(Locale.ROOT, "Demo: %d campaigns, %s to %s, about %,d events; data in %s%n",
                    ids.size(), run.sample.firstDay(), lastDay, size,
                    config.embeddedDatabase() ? config.dataDir().toAbsolutePath().normalize()
                            : EventDatabase.describe(config));
            if (Boolean.parseBoolean(state.getProperty("loaded"))) {
                out.println("Demo: the sample is loaded already (delete the data directory for a new one dated "
                        + "to today)");
                run.loaded.complete(null);
            } else {
                out.printf(Locale.ROOT, "Demo: loading in the background, newest day first; pages show the days "
                        + "loaded so far (progress every %d s)%n", progressEvery.toSeconds());
                run.load(clock, out, progressEvery, stateFile, state);
            }
            out.flush();
            return run;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private static boolean campaignsExist(Application app, Properties state) {
        try {
            for (int c = 0; c < DemoSample.CAMPAIGNS.size(); c++) {
                app.campaigns().get(CampaignId.parse("campaign", state.getProperty("campaign." + c)));
            }
            return true;
        } catch (CampaignNotFoundException | InvalidInputException e) {
            return false;
        }
    }

    Application app() {
        return app;
    }

    List<CampaignId> campaigns() {
        return campaigns;
    }

    DemoSample sample() {
        return sample;
    }

    /** Completes when the whole sample is stored; fails when loading failed. */
    CompletableFuture<Void> loaded() {
        return loaded;
    }

    long accepted() {
        return accepted.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    private void load(Clock clock, PrintWriter out, Duration progressEvery, Path stateFile, Properties state) {
        long started = System.nanoTime();
        long expected = sampleSize(state);
        AtomicInteger nextDay = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(LOADERS);
        loaders = Executors.newFixedThreadPool(LOADERS, r -> {
            Thread t = new Thread(r, "demo-loader");
            t.setDaemon(true);
            return t;
        });
        reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-progress");
            t.setDaemon(true);
            return t;
        });
        reporter.scheduleAtFixedRate(() -> progress(out, started, expected), progressEvery.toMillis(),
                progressEvery.toMillis(), TimeUnit.MILLISECONDS);
        Instant now = clock.instant();
        for (int i = 0; i < LOADERS; i++) {
            loaders.execute(() -> {
                try {
                    int back;
                    while (!stopping.get() && (back = nextDay.getAndIncrement()) < DemoSample.DAYS) {
                        loadDay(back, now);
                        synchronized (dayDone) {
                            dayDone[back] = !stopping.get();
                        }
                    }
                    if (running.decrementAndGet() == 0 && !stopping.get()) {
                        state.setProperty("loaded", "true");
                        write(stateFile, state);
                        reporter.shutdownNow();
                        double seconds = (System.nanoTime() - started) / 1e9;
                        out.printf(Locale.ROOT, "Demo: sample loaded: %,d events in %.1f s (%,d events/s)%s%n",
                                accepted.get() + duplicates.get(), seconds,
                                Math.round((accepted.get() + duplicates.get()) / seconds),
                                duplicates.get() > 0 ? "; " + duplicates.get() + " were stored by an earlier run" : "");
                        out.flush();
                        loaded.complete(null);
                    }
                } catch (RuntimeException e) {
                    boolean failed = !stopping.getAndSet(true);
                    reporter.shutdownNow();
                    out.println(failed ? "Demo: loading the sample failed: " + e
                            : "Demo: loading stopped part-way (the transaction in flight was rolled back); the next "
                            + "demo run on this directory goes on from there");
                    out.flush();
                    loaded.completeExceptionally(e);
                }
            });
        }
    }

    private static long sampleSize(Properties state) {
        return Long.parseLong(state.getProperty("events"));
    }

    private void loadDay(int back, Instant now) {
        List<TrackedEvent> day = new ArrayList<>();
        for (int c = 0; c < campaigns.size(); c++) {
            day.addAll(sample.events(c, campaigns.get(c), back, now));
        }
        for (int from = 0; from < day.size() && !stopping.get(); from += TRANSACTION_SIZE) {
            TrackResult result = app.tracking().track(new TrackCommand(
                    day.subList(from, Math.min(day.size(), from + TRANSACTION_SIZE)), Source.IMPORT));
            accepted.addAndGet(result.accepted());
            duplicates.addAndGet(result.duplicates());
            rejected.addAndGet(result.rejected());
        }
        if (rejected.get() > 0) {
            throw new IllegalStateException(rejected.get() + " demo events were rejected");
        }
    }

    private void progress(PrintWriter out, long started, long expected) {
        long done = accepted.get() + duplicates.get();
        double seconds = (System.nanoTime() - started) / 1e9;
        int complete = 0;
        synchronized (dayDone) {
            while (complete < dayDone.length && dayDone[complete]) {
                complete++;
            }
        }
        String days = complete == 0 ? "no day complete yet"
                : "complete from " + sample.lastDay().minusDays(complete - 1) + " to " + sample.lastDay()
                + " (" + complete + " of " + DemoSample.DAYS + " days)";
        out.printf(Locale.ROOT, "Demo: %,d of ~%,d events loaded (%d%%), %,d events/s; %s%n", done, expected,
                Math.min(100, done * 100 / Math.max(1, expected)), Math.round(done / Math.max(seconds, 0.001)), days);
        out.flush();
    }

    /** Stops loading after the transactions in flight (a later run goes on), then stops the server. */
    @Override
    public void close() {
        stopping.set(true);
        if (reporter != null) {
            reporter.shutdownNow();
        }
        if (loaders != null) {
            loaders.shutdown();
            try {
                loaders.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        app.close();
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return p;
    }

    private static synchronized void write(Path file, Properties p) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "Campaign Analytics demo sample");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
