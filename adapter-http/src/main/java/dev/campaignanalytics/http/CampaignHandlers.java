package dev.campaignanalytics.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.campaignanalytics.core.domain.Campaign;
import dev.campaignanalytics.core.domain.CampaignId;
import dev.campaignanalytics.core.domain.CampaignListing;
import dev.campaignanalytics.core.domain.InvalidInputException;
import dev.campaignanalytics.core.domain.Page;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.CreateCampaignCommand;
import dev.campaignanalytics.core.port.in.ManageCampaignsUseCase.UpdateCampaignCommand;
import dev.campaignanalytics.http.Envelope.Success;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The admin routes that create, read, change and list campaigns. Bodies are strict: a field the API does not know,
 * or a value of the wrong JSON type, is a client error naming that field.
 */
final class CampaignHandlers {
    /** Admin bodies are a handful of short fields; anything larger is not a campaign. */
    static final long MAX_BODY_BYTES = 64 * 1024;

    private final ManageCampaignsUseCase campaigns;
    private final RequestBodies bodies;
    private final int maxPageSize;

    /** @param maxPageSize the largest page of campaigns a list may be asked for (at most the core's own maximum) */
    CampaignHandlers(ManageCampaignsUseCase campaigns, RequestBodies bodies, int maxPageSize) {
        this.campaigns = campaigns;
        this.bodies = bodies;
        this.maxPageSize = maxPageSize;
    }

    /** A campaign as the API shows it. */
    record CampaignView(String id, String campaignName, String templateType, boolean isActive, Instant createdAt,
                        Instant updatedAt) {
        static CampaignView of(Campaign c) {
            return new CampaignView(c.id().toString(), c.name(), c.templateType(), c.active(), c.createdAt(),
                    c.updatedAt());
        }
    }

    /**
     * One page of campaigns, newest first.
     *
     * @param total      how many campaigns match in all
     * @param nextOffset the offset of the next page, {@code null} on the last page
     */
    record CampaignPageView(List<CampaignView> campaigns, long total, int limit, int offset, Integer nextOffset,
                            boolean hasMore) {
        static CampaignPageView of(Page<Campaign> page) {
            return new CampaignPageView(page.items().stream().map(CampaignView::of).toList(), page.total(),
                    page.limit(), page.offset(), page.nextOffset(), page.hasMore());
        }
    }

    /** The parameters of the campaign list. */
    static final List<String> LIST_PARAMS = List.of("limit", "offset", "is_active", "q");

    /**
     * {@code GET /admin/campaigns?limit&offset&is_active&q}. As on the report routes, a parameter given twice, given
     * empty or not one of these is refused, so that a typo such as {@code is_activ=true} cannot pass for the whole
     * list.
     */
    void list(Context ctx) {
        Violations query = new Violations();
        QueryParams.refuseUnknown(ctx, query, LIST_PARAMS);
        Integer limit = query.read(() -> QueryParams.pageSize("limit", QueryParams.single(ctx, "limit"),
                CampaignListing.DEFAULT_LIMIT, CampaignListing.MAX_LIMIT, maxPageSize));
        Integer offset = query.read(() -> QueryParams.integer("offset", QueryParams.single(ctx, "offset"), 0));
        Boolean active = query.read(() -> QueryParams.bool("is_active", QueryParams.single(ctx, "is_active")));
        String q = query.read(() -> QueryParams.single(ctx, "q"));
        query.throwIfInvalid();
        Page<Campaign> page = campaigns.list(new CampaignListing(active, q, limit, offset));
        ctx.json(Success.of(CampaignPageView.of(page)));
    }

    /** {@code GET /admin/campaigns/{id}} */
    void get(Context ctx) {
        CampaignId id = CampaignId.parse("id", ctx.pathParam("id"));
        ctx.json(Success.of(CampaignView.of(campaigns.get(id))));
    }

    /** {@code POST /admin/campaigns}: {@code campaign_name} (required), {@code template_type}, {@code is_active}. */
    void create(Context ctx) {
        JsonFields body = JsonFields.of(bodies.readJson(ctx, MAX_BODY_BYTES), "body");
        String name = body.read(() -> body.text("campaign_name"));
        String templateType = body.read(() -> body.text("template_type"));
        Boolean active = body.read(() -> body.bool("is_active"));
        body.rejectUnknownFields();
        body.throwIfInvalid();
        Campaign created = campaigns.create(new CreateCampaignCommand(name, templateType, active));
        ctx.status(201).json(Success.of(CampaignView.of(created)));
    }

    /**
     * {@code PUT /admin/campaigns/{id}}: changes the fields given and leaves the others; {@code "template_type": null}
     * clears the template type, while {@code null} for a field that cannot be empty is refused.
     */
    void update(Context ctx) {
        CampaignId id = CampaignId.parse("id", ctx.pathParam("id"));
        JsonNode json = bodies.readJson(ctx, MAX_BODY_BYTES);
        JsonFields body = JsonFields.of(json, "body");
        String name = body.read(() -> nonNullIfPresent(body, "campaign_name") ? body.text("campaign_name") : null);
        Optional<String> templateType = body.read(() -> body.isPresent("template_type")
                ? Optional.ofNullable(body.text("template_type")) : null);
        Boolean active = body.read(() -> nonNullIfPresent(body, "is_active") ? body.bool("is_active") : null);
        body.rejectUnknownFields();
        body.throwIfInvalid();
        Campaign changed = campaigns.update(new UpdateCampaignCommand(id, name, templateType, active));
        ctx.json(Success.of(CampaignView.of(changed)));
    }

    /** Whether the field is given with a value; {@code null} is refused for a field that cannot be cleared. */
    private static boolean nonNullIfPresent(JsonFields body, String field) {
        if (!body.isPresent(field)) {
            return false;
        }
        if (body.node(field) == null) {
            throw new InvalidInputException(field, "must not be null");
        }
        return true;
    }
}
