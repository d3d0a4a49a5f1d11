package io.stampede.assist;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stampede.json.Json;
import io.stampede.metrics.KeyStats;
import io.stampede.metrics.MetricKey;
import io.stampede.recording.LaneRecorder;
import io.stampede.scenario.JudgeCheck;
import io.stampede.template.Variables;
import io.vertx.core.Future;

/**
 * The LLM judge of one lane: asks the judge model to score a reply (or a conversation) against a
 * rubric on a scale, and reads its answer — a JSON object {@code {"score": n, "reasoning": "…"}},
 * also inside a code fence or after other text, else a {@code score: n} in the words. Identical
 * (rubric, text) pairs are judged once ({@link JudgeCache}, shared by the worker's lanes; within
 * a lane, a second ask while the first is in flight waits for it). A judge that cannot say —
 * no answer, an error, no readable score, a score outside the scale — gives a verdict that is
 * <em>not evaluated</em>, with the reason: never a pass. On the lane's event loop only.
 */
public final class Judge {
    private static final Pattern SCORE_WORDS = Pattern.compile("(?i)\\bscore\\W{0,3}(-?\\d+(?:\\.\\d+)?)");
    private static final int EXCERPT = 120;

    private final Map<JudgeCheck, ModelClient> clients = new HashMap<>();
    private final Map<String, Future<JudgeVerdict>> inFlight = new HashMap<>();
    private final JudgeCache cache;
    private final KeyStats cached;
    private final ClientFactory factory;

    /** Makes the client of a judge endpoint (one per distinct judge check of the scenario). */
    @FunctionalInterface
    public interface ClientFactory {
        ModelClient create(JudgeCheck check);
    }

    public Judge(JudgeCache cache, LaneRecorder recorder, ClientFactory factory) {
        this.cache = cache;
        this.cached = recorder.key(MetricKey.helper("judge", "cached"));
        this.factory = factory;
    }

    /**
     * @param rubric  the check's rubric rendered for this user and turn
     * @param subject the reply, or the conversation as text
     */
    public Future<JudgeVerdict> judge(JudgeCheck check, String rubric, String subject, Variables variables) {
        ModelClient client = clients.computeIfAbsent(check, factory::create);
        String key = JudgeCache.key(client.model(), check.scaleMin(), check.scaleMax(), rubric, subject);
        JudgeVerdict known = cache.get(key);
        if (known != null) {
            cached.record(-1, true);
            return Future.succeededFuture(known.fromCache());
        }
        Future<JudgeVerdict> pending = inFlight.get(key);
        if (pending != null) {
            cached.record(-1, true);
            return pending.map(JudgeVerdict::fromCache);
        }
        String system = systemPrompt(check);
        String prompt = "Rubric: " + rubric + "\n\n" + (check.ofConversation() ? "Conversation to judge:\n" : "Reply to judge:\n")
                + subject;
        long start = System.nanoTime();
        Future<JudgeVerdict> verdict = client.ask(List.of(Map.of("role", "system", "content", system)), prompt, variables)
                .map(answer -> (answer.ok() ? read(answer.text(), check, prompt)
                        : new JudgeVerdict(null, null, "the judge did not answer: " + answer.error(), prompt, false, 0, 0))
                        .withCost((System.nanoTime() - start) / 1e6, answer.usage().totalTokens()));
        inFlight.put(key, verdict);
        return verdict.map(v -> {
            inFlight.remove(key);
            cache.put(key, v);
            return v;
        });
    }

    static String systemPrompt(JudgeCheck check) {
        return "You are a strict evaluator. Score how well the text below meets the rubric, on a scale of " + check.scaleMin()
                + " (not at all) to " + check.scaleMax() + " (fully). Answer with one JSON object and nothing else: "
                + "{\"score\": <a whole number from " + check.scaleMin() + " to " + check.scaleMax()
                + ">, \"reasoning\": \"<one or two sentences>\"}";
    }

    /** The verdict in the judge's answer, or not evaluated saying what was wrong with it. */
    static JudgeVerdict read(String answer, JudgeCheck check, String prompt) {
        Double score = null;
        String reasoning = null;
        Object json = firstObject(answer);
        if (json instanceof Map<?, ?> object) {
            Object s = object.get("score");
            if (s instanceof Number n) {
                score = n.doubleValue();
            } else if (s instanceof String text) {
                score = number(text);
            }
            reasoning = object.get("reasoning") instanceof String r ? r : object.get("reason") instanceof String r2 ? r2 : null;
        }
        if (score == null) {
            Matcher m = SCORE_WORDS.matcher(answer);
            if (m.find()) {
                score = number(m.group(1));
            }
        }
        if (score == null) {
            return new JudgeVerdict(null, null, "the judge's answer holds no score: " + excerpt(answer), prompt, false, 0, 0);
        }
        if (score < check.scaleMin() || score > check.scaleMax()) {
            return new JudgeVerdict(null, reasoning, "the judge's score " + format(score) + " is outside the scale "
                    + check.scaleMin() + ".." + check.scaleMax(), prompt, false, 0, 0);
        }
        return new JudgeVerdict(score, reasoning == null ? excerpt(answer) : reasoning, null, prompt, false, 0, 0);
    }

    /** The first {...} of the text that is a JSON object (a code fence or words around it are skipped). */
    private static Object firstObject(String answer) {
        String text = answer.length() > 16_384 ? answer.substring(0, 16_384) : answer; // bounded work on a hostile answer
        int open = text.indexOf('{');
        while (open >= 0) {
            int close = text.lastIndexOf('}');
            while (close > open) {
                try {
                    return Json.parse(text.substring(open, close + 1));
                } catch (IllegalArgumentException e) {
                    close = text.lastIndexOf('}', close - 1);
                }
            }
            open = text.indexOf('{', open + 1);
        }
        return null;
    }

    private static Double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static String format(double score) {
        return score == Math.rint(score) ? String.valueOf((long) score) : String.format(Locale.ROOT, "%.2f", score);
    }

    private static String excerpt(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return "\"" + (flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "…") + "\"";
    }

    public Future<Void> close() {
        return Future.join(clients.values().stream().map(ModelClient::close).toList()).mapEmpty();
    }
}
