package dev.campaignanalytics.core.domain;

import java.util.List;

/**
 * One page of a longer list.
 *
 * @param items  the items of this page, in list order
 * @param offset how many items come before this page in the whole list
 * @param limit  the most items a page holds
 * @param total  how many items the whole list holds
 */
public record Page<T>(List<T> items, int offset, int limit, long total) {
    /**
     * Takes an unmodifiable copy of the items.
     *
     * @param items the items of this page, in list order
     * @param offset how many items come before this page in the whole list
     * @param limit the most items a page holds
     * @param total how many items the whole list holds
     */
    public Page {
        items = List.copyOf(items);
    }

    /** {@return whether items follow this page} */
    public boolean hasMore() {
        return offset + (long) items.size() < total;
    }

    /** {@return the offset of the next page, or {@code null} when this is the last one} */
    public Integer nextOffset() {
        return hasMore() ? offset + items.size() : null;
    }
}
