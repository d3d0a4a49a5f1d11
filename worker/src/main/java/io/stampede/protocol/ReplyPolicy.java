package io.stampede.protocol;

import io.stampede.check.Truncation;
import io.stampede.scenario.Target;
import io.stampede.tokens.TokenCounter;
import io.stampede.tokens.TokenCounters;
import io.vertx.core.buffer.Buffer;

/**
 * How a lane's drivers treat what comes back: at most {@code maxBytes} of a reply is kept
 * ({@code target.max_reply_bytes}; the rest is counted and dropped) and tokens the target does
 * not report are counted with {@code tokens} ({@code target.tokenizer} or the model's family),
 * once per turn, when it ends.
 */
public record ReplyPolicy(int maxBytes, TokenCounter tokens) {
    /** The defaults: 4 MiB kept, tokens estimated. */
    public static final ReplyPolicy DEFAULT = new ReplyPolicy(Target.DEFAULT_MAX_REPLY_BYTES, TokenCounter.ESTIMATE);

    /** The target's policy; loads its tokenizer if it has one (call it while the lane is set up). */
    public static ReplyPolicy of(Target target) {
        return new ReplyPolicy(target.maxReplyBytes(), TokenCounters.forTarget(target.tokenizer(), target.model()));
    }

    /** Tokens of a whole text. */
    public long count(String text) {
        return tokens.count(text);
    }

    /**
     * Tokens of a text of which only the start may have been kept: the kept part counted, the
     * dropped part at the kept part's tokens per byte (at four bytes per token when nothing was kept).
     */
    public long count(ReplyText text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long kept = tokens.count(text.toString());
        if (!text.cut()) {
            return kept;
        }
        if (text.keptBytes() == 0) {
            return (text.totalBytes() + 3) / 4;
        }
        return Math.round((double) kept * text.totalBytes() / text.keptBytes());
    }

    /**
     * Why a 2xx answer longer than what is kept fails a step that needs its JSON: its start
     * alone cannot be parsed.
     */
    public String jsonTooLong() {
        return "the answer is larger than target.max_reply_bytes (" + Truncation.size(maxBytes)
                + "), so its JSON cannot be read: " + Truncation.ADVICE;
    }

    /**
     * The text of a body's kept bytes (null: none), UTF-8, without the last character when a cut
     * at a byte limit split it.
     */
    public static String text(Buffer body) {
        if (body == null || body.length() == 0) {
            return "";
        }
        int length = body.length();
        int i = length - 1;
        int continuation = 0;
        while (i >= 0 && continuation < 3 && (body.getByte(i) & 0xc0) == 0x80) {
            i--;
            continuation++;
        }
        if (i >= 0) {
            int lead = body.getByte(i) & 0xff;
            int expected = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : continuation;
            if (expected > continuation) {
                return body.getString(0, i);
            }
        }
        return body.toString();
    }

    /** How a text was cut, or null when it was kept whole. */
    public Truncation truncation(ReplyText text) {
        return text.cut() ? new Truncation(maxBytes, text.keptBytes(), text.totalBytes()) : null;
    }

    /** How a body of {@code totalBytes} was cut to {@code keptBytes}, or null when it was kept whole. */
    public Truncation truncation(long keptBytes, long totalBytes) {
        return keptBytes < totalBytes ? new Truncation(maxBytes, keptBytes, totalBytes) : null;
    }
}
