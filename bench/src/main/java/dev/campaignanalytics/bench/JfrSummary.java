package dev.campaignanalytics.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the server's Java threads spent their CPU, from the {@code jdk.ExecutionSample} events of a JFR recording:
 * samples by thread (digits folded), by the method on top of the stack (self time), and by the campaign-analytics
 * methods anywhere on the stack (inclusive time).
 */
final class JfrSummary {
    private final int samples;
    private final Map<String, Integer> byThread;
    private final Map<String, Integer> selfByMethod;
    private final Map<String, Integer> inclusiveOurs;

    private JfrSummary(int samples, Map<String, Integer> byThread, Map<String, Integer> selfByMethod,
                       Map<String, Integer> inclusiveOurs) {
        this.samples = samples;
        this.byThread = byThread;
        this.selfByMethod = selfByMethod;
        this.inclusiveOurs = inclusiveOurs;
    }

    static JfrSummary read(Path file) throws IOException {
        int samples = 0;
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName())) {
                continue;
            }
            samples++;
            var thread = e.getThread("sampledThread");
            String threadName = thread == null || thread.getJavaName() == null ? "?"
                    : thread.getJavaName().replaceAll("\\d+", "N");
            threads.merge(threadName, 1, Integer::sum);
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String m = name(f.getMethod());
                if (m.startsWith("dev.campaignanalytics.") && seen.add(m)) {
                    ours.merge(m, 1, Integer::sum);
                }
            }
        }
        return new JfrSummary(samples, threads, self, ours);
    }

    private static String name(RecordedMethod m) {
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    /** Markdown: the top entries of each view, as a share of all samples. */
    String markdown(int top) {
        StringBuilder sb = new StringBuilder();
        sb.append(samples).append(" execution samples.\n\n");
        table(sb, "thread (digits folded)", byThread, top);
        table(sb, "hottest methods (self: top of stack)", selfByMethod, top);
        table(sb, "our methods on the stack (inclusive)", inclusiveOurs, top);
        return sb.toString();
    }

    private void table(StringBuilder sb, String title, Map<String, Integer> counts, int top) {
        sb.append("| ").append(title).append(" | samples | share |\n|---|---:|---:|\n");
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> sorted.put(en.getKey(), en.getValue()));
        sorted.forEach((k, v) -> sb.append("| `").append(k).append("` | ").append(v).append(" | ")
                .append(String.format("%.1f %%", samples == 0 ? 0.0 : 100.0 * v / samples)).append(" |\n"));
        sb.append('\n');
    }
}
