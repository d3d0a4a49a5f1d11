package io.stampede.search;

/**
 * The data of a search's own feed events, one record per kind (docs/API.md, "Capacity search"),
 * serialized in snake_case like the run feed's {@code feed.FeedPayloads}. The {@code search}
 * event's data is the {@link SearchResult} itself. Here, not in {@code feed}: they carry a
 * search's types, and {@code feed} must not depend on {@code search}.
 */
final class SearchPayloads {
    private SearchPayloads() {
    }

    /** {@code level}: a level's run started; {@code index} counts the levels before it. */
    record Level(String searchId, double target, String unit, String runId, int index) {
    }

    /** {@code done}: the search is over; {@code search} is its result as search.json holds it. */
    record Done(String searchId, String status, SearchResult search) {
    }
}
