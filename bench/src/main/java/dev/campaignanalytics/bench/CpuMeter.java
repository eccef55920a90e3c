package dev.campaignanalytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a phase's CPU went, from {@code /proc}: the server's JVM, its PostgreSQL (the postmaster and its backends),
 * the benchmark's own JVM (the load generator), and everything else on the machine (other work that shares the
 * cores, which is noise for us).
 */
final class CpuMeter {
    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU seconds used so far by each part, and the load average, at one moment. */
    record Snapshot(long nanoTime, double serverJvm, double postgres, double bench, double machineBusy,
                    String loadAverage) {
    }

    /** CPU seconds each part used between two snapshots, and the wall time. */
    record Usage(double wallSeconds, double serverJvm, double postgres, double bench, double others,
                 String loadBefore, String loadAfter) {
        String describe(int cores) {
            double capacity = wallSeconds * cores;
            return String.format("wall %.1f s; CPU s (share of %d cores): server JVM %.1f (%.0f %%), PostgreSQL %.1f "
                            + "(%.0f %%), load generator %.1f (%.0f %%), other processes %.1f (%.0f %%)",
                    wallSeconds, cores, serverJvm, 100 * serverJvm / capacity, postgres, 100 * postgres / capacity,
                    bench, 100 * bench / capacity, others, 100 * others / capacity);
        }
    }

    private final long serverPid;
    private final long postmasterPid;

    CpuMeter(long serverPid, long postmasterPid) {
        this.serverPid = serverPid;
        this.postmasterPid = postmasterPid;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    Snapshot snapshot() {
        return new Snapshot(System.nanoTime(), serverPid > 0 ? cpuSeconds(serverPid) : 0, postgresSeconds(),
                cpuSeconds(ProcessHandle.current().pid()), machineBusySeconds(), loadAverage());
    }

    /**
     * PostgreSQL's CPU so far: the postmaster's own, its ended (reaped) backends' and its live backends'. When a
     * backend ends, its times move into the postmaster's reaped children's times; a backend reaped after its own times
     * were read and before the postmaster's would count twice: the likely cause of PostgreSQL's 23.9 CPU s in a 10 s
     * window on 2 cores, in a phase that closes its connections right before the snapshot. So the reading is taken
     * again until no backend was reaped while it was taken.
     */
    private double postgresSeconds() {
        for (int attempt = 1; ; attempt++) {
            double reapedBefore = reapedChildrenSeconds(postmasterPid);
            double live = 0;
            for (long pid : childrenOf(postmasterPid)) {
                live += cpuSeconds(pid);
            }
            double reapedAfter = reapedChildrenSeconds(postmasterPid);
            if (reapedAfter == reapedBefore || attempt == 10) {
                return cpuSeconds(postmasterPid) + reapedAfter + live;
            }
        }
    }

    /** cutime + cstime of a process: the CPU of its children that ended and that it reaped, in seconds. */
    static double reapedChildrenSeconds(long pid) {
        return statSeconds(pid, 13, 14);
    }

    static Usage between(Snapshot a, Snapshot b) {
        double server = b.serverJvm() - a.serverJvm();
        double pg = b.postgres() - a.postgres();
        double bench = b.bench() - a.bench();
        double busy = b.machineBusy() - a.machineBusy();
        return new Usage((b.nanoTime() - a.nanoTime()) / 1e9, server, pg, bench,
                Math.max(0, busy - server - pg - bench), a.loadAverage(), b.loadAverage());
    }

    /** utime + stime of a process, in seconds. */
    static double cpuSeconds(long pid) {
        return statSeconds(pid, 11, 12);
    }

    /** The sum of two tick counts of a process's {@code /proc/PID/stat} (fields after the name), in seconds. */
    private static double statSeconds(long pid, int field, int otherField) {
        try {
            String[] f = fieldsAfterName(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            return (Long.parseLong(f[field]) + Long.parseLong(f[otherField])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The fields of a {@code /proc/.../stat} line after "(comm) ", whose name may hold spaces and parentheses:
     * state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14), in clock ticks.
     */
    static String[] fieldsAfterName(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    static List<Long> childrenOf(long parent) {
        List<Long> children = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = fieldsAfterName(stat);
                    if (Long.parseLong(f[1]) == parent) {
                        children.add(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            return children;
        }
        return children;
    }

    /** CPU seconds the whole machine spent not idle (all cores), from /proc/stat. */
    static double machineBusySeconds() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
