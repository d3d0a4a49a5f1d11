package io.stampede.limits;

import java.util.concurrent.atomic.AtomicLong;

import io.stampede.check.Truncation;

/**
 * The bytes of replies this worker process keeps, for all its users together: a share of its
 * heap (half of what {@code -Xmx} holds beyond {@link #PROCESS_BYTES}, unless {@code --reply-budget}
 * says: {@link #defaultBytes}), so that no
 * scenario — many users, a large {@code target.max_reply_bytes}, an agent that streams endless
 * answers — can exhaust its memory. {@code max_reply_bytes} bounds one reply; this bounds their sum.
 *
 * <p>Each user draws from it through its own {@link Claim} as the reply it reads is kept, and
 * holds what it drew while it holds the reply (its last one; with {@code send} steps, whose
 * replies the conversation keeps for the simulated user, the judge and protocols that resend
 * it, the conversation's replies); a reply that cannot draw more is cut, dropped and its turn
 * fails, saying so ({@link #reason}). Thread-safe: lanes on all event loops draw from one budget.
 */
public final class ReplyBudget {
    /**
     * Heap kept for the process itself when the budget is not given: its classes' data, the
     * cluster, a tokenizer (some 30 MB once loaded), the users' own state.
     */
    public static final long PROCESS_BYTES = 64L << 20;
    /** A claim draws at least this much at once, so most kept chunks do not touch the shared counter. */
    static final long STEP = 64 * 1024;

    /** No bound (tests of other things, helpers outside a worker). */
    public static final ReplyBudget NONE = new ReplyBudget(Long.MAX_VALUE);
    /** A claim on {@link #NONE}: always room, nothing counted; shared, as it holds no state that matters. */
    public static final Claim UNBOUNDED = NONE.claim();

    private final long total;
    private final AtomicLong free;
    private final String reason;

    public ReplyBudget(long totalBytes) {
        this.total = Math.max(0, totalBytes);
        this.free = new AtomicLong(total);
        this.reason = "the reply was cut at the worker's reply budget (" + Truncation.size(total)
                + " for the replies of all its users at once): lower target.max_reply_bytes or the users per worker,"
                + " or give workers more heap (-Xmx, --reply-budget)";
    }

    /** {@code bytes} when given (over 0), else {@link #defaultBytes}. */
    public static ReplyBudget of(Long bytes) {
        return new ReplyBudget(bytes != null && bytes > 0 ? bytes : defaultBytes(Runtime.getRuntime().maxMemory()));
    }

    /**
     * The budget of a heap of {@code maxHeap} bytes: half of what it holds beyond
     * {@link #PROCESS_BYTES} (at least an eighth of it). The other half is slack for what a kept
     * byte costs beyond itself: a buffer that grows ahead of what it holds, and for an instant at
     * a turn's end the String made of it. {@code -Xmx128m}: 32 MiB; {@code 256m}: 96 MiB; {@code 1g}: 480 MiB.
     */
    public static long defaultBytes(long maxHeap) {
        return Math.max(maxHeap / 8, (maxHeap - PROCESS_BYTES) / 2);
    }

    /** All of it, as advertised in heartbeats (0 for {@link #NONE}: no bound to advertise). */
    public long totalBytes() {
        return this == NONE ? 0 : total;
    }

    /** What is not drawn now. */
    public long freeBytes() {
        return free.get();
    }

    /** Why a reply was cut here: one sentence, the same for every reply (failures are grouped by it). */
    public String reason() {
        return reason;
    }

    /** A user's claim, empty. */
    public Claim claim() {
        return new Claim();
    }

    private boolean take(long bytes) {
        while (true) {
            long now = free.get();
            if (now < bytes) {
                return false;
            }
            if (free.compareAndSet(now, now - bytes)) {
                return true;
            }
        }
    }

    private void give(long bytes) {
        if (bytes > 0) {
            free.addAndGet(bytes);
        }
    }

    /**
     * What one user holds of the budget: the reply being read ({@link #grow}), the reply it held
     * before (given back when the next one is settled) and, with a protocol that resends the
     * conversation, the conversation's earlier replies (given back when it ends). Not thread-safe:
     * the user's event loop only.
     */
    public final class Claim {
        /** Bytes taken from the budget (at least the sum below, in steps). */
        private long drawn;
        private long reading;
        private long previous;
        private long history;
        /** The user ended: a reply still arriving draws nothing more (nobody would give it back). */
        private boolean closed;

        private Claim() {
        }

        /**
         * Counts {@code bytes} more kept of the reply being read; false when the budget has no
         * room for them: the reply is then cut and dropped, and what it drew goes back at once
         * (the caller lets go of its kept bytes).
         */
        public boolean grow(long bytes) {
            if (ReplyBudget.this == NONE) {
                return true;
            }
            if (closed) {
                return false;
            }
            long needed = reading + previous + history + bytes;
            if (needed > drawn) {
                long want = Math.max(needed - drawn, STEP);
                if (!take(want)) {
                    want = needed - drawn;
                    if (!take(want)) {
                        reading = 0;
                        trim();
                        return false;
                    }
                }
                drawn += want;
            }
            reading += bytes;
            return true;
        }

        /**
         * The reply read is now the one the user holds: the one held before is let go of, unless
         * {@code joinedHistory} (it stays with the conversation). Nothing read: nothing changes.
         */
        public void settle(boolean joinedHistory) {
            if (reading == 0) {
                return;
            }
            if (joinedHistory) {
                history += reading; // the last reply is the conversation's latest: counted once
                previous = 0;
            } else {
                previous = reading;
            }
            reading = 0;
            trim();
        }

        /** The conversation ended: its earlier replies are let go of. */
        public void endConversation() {
            history = 0;
            trim();
        }

        /** The user ended: everything goes back. */
        public void close() {
            closed = true;
            reading = previous = history = 0;
            give(drawn);
            drawn = 0;
        }

        /** Bytes counted now. */
        public long held() {
            return reading + previous + history;
        }

        public String reason() {
            return reason;
        }

        /** Gives back what is drawn beyond a step over what is counted. */
        private void trim() {
            long spare = drawn - held() - STEP;
            if (spare > 0) {
                give(spare);
                drawn -= spare;
            }
        }
    }
}
