package io.stampede.search;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stampede.feed.RunFeed;
import io.stampede.results.Summary;
import io.stampede.run.Run;
import io.stampede.run.RunManager;
import io.stampede.run.RunOverrides;
import io.stampede.scenario.ScenarioSource;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * One capacity search: finds the highest load at which the goal holds, one level (one run) at a
 * time, through the coordinator's runs exactly as a user's runs go — so it works on a cluster as a
 * run does. It steps up by the factor until a level does not hold (or the maximum is reached),
 * then bisects between the highest level that held and the lowest that did not.
 *
 * <p>Each level runs the warm-up, then the measured window; its verdict is statistical: it holds
 * when the lower bound of the goal's 95 % Wilson interval over the window's conversations is at or
 * above the goal ({@link LevelResult}). A level runs long enough to count: at least the measured
 * length, then on until its verdict is clear — the 99 % interval wholly above or below the goal —
 * or {@link #MAX_EXTEND} times the measured length has passed; one that clearly fails (at least
 * {@link LevelWatch#EARLY_MIN} conversations after the warm-up, the 99 % upper bound below the goal) is
 * stopped at once. The stricter interval pays for looking every second.
 *
 * <p>Threading: callbacks come from the coordinator's context and the runs' completions; the state
 * is changed under this object's lock.
 */
public final class CapacitySearch {
    private static final Logger LOG = LoggerFactory.getLogger(CapacitySearch.class);
    /** A level whose verdict is still unclear after its measured length runs on, up to this many times it. */
    static final int MAX_EXTEND = 4;

    private final String id;
    private final String scenario;
    private final ScenarioSource source;
    private final SearchOptions options;
    private final boolean open;
    private final double start;
    private final double max;
    private final Duration warmup;
    private final RunManager runs;
    private final RunFeed feed;
    private final Path folder;
    private final SearchStore store;
    private final long startedAtMs = System.currentTimeMillis();
    private final Promise<SearchResult> completion = Promise.promise();
    private boolean finished;
    private final List<LevelResult> levels = new ArrayList<>();
    private double highestHeld;
    private double lowestFailed = Double.POSITIVE_INFINITY;
    private volatile SearchResult result;
    private Run current;
    private boolean stopped;

    CapacitySearch(String id, String scenario, ScenarioSource source, SearchOptions options, boolean open, double start, double max,
                   Duration warmup, RunManager runs, RunFeed feed, Path folder, SearchStore store) {
        this.id = id;
        this.scenario = scenario;
        this.source = source;
        this.options = options;
        this.open = open;
        this.start = start;
        this.max = max;
        this.warmup = warmup;
        this.runs = runs;
        this.feed = feed;
        this.folder = folder;
        this.store = store;
        this.result = snapshot("running", null, null);
    }

    public String id() {
        return id;
    }

    public RunFeed feed() {
        return feed;
    }

    public SearchResult result() {
        return result;
    }

    /** Completes with the answer when the search is over (done or failed). */
    public Future<SearchResult> completion() {
        return completion.future();
    }

    String unit() {
        return open ? "arrivals/s" : "users";
    }

    void begin() {
        feed.publish("search", result);
        runLevel(start);
    }

    /** Stops the search: the level under way is stopped and the answer is what the levels so far say. */
    public synchronized void stop(String reason) {
        if (stopped || finished) {
            return;
        }
        stopped = true;
        if (current != null && !current.status().isFinal()) {
            runs.stop(current.id(), true, "the search was stopped: " + reason);
        } else {
            finish("done", "stopped: " + reason);
        }
    }

    private void runLevel(double target) {
        Duration length = warmup.plus(options.measure().multipliedBy(MAX_EXTEND));
        RunOverrides overrides = open ? new RunOverrides(null, length, target, warmup)
                : new RunOverrides((int) target, length, null, warmup);
        runs.submit(source, overrides).onComplete(submitted -> {
            if (submitted.failed()) {
                finish("failed", "the level at " + format(target) + " could not start: " + submitted.cause().getMessage());
                return;
            }
            Run run = submitted.result();
            synchronized (this) {
                current = run;
            }
            feed.publish("level", new SearchPayloads.Level(id, target, unit(), run.id(), levels.size()));
            Runnable unsubscribe = run.feed().subscribe(0, new LevelWatch(id, options, runs, run, target, unit()));
            run.completion().onComplete(done -> {
                unsubscribe.run();
                judged(target, run, done.succeeded() ? done.result() : null);
            });
        });
    }

    private synchronized void judged(double target, Run run, Summary summary) {
        current = null;
        LevelResult level = verdict(target, run, summary);
        levels.add(level);
        if (level.holds()) {
            highestHeld = Math.max(highestHeld, target);
        } else {
            lowestFailed = Math.min(lowestFailed, target);
        }
        result = snapshot("running", null, null);
        feed.publish("search", result);
        store.save(this);
        if (summary == null && levels.size() == 1 && !"done".equals(run.status().wireName())) {
            finish("failed", "the first level could not be carried out: " + run.reason());
            return;
        }
        Double next = stopped ? null : next();
        if (next == null) {
            finish("done", stopped ? "stopped" : null);
        } else {
            runLevel(next);
        }
    }

    /** The next level to try, or null when the answer is found. */
    Double next() {
        if (lowestFailed == Double.POSITIVE_INFINITY) {
            if (highestHeld >= max) {
                return null;
            }
            double up = open ? highestHeld * options.factor() : Math.max(highestHeld + 1, Math.round(highestHeld * options.factor()));
            return Math.min(max, up);
        }
        double gap = lowestFailed - highestHeld;
        double resolution = open ? Math.max(highestHeld, start / 4) * options.resolutionPct() / 100
                : Math.max(1, highestHeld * options.resolutionPct() / 100);
        if (gap <= resolution) {
            return null;
        }
        double mid = open ? round3((highestHeld + lowestFailed) / 2) : Math.floor((highestHeld + lowestFailed) / 2);
        return mid <= highestHeld || mid >= lowestFailed || mid <= 0 ? null : mid;
    }

    private LevelResult verdict(double target, Run run, Summary summary) {
        boolean early = run.reason() != null && run.reason().contains(LevelWatch.FAILS);
        Summary.Level figures = summary == null || summary.levels() == null || summary.levels().isEmpty() ? null
                : summary.levels().get(0);
        if (figures == null || figures.completed() == 0) {
            String why = summary == null ? "the run " + run.status().wireName() + (run.reason() == null ? "" : ": " + run.reason())
                    : "no conversation completed after the warm-up";
            return new LevelResult(target, unit(), run.id(), "fails", 0, 0, 0, 0, early, why, figures);
        }
        double goal = options.goal().percent();
        String verdict = figures.goodputLow() >= goal ? "holds" : figures.goodputHigh() < goal ? "fails" : "unproven";
        return new LevelResult(target, unit(), run.id(), verdict, figures.goodput(), figures.goodputLow(), figures.goodputHigh(),
                figures.completed(), early, null, figures);
    }

    private synchronized void finish(String status, String reason) {
        if (finished) {
            return;
        }
        finished = true;
        result = snapshot(status, reason, System.currentTimeMillis());
        SearchResult ended = result;
        // Complete once its files say so: whoever waits on the search reads them next.
        store.save(this).onComplete(saved -> {
            feed.publish("done", new SearchPayloads.Done(id, status, ended));
            feed.close();
            completion.complete(ended);
            LOG.info("search {}: {}", id, ended.answer());
        });
    }

    private SearchResult snapshot(String status, String reason, Long endedAtMs) {
        LevelResult held = levels.stream().filter(LevelResult::holds).max(java.util.Comparator.comparingDouble(LevelResult::target))
                .orElse(null);
        Double failsAt = levels.stream().filter(l -> !l.holds() && (held == null || l.target() > held.target()))
                .map(LevelResult::target).min(Double::compare).orElse(null);
        boolean over = !"running".equals(status);
        String answer = over ? answer(held, failsAt, status, reason) : null;
        Boolean passed = null;
        if (over) {
            passed = "done".equals(status) && (options.require() == null || held != null && held.target() >= options.require());
        }
        return new SearchResult(id, scenario, status, reason, options.goal().toString(), unit(), options.require(), startedAtMs,
                endedAtMs, List.copyOf(levels), held, failsAt, answer, passed);
    }

    /** "holds 180 users at 96.1% goodput [95.2–96.9]; fails at 220 users". */
    private String answer(LevelResult held, Double failsAt, String status, String reason) {
        if (!"done".equals(status)) {
            return "the search failed: " + reason;
        }
        String goal = options.goal().toString();
        StringBuilder s = new StringBuilder();
        if (held == null) {
            s.append("no level held ").append(goal);
            levels.stream().min(java.util.Comparator.comparingDouble(LevelResult::target)).ifPresent(l ->
                    s.append(String.format(Locale.ROOT, ": %s %s gave %.1f%% [%.1f–%.1f]", format(l.target()), unit(), l.share(),
                            l.low(), l.high())));
        } else {
            s.append(String.format(Locale.ROOT, "holds %s %s at %.1f%% %s [%.1f–%.1f]", format(held.target()), unit(), held.share(),
                    options.goal().metric(), held.low(), held.high()));
            if (failsAt != null) {
                s.append("; fails at ").append(format(failsAt));
            } else if (held.target() >= max) {
                s.append("; the maximum (").append(format(max)).append(' ').append(unit())
                        .append(") ended the search, not the agent");
            }
        }
        if (reason != null) {
            s.append(" (").append(reason).append(')');
        }
        return s.toString();
    }

    static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    Path folder() {
        return folder;
    }
}
