/**
 * The PostgreSQL adapter: campaigns, raw events and their counts kept in PostgreSQL 17, behind the core's outgoing
 * ports. {@link dev.campaignanalytics.postgres.PostgresAdapters} is the way in; the stores themselves are
 * package-private. {@link dev.campaignanalytics.postgres.EmbeddedPostgresServer} runs a PostgreSQL without an
 * installation, for development and tests.
 *
 * <p>Tables: {@code marketing_campaigns} (one row per campaign) and {@code campaign_analytics} (one row per event,
 * with {@code created_at} = when the event happened). Their schema comes only from the Flyway migrations in
 * {@code db/migration}.
 *
 * <p>The live feed follows events by their position, {@code campaign_analytics.seq}, which appends hand out in commit
 * order, and hears of new ones through {@code LISTEN/NOTIFY}: see {@code FeedPositions} and {@code PositionListener}.
 */
package dev.campaignanalytics.postgres;
