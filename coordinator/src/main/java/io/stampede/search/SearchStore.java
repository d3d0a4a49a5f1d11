package io.stampede.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.report.SearchReport;
import io.stampede.results.ResultsJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A search's folder, {@code <data-dir>/<search-id>/}: {@code search.json} (the {@link SearchResult},
 * rewritten after every level) and {@code report.html} (the curves, once it is over). Written on
 * one ordered worker thread, never on an event loop.
 */
final class SearchStore {
    static final String RESULT = "search.json";
    static final String REPORT = "report.html";
    private static final Logger LOG = LoggerFactory.getLogger(SearchStore.class);

    private final Vertx vertx;

    SearchStore(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Writes search.json (and report.html once over), in order; the future ends when they are on disk. */
    Future<Void> save(CapacitySearch search) {
        SearchResult result = search.result();
        Path folder = search.folder();
        return vertx.<Void>executeBlocking(() -> {
            Files.createDirectories(folder);
            Path tmp = folder.resolve(RESULT + ".tmp");
            Files.writeString(tmp, ResultsJson.PRETTY.writeValueAsString(result));
            Files.move(tmp, folder.resolve(RESULT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (!"running".equals(result.status())) {
                Files.writeString(folder.resolve(REPORT), SearchReport.render(ResultsJson.MAPPER.valueToTree(result)));
            }
            return null;
        }, true).onFailure(e -> LOG.warn("search {}: cannot write its files: {}", result.id(), e.getMessage()))
                .recover(e -> Future.succeededFuture());
    }

    /** A past search's result from its folder. Blocking. */
    static Optional<SearchResult> read(Path folder) throws IOException {
        Path file = folder.resolve(RESULT);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(ResultsJson.MAPPER.readValue(Files.readString(file), SearchResult.class));
    }
}
