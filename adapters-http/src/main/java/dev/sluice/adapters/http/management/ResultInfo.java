package dev.sluice.adapters.http.management;

import io.micronaut.serde.annotation.Serdeable;

/** Pagination of a v4 list: the page shown, its size, how many it holds and how many matched in all. */
@Serdeable
record ResultInfo(int page, int per_page, int count, long total_count, long total_pages) {

    static ResultInfo of(int page, int perPage, int count, long total) {
        return new ResultInfo(page, perPage, count, total, (total + perPage - 1) / perPage);
    }
}
