package io.stampede.feed;

/**
 * One event of a run's live feed: an increasing id (per run), a type ({@code status},
 * {@code progress}, {@code metrics}, {@code event}, {@code worker}, {@code done}) and its JSON
 * data. The SSE endpoint writes it as {@code id:}, {@code event:} and {@code data:} lines.
 */
public record FeedEvent(long id, String type, String json) {
}
