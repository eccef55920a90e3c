package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.port.out.EventFeed;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * Hears of newly committed events, for one server: one thread on one connection of its own (never one of the pool),
 * which {@code LISTEN}s on {@value FeedPositions#CHANNEL} and passes each announced position to the subscribers.
 * Several servers on one database each run one, so each hears of every event, whichever server stored it.
 *
 * <p>As a safety net it also asks for the newest position every {@code pollInterval} (about a second) and passes that
 * on too, so nothing is lost should a notification be: for instance while the connection was down, since PostgreSQL
 * keeps no notifications for a listener that is gone. The same query tells that the connection still works.
 *
 * <p>When the database goes away, it connects again by itself, waiting a little longer after each failed attempt (up
 * to a second, so that the feed resumes within about a second of the database's return, however long it was away),
 * and then at once announces the newest position, which covers what was committed meanwhile.
 *
 * <p>It starts with the first subscription and then runs until {@link #close()}, whether anyone subscribes or not:
 * one idle connection and one cheap query a second cost less than the care that stopping and restarting it under
 * racing subscriptions would need.
 */
final class PositionListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PositionListener.class);
    /** The first wait before connecting again after a failure; it doubles up to {@link #MAX_RECONNECT_DELAY}. */
    private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /** Opens a connection of the listener's own. */
    @FunctionalInterface
    interface Connector {
        Connection open() throws SQLException;
    }

    private final Connector connector;
    private final Duration pollInterval;
    private final CopyOnWriteArrayList<LongConsumer> subscribers = new CopyOnWriteArrayList<>();
    private final Object lifecycle = new Object();
    /** Guarded by {@link #lifecycle}. */
    private Thread thread;
    /** Guarded by {@link #lifecycle}. */
    private boolean closed;
    private volatile boolean stopping;
    private volatile Connection connection;
    /** Whether the last call of the subscribers failed; only a change is logged. Listener thread only. */
    private boolean subscribersFailing;

    PositionListener(Connector connector, Duration pollInterval) {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("the poll interval must be positive: " + pollInterval);
        }
        this.connector = connector;
        this.pollInterval = pollInterval;
    }

    /** Passes every announced position to {@code newest}, on the listener's thread, until the subscription closes. */
    EventFeed.Subscription subscribe(LongConsumer newest) {
        subscribers.add(newest);
        synchronized (lifecycle) {
            if (closed) {
                subscribers.remove(newest);
                throw new IllegalStateException("the position listener is closed");
            }
            if (thread == null) {
                thread = new Thread(this::run, "live-feed-listener");
                thread.setDaemon(true);
                thread.start();
            }
        }
        return () -> subscribers.remove(newest);
    }

    /** Whether the listener's thread runs. */
    boolean isRunning() {
        synchronized (lifecycle) {
            return thread != null && thread.isAlive();
        }
    }

    /** Stops the thread and closes its connection, waiting for both. Closing twice does nothing. */
    @Override
    public void close() {
        Thread running;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
        }
        stopping = true;
        if (running == null) {
            return;
        }
        running.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                // Ends a wait for notifications at once rather than when it times out.
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("while aborting the listener's connection", e);
            }
        }
        try {
            running.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.warn("the live feed listener did not stop within {}", STOP_WAIT);
        }
    }

    private void run() {
        Duration delay = FIRST_RECONNECT_DELAY;
        boolean down = false;
        while (!stopping) {
            try (Connection c = connector.open()) {
                connection = c;
                if (stopping) {
                    return;
                }
                listen(c);
                if (down) {
                    LOG.info("live feed listener connected again");
                }
                down = false;
                delay = FIRST_RECONNECT_DELAY;
                receive(c);
            } catch (SQLException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                if (!down) {
                    LOG.warn("live feed listener lost the database, connecting again: {}", e.toString());
                }
                down = true;
                if (!pause(delay)) {
                    return;
                }
                delay = delay.multipliedBy(2).compareTo(MAX_RECONNECT_DELAY) > 0
                        ? MAX_RECONNECT_DELAY : delay.multipliedBy(2);
            } finally {
                connection = null;
            }
        }
    }

    private static void listen(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + FeedPositions.CHANNEL);
        }
    }

    /** Passes on notifications, and the newest position once now and then every poll interval, until it fails. */
    private void receive(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        // Listening from now on; what was committed before is covered by asking once.
        publish(newest(c));
        long pollNanos = pollInterval.toNanos();
        long nextPoll = System.nanoTime() + pollNanos;
        while (!stopping) {
            long wait = nextPoll - System.nanoTime();
            if (wait <= 0) {
                publish(newest(c));
                nextPoll = System.nanoTime() + pollNanos;
                continue;
            }
            PGNotification[] notifications = pg.getNotifications((int) Math.max(1, Math.min(Integer.MAX_VALUE,
                    Duration.ofNanos(wait).toMillis())));
            long newest = -1;
            if (notifications != null) {
                for (PGNotification n : notifications) {
                    if (FeedPositions.CHANNEL.equals(n.getName())) {
                        newest = Math.max(newest, position(n.getParameter()));
                    }
                }
            }
            if (newest >= 0) {
                publish(newest);
            }
        }
    }

    private static long newest(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM campaign_analytics")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long position(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException e) {
            LOG.warn("ignoring a notification on {} that holds no position: {}", FeedPositions.CHANNEL, payload);
            return -1;
        }
    }

    private void publish(long newest) {
        boolean failed = false;
        for (LongConsumer s : subscribers) {
            try {
                s.accept(newest);
            } catch (RuntimeException e) {
                failed = true;
                if (!subscribersFailing) {
                    LOG.warn("a live feed subscriber failed at position {}; it is told again every {}: {}",
                            newest, pollInterval, e.toString());
                }
            }
        }
        if (subscribersFailing && !failed) {
            LOG.info("live feed subscribers work again");
        }
        subscribersFailing = failed;
    }

    /** Sleeps; false when told to stop meanwhile. */
    private boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !stopping;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
