package io.stampede.search;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.stampede.feed.FeedEvent;
import io.stampede.metrics.MetricKey;
import io.stampede.results.ResultsJson;
import io.stampede.run.Run;
import io.stampede.run.RunManager;
import io.stampede.stats.Wilson;

/**
 * Watches a level's seconds after the warm-up, from its run's feed: stops the level once it
 * clearly fails the goal, or once its measured length has passed and the verdict is clear either
 * way ({@link CapacitySearch} says why the stricter 99 % interval). Asks to stop at most once.
 * Called under the run feed's lock: it only reads the event and may ask {@link RunManager} to stop.
 */
final class LevelWatch implements Consumer<FeedEvent> {
    // The search's logger: these lines belong to the search's story in the log.
    private static final Logger LOG = LoggerFactory.getLogger(CapacitySearch.class);
    /** Conversations after the warm-up before a level may be stopped early. */
    static final int EARLY_MIN = 20;
    static final String FAILS = "the level clearly fails the goal";
    static final String DECIDED = "the level's verdict is clear";
    private static final double Z99 = 2.5758293035489004;

    private final String searchId;
    private final SearchOptions options;
    private final RunManager runs;
    private final Run run;
    private final double target;
    private final String unit;
    private long conversations;
    private long good;
    private boolean asked;

    LevelWatch(String searchId, SearchOptions options, RunManager runs, Run run, double target, String unit) {
        this.searchId = searchId;
        this.options = options;
        this.runs = runs;
        this.run = run;
        this.target = target;
        this.unit = unit;
    }

    @Override
    public void accept(FeedEvent event) {
        if (asked || !event.type().equals("metrics")) {
            return;
        }
        long second;
        try {
            JsonNode m = ResultsJson.MAPPER.readTree(event.json());
            second = m.path("second").asLong();
            if (second < (run.warmupMs() + 999) / 1000) {
                return;
            }
            JsonNode c = m.path("keys").path(MetricKey.CONVERSATIONS);
            conversations += c.path("count").asLong();
            good += c.path("count").asLong() - c.path("errors").asLong();
        } catch (java.io.IOException e) {
            return;
        }
        if (conversations < EARLY_MIN) {
            return;
        }
        Wilson strict = Wilson.of(good, conversations, Z99);
        double goal = options.goal().percent();
        boolean measured = second + 1 >= (run.warmupMs() + options.measure().toMillis()) / 1000;
        String why = 100 * strict.high() < goal ? FAILS : measured && 100 * strict.low() >= goal ? DECIDED : null;
        if (why != null) {
            asked = true;
            LOG.info("search {}: ending the level at {} {}: {}", searchId, CapacitySearch.format(target), unit, why);
            runs.stop(run.id(), false, why);
        }
    }
}
