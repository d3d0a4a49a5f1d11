package io.stampede.demo;

import java.util.List;

import io.stampede.tokens.TokenEstimator;
import io.vertx.core.json.JsonObject;

/**
 * The output length a model API request asks for, as the demo agent honours it: {@code max_tokens}
 * (OpenAI chat, Anthropic) or {@code max_output_tokens} (Responses) cuts the reply at that many
 * tokens; with {@code ignore_eos: true} (vLLM's switch, which serving benchmarks use so every answer
 * has the length asked for) the reply is also repeated up to it. Tokens are the demo agent's own
 * count ({@link TokenEstimator}). Stateless.
 */
final class OutputLength {
    private OutputLength() {
    }

    static Turn apply(Turn turn, JsonObject body) {
        Object limit = body.getValue("max_tokens") != null ? body.getValue("max_tokens") : body.getValue("max_output_tokens");
        if (!(limit instanceof Number n) || n.intValue() < 1 || turn.serverError()) {
            return turn;
        }
        int max = n.intValue();
        boolean fill = Boolean.TRUE.equals(body.getValue("ignore_eos"));
        int tokens = TokenEstimator.estimate(turn.reply());
        if (tokens == max || (tokens < max && !fill)) {
            return turn;
        }
        // Whole pieces while they fit, then one CJK character per token missing (each counts exactly one).
        StringBuilder reply = new StringBuilder();
        List<String> pieces = TokenEstimator.pieces(turn.reply());
        int cjk = 0;
        int other = 0;
        for (int i = 0; !pieces.isEmpty() && i < max; i++) {
            String piece = pieces.get(i % pieces.size());
            boolean single = TokenEstimator.estimate(piece) == 1 && piece.codePointCount(0, piece.length()) == 1
                    && TokenEstimator.hasCjkLetters(piece);
            int nextCjk = cjk + (single ? 1 : 0);
            int nextOther = other + (single ? 0 : piece.length());
            if (nextCjk + (nextOther + 3) / 4 > max) {
                break;
            }
            reply.append(piece);
            cjk = nextCjk;
            other = nextOther;
        }
        while (reply.length() > 0 && TokenEstimator.estimate(reply.toString()) > max) {
            reply.setLength(reply.length() - 1); // punctuation counted as a letter's share: trim the rest
        }
        int missing = fill ? max - TokenEstimator.estimate(reply.toString()) : 0;
        reply.append("的".repeat(Math.max(0, missing)));
        return turn.withReply(reply.toString());
    }
}
