package dev.campaignanalytics.app;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.postgres.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code import} command on the PostgreSQL test database, in-process and as its own process. */
class ImportCommandTest {
    @RegisterExtension
    static final PostgresTestDatabase db = new PostgresTestDatabase();

    private static final Path DIR = Path.of("target", "import-test");
    private static final Pattern SUMMARY = Pattern.compile(
            "accepted: +([\\d,]+) new events[\\s\\S]*duplicates: +([\\d,]+)[\\s\\S]*rejected: +([\\d,]+)");
    private static final Pattern PROGRESS = Pattern.compile("^progress: +(\\d+)%");

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {
        long accepted() {
            return summary(1);
        }

        long duplicates() {
            return summary(2);
        }

        long rejected() {
            return summary(3);
        }

        private long summary(int group) {
            Matcher m = SUMMARY.matcher(out);
            assertThat(m.find()).as("a summary in: %s", out).isTrue();
            return Long.parseLong(m.group(group).replace(",", ""));
        }
    }

    private static Map<String, String> env() {
        return DatabaseVariables.of(db);
    }

    private static Run importFile(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "import";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = Main.run(env(), new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(code, out.toString(), err.toString());
    }

    private static CampaignId campaign(String name) {
        Instant now = Instant.now();
        Campaign campaign = new Campaign(CampaignId.random(), name, null, true, now, now);
        db.adapters().campaignCatalog().add(campaign);
        return campaign.id();
    }

    private static long count(String sql) {
        try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(String name, String content) throws IOException {
        Files.createDirectories(DIR);
        Path file = DIR.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aHundredThousandLinesInterruptedBySigtermPartWayThenRunAgainAreStoredExactlyOnce() throws Exception {
        CampaignId a = campaign("Bulk A");
        CampaignId b = campaign("Bulk B");
        Files.createDirectories(DIR);
        Path file = DIR.resolve("bulk-100k.csv");
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        String[] types = {"impression", "view", "click", "conversion"};
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("campaign_id,event_type,occurred_at,channel,device_type,event_id\n");
            for (int i = 0; i < 100_000; i++) {
                // every other line has no event_id and is known by its derived key
                w.write((i % 3 == 0 ? b : a) + "," + types[i % 4] + "," + start.plusSeconds(i * 7L) + ","
                        + (i % 2 == 0 ? "email" : "social") + ",mobile," + (i % 2 == 0 ? "" : "e-" + i) + "\n");
            }
        }

        // First run, as its own process: SIGTERM once it has got some way through the file
        MainProcess run = MainProcess.start(List.of(), env(), false,
                "import", file.toString(), "--transaction-size", "2000");
        Process process = run.process();
        try {
            int percent = 0;
            while (percent < 20) {
                String line = run.nextLine(90, TimeUnit.SECONDS);
                assertThat(line).as("progress lines; so far: %s", run.lines()).isNotNull();
                Matcher m = PROGRESS.matcher(line);
                if (m.find()) {
                    percent = Integer.parseInt(m.group(1));
                }
            }
            assertThat(percent).as("interrupted part-way").isLessThan(100);
            assertThat(process.toHandle().destroy()).isTrue(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            run.awaitOutput();
        } finally {
            process.destroyForcibly();
        }
        String first = String.join("\n", run.lines());
        assertThat(process.exitValue()).as(first).isNotZero();
        assertThat(first).contains("Import INTERRUPTED").contains("Run the same command again");
        Run interrupted = new Run(process.exitValue(), first, "");
        long storedFirst = count("SELECT count(*) FROM campaign_analytics");
        assertThat(storedFirst).as("what the summary says was stored is what is stored")
                .isEqualTo(interrupted.accepted())
                .isGreaterThan(0).isLessThan(100_000);

        // Second run: completes; what the first stored counts as duplicates, nothing is stored twice
        Run second = importFile(file.toString());
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.rejected()).isZero();
        assertThat(second.duplicates()).isEqualTo(storedFirst);
        assertThat(second.accepted() + second.duplicates()).isEqualTo(100_000);
        assertThat(count("SELECT count(*) FROM campaign_analytics")).isEqualTo(100_000);
        assertThat(count("SELECT count(DISTINCT (campaign_id, client_event_id)) FROM campaign_analytics"))
                .isEqualTo(100_000);
        assertThat(count("SELECT count(*) FROM campaign_analytics WHERE client_event_id LIKE 'import-%'"))
                .as("lines without event_id got derived keys").isEqualTo(50_000);
    }

    @Test
    void theSameEventsAsCsvAndAsNdjsonWithoutEventIdsAreStoredOnceAndIdenticalLinesAreOneEvent()
            throws Exception {
        CampaignId c = campaign("Formats");
        Path csv = write("same.csv", "event_type,campaign_id,occurred_at,channel,event_data\n"
                + "view," + c + ",2025-03-01T10:00:00Z,email,\"{\"\"k\"\": 1}\"\n"
                + "click," + c + ",2025-03-01T10:05:00+01:00,email,\n"
                + "click," + c + ",2025-03-01T10:05:00+01:00,email,\n");
        Path ndjson = write("same.ndjson",
                "{\"campaign_id\":\"" + c + "\",\"event_type\":\"view\",\"channel\":\"email\","
                        + "\"occurred_at\":\"2025-03-01T11:00:00+01:00\",\"event_data\":{\"k\":1}}\n"
                        + "\n"
                        + "{ \"occurred_at\": \"2025-03-01T09:05:00Z\", \"event_type\": \"click\", "
                        + "\"campaign_id\": \"" + c + "\", \"channel\": \"email\" }\n");

        Run fromCsv = importFile(csv.toString());
        assertThat(fromCsv.exitCode()).as(fromCsv.out() + fromCsv.err()).isZero();
        assertThat(fromCsv.accepted()).isEqualTo(2);
        assertThat(fromCsv.duplicates()).as("the repeated line is the same event").isEqualTo(1);

        Run fromNdjson = importFile(ndjson.toString());
        assertThat(fromNdjson.exitCode()).as(fromNdjson.out() + fromNdjson.err()).isZero();
        assertThat(fromNdjson.accepted()).isZero();
        assertThat(fromNdjson.duplicates()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM campaign_analytics")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM campaign_analytics WHERE client_event_id LIKE 'import-%'"))
                .isEqualTo(2);
    }

    @Test
    void rejectedRecordsAreListedByLineNumberAndTheRestIsStored() throws Exception {
        CampaignId c = campaign("Rejections");
        String unknown = "00000000-0000-4000-8000-000000000000";
        Path ndjson = write("mixed.ndjson",
                "{\"campaign_id\":\"" + c + "\",\"event_type\":\"view\",\"occurred_at\":\"2025-01-01T00:00:00Z\"}\n"
                        + "{not json\n"
                        + "\n"
                        + "{\"campaign_id\":\"" + unknown + "\",\"event_type\":\"view\","
                        + "\"occurred_at\":\"2025-01-01T00:00:00Z\"}\n"
                        + "{\"campaign_id\":\"" + c + "\",\"event_type\":\"purchase\","
                        + "\"occurred_at\":\"2025-01-01T00:00:00Z\"}\n"
                        + "{\"campaign_id\":\"" + c + "\",\"event_type\":\"click\",\"occurred_at\":\"2999-01-01T00:00:00Z\"}\n"
                        + "{\"campaign_id\":\"" + c + "\",\"event_type\":\"click\",\"event_id\":\"x-1\","
                        + "\"occurred_at\":\"2025-01-01T00:00:00Z\"}");
        Run run = importFile(ndjson.toString(), "--transaction-size", "2");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.accepted()).isEqualTo(2);
        assertThat(run.rejected()).isEqualTo(4);
        assertThat(run.out())
                .contains("line 2: event is not valid JSON")
                .contains("line 4: campaign_id campaign not found")
                .contains("line 5: event_type ")
                .contains("line 6: occurred_at must be at most")
                .doesNotContain("line 3:");
        assertThat(run.out().indexOf("line 2:")).isLessThan(run.out().indexOf("line 4:"));

        Path csv = write("mixed.csv", "campaign_id,event_type,occurred_at\n"
                + c + ",view,2025-01-01T00:00:00Z\n"
                + c + ",view\n"
                + c + ",view,yesterday\n"
                + "\"" + c + "\",\"click\",\"2025-01-01T00:00:01Z\"\n");
        Run fromCsv = importFile(csv.toString());
        assertThat(fromCsv.exitCode()).as(fromCsv.out() + fromCsv.err()).isZero();
        assertThat(fromCsv.out())
                .contains("line 3: event has 2 fields, the header has 3")
                .contains("line 4: occurred_at must be an ISO-8601 date-time");
        assertThat(fromCsv.accepted()).isEqualTo(1);
        assertThat(fromCsv.duplicates()).as("line 2 repeats the first file's first event").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM campaign_analytics")).isEqualTo(3);
    }

    @Test
    void withoutATerminalProgressIsPlainLinesEndingAtAHundredPercent() throws Exception {
        CampaignId c = campaign("Progress");
        StringBuilder s = new StringBuilder("campaign_id,event_type,occurred_at\n");
        for (int i = 0; i < 2_000; i++) {
            s.append(c).append(",impression,").append(Instant.parse("2025-02-01T00:00:00Z").plusSeconds(i))
                    .append('\n');
        }
        Run run = importFile(write("progress.csv", s.toString()).toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).doesNotContain("\r").contains("Import complete: 2,000 records read");
        List<String> progress = run.out().lines().filter(l -> l.startsWith("progress: ")).toList();
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).matches("progress: 100%  2,000 events  [\\d,]+ events/s  "
                + "took \\d+:\\d\\d");
    }

    @Test
    void aCsvHeaderWithAColumnTheApiDoesNotKnowIsRefusedBeforeAnythingIsStored() throws Exception {
        CampaignId c = campaign("Header");
        Run run = importFile(write("header.csv", "campaign_id,event_type,created\n" + c + ",view,x\n").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown columns [created]").contains("occurred_at");
        assertThat(count("SELECT count(*) FROM campaign_analytics")).isZero();
    }

    @Test
    void theFormatComesFromTheOptionElseTheExtensionElseTheFirstCharacter() throws Exception {
        Path csvNamedTxt = write("events.txt", "campaign_id,event_type\n");
        Path jsonNamedTxt = write("events2.txt", "\n  {\"campaign_id\":1}\n");
        assertThat(FileImport.Format.of(csvNamedTxt, null)).isEqualTo(FileImport.Format.CSV);
        assertThat(FileImport.Format.of(jsonNamedTxt, null)).isEqualTo(FileImport.Format.NDJSON);
        assertThat(FileImport.Format.of(Path.of("x.csv"), null)).isEqualTo(FileImport.Format.CSV);
        assertThat(FileImport.Format.of(Path.of("x.jsonl"), null)).isEqualTo(FileImport.Format.NDJSON);
        assertThat(FileImport.Format.of(Path.of("x.csv"), FileImport.Format.NDJSON))
                .isEqualTo(FileImport.Format.NDJSON);
    }
}
