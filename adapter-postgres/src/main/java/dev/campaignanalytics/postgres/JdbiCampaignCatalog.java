package dev.campaignanalytics.postgres;

import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignListing;
import dev.campaignanalytics.core.domain.Page;
import dev.campaignanalytics.core.port.out.CampaignCatalog;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Campaigns kept in the table {@code marketing_campaigns}. */
final class JdbiCampaignCatalog implements CampaignCatalog {
    private static final String COLUMNS = "id, campaign_name, template_type, is_active, created_at, updated_at";
    private static final String LIST = Sql.statement(JdbiCampaignCatalog.class, "list");
    private static final RowMapper<Campaign> CAMPAIGN = (rs, ctx) -> new Campaign(
            new CampaignId(rs.getObject("id", UUID.class)),
            rs.getString("campaign_name"),
            rs.getString("template_type"),
            rs.getBoolean("is_active"),
            Sql.instant(rs, "created_at"),
            Sql.instant(rs, "updated_at"));

    /** Campaigns are never deleted: an id once found stays valid, so tracking checks it without a query. */
    private static final int MAX_REMEMBERED = 100_000;
    /** The most campaigns kept for reports; past it the memory starts again empty. */
    static final int MAX_REMEMBERED_FOR_REPORTS = 10_000;
    /**
     * How long a campaign read for reports is answered from memory: a change made through another catalog (another
     * server on the same database) shows in this one's reports at most this long after it was committed.
     */
    static final Duration REPORT_MEMORY = Duration.ofSeconds(5);

    private final Jdbi jdbi;
    private final Set<CampaignId> known = ConcurrentHashMap.newKeySet();
    private final long reportMemoryNanos;
    private final LongSupplier nanoTime;
    /** Campaigns as read for reports, each with the {@link #nanoTime} taken before it was read. */
    private final Map<CampaignId, Remembered> forReports = new ConcurrentHashMap<>();
    /** Guards additions to {@link #forReports} against a concurrent update, see {@link #remember}. */
    private final Object rememberLock = new Object();
    /** Counts the updates made through this catalog; a read that overlapped one is not remembered. */
    private volatile long updates;

    JdbiCampaignCatalog(Jdbi jdbi) {
        this(jdbi, REPORT_MEMORY, System::nanoTime);
    }

    /**
     * @param reportMemory how long a campaign read for reports may be answered from memory; zero for never
     * @param nanoTime a monotonic clock in nanoseconds, as {@link System#nanoTime()}
     */
    JdbiCampaignCatalog(Jdbi jdbi, Duration reportMemory, LongSupplier nanoTime) {
        this.jdbi = jdbi;
        this.reportMemoryNanos = reportMemory.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A campaign as read, and when: the time taken just before the statement that read it. */
    private record Remembered(Campaign campaign, long readBeforeNanos) {
    }

    @Override
    public void add(Campaign campaign) {
        Sql.withHandle(jdbi, "add a campaign", h -> bindCampaign(h.createUpdate(
                "INSERT INTO marketing_campaigns (" + COLUMNS + ") "
                        + "VALUES (:id, :name, :templateType, :active, :createdAt, :updatedAt)"), campaign)
                .execute());
    }

    @Override
    public Optional<Campaign> find(CampaignId id) {
        return Sql.withHandle(jdbi, "find a campaign", h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM marketing_campaigns WHERE id = :id")
                .bind("id", id.value())
                .map(CAMPAIGN)
                .findOne());
    }

    @Override
    public Map<CampaignId, Campaign> findAll(Collection<CampaignId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<UUID> values = ids.stream().map(CampaignId::value).distinct().toList();
        List<Campaign> found = Sql.withHandle(jdbi, "find campaigns", h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM marketing_campaigns WHERE id = ANY (:ids)")
                .bindArray("ids", UUID.class, values)
                .map(CAMPAIGN)
                .list());
        Map<CampaignId, Campaign> byId = new LinkedHashMap<>();
        for (Campaign c : found) {
            byId.put(c.id(), c);
        }
        return byId;
    }

    /**
     * Answered from memory for {@link #REPORT_MEMORY} after the campaign was read. An update through this catalog
     * replaces what is remembered at once; an update through another server shows here within that time. Campaigns
     * not found are never remembered, so a campaign created anywhere is found at once.
     */
    @Override
    public Optional<Campaign> findForReport(CampaignId id) {
        return Optional.ofNullable(findAllForReport(List.of(id)).get(id));
    }

    /** Like {@link #findForReport(CampaignId)}: only the campaigns not remembered are read, in one statement. */
    @Override
    public Map<CampaignId, Campaign> findAllForReport(Collection<CampaignId> ids) {
        Map<CampaignId, Campaign> byId = new LinkedHashMap<>();
        List<CampaignId> missing = new ArrayList<>();
        for (CampaignId id : ids) {
            Campaign remembered = recall(id);
            if (remembered != null) {
                byId.put(id, remembered);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            long updatesBefore = updates;
            long readBefore = nanoTime.getAsLong();
            Map<CampaignId, Campaign> found = findAll(missing);
            remember(found.values(), updatesBefore, readBefore);
            byId.putAll(found);
        }
        return byId;
    }

    private Campaign recall(CampaignId id) {
        Remembered r = forReports.get(id);
        return r != null && nanoTime.getAsLong() - r.readBeforeNanos() < reportMemoryNanos ? r.campaign() : null;
    }

    /**
     * Remembers campaigns just read, unless an update through this catalog began since {@code updatesBefore}: the
     * read may then hold the old fields, and remembering them would hide the update.
     */
    private void remember(Collection<Campaign> campaigns, long updatesBefore, long readBefore) {
        if (reportMemoryNanos <= 0 || campaigns.isEmpty()) {
            return;
        }
        synchronized (rememberLock) {
            if (updates != updatesBefore) {
                return;
            }
            if (forReports.size() + campaigns.size() > MAX_REMEMBERED_FOR_REPORTS) {
                forReports.clear();
            }
            for (Campaign c : campaigns) {
                forReports.put(c.id(), new Remembered(c, readBefore));
            }
        }
    }

    /** Forgets a campaign for reports, and keeps reads that overlap this moment from remembering anything. */
    private void forget(CampaignId id) {
        synchronized (rememberLock) {
            updates++;
            forReports.remove(id);
        }
    }

    @Override
    public Set<CampaignId> existing(Collection<CampaignId> ids) {
        List<CampaignId> unknown = null;
        for (CampaignId id : ids) {
            if (!known.contains(id)) {
                if (unknown == null) {
                    unknown = new ArrayList<>();
                }
                unknown.add(id);
            }
        }
        if (unknown == null) {
            return Set.copyOf(ids);
        }
        List<UUID> values = unknown.stream().map(CampaignId::value).distinct().toList();
        List<UUID> found = Sql.withHandle(jdbi, "find campaigns", h -> h.createQuery(
                        "SELECT id FROM marketing_campaigns WHERE id = ANY (:ids)")
                .bindArray("ids", UUID.class, values)
                .mapTo(UUID.class)
                .list());
        if (known.size() + found.size() > MAX_REMEMBERED) {
            known.clear();
        }
        Set<CampaignId> existing = new HashSet<>();
        for (CampaignId id : ids) {
            if (known.contains(id)) {
                existing.add(id);
            }
        }
        for (UUID id : found) {
            CampaignId c = new CampaignId(id);
            known.add(c);
            existing.add(c);
        }
        return existing;
    }

    @Override
    public boolean update(Campaign campaign) {
        // Forgotten before and after: a read for reports that overlaps the statement is not remembered, and what was
        // remembered before is gone once the update is committed.
        forget(campaign.id());
        try {
            int changed = Sql.withHandle(jdbi, "update a campaign", h -> bindCampaign(h.createUpdate(
                    "UPDATE marketing_campaigns SET campaign_name = :name, template_type = :templateType, "
                            + "is_active = :active, created_at = :createdAt, updated_at = :updatedAt WHERE id = :id"),
                    campaign)
                    .execute());
            return changed == 1;
        } finally {
            forget(campaign.id());
        }
    }

    @Override
    public Page<Campaign> list(CampaignListing listing) {
        List<String> conditions = new ArrayList<>();
        if (listing.active() != null) {
            conditions.add("is_active = :active");
        }
        if (listing.nameContains() != null) {
            // Backslash is LIKE's default escape character, the one escapeLike uses.
            conditions.add("campaign_name ILIKE :namePattern");
        }
        String where = conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
        List<ListingRow> rows = Sql.withHandle(jdbi, "list campaigns", h -> bindListing(h.createQuery(LIST), listing)
                .define("where", where)
                .bind("limit", listing.limit())
                .bind("offset", listing.offset())
                .map((rs, ctx) -> new ListingRow(rs.getLong("total"),
                        rs.getObject("id") == null ? null : CAMPAIGN.map(rs, ctx)))
                .list());
        long total = rows.isEmpty() ? 0 : rows.get(0).total();
        List<Campaign> items = rows.stream().map(ListingRow::campaign).filter(Objects::nonNull).toList();
        return new Page<>(items, listing.offset(), listing.limit(), total);
    }

    /** A row of a listing: the number of matching campaigns, and one campaign of the page unless it is empty. */
    private record ListingRow(long total, Campaign campaign) {
    }

    private static <S extends SqlStatement<S>> S bindCampaign(S statement, Campaign c) {
        return statement
                .bind("id", c.id().value())
                .bind("name", c.name())
                .bind("templateType", c.templateType())
                .bind("active", c.active())
                .bind("createdAt", Sql.timestamp(c.createdAt()))
                .bind("updatedAt", Sql.timestamp(c.updatedAt()));
    }

    private static <S extends SqlStatement<S>> S bindListing(S statement, CampaignListing listing) {
        if (listing.active() != null) {
            statement.bind("active", listing.active().booleanValue());
        }
        if (listing.nameContains() != null) {
            statement.bind("namePattern", "%" + escapeLike(listing.nameContains()) + "%");
        }
        return statement;
    }

    /** The text as a LIKE pattern that matches only itself: its wildcards and escape character are escaped. */
    static String escapeLike(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '%' || c == '_') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
