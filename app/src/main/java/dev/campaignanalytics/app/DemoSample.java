package dev.campaignanalytics.app;

import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.Dimensions;
import dev.campaignanalytics.core.domain.EventType;
import dev.campaignanalytics.core.domain.TrackedEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's sample: six campaigns over the 90 days that end on {@code lastDay} (UTC), about {@code totalEvents}
 * events in all, made up deterministically from a seed, so that the same day of the same campaign always gives the
 * same events with the same {@code event_id}s (a load that was cut short goes on without duplicates).
 *
 * <p>What it looks like: every impression may lead to a view, a view to a click, a click to a conversion, each a
 * little later and with the same channel, device and segment, so impressions ≫ views ≫ clicks ≫ conversions and
 * every rate stays below 100 %. Traffic follows the day (quiet nights, an evening peak) and the week (weekend dips;
 * the newsletter's Tuesday send). Each campaign has its own channel, device and segment mix, funnel and trend; two
 * change in the last 7 days (one's click-through rises, one's conversion rate falls), one started 45 days ago, and
 * one stopped 10 days ago, so that period changes and their significance have something to show.
 */
final class DemoSample {
    static final int DAYS = 90;
    /** The newest days whose changed rates ({@link Spec#changedClicks}, {@link Spec#changedConversions}) apply. */
    static final int CHANGED_DAYS = 7;

    /** Traffic by hour of the day (UTC), relative. */
    private static final double[] HOURS = {0.25, 0.18, 0.14, 0.12, 0.12, 0.18, 0.35, 0.6, 0.85, 1.0, 1.05, 1.1,
            1.2, 1.15, 1.05, 1.0, 1.05, 1.15, 1.4, 1.7, 1.85, 1.7, 1.2, 0.6};
    private static final double HOURS_SUM = java.util.Arrays.stream(HOURS).sum();

    /** Values and their relative weights. */
    record Mix(List<String> values, double[] weights) {
        static Mix of(Object... valueWeightPairs) {
            List<String> values = new ArrayList<>();
            double[] weights = new double[valueWeightPairs.length / 2];
            for (int i = 0; i < valueWeightPairs.length; i += 2) {
                values.add((String) valueWeightPairs[i]);
                weights[i / 2] = ((Number) valueWeightPairs[i + 1]).doubleValue();
            }
            return new Mix(List.copyOf(values), weights);
        }

        String pick(SplittableRandom rnd) {
            double total = 0;
            for (double w : weights) {
                total += w;
            }
            double r = rnd.nextDouble() * total;
            for (int i = 0; i < weights.length; i++) {
                r -= weights[i];
                if (r < 0) {
                    return values.get(i);
                }
            }
            return values.get(values.size() - 1);
        }
    }

    /**
     * One campaign of the sample.
     *
     * @param share              its part of all events
     * @param viewRate           views per impression
     * @param clickRate          clicks per view
     * @param conversionRate     conversions per click
     * @param firstDayBack       the oldest day it has events, in days before the last day (89: all 90 days)
     * @param lastDayBack        the newest day it has events (0: up to the last day)
     * @param growth             its daily traffic on its last day over that on its first
     * @param changedClicks      factor on its click rate in the last {@value #CHANGED_DAYS} days
     * @param changedConversions factor on its conversion rate in the last {@value #CHANGED_DAYS} days
     * @param tuesdayFactor      factor on its traffic on Tuesdays (a weekly send)
     * @param activeAtEnd        whether it is still active
     */
    record Spec(String name, String templateType, double share, double viewRate, double clickRate,
                double conversionRate, Mix channels, Mix devices, Mix segments, int firstDayBack, int lastDayBack,
                double growth, double changedClicks, double changedConversions, double tuesdayFactor,
                boolean activeAtEnd) {
        double eventsPerImpression() {
            return 1 + viewRate * (1 + clickRate * (1 + conversionRate));
        }
    }

    static final List<Spec> CAMPAIGNS = List.of(
            new Spec("Spring Sale (email)", "email", 0.22, 0.32, 0.07, 0.09,
                    Mix.of("email", 70, "social", 15, "search", 15),
                    Mix.of("desktop", 55, "mobile", 40, "tablet", 5),
                    Mix.of("returning", 50, "loyal", 30, "new", 20),
                    89, 0, 1.1, 1.6, 1.0, 1.0, true),
            new Spec("Summer Launch (social)", "video", 0.26, 0.22, 0.045, 0.06,
                    Mix.of("social", 65, "display", 20, "search", 15),
                    Mix.of("mobile", 75, "desktop", 20, "tablet", 5),
                    Mix.of("new", 55, "returning", 30, "lapsed", 15),
                    89, 0, 2.0, 1.0, 1.0, 1.0, true),
            new Spec("Retargeting (display)", "banner", 0.18, 0.18, 0.08, 0.2,
                    Mix.of("display", 80, "social", 20),
                    Mix.of("desktop", 50, "mobile", 45, "tablet", 5),
                    Mix.of("lapsed", 50, "returning", 50),
                    89, 0, 1.0, 1.0, 0.5, 1.0, true),
            new Spec("Brand Search", "text", 0.14, 0.45, 0.12, 0.08,
                    Mix.of("search", 90, "display", 10),
                    Mix.of("desktop", 60, "mobile", 35, "tablet", 5),
                    Mix.of("new", 40, "returning", 40, "loyal", 20),
                    89, 0, 1.0, 1.0, 1.0, 1.0, true),
            new Spec("Black Friday Teaser (push)", "push", 0.12, 0.28, 0.06, 0.11,
                    Mix.of("push", 60, "email", 40),
                    Mix.of("mobile", 85, "tablet", 10, "desktop", 5),
                    Mix.of("loyal", 45, "returning", 35, "new", 20),
                    44, 0, 3.0, 1.0, 1.0, 1.0, true),
            new Spec("Weekly Newsletter", "email", 0.08, 0.38, 0.05, 0.05,
                    Mix.of("email", 100),
                    Mix.of("desktop", 45, "mobile", 50, "tablet", 5),
                    Mix.of("loyal", 60, "returning", 40),
                    89, 10, 1.0, 1.0, 1.0, 3.5, false));

    private final LocalDate lastDay;
    private final long seed;
    private final double[] impressionsPerWeight;

    DemoSample(LocalDate lastDay, long totalEvents, long seed) {
        this.lastDay = lastDay;
        this.seed = seed;
        this.impressionsPerWeight = new double[CAMPAIGNS.size()];
        for (int c = 0; c < CAMPAIGNS.size(); c++) {
            Spec spec = CAMPAIGNS.get(c);
            double weights = 0;
            for (int back = 0; back < DAYS; back++) {
                weights += dayWeight(spec, back);
            }
            impressionsPerWeight[c] = totalEvents * spec.share() / spec.eventsPerImpression() / weights;
        }
    }

    LocalDate lastDay() {
        return lastDay;
    }

    LocalDate firstDay() {
        return lastDay.minusDays(DAYS - 1);
    }

    /** How much traffic a campaign has on a day, relative: its trend, the weekday, its weekly send. */
    private double dayWeight(Spec spec, int back) {
        if (back > spec.firstDayBack() || back < spec.lastDayBack()) {
            return 0;
        }
        LocalDate day = lastDay.minusDays(back);
        double span = Math.max(1, spec.firstDayBack() - spec.lastDayBack());
        double trend = Math.pow(spec.growth(), (spec.firstDayBack() - back) / span);
        double weekday = switch (day.getDayOfWeek()) {
            case MONDAY, THURSDAY -> 1.0;
            case TUESDAY -> 1.05 * spec.tuesdayFactor();
            case WEDNESDAY -> 1.05;
            case FRIDAY -> 0.9;
            case SATURDAY -> 0.62;
            case SUNDAY -> 0.7;
        };
        return trend * weekday;
    }

    /**
     * The events of campaign number {@code c} ({@link #CAMPAIGNS} order) on the day {@code back} days before the last,
     * in time order, without those after {@code now}. Each has the {@code event_id} {@code demo-<date>-<n>}.
     */
    List<TrackedEvent> events(int c, CampaignId id, int back, Instant now) {
        Spec spec = CAMPAIGNS.get(c);
        LocalDate day = lastDay.minusDays(back);
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + c * 100_019L + day.toEpochDay());
        double expected = impressionsPerWeight[c] * dayWeight(spec, back);
        List<TrackedEvent> events = new ArrayList<>((int) (expected * spec.eventsPerImpression() * 1.2) + 16);
        if (expected <= 0) {
            return events;
        }
        boolean changed = back < CHANGED_DAYS;
        double clickRate = spec.clickRate() * (changed ? spec.changedClicks() : 1);
        double conversionRate = spec.conversionRate() * (changed ? spec.changedConversions() : 1);
        Instant midnight = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        int[] seq = {0};
        for (int hour = 0; hour < 24; hour++) {
            double lambda = expected * HOURS[hour] / HOURS_SUM;
            long n = Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rnd.nextGaussian()));
            // evenings click a little more
            double clickBoost = hour >= 18 && hour <= 22 ? 1.15 : 1.0;
            for (long i = 0; i < n; i++) {
                Instant at = midnight.plusSeconds(hour * 3600L + rnd.nextInt(3600));
                Dimensions dims = new Dimensions(spec.segments().pick(rnd), spec.channels().pick(rnd),
                        spec.devices().pick(rnd));
                add(events, id, EventType.IMPRESSION, at, dims, day, seq, now);
                if (rnd.nextDouble() >= spec.viewRate()) {
                    continue;
                }
                at = at.plusSeconds(1 + rnd.nextInt(30));
                add(events, id, EventType.VIEW, at, dims, day, seq, now);
                if (rnd.nextDouble() >= clickRate * clickBoost) {
                    continue;
                }
                at = at.plusSeconds(5 + rnd.nextInt(300));
                add(events, id, EventType.CLICK, at, dims, day, seq, now);
                if (rnd.nextDouble() >= conversionRate) {
                    continue;
                }
                at = at.plusSeconds(30 + rnd.nextInt(1800));
                add(events, id, EventType.CONVERSION, at, dims, day, seq, now);
            }
        }
        return events;
    }

    private static void add(List<TrackedEvent> events, CampaignId id, EventType type, Instant at, Dimensions dims,
                            LocalDate day, int[] seq, Instant now) {
        int n = seq[0]++;
        if (at.isAfter(now)) {
            return;
        }
        events.add(new TrackedEvent(id, type, at, dims, null, null, null, null, null, null, "demo-" + day + "-" + n));
    }
}
