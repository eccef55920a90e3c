package dev.campaignanalytics.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What machine the benchmark ran on. */
record Machine(int cores, String cpuModel, String memory, String java, String os) {
    static Machine describe() {
        String model = "?";
        String memory = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            List<String> mem = Files.readAllLines(Path.of("/proc/meminfo"));
            for (String line : mem) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    memory = String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // leave what is unknown as "?"
        }
        String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new Machine(Runtime.getRuntime().availableProcessors(), model, memory, java, os);
    }
}
