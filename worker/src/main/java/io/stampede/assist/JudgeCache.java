package io.stampede.assist;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verdicts already given, by (judge model, scale, rubric as rendered, text judged), so an
 * identical reply is judged once per worker and run. Keyed by a SHA-256 of those, so a cache of
 * {@link #MAX_ENTRIES} costs a few megabytes whatever the replies' length; least recently used
 * verdicts go first. Only verdicts are kept: a call that failed is tried again next time.
 * Shared by a slice's lanes: thread-safe.
 */
public final class JudgeCache {
    static final int MAX_ENTRIES = 20_000;

    private final Map<String, JudgeVerdict> verdicts = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JudgeVerdict> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    static String key(String model, int low, int high, String rubric, String subject) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {model, low + ".." + high, rubric, subject}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized JudgeVerdict get(String key) {
        return verdicts.get(key);
    }

    synchronized void put(String key, JudgeVerdict verdict) {
        if (verdict.evaluated()) {
            verdicts.put(key, verdict);
        }
    }

    synchronized int size() {
        return verdicts.size();
    }
}
