package io.stampede.search;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.stampede.feed.RunFeed;
import io.stampede.run.RunIds;
import io.stampede.run.RunManager;
import io.stampede.scenario.InvalidScenarioException;
import io.stampede.scenario.Load;
import io.stampede.scenario.Scenario;
import io.stampede.scenario.ScenarioError;
import io.stampede.scenario.ScenarioLoader;
import io.stampede.scenario.ScenarioSource;
import io.vertx.core.Future;

/**
 * The coordinator's capacity searches: submit (the scenario validated and its load checked, then
 * the levels run as the coordinator's own runs), look up (live, or a past one from its folder) and
 * stop. A search's id is {@code search-<run id shape>}, safe as a folder name.
 */
public final class SearchManager {
    private static final String PREFIX = "search-";

    private final RunManager runs;
    private final SearchStore store;
    private final Map<String, CapacitySearch> searches = new ConcurrentHashMap<>();

    public SearchManager(RunManager runs) {
        this.runs = runs;
        this.store = new SearchStore(runs.vertx());
    }

    public static boolean isSearchId(String text) {
        return text != null && text.startsWith(PREFIX) && RunIds.isRunId(text.substring(PREFIX.length()));
    }

    /** Validates the scenario and its load, then starts the search; fails with {@link InvalidScenarioException}. */
    public Future<CapacitySearch> submit(ScenarioSource source, SearchOptions options) {
        return runs.vertx().executeBlocking(() -> ScenarioLoader.load(source)).compose(scenario -> {
            try {
                return Future.succeededFuture(start(source, scenario, options));
            } catch (InvalidScenarioException e) {
                return Future.failedFuture(e);
            }
        });
    }

    private CapacitySearch start(ScenarioSource source, Scenario scenario, SearchOptions options) throws InvalidScenarioException {
        Load load = scenario.load();
        if (load.hasStages()) {
            throw invalid("load.stages", "a capacity search sets the load itself: give users (closed model) or arrival_rate"
                    + " (open model), not stages");
        }
        boolean open = load.isOpenModel();
        double start = options.start() != null ? options.start() : open ? load.arrivalRate().perSecond() : Math.max(1, load.users());
        int limit = runs.options().maxUsers();
        double max = options.max() != null ? options.max() : open ? start * 32 : limit;
        if (!open && max > limit) {
            throw invalid("--max-users", "this coordinator runs at most " + limit + " users (--max-users of the coordinator):"
                    + " search up to " + limit + " or fewer");
        }
        if (!open && (start != Math.rint(start) || max != Math.rint(max))) {
            throw invalid("--start", "users are whole numbers");
        }
        start = Math.min(start, max);
        Duration warmup = options.warmup() != null ? options.warmup() : load.rampUp().plusSeconds(5);
        String id = PREFIX + RunIds.next();
        CapacitySearch search = new CapacitySearch(id, scenario.name(), source, options, open, start, max, warmup, runs,
                new RunFeed(runs.options().feedBuffer()), runs.options().dataDir().resolve(id), store);
        searches.put(id, search);
        search.begin();
        return search;
    }

    private static InvalidScenarioException invalid(String path, String message) {
        return new InvalidScenarioException(List.of(new ScenarioError(0, 0, path, message)));
    }

    public Optional<CapacitySearch> get(String id) {
        return Optional.ofNullable(searches.get(id));
    }

    /** A live search's result, or a past one's from its folder. Blocking for past ones. */
    public Optional<SearchResult> result(String id) throws IOException {
        CapacitySearch live = searches.get(id);
        if (live != null) {
            return Optional.of(live.result());
        }
        return isSearchId(id) ? SearchStore.read(dataDir().resolve(id)) : Optional.empty();
    }

    /** The searches of this coordinator's lifetime, newest first. */
    public List<SearchResult> list() {
        List<SearchResult> all = new ArrayList<>();
        searches.values().forEach(s -> all.add(s.result()));
        all.sort((a, b) -> b.id().compareTo(a.id()));
        return all;
    }

    public Path dataDir() {
        return runs.options().dataDir();
    }

    public void stopAll(String reason) {
        searches.values().forEach(s -> s.stop(reason));
    }
}
