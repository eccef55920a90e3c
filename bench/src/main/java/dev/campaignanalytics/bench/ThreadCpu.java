package dev.campaignanalytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where one process's CPU went, thread by thread, from {@code /proc/PID/task}: user and kernel time and context
 * switches, grouped by thread name with digits folded (so the 64 Jetty request threads are one line). JFR samples
 * only threads that run Java code; this also sees the JIT compilers, the garbage collector and the kernel time of
 * threads that park and wake.
 */
final class ThreadCpu {
    private static final double TICKS_PER_SECOND = 100.0;

    /** Per thread id: name, user ticks, kernel ticks, voluntary and involuntary context switches. */
    record Snapshot(Map<Long, long[]> counters, Map<Long, String> names) {
    }

    /** One group of threads between two snapshots. */
    record Group(String name, int threads, double userSeconds, double systemSeconds, long voluntarySwitches,
                 long involuntarySwitches) {
        double cpuSeconds() {
            return userSeconds + systemSeconds;
        }
    }

    private ThreadCpu() {
    }

    static Snapshot snapshot(long pid) {
        Map<Long, long[]> counters = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    long tid = Long.parseLong(task.getFileName().toString());
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = CpuMeter.fieldsAfterName(stat);
                    long voluntary = 0;
                    long involuntary = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    counters.put(tid, new long[]{Long.parseLong(f[11]), Long.parseLong(f[12]), voluntary,
                            involuntary});
                    names.put(tid, name);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            // the process is gone: an empty snapshot
        }
        return new Snapshot(counters, names);
    }

    /** A snapshot before the process began: {@link #between} from it gives what each thread used so far. */
    static Snapshot empty() {
        return new Snapshot(Map.of(), Map.of());
    }

    /** The groups that used CPU between the snapshots, the busiest first. */
    static List<Group> between(Snapshot a, Snapshot b) {
        Map<String, long[]> sums = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        b.counters().forEach((tid, after) -> {
            long[] before = a.counters().getOrDefault(tid, new long[4]);
            String group = fold(b.names().get(tid));
            long[] sum = sums.computeIfAbsent(group, k -> new long[4]);
            for (int i = 0; i < 4; i++) {
                sum[i] += after[i] - before[i];
            }
            threads.merge(group, 1, Integer::sum);
        });
        List<Group> groups = new ArrayList<>();
        sums.forEach((name, s) -> {
            if (s[0] + s[1] > 0) {
                groups.add(new Group(name, threads.get(name), s[0] / TICKS_PER_SECOND, s[1] / TICKS_PER_SECOND,
                        s[2], s[3]));
            }
        });
        groups.sort((x, y) -> Double.compare(y.cpuSeconds(), x.cpuSeconds()));
        return groups;
    }

    /** A thread name with its runs of digits folded to one {@code N}. */
    static String fold(String name) {
        return name == null ? "?" : name.replaceAll("[0-9]+", "N");
    }

    /** A markdown table of the groups, with CPU per unit of work ({@code per} units, e.g. requests). */
    static String markdown(List<Group> groups, long per, String unit) {
        StringBuilder md = new StringBuilder();
        md.append("| threads (digits folded) | count | user s | kernel s | µs CPU per ").append(unit)
                .append(" | context switches per ").append(unit).append(" (voluntary / involuntary) |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        double user = 0;
        double system = 0;
        long voluntary = 0;
        long involuntary = 0;
        for (Group g : groups) {
            md.append(String.format("| `%s` | %d | %.1f | %.1f | %.1f | %.2f / %.2f |%n", g.name(), g.threads(),
                    g.userSeconds(), g.systemSeconds(), 1e6 * g.cpuSeconds() / Math.max(1, per),
                    g.voluntarySwitches() / (double) Math.max(1, per),
                    g.involuntarySwitches() / (double) Math.max(1, per)));
            user += g.userSeconds();
            system += g.systemSeconds();
            voluntary += g.voluntarySwitches();
            involuntary += g.involuntarySwitches();
        }
        md.append(String.format("| all | | %.1f | %.1f | %.1f | %.2f / %.2f |%n%n", user, system,
                1e6 * (user + system) / Math.max(1, per), voluntary / (double) Math.max(1, per),
                involuntary / (double) Math.max(1, per)));
        return md.toString();
    }
}
